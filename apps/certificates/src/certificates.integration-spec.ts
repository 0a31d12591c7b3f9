import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadCertificatesConfig } from '@mahir/config';
import { createLogger } from '@mahir/runtime';
import { CertificatesModule } from './certificates.module';

describe('certificates app', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const config = loadCertificatesConfig(process.env);
    app = await NestFactory.create(CertificatesModule.forRoot(config, createLogger('certificates-test', 'silent')), { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('is ready when PostgreSQL, Redis, S3, Chromium and its certificates consumer are up', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.checks.map((c: { name: string }) => c.name).sort()).toEqual(['chromium', 'postgres', 'queue:certificates', 'redis', 's3']);
  });
});
