import { randomUUID } from 'node:crypto';
import { createEmployee, createLogin, expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { courseOf, enrollmentsOf, waitForAssignment } from '../../test-support/enrollment-helpers';
import { bearer, createAgency, startTestApp, validNip, type Agency, type TestApp } from '../../test-support/test-app';

/** Assignments go through the API and are fanned out by the worker process the global setup started. */
describe('course assignments', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let trainer: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    [trainer, supervisor] = await Promise.all([bearer(t, agency.people.training_admin.email), bearer(t, agency.people.supervisor.email)]);
  });
  afterAll(() => t.app.close());

  const assign = (auth: string, courseId: string, body: unknown) => t.http().post(`/api/v1/courses/${courseId}/assignments`).set('Authorization', auth).send(body as object);
  const assignCsv = (auth: string, courseId: string, csv: string, query = '') =>
    t.http().post(`/api/v1/courses/${courseId}/assignments/csv${query}`).set('Authorization', auth).set('Content-Type', 'text/csv').send(csv);

  it('assigns a unit with its sub-units: 202, then the worker enrolls everyone active, pinned, mandatory, due', async () => {
    const own = await createAgency(t.db);
    const auth = await bearer(t, own.people.training_admin.email);
    await createEmployee(t.db, own, { status: 'retired' }); // not assigned: no longer working
    const courseId = await courseOf(t.db, own, { enrollmentPolicy: 'assigned' });
    const res = await assign(auth, courseId, { target: { kind: 'unit', unitId: own.units.root, includeSubUnits: true }, mandatory: true, dueInDays: 14 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ courseId, status: 'queued', mandatory: true, dueInDays: 14, target: { kind: 'unit', unitId: own.units.root, includeSubUnits: true } });
    const done = await waitForAssignment(t, auth, res.body.id);
    // createAgency makes six active employees in the tree under SETDA.
    expect(done).toMatchObject({ status: 'done', total: 6, processed: 6, enrolled: 6, alreadyEnrolled: 0 });
    const rows = await enrollmentsOf(t.db, courseId);
    expect(rows).toHaveLength(6);
    const due = new Date(res.body.createdAt).getTime() + 14 * 86_400_000;
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'active', origin: 'assigned', mandatory: true, course_version: 1, assignment_id: res.body.id });
      expect(r.due_at?.getTime()).toBe(due);
    }
  });

  it('assigning twice does not duplicate: the second counts them as already enrolled, and activates a pending request', async () => {
    const courseId = await courseOf(t.db, agency, { enrollmentPolicy: 'approval' });
    const learner = await bearer(t, agency.people.learner.email);
    const requested = (await t.http().post('/api/v1/enrollments').set('Authorization', learner).send({ courseId }).expect(201)).body.id;
    const target = { kind: 'unit', unitId: agency.units.child, includeSubUnits: false };
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const first = await waitForAssignment(t, trainer, (await assign(trainer, courseId, { target, dueAt }).expect(202)).body.id);
    // Five employees sit in the child unit; the learner's request is activated, counted as enrolled.
    expect(first).toMatchObject({ status: 'done', total: 5, processed: 5, enrolled: 5, alreadyEnrolled: 0 });
    const [activated] = await t.db.query(`SELECT status, course_version, origin, due_at FROM enrollment WHERE id = $1`, [requested]);
    expect(activated).toMatchObject({ status: 'active', course_version: 1, origin: 'assigned' });
    expect(activated.due_at.toISOString()).toBe(dueAt);

    const second = await waitForAssignment(t, trainer, (await assign(trainer, courseId, { target: { kind: 'position', positionId: agency.positions.staff } }).expect(202)).body.id);
    // Staff: learner, grader, trainer in the child unit (already enrolled) and the team member in DISHUB (new).
    expect(second).toMatchObject({ status: 'done', total: 4, processed: 4, enrolled: 1, alreadyEnrolled: 3 });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM enrollment WHERE course_id = $1`, [courseId])).toEqual([{ n: 6 }]);

    const listed = await t.http().get(`/api/v1/courses/${courseId}/assignments`).set('Authorization', trainer).expect(200);
    expect(listed.body).toMatchObject({ total: 2, items: [{ id: second.id }, { id: first.id }] });
  });

  /** Publishes the assignment's event once more through the outbox and waits until the worker has taken it. */
  const replay = async (assignmentId: string) => {
    const [event] = await t.db.query(`INSERT INTO outbox_event (tenant_id, name, payload) VALUES ($1, 'assignment.created', $2) RETURNING id`, [
      agency.id, JSON.stringify({ tenantId: agency.id, assignmentId }),
    ]);
    const deadline = Date.now() + 10_000;
    while ((await t.db.query(`SELECT 1 FROM outbox_event WHERE id = $1 AND published_at IS NOT NULL`, [event.id])).length === 0) {
      if (Date.now() > deadline) throw new Error('the relay never published the replayed event');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Published is not yet processed: give the worker a moment on the job (it is a no-op or one small batch).
    await new Promise((r) => setTimeout(r, 300));
  };

  it('re-running the job changes nothing and counts nothing twice', async () => {
    const courseId = await courseOf(t.db, agency);
    const ids = [agency.people.learner.employeeId, agency.teamMemberId];
    const done = await waitForAssignment(t, trainer, (await assign(trainer, courseId, { target: { kind: 'employees', employeeIds: ids } }).expect(202)).body.id);
    // The same job again, as a duplicate delivery would bring it: a second outbox event for the same assignment.
    await replay(String(done.id));
    const [row] = await t.db.query(`SELECT processed, enrolled, already_enrolled, total, status FROM course_assignment WHERE id = $1`, [done.id]);
    expect(row).toMatchObject({ processed: 2, enrolled: 2, already_enrolled: 0, total: 2, status: 'done' });
    expect(await enrollmentsOf(t.db, courseId)).toHaveLength(2);
  });

  it('a crash between batches resumes after the cursor', async () => {
    const courseId = await courseOf(t.db, agency);
    const ids = [agency.people.learner.employeeId, agency.teamMemberId].sort();
    // As the worker leaves it after committing the first of two batches.
    const [a] = await t.db.query(
      `INSERT INTO course_assignment (tenant_id, course_id, target, status, total, processed, enrolled, cursor_employee_id)
       VALUES ($1, $2, $3, 'running', 2, 1, 1, $4) RETURNING id`,
      [agency.id, courseId, JSON.stringify({ kind: 'employees', employeeIds: ids }), ids[0]],
    );
    await t.db.query(`INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, assignment_id, activated_at) VALUES ($1, $2, $3, 1, 'active', 'assigned', $4, now())`, [
      agency.id, ids[0], courseId, a.id,
    ]);
    await replay(a.id);
    await waitForAssignment(t, trainer, a.id);
    const [row] = await t.db.query(`SELECT processed, enrolled, already_enrolled, status FROM course_assignment WHERE id = $1`, [a.id]);
    expect(row).toEqual({ processed: 2, enrolled: 2, already_enrolled: 0, status: 'done' });
    expect((await enrollmentsOf(t.db, courseId)).map((r) => r.employee_id).sort()).toEqual(ids);
  });

  it('refuses unknown, inactive and other agencies’ employees per index, writing nothing', async () => {
    const courseId = await courseOf(t.db, agency);
    const retired = await createEmployee(t.db, agency, { status: 'retired' });
    const res = await assign(trainer, courseId, {
      target: { kind: 'employees', employeeIds: [agency.people.learner.employeeId, other.people.learner.employeeId, randomUUID(), retired.employeeId] },
    });
    expectProblem(res, 422, 'assignment.employeesInvalid');
    expect(fieldRules(res)).toEqual(['target.employeeIds[1]:employeeUnknown', 'target.employeeIds[2]:employeeUnknown', 'target.employeeIds[3]:employeeUnknown']);
    expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = $1`, [courseId])).toEqual([]);
    expectProblem(await assign(trainer, courseId, { target: { kind: 'unit', unitId: other.units.root } }), 422, 'assignment.unitNotFound');
    expectProblem(await assign(trainer, courseId, { target: { kind: 'position', positionId: other.positions.staff } }), 422, 'assignment.positionNotFound');
    expectProblem(await assign(trainer, await courseOf(t.db, other), { target: { kind: 'unit', unitId: agency.units.root } }), 404, 'enrollment.courseNotFound');
  });

  it('checks due dates and target shape: past, both, foreign fields, duplicates', async () => {
    const courseId = await courseOf(t.db, agency);
    const unit = { kind: 'unit', unitId: agency.units.child };
    expect(fieldRules(await assign(trainer, courseId, { target: unit, dueAt: '2020-01-01T00:00:00+07:00' }))).toEqual(['dueAt:dueInPast']);
    expect(fieldRules(await assign(trainer, courseId, { target: unit, dueAt: '2099-01-01T00:00:00Z', dueInDays: 3 }))).toEqual(['dueInDays:dueBoth']);
    expect(fieldRules(await assign(trainer, courseId, { target: { ...unit, positionId: agency.positions.staff } }))).toEqual(['target.positionId:unknownField']);
    const id = agency.people.learner.employeeId;
    expect(fieldRules(await assign(trainer, courseId, { target: { kind: 'employees', employeeIds: [id, id] } }))).toEqual(['target.employeeIds:arrayUnique']);
    expect(fieldRules(await assign(trainer, courseId, { target: { kind: 'employees' } }))).toEqual(['target.employeeIds:required']);
    expect(fieldRules(await assign(trainer, courseId, { target: { kind: 'everyone' } }))).toEqual(['target.kind:isIn']);
    expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = $1`, [courseId])).toEqual([]);
  });

  it('a supervisor assigns only within the team: others are refused per index, a unit reaches only the team', async () => {
    const courseId = await courseOf(t.db, agency);
    const refused = await assign(supervisor, courseId, { target: { kind: 'employees', employeeIds: [agency.people.learner.employeeId, agency.people.grader.employeeId] } });
    expect(fieldRules(refused)).toEqual(['target.employeeIds[1]:employeeUnknown']);
    const res = await assign(supervisor, courseId, { target: { kind: 'unit', unitId: agency.units.root, includeSubUnits: true } }).expect(202);
    const done = await waitForAssignment(t, supervisor, res.body.id);
    // The team: the learner and the team member, not the supervisor themselves nor anyone else.
    expect(done).toMatchObject({ status: 'done', enrolled: 2 });
    expect((await enrollmentsOf(t.db, courseId)).map((r) => r.employee_id).sort()).toEqual([agency.people.learner.employeeId, agency.teamMemberId].sort());
    // Supervisors see their own assignments; another supervisor does not.
    const stranger = await createLogin(t.db, agency, ['learner', 'supervisor']);
    expectProblem(await t.http().get(`/api/v1/assignments/${res.body.id}`).set('Authorization', await bearer(t, stranger.email)), 404, 'assignment.notFound');
    expectProblem(await t.http().get(`/api/v1/assignments/${res.body.id}`).set('Authorization', await bearer(t, other.people.training_admin.email)), 404, 'assignment.notFound');
  });

  describe('CSV of NIPs', () => {
    it('assigns the valid rows and reports malformed, duplicate, unknown, other-agency and inactive NIPs per row', async () => {
      const courseId = await courseOf(t.db, agency);
      const retired = await createEmployee(t.db, agency, { status: 'retired' });
      const csv = [
        'nip,full_name',
        `${agency.people.learner.nip},Pegawai`,
        '12345,Salah',
        `${agency.people.learner.nip},Lagi`,
        `${validNip()},Tidak dikenal`,
        `${other.people.learner.nip},Instansi lain`,
        `${retired.nip},Pensiun`,
        `${agency.people.grader.nip},Penilai`,
      ].join('\n');
      const dry = await assignCsv(trainer, courseId, csv, '?dryRun=true').expect(200);
      expect(dry.body).toMatchObject({ assignment: null, report: { dryRun: true, rows: 7, valid: 2, invalid: 5, written: false } });
      expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = $1`, [courseId])).toEqual([]);

      const res = await assignCsv(trainer, courseId, csv, '?mandatory=true').expect(202);
      expect(res.body.report.errors.map((e: { line: number; rule: string }) => `${e.line}:${e.rule}`)).toEqual([
        '3:nip.format', '4:duplicateRow', '5:unknownNip', '6:unknownNip', '7:inactiveEmployee',
      ]);
      expect(res.body.assignment).toMatchObject({ mandatory: true, target: { kind: 'csv', employeeCount: 2 } });
      expect(await waitForAssignment(t, trainer, res.body.assignment.id)).toMatchObject({ status: 'done', enrolled: 2 });
    });

    it('all-or-nothing assigns nothing when a row is invalid; a file without valid rows is 422', async () => {
      const courseId = await courseOf(t.db, agency);
      const bad = await assignCsv(trainer, courseId, `nip\n${agency.people.learner.nip}\n999\n`, '?mode=all-or-nothing');
      expectProblem(bad, 422, 'import.rowsInvalid');
      expect(bad.body.report.invalid).toBe(1);
      expectProblem(await assignCsv(trainer, courseId, `nip\n${validNip()}\n`), 422, 'assignment.noValidRows');
      expectProblem(await assignCsv(trainer, courseId, 'nama\nAni\n'), 400, 'import.badHeader');
      expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = $1`, [courseId])).toEqual([]);
    });
  });
});
