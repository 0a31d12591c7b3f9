import type { Provider, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { JOB_QUEUE, isJobName, type JobName, type JobPayloads, type QueueName } from '@mahir/jobs';
import type { AnyJobHandler, JobHandler } from './job-handler';

/** One handler class per job of N: the compiler checks none is missing and each takes its own job's payload. */
export type JobHandlerTypes<N extends JobName> = { readonly [K in N]: Type<JobHandler<K>> };

/**
 * Runs each job with the handler registered for its name. A job no handler knows (one from a
 * newer release, say) is logged and fails like any other error: BullMQ retries it with backoff,
 * so an up-to-date worker may still take it, then keeps it as failed for admins. It is never
 * marked done.
 */
export class JobDispatcher {
  private readonly byName = new Map<JobName, JobHandler>();

  constructor(
    handlers: Iterable<AnyJobHandler>,
    private readonly logger: Logger,
  ) {
    for (const handler of handlers) {
      if (this.byName.has(handler.job)) throw new Error(`two handlers for job ${handler.job}`);
      this.byName.set(handler.job, handler);
    }
  }

  /** The handler classes as Nest providers, and a JobDispatcher over their instances. */
  static providers<N extends JobName>(handlers: JobHandlerTypes<N>, logger: Logger): Provider[] {
    const types = Object.values(handlers) as Type<AnyJobHandler>[];
    return [...types, { provide: JobDispatcher, inject: types, useFactory: (...instances: AnyJobHandler[]) => new JobDispatcher(instances, logger) }];
  }

  handlers(): JobHandler[] {
    return [...this.byName.values()];
  }

  /** The queues the handled jobs travel on: what a worker must consume. */
  queues(): QueueName[] {
    return [...new Set([...this.byName.keys()].map((name) => JOB_QUEUE[name]))].sort();
  }

  async dispatch(job: Job<unknown>): Promise<unknown> {
    const handler = isJobName(job.name) ? this.byName.get(job.name) : undefined;
    if (!handler) {
      this.logger.error({ job: job.name }, 'no handler for this job: it fails and is kept for admins');
      throw new Error(`no handler for job ${job.name}`);
    }
    // The one place a payload read from Redis gets its type: the name chose the handler, and
    // producers are typed by that same name (JobOf, OutboxPayload).
    return handler.handle(job.data as JobPayloads[JobName], job as Job<JobPayloads[JobName]>);
  }
}
