import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AuditLog } from './entities/audit-log.entity';
import { Competency } from './entities/competency.entity';
import { CompetencyLevelDescriptor } from './entities/competency-level.entity';
import { JpCreditRecord } from './entities/jp-credit.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { PositionStandard } from './entities/position-standard.entity';
import { Employee } from './entities/employee.entity';
import { EmployeePlacement } from './entities/employee-placement.entity';
import { Position } from './entities/position.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { Tenant } from './entities/tenant.entity';
import { Unit } from './entities/unit.entity';
import { UserAccount } from './entities/user-account.entity';
import { UserRole } from './entities/user-role.entity';
import { AnswerKeyCorrection } from './entities/answer-key-correction.entity';
import { AssignmentSubmission } from './entities/assignment-submission.entity';
import { Certificate } from './entities/certificate.entity';
import { CertificateAsset } from './entities/certificate-asset.entity';
import { CertificateCounter } from './entities/certificate-counter.entity';
import { CertificateFile } from './entities/certificate-file.entity';
import { CertificateSigningKey } from './entities/certificate-signing-key.entity';
import { CertificateTemplate } from './entities/certificate-template.entity';
import { CertificateTemplateVersion } from './entities/certificate-template-version.entity';
import { CompetencyFramework } from './entities/competency-framework.entity';
import { CompetencyHolding } from './entities/competency-holding.entity';
import { CompetencyRevision } from './entities/competency-revision.entity';
import { CourseRecord } from './entities/course.entity';
import { CourseAssignment } from './entities/course-assignment.entity';
import { CourseCatalogEntry } from './entities/course-catalog.entity';
import { CourseDraft } from './entities/course-draft.entity';
import { CourseUpload } from './entities/course-upload.entity';
import { CourseVersion } from './entities/course-version.entity';
import { Enrollment } from './entities/enrollment.entity';
import { EvidenceUpload } from './entities/evidence-upload.entity';
import { GradingItem } from './entities/grading-item.entity';
import { GradingRubric } from './entities/grading-rubric.entity';
import { LearnerVersion } from './entities/learner-version.entity';
import { LessonProgress } from './entities/lesson-progress.entity';
import { Notification } from './entities/notification.entity';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationPreference } from './entities/notification-preference.entity';
import { OutboxEvent } from './entities/outbox-event.entity';
import { PriorLearning } from './entities/prior-learning.entity';
import { ProgressEvent } from './entities/progress-event.entity';
import { QuizAttempt } from './entities/quiz-attempt.entity';
import { ReminderLog } from './entities/reminder-log.entity';
import { Foundation1763800000000 } from './migrations/1763800000000-Foundation';
import { EmployeeListOrder1763900000000 } from './migrations/1763900000000-EmployeeListOrder';
import { CompetencyLedger1764000000000 } from './migrations/1764000000000-CompetencyLedger';
import { EvidenceUpload1764100000000 } from './migrations/1764100000000-EvidenceUpload';
import { Courses1764200000000 } from './migrations/1764200000000-Courses';
import { CourseCatalog1764300000000 } from './migrations/1764300000000-CourseCatalog';
import { CourseUpload1764400000000 } from './migrations/1764400000000-CourseUpload';
import { Enrollment1764500000000 } from './migrations/1764500000000-Enrollment';
import { EnrollmentApi1764510000000 } from './migrations/1764510000000-EnrollmentApi';
import { Certificates1764600000000 } from './migrations/1764600000000-Certificates';
import { HumanGrading1764610000000 } from './migrations/1764610000000-HumanGrading';
import { Notifications1764620000000 } from './migrations/1764620000000-Notifications';
import { AssignmentSubmissions1764630000000 } from './migrations/1764630000000-AssignmentSubmissions';
import { AnswerKeyCorrection1764640000000 } from './migrations/1764640000000-AnswerKeyCorrection';
import { LearnerVersion1764650000000 } from './migrations/1764650000000-LearnerVersion';

export const ENTITIES = [
  Tenant, Unit, Position, Employee, EmployeePlacement, UserAccount, UserRole, RefreshToken, AuditLog,
  Competency, CompetencyLevelDescriptor, PositionStandard, LedgerEntry, JpCreditRecord,
  // Competency ledger and framework
  CompetencyRevision, CompetencyFramework, CompetencyHolding, PriorLearning, EvidenceUpload,
  // Courses and their delivery
  CourseRecord, CourseDraft, CourseVersion, CourseCatalogEntry, CourseUpload, CourseAssignment, Enrollment, LessonProgress,
  ProgressEvent, LearnerVersion, QuizAttempt, AssignmentSubmission, AnswerKeyCorrection, GradingItem, GradingRubric,
  // Certificates
  Certificate, CertificateFile, CertificateCounter, CertificateTemplate, CertificateTemplateVersion, CertificateAsset, CertificateSigningKey,
  // Notifications and the outbox
  Notification, NotificationDelivery, NotificationPreference, ReminderLog, OutboxEvent,
];
export const MIGRATIONS = [
  Foundation1763800000000,
  EmployeeListOrder1763900000000,
  CompetencyLedger1764000000000,
  EvidenceUpload1764100000000,
  Courses1764200000000,
  CourseCatalog1764300000000,
  CourseUpload1764400000000,
  Enrollment1764500000000,
  EnrollmentApi1764510000000,
  Certificates1764600000000,
  HumanGrading1764610000000,
  Notifications1764620000000,
  AssignmentSubmissions1764630000000,
  AnswerKeyCorrection1764640000000,
  LearnerVersion1764650000000,
];

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one set of TypeORM options: explicit entities, explicit migrations, never synchronize.
 * The apps (through TypeOrmModule), the CLI, the seed, the benches and the tests all build
 * their data source from it.
 */
export function dataSourceOptions(options: DataSourceOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as exceptions; the API's filter logs them with the request id.
    logging: false,
    applicationName: options.applicationName ?? 'mahir',
    extra: { max: options.poolSize ?? 10 },
  };
}

/** A data source outside Nest (CLI, seed, benches, tests), from the same options as the apps'. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
