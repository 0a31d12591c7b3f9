import { CatalogModule } from '../../catalog/catalog.module';
import { CertificatesModule } from '../../certificates/certificates.module';
import { DashboardModule } from '../../dashboard/dashboard.module';
import { DeliveryModule } from '../../delivery/delivery.module';
import { EnrollmentsModule } from '../../enrollments/enrollments.module';
import { LedgerModule } from '../../ledger/ledger.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { ProfileModule } from '../../profile/profile.module';
import { SubmissionsModule } from '../../submissions/submissions.module';
import { LearnPagesController } from './learn-pages.controller';
import { LearnerHomeController } from './learner-home.controller';
import { MyRecordsController } from './my-records.controller';

/** The learner pages (dashboard, catalog, course player, own records, notifications). */
export const LEARNER_CONTROLLERS = [LearnerHomeController, LearnPagesController, MyRecordsController];

/** The feature modules whose services the learner pages call. */
export const LEARNER_IMPORTS = [DashboardModule, CatalogModule, EnrollmentsModule, DeliveryModule, SubmissionsModule, ProfileModule, LedgerModule, CertificatesModule, NotificationsModule];
