import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadWorkerConfig } from '@mahir/config';
import { createLogger } from '@mahir/runtime';
import { WorkerModule } from './worker.module';

describe('worker app', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const config = loadWorkerConfig(process.env);
    app = await NestFactory.create(WorkerModule.forRoot(config, createLogger('worker-test', 'silent')), { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('is ready when PostgreSQL, Redis, S3 and its queue consumers and outbox relay are up', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.checks.map((c: { name: string }) => c.name).sort()).toEqual(['outbox-relay', 'postgres', 'queues', 'redis', 's3']);
  });
});
