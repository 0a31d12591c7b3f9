export * from './certificate-rules';
export * from './certificate-template';
