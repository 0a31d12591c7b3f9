import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WorkerConfig } from '@mahir/config';
import { QUEUES } from '@mahir/jobs';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, QUEUE_WORKER_OPTIONS, QueueWorker, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';

/**
 * The course-delivery worker. This foundation wires its infrastructure (database, Redis,
 * storage, health, the delivery queue consumer); the spine's processors arrive with the
 * delivery issue and replace the placeholder below.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      global: true, // the health module reads the queue worker's readiness
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'mahir-worker' }),
        RedisModule.forRoot(config.REDIS_URL),
        StorageModule.forRoot(config),
        HealthModule.register([PostgresReadinessCheck, RedisReadinessCheck, StorageReadinessCheck, QueueWorker]),
      ],
      providers: [
        QueueWorker,
        {
          provide: QUEUE_WORKER_OPTIONS,
          useValue: {
            queue: QUEUES.delivery,
            redisUrl: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX,
            concurrency: 8,
            logger,
            processor: async (job: { name: string }) => {
              // No delivery job exists yet; fail loudly rather than swallow an unknown job.
              throw new Error(`no processor for job ${job.name}`);
            },
          },
        },
      ],
      exports: [QueueWorker],
    };
  }
}
