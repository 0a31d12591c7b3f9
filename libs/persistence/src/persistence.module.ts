import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@mahir/runtime';
import { createDataSource, type DataSourceOptions } from './data-source';

@Injectable()
export class PostgresReadinessCheck implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async check() {
    await this.dataSource.query('SELECT 1');
  }
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DataSource, useFactory: () => createDataSource(options).initialize() },
        PostgresReadinessCheck,
        DataSourceCloser,
      ],
      exports: [DataSource, PostgresReadinessCheck],
    };
  }
}
