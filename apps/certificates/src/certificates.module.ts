import { DynamicModule, Module } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { CertificatesConfig } from '@mahir/config';
import { QUEUES, type JobPayloads } from '@mahir/jobs';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, QUEUE_WORKER_OPTIONS, QueueWorker, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { CertificateIssuer, ISSUER_OPTIONS } from './issue/certificate-issuer';
import { DEMO_KEYS, SigningKeys } from './issue/signing-keys';
import { CertificateRenderer, RENDERER_OPTIONS } from './render/certificate-renderer';

/** The certificate generator: consumes 'certificate.requested' and issues each certificate exactly once. */
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
        QueueWorker,
        {
          provide: QUEUE_WORKER_OPTIONS,
          inject: [CertificateIssuer],
          useFactory: (issuer: CertificateIssuer) => ({
            queue: QUEUES.certificates,
            redisUrl: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX,
            // Enough jobs in flight to fill every page's batch while the previous batches print.
            concurrency: config.CERTIFICATE_RENDER_PAGES * (config.CERTIFICATE_RENDER_BATCH + 1),
            logger,
            processor: async (job: Job) => {
              if (job.name === 'certificate.reissue') {
                const reissue = job.data as JobPayloads['certificate.reissue'];
                return issuer.reissue({ tenantId: reissue.tenantId, certificateId: reissue.certificateId, token: reissue.token });
              }
              if (job.name !== 'certificate.requested') throw new Error(`no processor for job ${job.name}`);
              const data = job.data as JobPayloads['certificate.requested'];
              return issuer.issue({ tenantId: data.tenantId, enrollmentId: data.enrollmentId });
            },
          }),
        },
      ],
      exports: [QueueWorker, CertificateRenderer, CertificateIssuer],
    };
  }
}
