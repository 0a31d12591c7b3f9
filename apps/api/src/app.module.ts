import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { API_CONFIG, type ApiConfigValue } from './api-config';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { CertificatesModule } from './certificates/certificates.module';
import { CoursesModule } from './courses/courses.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { DeliveryModule } from './delivery/delivery.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { GradingModule } from './grading/grading.module';
import { AnswerKeysModule } from './answer-keys/answer-keys.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { CompetenciesModule } from './competencies/competencies.module';
import { EmployeesModule } from './employees/employees.module';
import { PositionsModule } from './positions/positions.module';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { TenantsModule } from './tenants/tenants.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { AuditModule } from './audit/audit.module';
import { LedgerModule } from './ledger/ledger.module';
import { PriorLearningModule } from './prior-learning/prior-learning.module';
import { ProfileModule } from './profile/profile.module';
import { ReportsModule } from './reports/reports.module';
import { StandardsModule } from './standards/standards.module';
import { PortalModule } from './portal/portal.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfigValue, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'mahir-api' }),
        RedisModule.forRoot(config.REDIS_URL),
        StorageModule.forRoot(config),
        HealthModule.register([PostgresReadinessCheck, RedisReadinessCheck, StorageReadinessCheck]),
        AuthModule,
        TenantsModule,
        UnitsModule,
        PositionsModule,
        EmployeesModule,
        UsersModule,
        AuditModule,
        CompetenciesModule,
        StandardsModule,
        LedgerModule,
        PriorLearningModule,
        ProfileModule,
        ReportsModule,
        CoursesModule,
        CatalogModule,
        EnrollmentsModule,
        DashboardModule,
        DeliveryModule,
        NotificationsModule,
        QueuesModule,
        GradingModule,
        AnswerKeysModule,
        SubmissionsModule,
        CertificatesModule,
        PortalModule,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: Logger, useValue: logger },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [API_CONFIG, Logger],
    };
  }
}
