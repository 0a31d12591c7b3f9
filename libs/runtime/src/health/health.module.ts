import { DynamicModule, InjectionToken, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';

@Module({})
export class HealthModule {
  /** `checks` are providers exported by the infrastructure modules (database, Redis, storage). */
  static register(checks: InjectionToken[]): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, useFactory: (...all: ReadinessCheck[]) => all, inject: checks }],
    };
  }
}
