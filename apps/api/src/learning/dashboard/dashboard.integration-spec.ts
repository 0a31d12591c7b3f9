import { createLogin, expectProblem } from '../../test-support/auth-helpers';
import { courseOf } from '../../test-support/enrollment-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('learner dashboard and team progress', () => {
  let t: TestApp;
  let agency: Agency;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db, 'WIT');
  });
  afterAll(() => t.app.close());

  /** An enrollment written directly, in the state a test needs (progress comes from delivery, tested elsewhere). */
  const enrollment = async (employeeId: string, courseId: string, fields: { status?: string; dueAt?: Date | null; progress?: number; mandatory?: boolean } = {}) => {
    const status = fields.status ?? 'active';
    const [row] = await t.db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, mandatory, due_at, progress_percent, activated_at, completed_at)
       VALUES ($1, $2, $3, CASE WHEN $4 = 'requested' THEN NULL ELSE 1 END, $4, 'assigned', $5, $6, $7, now(), CASE WHEN $4 = 'completed' THEN now() END) RETURNING id`,
      [agency.id, employeeId, courseId, status, fields.mandatory ?? false, fields.dueAt ?? null, fields.progress ?? 0],
    );
    return row.id as string;
  };
  const days = (n: number) => new Date(Date.now() + n * 86_400_000);

  it('my courses: title, status, progress, due, overdue, mandatory and the next lesson of the pinned version', async () => {
    const person = await createLogin(t.db, agency);
    const auth = await bearer(t, person.email);
    const courseId = await courseOf(t.db, agency, { title: 'Kursus Saya' });
    const id = await enrollment(person.employeeId, courseId, { dueAt: days(-1), progress: 25, mandatory: true });
    await t.db.query(`INSERT INTO lesson_progress (enrollment_id, lesson_id, tenant_id, started_at, completed_at, updated_at) VALUES ($1, 'l1', $2, now(), now(), now())`, [
      id, agency.id,
    ]);
    const res = await t.http().get('/api/v1/me/courses').set('Authorization', auth).expect(200);
    expect(res.body).toMatchObject({ total: 1, page: 1 });
    expect(res.body.items[0]).toMatchObject({
      id, status: 'active', progressPercent: 25, overdue: true, mandatory: true, courseVersion: 1,
      course: { id: courseId, title: 'Kursus Saya', jpMinutes: 90 },
      nextLesson: { moduleId: 'm1', lessonId: 'l2', kind: 'video' },
    });
    const other = await bearer(t, agency.people.learner.email);
    expect((await t.http().get('/api/v1/me/courses').set('Authorization', other).expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('my courses never serves a cached page after any write to the learner\'s enrollments or progress, whoever writes', async () => {
    const person = await createLogin(t.db, agency);
    const auth = await bearer(t, person.email);
    const courseId = await courseOf(t.db, agency);
    const id = await enrollment(person.employeeId, courseId);
    const mine = async () => (await t.http().get('/api/v1/me/courses').set('Authorization', auth).expect(200)).body.items[0];
    expect(await mine()).toMatchObject({ progressPercent: 0, nextLesson: { lessonId: 'l1' } });
    expect(await mine()).toMatchObject({ progressPercent: 0 }); // now from the cache
    // Written by SQL as the worker writes: a lesson completed, then the enrollment's progress.
    await t.db.query(`INSERT INTO lesson_progress (enrollment_id, lesson_id, tenant_id, started_at, completed_at, updated_at) VALUES ($1, 'l1', $2, now(), now(), now())`, [id, agency.id]);
    expect(await mine()).toMatchObject({ nextLesson: { lessonId: 'l2' } });
    await t.db.query(`UPDATE enrollment SET progress_percent = 50 WHERE id = $1`, [id]);
    expect(await mine()).toMatchObject({ progressPercent: 50 });
    await t.db.query(`UPDATE enrollment SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
    expect(await mine()).toMatchObject({ status: 'completed', nextLesson: null });
    // A new enrollment (as the worker's fan-out inserts them) shows at once too.
    await enrollment(person.employeeId, await courseOf(t.db, agency));
    expect((await t.http().get('/api/v1/me/courses').set('Authorization', auth).expect(200)).body.total).toBe(2);
  });

  it('my dashboard: JP this year against 20, counts by status, and next: overdue, then due soonest, then in progress', async () => {
    const person = await createLogin(t.db, agency);
    const auth = await bearer(t, person.email);
    const courses = await Promise.all(Array.from({ length: 6 }, () => courseOf(t.db, agency)));
    const inProgress = await enrollment(person.employeeId, courses[0], { progress: 40 });
    const notStarted = await enrollment(person.employeeId, courses[1]);
    const dueLater = await enrollment(person.employeeId, courses[2], { dueAt: days(20) });
    const dueSoon = await enrollment(person.employeeId, courses[3], { dueAt: days(2) });
    const overdue = await enrollment(person.employeeId, courses[4], { dueAt: days(-3) });
    await enrollment(person.employeeId, courses[5], { status: 'completed' });
    await t.db.query(`INSERT INTO jp_credit (tenant_id, employee_id, minutes, occurred_at, source, source_ref) VALUES ($1, $2, 450, now(), 'external_training', 'BPSDM-1')`, [
      agency.id, person.employeeId,
    ]);

    const res = await t.http().get('/api/v1/me/dashboard').set('Authorization', auth).expect(200);
    expect(res.body.jp).toMatchObject({ minutes: 450, jp: 10, obligationMinutes: 900, shortfallMinutes: 450, met: false, timeZone: 'WIT' });
    expect(res.body.counts).toMatchObject({ active: 5, completed: 1, requested: 0, overdue: 1 });
    expect(res.body.next.map((n: { id: string }) => n.id)).toEqual([overdue, dueSoon, dueLater, inProgress, notStarted]);
  });

  it('team progress: the supervisor sees each member’s counts and the team’s overdue list, not anyone else’s', async () => {
    const own = await createAgency(t.db);
    const supervisor = await bearer(t, own.people.supervisor.email);
    const courseId = await courseOf(t.db, own);
    const late = await (async () => {
      const [row] = await t.db.query(
        `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, due_at, progress_percent, activated_at)
         VALUES ($1, $2, $3, 1, 'active', 'assigned', now() - interval '1 day', 30, now()) RETURNING id`,
        [own.id, own.people.learner.employeeId, courseId],
      );
      return row.id as string;
    })();
    // Not in the team: the grader reports to the tenant admin.
    await t.db.query(`INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, due_at, activated_at) VALUES ($1, $2, $3, 1, 'active', 'assigned', now() - interval '1 day', now())`, [
      own.id, own.people.grader.employeeId, courseId,
    ]);
    const res = await t.http().get('/api/v1/team/progress').set('Authorization', supervisor).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items[0]).toMatchObject({ id: own.people.learner.employeeId, active: 1, overdue: 1, averageProgress: 30 });
    expect(res.body.items[1]).toMatchObject({ id: own.teamMemberId, active: 0, overdue: 0 });
    expect(res.body.overdue.map((o: { id: string }) => o.id)).toEqual([late]);
    const searched = await t.http().get(`/api/v1/team/progress?q=${own.people.learner.nip}`).set('Authorization', supervisor).expect(200);
    expect(searched.body.items.map((i: { id: string }) => i.id)).toEqual([own.people.learner.employeeId]);
    expectProblem(await t.http().get('/api/v1/team/progress').set('Authorization', await bearer(t, own.people.learner.email)), 403, 'auth.forbiddenRole');
  });
});
