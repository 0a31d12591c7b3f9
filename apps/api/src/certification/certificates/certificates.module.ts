import { Module } from '@nestjs/common';
import { CertificateFileInterceptor } from './certificate-file.interceptor';
import { CertificateTemplatesService } from './certificate-templates.service';
import { CertificatesController, CertificateTemplatesController, VerifyPageController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

@Module({
  controllers: [CertificatesController, CertificateTemplatesController, VerifyPageController],
  providers: [CertificatesService, CertificateTemplatesService, CertificateFileInterceptor],
  exports: [CertificateTemplatesService, CertificatesService],
})
export class CertificatesModule {}
