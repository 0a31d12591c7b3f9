import { DynamicModule, Module, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WorkerConfig } from '@mahir/config';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { AssignmentFanOutHandler } from './assignments/assignment-fan-out.handler';
import { JOB_HANDLERS, type JobHandler } from './jobs/job-handler';
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

/** Every job this worker runs: one handler class per job name (see jobs/job-handler.ts). */
const HANDLERS: Type<JobHandler>[] = [AssignmentFanOutHandler, EnrollmentProgressedHandler, AttemptSubmittedHandler, ReviewRecordedHandler, SubmissionGradedHandler, AnswerKeyCorrectedHandler, ExpireRequestsHandler, NotificationRequestedHandler, ReminderSweepHandler];

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
        ...HANDLERS,
        { provide: JOB_HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers, inject: HANDLERS },
        JobWorkers,
        OutboxRelay,
      ],
      exports: [JobWorkers, OutboxRelay],
    };
  }
}
