import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CertificatesConfig } from '@mahir/config';
import { QUEUES } from '@mahir/jobs';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, QUEUE_WORKER_OPTIONS, QueueWorker, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';

/**
 * The certificate generator. This foundation wires its infrastructure (database, Redis,
 * storage, health, the certificates queue consumer); rendering and signing arrive with the
 * certificate issue and replace the placeholder below.
 */
@Module({})
export class CertificatesModule {
  static forRoot(config: CertificatesConfig, logger: Logger): DynamicModule {
    return {
      module: CertificatesModule,
      global: true, // the health module reads the queue worker's readiness
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'mahir-certificates' }),
        RedisModule.forRoot(config.REDIS_URL),
        StorageModule.forRoot(config),
        HealthModule.register([PostgresReadinessCheck, RedisReadinessCheck, StorageReadinessCheck, QueueWorker]),
      ],
      providers: [
        QueueWorker,
        {
          provide: QUEUE_WORKER_OPTIONS,
          useValue: {
            queue: QUEUES.certificates,
            redisUrl: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX,
            concurrency: 4,
            logger,
            processor: async (job: { name: string }) => {
              // No certificate job is processed yet; fail loudly rather than swallow an unknown job.
              throw new Error(`no processor for job ${job.name}`);
            },
          },
        },
      ],
      exports: [QueueWorker],
    };
  }
}
