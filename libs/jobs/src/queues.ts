/**
 * Queue names and job names are stable strings: renaming one strands the jobs already
 * queued under the old name, so add new ones instead of renaming.
 */
export const QUEUES = {
  delivery: 'delivery',
  grading: 'grading',
  certificates: 'certificates',
  notifications: 'notifications',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job Mahir runs, keyed by name, with its payload. Later features extend this map. */
export interface JobPayloads {
  /** Emitted by the spine when an enrollment completes; consumed by the generator. */
  'certificate.requested': { tenantId: string; enrollmentId: string; eventId: string };
  /** A message for one person through one channel. */
  'notification.requested': { tenantId: string; userId: string; template: string; eventId: string };
}
export type JobName = keyof JobPayloads;
export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };

/** Compiler-checked: every job names the queue it travels on. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  'certificate.requested': QUEUES.certificates,
  'notification.requested': QUEUES.notifications,
};

/** Completed jobs are trimmed; failed ones are kept for admins to inspect and retry. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: false,
} as const;
