export * from './storage-client';
export * from './storage.module';
