import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadCertificatesConfig } from '@mahir/config';
import { createLogger, exitGracefullyOnSignals, NestPinoLogger, requestLogging } from '@mahir/runtime';
import { CertificatesModule } from './certificates.module';

async function main() {
  let config;
  try {
    config = loadCertificatesConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`mahir-certificates refuses to start. ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger('certificates', config.LOG_LEVEL);
  const app = await NestFactory.create(CertificatesModule.forRoot(config, logger), { logger: new NestPinoLogger(logger) });
  app.use(requestLogging(logger));
  await app.listen(config.CERTIFICATES_PORT, config.HOST);
  exitGracefullyOnSignals(app, logger);
  logger.info({ port: config.CERTIFICATES_PORT }, 'mahir-certificates running (health on /health)');
}

main().catch((error: unknown) => {
  console.error('mahir-certificates failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
