import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CertificatesConfig } from '@mahir/config';
import { QUEUES, type JobOnQueue } from '@mahir/jobs';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import {
  HealthModule, JobDispatcher, QUEUE_WORKER_OPTIONS, QueueWorker, RedisModule, RedisReadinessCheck, type JobHandlerTypes, type QueueWorkerOptions,
} from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { CertificateIssuer, ISSUER_OPTIONS } from './issue/certificate-issuer';
import { CertificateReissueHandler } from './issue/certificate-reissue.handler';
import { CertificateRequestedHandler } from './issue/certificate-requested.handler';
import { DEMO_KEYS, SigningKeys } from './issue/signing-keys';
import { CertificateRenderer, RENDERER_OPTIONS } from './render/certificate-renderer';

/** One handler class per job of the certificates queue: the compiler refuses a job there without its handler. */
const HANDLERS: JobHandlerTypes<JobOnQueue<typeof QUEUES.certificates>> = {
  'certificate.requested': CertificateRequestedHandler,
  'certificate.reissue': CertificateReissueHandler,
};

/** The certificate generator: consumes the certificates queue and issues each certificate exactly once. */
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
        HealthModule.register([PostgresReadinessCheck, RedisReadinessCheck, StorageReadinessCheck, CertificateRenderer, QueueWorker]),
      ],
      providers: [
        { provide: RENDERER_OPTIONS, useValue: { executablePath: config.CHROMIUM_PATH, pages: config.CERTIFICATE_RENDER_PAGES, batch: config.CERTIFICATE_RENDER_BATCH } },
        CertificateRenderer,
        { provide: DEMO_KEYS, useValue: config.CERTIFICATE_DEMO_KEYS },
        SigningKeys,
        { provide: ISSUER_OPTIONS, useValue: { publicUrl: config.PUBLIC_URL, logger } },
        CertificateIssuer,
        ...JobDispatcher.providers(HANDLERS, logger),
        QueueWorker,
        {
          provide: QUEUE_WORKER_OPTIONS,
          inject: [JobDispatcher],
          useFactory: (dispatcher: JobDispatcher): QueueWorkerOptions => ({
            queue: QUEUES.certificates,
            config,
            // Enough jobs in flight to fill every page's batch while the previous batches print.
            concurrency: config.CERTIFICATE_RENDER_PAGES * (config.CERTIFICATE_RENDER_BATCH + 1),
            logger,
            dispatcher,
          }),
        },
      ],
      exports: [QueueWorker, CertificateRenderer, CertificateIssuer],
    };
  }
}
