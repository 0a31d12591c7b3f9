import { DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { Client } from 'minio';
import type { BaseConfig } from '@mahir/config';
import type { ReadinessCheck } from '@mahir/runtime';
import { createStorageClient } from './storage-client';

export const STORAGE_CLIENT = Symbol('STORAGE_CLIENT');
export const STORAGE_BUCKET = Symbol('STORAGE_BUCKET');

@Injectable()
export class StorageReadinessCheck implements ReadinessCheck {
  readonly name = 's3';
  constructor(
    @Inject(STORAGE_CLIENT) private readonly client: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
  ) {}
  async check() {
    if (!(await this.client.bucketExists(this.bucket))) throw new Error(`bucket ${this.bucket} does not exist`);
  }
}

@Global()
@Module({})
export class StorageModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: STORAGE_CLIENT, useFactory: () => createStorageClient(config) },
        { provide: STORAGE_BUCKET, useValue: config.S3_BUCKET },
        StorageReadinessCheck,
      ],
      exports: [STORAGE_CLIENT, STORAGE_BUCKET, StorageReadinessCheck],
    };
  }
}
