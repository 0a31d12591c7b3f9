export * from './certificate-rules';
export * from './certificate-template';
export * from './certificate-status';
