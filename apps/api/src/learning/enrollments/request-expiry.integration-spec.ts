import { Queue } from 'bullmq';
import { QUEUES } from '@mahir/jobs';
import { courseOf } from '../../test-support/enrollment-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** The worker's hourly sweep (run here on demand through the same queue) expires requests nobody decided in 30 days. */
describe('enrollment request expiry', () => {
  let t: TestApp;
  let agency: Agency;
  let delivery: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    delivery = new Queue(QUEUES.delivery, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await delivery.close();
    await t.app.close();
  });

  async function statusOf(id: string, until: (status: string) => boolean) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [id]);
      if (until(row.status) || Date.now() > deadline) return row.status as string;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('expires an undecided request after 30 days, leaves a recent one, and lets the learner ask again', async () => {
    const learner = await bearer(t, agency.people.learner.email);
    const [oldCourse, newCourse] = await Promise.all([courseOf(t.db, agency, { enrollmentPolicy: 'approval' }), courseOf(t.db, agency, { enrollmentPolicy: 'approval' })]);
    const stale = (await t.http().post('/api/v1/enrollments').set('Authorization', learner).send({ courseId: oldCourse }).expect(201)).body.id;
    const fresh = (await t.http().post('/api/v1/enrollments').set('Authorization', learner).send({ courseId: newCourse }).expect(201)).body.id;
    await t.db.query(`UPDATE enrollment SET requested_at = now() - interval '31 days' WHERE id = $1`, [stale]);

    const job = await delivery.add('enrollment.expire-requests', {});
    expect(await statusOf(stale, (s) => s === 'expired')).toBe('expired');
    // One UPDATE decides both rows: once the stale one expired, the fresh one was judged too.
    expect(job.id).toBeDefined();
    expect(await statusOf(fresh, () => true)).toBe('requested');

    const again = await t.http().post('/api/v1/enrollments').set('Authorization', learner).send({ courseId: oldCourse }).expect(201);
    expect(again.body).toMatchObject({ status: 'requested' });
    expect(again.body.id).not.toBe(stale);
  });
});
