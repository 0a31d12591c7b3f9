import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadWorkerConfig } from '@mahir/config';
import { NestPinoLogger, requestLogging, runApp } from '@mahir/runtime';
import { WorkerModule } from './worker.module';

void runApp({
  service: 'worker',
  loadConfig: loadWorkerConfig,
  port: (c) => c.WORKER_PORT, // health only
  create: async (config, logger) => {
    const app = await NestFactory.create(WorkerModule.forRoot(config, logger), { logger: new NestPinoLogger(logger) });
    app.use(requestLogging(logger));
    return app;
  },
});
