import { randomUUID } from 'node:crypto';
import { createLogin, expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { courseOf } from '../../test-support/enrollment-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('enrollments', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let learner: string;
  let supervisor: string;
  let trainer: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db, 'WIT'), createAgency(t.db)]);
    [learner, supervisor, trainer, admin] = await Promise.all([
      bearer(t, agency.people.learner.email),
      bearer(t, agency.people.supervisor.email),
      bearer(t, agency.people.training_admin.email),
      bearer(t, agency.people.tenant_admin.email),
    ]);
  });
  afterAll(() => t.app.close());

  const enroll = (auth: string, courseId: unknown) => t.http().post('/api/v1/enrollments').set('Authorization', auth).send({ courseId });

  describe('self-enrollment', () => {
    it('starts an open course at once, pinned to the published version', async () => {
      const courseId = await courseOf(t.db, agency, { title: 'Kursus Terbuka' });
      const res = await enroll(learner, courseId).expect(201);
      expect(res.body).toMatchObject({
        status: 'active', origin: 'self', courseVersion: 1, mandatory: false, progressPercent: 0, overdue: false,
        course: { id: courseId, title: 'Kursus Terbuka' }, employee: { id: agency.people.learner.employeeId },
      });
      expect(res.body.activatedAt).toEqual(expect.any(String));
    });

    it('waits for approval when the course asks for it, without pinning a version', async () => {
      const courseId = await courseOf(t.db, agency, { enrollmentPolicy: 'approval' });
      const res = await enroll(learner, courseId).expect(201);
      expect(res.body).toMatchObject({ status: 'requested', courseVersion: null, activatedAt: null });
    });

    it('refuses an assigned-only course with 409 enrollment.assignedOnly', async () => {
      const courseId = await courseOf(t.db, agency, { enrollmentPolicy: 'assigned' });
      const res = await enroll(learner, courseId);
      expectProblem(res, 409, 'enrollment.assignedOnly');
      expect(fieldRules(res)).toEqual(['courseId:assignedOnly']);
      expect(await t.db.query(`SELECT 1 FROM enrollment WHERE course_id = $1`, [courseId])).toEqual([]);
    });

    it('lists the prerequisites not completed yet, and enrolls once they are', async () => {
      const [first, second] = await Promise.all([courseOf(t.db, agency, { title: 'Dasar Satu' }), courseOf(t.db, agency, { title: 'Dasar Dua' })]);
      const courseId = await courseOf(t.db, agency, { prerequisites: [first, second] });
      const person = await createLogin(t.db, agency);
      const auth = await bearer(t, person.email);
      const res = await enroll(auth, courseId);
      expectProblem(res, 409, 'enrollment.prerequisitesMissing');
      expect(fieldRules(res)).toEqual(['prerequisites[0]:prerequisiteMissing', 'prerequisites[1]:prerequisiteMissing']);
      expect(res.body.missing).toEqual([{ courseId: first, title: 'Dasar Satu' }, { courseId: second, title: 'Dasar Dua' }]);
      expect(res.body.errors[0].message).toContain('Dasar Satu');

      // Completing the first leaves only the second missing.
      await t.db.query(
        `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, completed_at) VALUES ($1, $2, $3, 1, 'completed', 'self', now(), now())`,
        [agency.id, person.employeeId, first],
      );
      const again = await enroll(auth, courseId);
      expectProblem(again, 409, 'enrollment.prerequisitesMissing');
      expect(again.body.missing).toEqual([{ courseId: second, title: 'Dasar Dua' }]);
      await t.db.query(
        `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, completed_at) VALUES ($1, $2, $3, 1, 'completed', 'self', now(), now())`,
        [agency.id, person.employeeId, second],
      );
      await enroll(auth, courseId).expect(201);
    });

    it('refuses a second live enrollment with 409 naming the existing one', async () => {
      const courseId = await courseOf(t.db, agency);
      const person = await createLogin(t.db, agency);
      const auth = await bearer(t, person.email);
      const first = await enroll(auth, courseId).expect(201);
      const second = await enroll(auth, courseId);
      expectProblem(second, 409, 'enrollment.alreadyEnrolled');
      expect(second.body.enrollmentId).toBe(first.body.id);
    });

    it('concurrent double enrollment leaves exactly one row; the others get 409, never 500', async () => {
      const courseId = await courseOf(t.db, agency);
      const person = await createLogin(t.db, agency);
      const auth = await bearer(t, person.email);
      const answers = await Promise.all(Array.from({ length: 6 }, () => enroll(auth, courseId)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM enrollment WHERE course_id = $1`, [courseId])).toEqual([{ n: 1 }]);
    });

    it('answers 404 for a draft, an archived course, another agency’s course and an unknown id', async () => {
      const archived = await courseOf(t.db, agency);
      await t.db.query(`UPDATE course SET archived_at = now() WHERE id = $1`, [archived]);
      const [draft] = await t.db.query(`INSERT INTO course (tenant_id, draft_state) VALUES ($1, 'editing') RETURNING id`, [agency.id]);
      const foreign = await courseOf(t.db, other);
      for (const id of [archived, draft.id, foreign, randomUUID()]) expectProblem(await enroll(learner, id), 404, 'enrollment.courseNotFound');
    });

    it('accepts another agency’s national course', async () => {
      const national = await courseOf(t.db, other, { visibility: 'national' });
      const res = await enroll(learner, national).expect(201);
      expect(res.body).toMatchObject({ status: 'active', course: { id: national } });
    });
  });

  describe('decisions and withdrawal', () => {
    const requestOf = async (auth = learner) => (await enroll(auth, await courseOf(t.db, agency, { enrollmentPolicy: 'approval' })).expect(201)).body.id as string;

    it('the supervisor approves a team member’s request, pinning the version', async () => {
      const id = await requestOf();
      const res = await t.http().post(`/api/v1/enrollments/${id}/approve`).set('Authorization', supervisor).send({ note: 'Silakan' }).expect(200);
      expect(res.body).toMatchObject({ status: 'active', courseVersion: 1, decisionNote: 'Silakan', decidedBy: agency.people.supervisor.userId });
      expectProblem(await t.http().post(`/api/v1/enrollments/${id}/reject`).set('Authorization', trainer).send({}), 409, 'enrollment.notRequested');
    });

    it('a training admin rejects; a supervisor outside the chain gets 404; nobody decides their own', async () => {
      const id = await requestOf();
      const outsider = await createLogin(t.db, agency, ['learner', 'supervisor']);
      expectProblem(await t.http().post(`/api/v1/enrollments/${id}/approve`).set('Authorization', await bearer(t, outsider.email)).send({}), 404, 'enrollment.notFound');
      const res = await t.http().post(`/api/v1/enrollments/${id}/reject`).set('Authorization', trainer).send({ note: 'Kuota penuh' }).expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', decisionNote: 'Kuota penuh' });
      const own = await requestOf(supervisor);
      expectProblem(await t.http().post(`/api/v1/enrollments/${own}/approve`).set('Authorization', supervisor).send({}), 403, 'enrollment.ownRequest');
    });

    it('another agency’s enrollment is 404 everywhere', async () => {
      const id = await requestOf();
      const foreignTrainer = await bearer(t, other.people.training_admin.email);
      for (const action of ['approve', 'reject', 'withdraw']) {
        expectProblem(await t.http().post(`/api/v1/enrollments/${id}/${action}`).set('Authorization', foreignTrainer).send({}), 404, 'enrollment.notFound');
      }
      expectProblem(await t.http().get(`/api/v1/enrollments/${id}`).set('Authorization', foreignTrainer), 404, 'enrollment.notFound');
    });

    it('a request older than 30 days can no longer be approved', async () => {
      const id = await requestOf();
      await t.db.query(`UPDATE enrollment SET requested_at = now() - interval '31 days' WHERE id = $1`, [id]);
      expectProblem(await t.http().post(`/api/v1/enrollments/${id}/approve`).set('Authorization', trainer).send({}), 409, 'enrollment.requestExpired');
    });

    it('two concurrent decisions: one wins, the other is 409', async () => {
      const id = await requestOf();
      const answers = await Promise.all([
        t.http().post(`/api/v1/enrollments/${id}/approve`).set('Authorization', trainer).send({}),
        t.http().post(`/api/v1/enrollments/${id}/reject`).set('Authorization', supervisor).send({}),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    });

    it('the learner withdraws their own; a supervisor may not; a mandatory one only by a training admin', async () => {
      const id = (await enroll(learner, await courseOf(t.db, agency)).expect(201)).body.id;
      expectProblem(await t.http().post(`/api/v1/enrollments/${id}/withdraw`).set('Authorization', supervisor).send({}), 403, 'enrollment.withdrawForbidden');
      const res = await t.http().post(`/api/v1/enrollments/${id}/withdraw`).set('Authorization', learner).send({ note: 'Jadwal bentrok' }).expect(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', decisionNote: 'Jadwal bentrok' });
      expectProblem(await t.http().post(`/api/v1/enrollments/${id}/withdraw`).set('Authorization', learner).send({}), 409, 'enrollment.notWithdrawable');

      const mandatoryCourse = await courseOf(t.db, agency, { enrollmentPolicy: 'assigned' });
      const [row] = await t.db.query(
        `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, mandatory, activated_at) VALUES ($1, $2, $3, 1, 'active', 'assigned', true, now()) RETURNING id`,
        [agency.id, agency.people.learner.employeeId, mandatoryCourse],
      );
      expectProblem(await t.http().post(`/api/v1/enrollments/${row.id}/withdraw`).set('Authorization', learner).send({}), 409, 'enrollment.mandatory');
      await t.http().post(`/api/v1/enrollments/${row.id}/withdraw`).set('Authorization', trainer).send({}).expect(200);
    });
  });

  describe('lists', () => {
    it('learners see their own, supervisors their team, admins the agency; filters and search work', async () => {
      const courseId = await courseOf(t.db, agency);
      const [teamMember] = await Promise.all([createLogin(t.db, agency, ['learner'], { supervisorId: agency.people.supervisor.employeeId })]);
      const outsider = await createLogin(t.db, agency);
      const mine = (await enroll(learner, courseId).expect(201)).body.id;
      const team = (await enroll(await bearer(t, teamMember.email), courseId).expect(201)).body.id;
      const foreign = (await enroll(await bearer(t, outsider.email), courseId).expect(201)).body.id;
      const ids = async (auth: string, query = '') =>
        (await t.http().get(`/api/v1/enrollments?courseId=${courseId}${query}`).set('Authorization', auth).expect(200)).body.items.map((i: { id: string }) => i.id).sort();

      expect(await ids(learner)).toEqual([mine]);
      expect(await ids(supervisor)).toEqual([mine, team].sort());
      expect(await ids(trainer)).toEqual([mine, team, foreign].sort());
      expect(await ids(admin, `&q=${outsider.nip.slice(0, 12)}`)).toEqual([foreign]);
      expect(await ids(trainer, `&employeeId=${teamMember.employeeId}&status=active`)).toEqual([team]);
      expect(await ids(trainer, '&status=requested')).toEqual([]);
      const page = await t.http().get(`/api/v1/enrollments?courseId=${courseId}&pageSize=2`).set('Authorization', trainer).expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(page.body.items).toHaveLength(2);

      await t.http().get(`/api/v1/enrollments/${team}`).set('Authorization', supervisor).expect(200);
      expectProblem(await t.http().get(`/api/v1/enrollments/${foreign}`).set('Authorization', supervisor), 404, 'enrollment.notFound');
      expectProblem(await t.http().get(`/api/v1/enrollments/${team}`).set('Authorization', learner), 404, 'enrollment.notFound');
    });
  });
});
