import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from '@mahir/jobs';

/**
 * Processes one kind of job. Handlers must be idempotent: the outbox relay may publish an
 * event twice and BullMQ retries failed or stalled jobs, so a second run must change nothing.
 */
export interface JobHandler<N extends JobName = JobName> {
  readonly job: N;
  /** For a periodic job: run every this many milliseconds (one BullMQ job scheduler, shared by all workers). */
  readonly everyMs?: number;
  handle(data: JobPayloads[N], job: Job<JobPayloads[N]>): Promise<unknown>;
}

/** A handler of some job: the union keeps each handler's name and payload together (JobHandler<JobName> would not). */
export type AnyJobHandler = { [N in JobName]: JobHandler<N> }[JobName];
