export * from './storage-client';
export * from './storage.module';
export * from './object-reads';
