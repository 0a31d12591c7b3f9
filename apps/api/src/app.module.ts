import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PersistenceModule, PostgresReadinessCheck } from '@mahir/persistence';
import { HealthModule, RedisModule, RedisReadinessCheck } from '@mahir/runtime';
import { StorageModule, StorageReadinessCheck } from '@mahir/storage';
import { API_CONFIG, type ApiConfigValue } from './api-config';
import { CertificationModule } from './certification';
import { CompetencyModule } from './competency';
import { GradingContextModule } from './grading';
import { LearningModule } from './learning';
import { NotificationsContextModule } from './notifications';
import { OrganisationModule } from './organisation';
import { PlatformModule, ProblemDetailsFilter } from './platform';

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
        // One module per bounded context; each declares its feature modules and its portal pages.
        PlatformModule,
        OrganisationModule,
        CompetencyModule,
        LearningModule,
        GradingContextModule,
        CertificationModule,
        NotificationsContextModule,
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
