import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerConfig } from '@mahir/config';
import { JOB_QUEUE, type JobName, type QueueName } from '@mahir/jobs';
import { QueueWorker, type ReadinessCheck } from '@mahir/runtime';
import { JOB_HANDLERS, type JobHandler } from './job-handler';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const WORKER_LOGGER = Symbol('WORKER_LOGGER');

/**
 * One BullMQ consumer per queue that has handlers, dispatching each job by name. A job
 * without a handler fails loudly (kept as failed for admins) instead of vanishing.
 */
@Injectable()
export class JobWorkers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'queues';
  private readonly workers: QueueWorker[] = [];
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {
    for (const handler of handlers) {
      if (this.handlers.has(handler.job)) throw new Error(`two handlers for job ${handler.job}`);
      this.handlers.set(handler.job, handler);
    }
  }

  /** The queues this worker consumes. */
  queues(): QueueName[] {
    return [...new Set([...this.handlers.keys()].map((name) => JOB_QUEUE[name]))].sort();
  }

  /** Creates or updates the scheduler of each periodic job; the id is stable, so N workers share one schedule. */
  async onApplicationBootstrap() {
    for (const handler of this.handlers.values()) {
      if (!handler.everyMs) continue;
      const queue = new Queue(JOB_QUEUE[handler.job], { connection: { url: this.config.REDIS_URL }, prefix: this.config.QUEUE_PREFIX });
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
        redisUrl: this.config.REDIS_URL,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.JOB_LOCK_SECONDS * 1000,
        logger: this.logger,
        processor: (job: Job) => this.dispatch(job),
      });
      worker.onModuleInit();
      this.workers.push(worker);
    }
  }

  private async dispatch(job: Job) {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler.handle(job.data, job);
  }

  async check() {
    for (const worker of this.workers) await worker.check();
  }

  async onApplicationShutdown() {
    // Running jobs finish; jobs not yet taken stay in Redis for the next worker.
    await Promise.all(this.workers.map((w) => w.onApplicationShutdown()));
  }
}
