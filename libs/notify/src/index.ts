export * from './sending-window';
export * from './notification-kinds';
export * from './templates';
