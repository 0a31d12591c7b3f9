import { Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from '@mahir/jobs';
import type { JobHandler } from '@mahir/runtime';
import { WORKER_LOGGER } from './job-workers';

/**
 * A job done in one transaction whose first statement locks the row it is about: a duplicate,
 * retried or concurrent run waits for the lock, then finds the work done. Subclasses write run().
 */
export abstract class TransactionalJobHandler<N extends JobName, Result> implements JobHandler<N> {
  abstract readonly job: N;

  constructor(
    @Inject(DataSource) protected readonly db: DataSource,
    @Inject(WORKER_LOGGER) protected readonly logger: Logger,
  ) {}

  handle(data: JobPayloads[N]): Promise<Result> {
    return this.db.transaction((tx) => this.run(tx, data));
  }

  protected abstract run(tx: EntityManager, data: JobPayloads[N]): Promise<Result>;
}
