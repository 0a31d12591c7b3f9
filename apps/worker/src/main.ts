import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadWorkerConfig } from '@mahir/config';
import { createLogger, exitGracefullyOnSignals, NestPinoLogger, requestLogging } from '@mahir/runtime';
import { WorkerModule } from './worker.module';

async function main() {
  let config;
  try {
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`mahir-worker refuses to start. ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger('worker', config.LOG_LEVEL);
  const app = await NestFactory.create(WorkerModule.forRoot(config, logger), { logger: new NestPinoLogger(logger) });
  app.use(requestLogging(logger));
  await app.listen(config.WORKER_PORT, config.HOST);
  exitGracefullyOnSignals(app, logger);
  logger.info({ port: config.WORKER_PORT }, 'mahir-worker running (health on /health)');
}

main().catch((error: unknown) => {
  console.error('mahir-worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
