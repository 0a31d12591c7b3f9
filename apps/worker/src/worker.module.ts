import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WorkerConfig } from '@mahir/config';
import type { JobOnQueue, QUEUES, QueueName } from '@mahir/jobs';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, JobDispatcher, RedisModule, RedisReadinessCheck, type JobHandlerTypes } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { AssignmentFanOutHandler } from './assignments/assignment-fan-out.handler';
import { JobWorkers, WORKER_CONFIG, WORKER_LOGGER } from './jobs/job-workers';
import { OutboxRelay } from './outbox/outbox-relay';
import { ExpireRequestsHandler } from './enrollments/expire-requests.handler';
import { EnrollmentProgressedHandler } from './completion/enrollment-progressed.handler';
import { AttemptSubmittedHandler } from './grading/attempt-submitted.handler';
import { ReviewRecordedHandler } from './grading/review-recorded.handler';
import { SubmissionGradedHandler } from './grading/submission-graded.handler';
import { AnswerKeyCorrectedHandler } from './grading/answer-key-corrected.handler';
import { NotificationRequestedHandler } from './notifications/notification-requested.handler';
import { ReminderSweepHandler } from './reminders/reminder-sweep.handler';

/** Every job on the queues this worker consumes (all but the generator's). */
type WorkerJob = JobOnQueue<Exclude<QueueName, typeof QUEUES.certificates>>;

/** One handler class per job: the compiler refuses a job of these queues without its handler. */
const HANDLERS: JobHandlerTypes<WorkerJob> = {
  'assignment.created': AssignmentFanOutHandler,
  'enrollment.progressed': EnrollmentProgressedHandler,
  'attempt.submitted': AttemptSubmittedHandler,
  'review.recorded': ReviewRecordedHandler,
  'submission.graded': SubmissionGradedHandler,
  'answer-key.corrected': AnswerKeyCorrectedHandler,
  'enrollment.expire-requests': ExpireRequestsHandler,
  'notification.requested': NotificationRequestedHandler,
  'reminders.sweep': ReminderSweepHandler,
};

/**
 * The course-delivery worker: the outbox relay, and the consumers of the delivery and
 * grading queues (completion → ledger, assignment fan-out, automatic grading).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      global: true, // the health module reads the workers' readiness
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'mahir-worker' }),
        RedisModule.forRoot(config.REDIS_URL),
        StorageModule.forRoot(config),
        HealthModule.register([PostgresReadinessCheck, RedisReadinessCheck, StorageReadinessCheck, JobWorkers, OutboxRelay]),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_LOGGER, useValue: logger },
        ...JobDispatcher.providers(HANDLERS, logger),
        JobWorkers,
        OutboxRelay,
      ],
      exports: [JobWorkers, OutboxRelay],
    };
  }
}
