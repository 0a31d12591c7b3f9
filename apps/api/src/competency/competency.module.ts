import { Module } from '@nestjs/common';
import { CertificationModule } from '../certification';
import { NotificationsContextModule } from '../notifications';
import { OrganisationModule } from '../organisation';
import { CompetenciesModule } from './framework/competencies.module';
import { LedgerModule } from './ledger/ledger.module';
import { PriorLearningModule } from './prior-learning/prior-learning.module';
import { MyRecordsController } from './profile/my-records.controller';
import { ProfileModule } from './profile/profile.module';
import { ReportPagesController } from './reports/report-pages.controller';
import { ReportsModule } from './reports/reports.module';
import { StandardsModule } from './standards/standards.module';

const FEATURES = [CompetenciesModule, StandardsModule, LedgerModule, PriorLearningModule, ProfileModule, ReportsModule];

/**
 * Competency: the framework, position standards, the ledger and its evidence, prior learning,
 * profiles and gap reports, with the learner's own records and the reports pages.
 */
@Module({
  imports: [...FEATURES, OrganisationModule, CertificationModule, NotificationsContextModule],
  controllers: [MyRecordsController, ReportPagesController],
  exports: FEATURES,
})
export class CompetencyModule {}
