export * from './messages.id';
export * from './messages.en';
export * from './translate';
