import { DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@mahir/runtime';
import { dataSourceOptions, type DataSourceOptions } from './data-source';

@Injectable()
export class PostgresReadinessCheck implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async check() {
    await this.dataSource.query('SELECT 1');
  }
}

/**
 * TypeORM for the three apps, through @nestjs/typeorm: the data source from the shared
 * options (TypeOrmModule closes it on shutdown); each feature module takes the repositories it
 * uses with TypeOrmModule.forFeature. A start against a database that does not answer fails
 * at once (no retries): the process supervisor restarts the app, and readiness tells the
 * load balancer.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(options), retryAttempts: 0 }),
        }),
      ],
      providers: [PostgresReadinessCheck],
      exports: [PostgresReadinessCheck],
    };
  }
}
