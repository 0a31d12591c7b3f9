/**
 * Queue names and job names are stable strings: renaming one strands the jobs already
 * queued under the old name, so add new ones instead of renaming.
 */
export const QUEUES = {
  delivery: 'delivery',
  grading: 'grading',
  certificates: 'certificates',
  notifications: 'notifications',
  /** Sweeps get a queue of their own so they never wait behind the mail they caused. */
  reminders: 'reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job Mahir runs, keyed by name, with its payload. Later features extend this map. */
export interface JobPayloads {
  /** A lesson of an enrollment was completed or a quiz graded: evaluate the completion rules. */
  'enrollment.progressed': { tenantId: string; enrollmentId: string; eventId: string };
  /** A course assignment was created: enroll its employees in batches. */
  'assignment.created': { tenantId: string; assignmentId: string; eventId: string };
  /** A quiz attempt was submitted: grade what a machine can grade. */
  'attempt.submitted': { tenantId: string; attemptId: string; eventId: string };
  /** A person graded (or re-graded) an essay of the attempt: finalize it once every essay is graded. */
  'review.recorded': { tenantId: string; attemptId: string; eventId: string };
  /** A person graded (or re-graded) an assignment submission: score it and let the completion rules run. */
  'submission.graded': { tenantId: string; submissionId: string; eventId: string };
  /** A training admin corrected the answer key of a question of a published version: re-grade the attempts it affects. */
  'answer-key.corrected': { tenantId: string; courseId: string; version: number; questionId: string; eventId: string };
  /** Scheduled hourly: enrollment requests nobody decided within 30 days expire. */
  'enrollment.expire-requests': { eventId?: string };
  /** Emitted by the spine when an enrollment completes; consumed by the generator. */
  'certificate.requested': { tenantId: string; enrollmentId: string; eventId: string };
  /** A training admin asked for a certificate's file to be rendered again (same number and code, current holder data). */
  'certificate.reissue': { tenantId: string; certificateId: string; token: string; eventId: string };
  /**
   * Something to tell one employee (kind names the message, data fills it); the notifications
   * consumer picks the channels and honours the person's preferences unless it is mandatory.
   */
  'notification.requested': {
    tenantId: string;
    employeeId: string;
    kind: string;
    data: Record<string, string | number | boolean | null>;
    mandatory?: boolean;
    /** At most one delivery per key (e.g. kind + enrollment + local day). */
    dedupeKey?: string;
    eventId: string;
  };
  /** Scheduled hourly: due, overdue and inactivity reminders for zones in office hours (asOf: a test's clock). */
  /**
   * Hourly: every reminder rule for the agencies in office hours. `asOf` sets the clock (tests, a
   * late re-run); `tenantIds` limits the run to some agencies (an admin's manual run, a test).
   */
  'reminders.sweep': { asOf?: string; tenantIds?: string[]; eventId?: string };
}
export type JobName = keyof JobPayloads;
export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };
/** What a producer writes to the outbox: the payload without the event id, which the outbox row's id becomes. */
export type OutboxPayload<N extends JobName> = Omit<JobPayloads[N], 'eventId'>;

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_QUEUE, name);
}

/** Compiler-checked: every job names the queue it travels on. */
export const JOB_QUEUE = {
  'enrollment.progressed': QUEUES.delivery,
  'assignment.created': QUEUES.delivery,
  'attempt.submitted': QUEUES.grading,
  'review.recorded': QUEUES.grading,
  'submission.graded': QUEUES.grading,
  'answer-key.corrected': QUEUES.grading,
  'enrollment.expire-requests': QUEUES.delivery,
  'certificate.requested': QUEUES.certificates,
  'certificate.reissue': QUEUES.certificates,
  'notification.requested': QUEUES.notifications,
  'reminders.sweep': QUEUES.reminders,
} as const satisfies { readonly [N in JobName]: QueueName };

/** The jobs that travel on the queues Q: what a consumer of Q must handle (the compiler checks it has a handler for each). */
export type JobOnQueue<Q extends QueueName> = { [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never }[JobName];

/** Completed jobs are trimmed; failed ones are kept for admins to inspect and retry. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: false,
} as const;
