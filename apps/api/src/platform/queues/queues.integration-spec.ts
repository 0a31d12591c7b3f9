import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { QUEUES } from '@mahir/jobs';
import { expectProblem } from '../../test-support/auth-helpers';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Queue health: counts for admins, an agency's own failed jobs, retry and discard (audited); the shared worker fails the job for real. */
describe('queue health', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    other = await createAgency(t.db);
    queue = new Queue(QUEUES.notifications, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await queue.close();
    await t.app.close();
  });

  it('shows a failed job to its agency and super admins only; retry and discard are audited', async () => {
    // A kind the database refuses (CHECK): the handler throws, and with one attempt the job is failed.
    const jobId = randomUUID();
    await queue.add('notification.requested', { tenantId: agency.id, employeeId: agency.people.learner.employeeId, kind: 'BAD KIND', data: {}, eventId: jobId }, { jobId, attempts: 1, removeOnFail: false });
    await eventually(async () => ((await queue.getJob(jobId))?.failedReason ? true : undefined), 'the job failed');

    const admin = await bearer(t, agency.people.tenant_admin.email);
    const counts = await t.http().get('/api/v1/queues').set('Authorization', admin).expect(200);
    expect(counts.body.queues.find((q: { name: string }) => q.name === 'notifications').failed).toBeGreaterThanOrEqual(1);
    const failed = await t.http().get('/api/v1/queues/notifications/failed').set('Authorization', admin).expect(200);
    expect(failed.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    expectProblem(await t.http().get('/api/v1/queues/nope/failed').set('Authorization', admin), 404, 'queue.notFound');

    const stranger = await bearer(t, other.people.tenant_admin.email);
    expect((await t.http().get('/api/v1/queues/notifications/failed').set('Authorization', stranger).expect(200)).body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
    expectProblem(await t.http().post(`/api/v1/queues/jobs/${jobId}/retry`).set('Authorization', stranger), 404, 'queue.jobNotFound');
    const sa = await bearer(t, (await createSuperAdmin(t.db)).email);
    expect((await t.http().get('/api/v1/queues/notifications/failed?pageSize=100').set('Authorization', sa).expect(200)).body.total).toBeGreaterThanOrEqual(1);

    const retried = await t.http().post(`/api/v1/queues/jobs/${jobId}/retry`).set('Authorization', admin).expect(200);
    expect(retried.body).toMatchObject({ id: jobId, queue: 'notifications' });
    await eventually(async () => ((await queue.getJob(jobId))?.attemptsMade ?? 0) >= 2 && (await queue.getJob(jobId))!.finishedOn ? true : undefined, 'the retry ran and failed again');
    await t.http().delete(`/api/v1/queues/jobs/${jobId}`).set('Authorization', admin).expect(200);
    expect(await queue.getJob(jobId)).toBeUndefined();
    expectProblem(await t.http().delete(`/api/v1/queues/jobs/${jobId}`).set('Authorization', admin), 404, 'queue.jobNotFound');

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND target_id = $2 ORDER BY id`, [agency.id, jobId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['queue.job.retry', 'queue.job.discard']);
  });
});
