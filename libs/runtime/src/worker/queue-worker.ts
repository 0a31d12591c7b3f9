import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { QueueName } from '@mahir/jobs';
import { logContext } from '../logging/context';
import type { ReadinessCheck } from '../health/readiness-check';
import { queueConnection, type QueueConfig } from './create-queue';
import type { JobDispatcher } from './job-dispatcher';

export interface QueueWorkerOptions {
  queue: QueueName;
  config: QueueConfig;
  concurrency: number;
  logger: Logger;
  /** Runs each job by its name (see JobDispatcher). */
  dispatcher: JobDispatcher;
  /** Milliseconds a job's lock lasts without renewal; a killed worker's jobs return to the queue after it. */
  lockDuration?: number;
}

export const QUEUE_WORKER_OPTIONS = Symbol('QUEUE_WORKER_OPTIONS');

/**
 * Runs one BullMQ worker with the job id in every log line. On shutdown it stops taking
 * jobs and waits for the running ones, so a stopping process never abandons a job.
 */
@Injectable()
export class QueueWorker implements OnModuleInit, OnApplicationShutdown, ReadinessCheck {
  readonly name: string;
  private worker?: Worker;

  constructor(@Inject(QUEUE_WORKER_OPTIONS) private readonly options: QueueWorkerOptions) {
    this.name = `queue:${options.queue}`;
  }

  onModuleInit() {
    const { queue, config, concurrency, logger, dispatcher, lockDuration } = this.options;
    this.worker = new Worker(
      queue,
      (job: Job) => logContext.run({ jobId: job.id, queue }, () => dispatcher.dispatch(job)),
      {
        ...queueConnection(config, 'blocking'),
        concurrency,
        autorun: true,
        ...(lockDuration ? { lockDuration, stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)) } : {}),
      },
    );
    this.worker.on('failed', (job, error) =>
      logContext.run({ jobId: job?.id, queue }, () => logger.warn({ err: error, attempts: job?.attemptsMade }, 'job failed')),
    );
    this.worker.on('error', (error) => logger.error({ err: error, queue }, 'worker error'));
  }

  check(): Promise<void> {
    return this.worker?.isRunning() ? Promise.resolve() : Promise.reject(new Error(`worker for ${this.options.queue} is not running`));
  }

  async onApplicationShutdown() {
    await this.worker?.close();
  }
}
