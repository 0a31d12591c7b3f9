export * from './sending-window';
export * from './notification-kinds';
export * from './templates';
export * from './notification-delivery';
