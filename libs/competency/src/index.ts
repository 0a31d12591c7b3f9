export * from './competency/competency-level';
export * from './organisation/nip';
export * from './organisation/position-class';
export * from './organisation/roles';
export * from './organisation/time-zone';
