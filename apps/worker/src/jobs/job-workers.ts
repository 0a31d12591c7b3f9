import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WorkerConfig } from '@mahir/config';
import { JOB_QUEUE, type QueueName } from '@mahir/jobs';
import { JobDispatcher, QueueWorker, createQueue, type ReadinessCheck } from '@mahir/runtime';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const WORKER_LOGGER = Symbol('WORKER_LOGGER');

/**
 * One BullMQ consumer per queue that has handlers, each job run by the dispatcher. A job
 * without a handler fails loudly (kept as failed for admins) instead of vanishing.
 */
@Injectable()
export class JobWorkers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'queues';
  private readonly workers: QueueWorker[] = [];

  constructor(
    @Inject(JobDispatcher) private readonly dispatcher: JobDispatcher,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  /** The queues this worker consumes. */
  queues(): QueueName[] {
    return this.dispatcher.queues();
  }

  /** Creates or updates the scheduler of each periodic job; the id is stable, so N workers share one schedule. */
  async onApplicationBootstrap() {
    for (const handler of this.dispatcher.handlers()) {
      if (!handler.everyMs) continue;
      const queue = createQueue(JOB_QUEUE[handler.job], this.config);
      try {
        await queue.upsertJobScheduler(handler.job, { every: handler.everyMs }, { name: handler.job, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
      } catch (error) {
        // Redis away at start-up: the next start schedules it; the jobs are sweeps, a late run loses nothing.
        this.logger.warn({ err: error, job: handler.job }, 'could not schedule a periodic job');
      } finally {
        await queue.close();
      }
    }
  }

  onModuleInit() {
    for (const queue of this.queues()) {
      const worker = new QueueWorker({
        queue,
        config: this.config,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.JOB_LOCK_SECONDS * 1000,
        logger: this.logger,
        dispatcher: this.dispatcher,
      });
      worker.onModuleInit();
      this.workers.push(worker);
    }
  }

  async check() {
    for (const worker of this.workers) await worker.check();
  }

  async onApplicationShutdown() {
    // Running jobs finish; jobs not yet taken stay in Redis for the next worker.
    await Promise.all(this.workers.map((w) => w.onApplicationShutdown()));
  }
}
