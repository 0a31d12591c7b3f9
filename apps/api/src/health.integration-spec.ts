import { startTestApp, type TestApp } from './test-support/test-app';

describe('health and API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.app.close());

  it('answers liveness without checking dependencies', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL, Redis and S3 as up when they answer', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.checks.map((c: { name: string }) => c.name).sort()).toEqual(['postgres', 'redis', 's3']);
    expect(res.body.checks.every((c: { status: string }) => c.status === 'up')).toBe(true);
  });

  it('reports 503 and names S3 when the bucket is missing', async () => {
    const broken = await startTestApp({ S3_BUCKET: 'no-such-bucket' });
    try {
      const res = await broken.http().get('/health/ready').expect(503);
      expect(res.body.checks.find((c: { name: string }) => c.name === 's3')).toMatchObject({ status: 'down' });
    } finally {
      await broken.app.close();
    }
  });

  it('serves OpenAPI JSON with the auth routes', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/login');
  });

  it('answers an unknown route with problem+json and a request id', async () => {
    const res = await t.http().get('/api/v1/does-not-exist').set('X-Request-Id', 'abc-123').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body).toMatchObject({ status: 404, title: 'Tidak ditemukan', requestId: 'abc-123' });
  });
});
