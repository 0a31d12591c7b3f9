import { randomUUID } from 'node:crypto';
import { hashPassword } from '@mahir/persistence';
import {
  brokenChains, completedCount, createSpineAgency, enroll, eventually, insertCourse, spineCourse, spineEffects, type SpineAgency,
} from '../completion/test-support/spine-fixtures';
import { createDrillEnvironment, startRedisServer, type AppProcess, type DrillEnvironment, type RedisServer } from './test-support/drill-environment';

const LEARNERS = 30;
const PASSWORD = 'Rahasia#2026';

/**
 * Fault drill: Redis dies (SIGKILL) while learners keep finishing lessons through the API. The API
 * keeps answering their writes, their events wait in the outbox (nothing is published), and once
 * Redis is back every completion happens, each exactly once. API and worker run as real processes
 * against a database and a redis-server of this drill's own.
 */
describe('drill: Redis stops while learners submit', () => {
  let drill: DrillEnvironment;
  let redis: RedisServer;
  let api: AppProcess;
  beforeAll(async () => {
    drill = await createDrillEnvironment('redis');
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await drill?.close();
    await redis?.remove();
  });

  async function signIn(email: string): Promise<string> {
    const res = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** A learner finishing one text lesson, as the portal reports it. */
  async function finishLesson(token: string, enrollmentId: string, lessonId: string, eventId: string = randomUUID()): Promise<number> {
    const res = await fetch(`${api.base}/api/v1/enrollments/${enrollmentId}/progress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ events: [{ id: eventId, lessonId, secondsSpent: 120, percent: 100, completed: true }] }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('loses nothing: writes keep succeeding, events wait in the outbox and complete exactly once when Redis returns', async () => {
    const { db } = drill;
    const agency: SpineAgency = await createSpineAgency(db, LEARNERS);
    const hash = await hashPassword(PASSWORD);
    const logins: { email: string }[] = await db.query(
      `WITH u AS (
         INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash)
         SELECT tenant_id, id, nip, email, full_name, $2 FROM employee WHERE id = ANY($1::uuid[]) RETURNING id, email, employee_id)
       INSERT INTO user_role (user_id, tenant_id, role) SELECT u.id, $3, 'learner' FROM u RETURNING (SELECT email FROM u WHERE u.id = user_id) AS email`,
      [agency.employeeIds, hash, agency.tenantId],
    );
    expect(logins).toHaveLength(LEARNERS);
    const emails: { id: string; email: string }[] = await db.query(`SELECT id, email FROM employee WHERE id = ANY($1::uuid[])`, [agency.employeeIds]);
    const emailOf = new Map(emails.map((e) => [e.id, e.email]));
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const ids = await enroll(db, agency.tenantId, courseId, agency.employeeIds);

    const env = { REDIS_URL: redis.url };
    [api] = await Promise.all([drill.startApi(env), drill.startWorker(env)]);
    const tokens = await Promise.all(agency.employeeIds.map((e) => signIn(emailOf.get(e)!)));

    // Before the outage: the spine works end to end.
    for (let i = 0; i < 10; i++) {
      expect(await finishLesson(tokens[i], ids[i], 't1')).toBe(200);
      expect(await finishLesson(tokens[i], ids[i], 't2')).toBe(200);
    }
    await eventually(async () => ((await completedCount(db, ids.slice(0, 10))) === 10 ? true : undefined), 10_000, 'completions before the outage');

    // Learners keep going; Redis dies in the middle of their submissions.
    const statuses: number[] = [];
    for (let i = 10; i < 20; i++) statuses.push(await finishLesson(tokens[i], ids[i], 't1'));
    const [{ outageAt }] = await db.query(`SELECT clock_timestamp() AS "outageAt"`);
    await redis.stop();
    const replayed = randomUUID();
    for (let i = 10; i < LEARNERS; i++) {
      if (i >= 20) statuses.push(await finishLesson(tokens[i], ids[i], 't1'));
      statuses.push(await finishLesson(tokens[i], ids[i], 't2', i === 10 ? replayed : undefined));
    }
    // The same event sent again (a client retrying after a timeout): no second effect.
    statuses.push(await finishLesson(tokens[10], ids[10], 't2', replayed));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // While Redis is away nothing is published: the events wait in the outbox, the enrollments stay active.
    await new Promise((r) => setTimeout(r, 1500));
    const [{ waiting, published }] = await db.query(
      `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS waiting, count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published
       FROM outbox_event WHERE name = 'enrollment.progressed' AND created_at > $1`,
      [outageAt],
    );
    // Learners 10–19 finished t2 during the outage, 20–29 both t1 and t2; the replay added nothing.
    expect(waiting).toBe(10 + 2 * (LEARNERS - 20));
    expect(published).toBe(0);
    expect(await completedCount(db, ids.slice(10))).toBe(0);

    await redis.start();
    await eventually(async () => ((await completedCount(db, ids)) === LEARNERS ? true : undefined), 20_000, 'completions after Redis returned');
    await eventually(async () => {
      const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE published_at IS NULL`);
      return pending === 0 ? true : undefined;
    }, 10_000, 'outbox drained');
    await new Promise((r) => setTimeout(r, 300));

    expect(await spineEffects(db, agency.tenantId, ids)).toEqual({
      statuses: { completed: LEARNERS },
      ledgerEntries: LEARNERS * 3,
      ledgerSources: LEARNERS * 3,
      jpCredits: LEARNERS,
      jpCreditEnrollments: LEARNERS,
      certificateRequests: LEARNERS,
      certificateEnrollments: LEARNERS,
    });
    expect(await brokenChains(db, agency.tenantId, agency.employeeIds)).toEqual([]);
  });
});
