import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadCertificatesConfig } from '@mahir/config';
import { NestPinoLogger, requestLogging, runApp } from '@mahir/runtime';
import { CertificatesModule } from './certificates.module';

void runApp({
  service: 'certificates',
  loadConfig: loadCertificatesConfig,
  port: (c) => c.CERTIFICATES_PORT, // health only
  create: async (config, logger) => {
    const app = await NestFactory.create(CertificatesModule.forRoot(config, logger), { logger: new NestPinoLogger(logger) });
    app.use(requestLogging(logger));
    return app;
  },
});
