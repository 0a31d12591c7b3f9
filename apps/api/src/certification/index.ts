// The certification context's public surface: other contexts import from here, never from its folders.
export * from './certification.module';
export * from './certificates/certificate-templates.service';
export * from './certificates/certificates.service';
