import { Module } from '@nestjs/common';
import { CertificateTemplatePagesController } from './certificates/certificate-template-pages.controller';
import { CertificatesModule } from './certificates/certificates.module';

const FEATURES = [CertificatesModule];

/** Certification: certificates, their templates and public verification. */
@Module({ imports: FEATURES, controllers: [CertificateTemplatePagesController], exports: FEATURES })
export class CertificationModule {}
