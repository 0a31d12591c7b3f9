import { Module } from '@nestjs/common';
import { CertificationModule } from '../certification';
import { CompetencyModule } from '../competency';
import { OrganisationModule } from '../organisation';
import { AuthoringController } from './authoring/authoring.controller';
import { CourseReleaseController } from './authoring/course-release.controller';
import { CatalogModule } from './catalog/catalog.module';
import { CoursesModule } from './courses/courses.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { LearnerHomeController } from './dashboard/learner-home.controller';
import { DeliveryModule } from './delivery/delivery.module';
import { LearnPagesController } from './delivery/learn-pages.controller';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { TeamPagesController } from './team/team-pages.controller';

const FEATURES = [CoursesModule, CatalogModule, EnrollmentsModule, DashboardModule, DeliveryModule, SubmissionsModule];

/**
 * Learning: courses and their authoring, the catalog, enrollments and assignment, delivery
 * (lessons, quizzes, progress), submissions, the learner's dashboard and the supervisor's team.
 */
@Module({
  imports: [...FEATURES, CompetencyModule, OrganisationModule, CertificationModule],
  controllers: [LearnerHomeController, LearnPagesController, AuthoringController, CourseReleaseController, TeamPagesController],
  exports: FEATURES,
})
export class LearningModule {}
