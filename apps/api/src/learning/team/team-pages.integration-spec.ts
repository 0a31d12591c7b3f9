import { randomUUID } from 'node:crypto';
import { createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { courseOf, enrollmentFixtures } from '../../test-support/enrollment-helpers';
import { portalSignIn, type PortalBrowser } from '../../test-support/portal-client';

/** A calendar date (YYYY-MM-DD) this many days from today, as a date field sends it. */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('portal: the supervisor’s team pages', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let supervisor: PortalBrowser;
  let requestId: string;
  let foreignRequestId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    requestId = (await enrollmentFixtures(t.db, agency)).requestId;
    foreignRequestId = (await enrollmentFixtures(t.db, other)).requestId;
    supervisor = await portalSignIn(t, agency.people.supervisor.email);
  });
  afterAll(() => t.app.close());

  it('shows the team’s progress, overdue courses and gaps to the supervisor, and refuses a learner', async () => {
    const courseId = await courseOf(t.db, agency);
    await t.db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, status, origin, course_version, activated_at, due_at, progress_percent)
       VALUES ($1, $2, $3, 'active', 'self', 1, now() - interval '20 days', now() - interval '2 days', 40)`,
      [agency.id, agency.teamMemberId, courseId],
    );
    const page = await supervisor.page('/team');
    expect(page).toContain('Tim saya');
    expect(page).toContain('Pegawai pegawai');
    expect(page).toContain('Pegawai anggota');
    expect(page).toContain('Pelatihan yang melewati tenggat');
    expect(page).toMatch(/<span class="badge bad">1<\/span>/);
    expect(page).toContain('Kesenjangan kompetensi');
    const found = await supervisor.page('/team?q=anggota');
    expect(found).toContain('Pegawai anggota');

    const learner = await portalSignIn(t, agency.people.learner.email);
    for (const path of ['/team', '/team/requests', '/team/assign', '/team/assessments/new']) {
      const res = await learner.agent.get(path).expect(403);
      expect(res.text).toContain('Anda tidak memiliki akses ke halaman ini.');
    }
    await learner.post(`/team/requests/${requestId}/approve`).expect(403);
  });

  it('approves a request of a team member, and the enrollment starts', async () => {
    const list = await supervisor.page('/team/requests');
    expect(list).toContain(`/team/requests/${requestId}/approve`);
    expect(list).toContain('Pegawai pegawai');
    const res = await supervisor.post(`/team/requests/${requestId}/approve`, { note: 'Sesuai rencana tahun ini' }).expect(303);
    expect(res.headers['location']).toBe('/team/requests');
    const [row] = await t.db.query(`SELECT status, decided_by, decision_note, course_version FROM enrollment WHERE id = $1`, [requestId]);
    expect(row).toMatchObject({ status: 'active', decided_by: agency.people.supervisor.userId, decision_note: 'Sesuai rencana tahun ini' });
    expect(row.course_version).toBeGreaterThan(0);
    const after = await supervisor.page('/team/requests');
    expect(after).toMatch(/class="flash success"[^>]*>Permintaan Pegawai pegawai/);
    expect(after).not.toContain(`/team/requests/${requestId}/approve`);
    // Deciding it twice is refused on the page, not with a crash.
    const again = await supervisor.post(`/team/requests/${requestId}/reject`, { note: 'x' }).expect(409);
    expect(again.text).toContain('error-summary');
  });

  it('rejects a request with a reason, and keeps a too-long reason next to its row', async () => {
    const approvalCourse = await courseOf(t.db, agency, { enrollmentPolicy: 'approval' });
    const [req] = await t.db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, status, origin) VALUES ($1, $2, $3, 'requested', 'self') RETURNING id`,
      [agency.id, agency.teamMemberId, approvalCourse],
    );
    const long = 'terlalu panjang '.repeat(200);
    const bad = await supervisor.post(`/team/requests/${req.id}/reject`, { note: long }).expect(400);
    expect(bad.text).toContain(`id="note-${req.id}-error"`);
    expect(bad.text).toContain(long.trim());
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [req.id]))[0].status).toBe('requested');

    await supervisor.post(`/team/requests/${req.id}/reject`, { note: 'Kuota tahun ini penuh' }).expect(303);
    const [row] = await t.db.query(`SELECT status, decision_note FROM enrollment WHERE id = $1`, [req.id]);
    expect(row).toEqual({ status: 'rejected', decision_note: 'Kuota tahun ini penuh' });
  });

  it('answers another agency’s request with the 404 page and changes nothing', async () => {
    const res = await supervisor.post(`/team/requests/${foreignRequestId}/approve`, {}).expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('tidak ditemukan');
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [foreignRequestId]))[0].status).toBe('requested');
    await supervisor.agent.get(`/team/assessments/new?employeeId=${other.people.learner.employeeId}`).expect(200);
    const foreign = await supervisor.post('/team/assessments', {
      employeeId: other.people.learner.employeeId, competencyId: agency.competencyId, level: '1', sourceRef: 'AC-X/1', occurredAt: dayFromNow(-1),
    }).expect(404);
    expect(foreign.text).toContain('tidak ditemukan');
    expect(await t.db.query(`SELECT 1 FROM ledger_entry WHERE employee_id = $1`, [other.people.learner.employeeId])).toHaveLength(0);
  });

  it('assigns a published course to chosen team members with a due date', async () => {
    const courseId = await courseOf(t.db, agency, { title: 'Pelayanan Publik Prima' });
    const form = await supervisor.page('/team/assign');
    expect(form).toContain(`value="${courseId}"`);
    expect(form).toContain('Pelayanan Publik Prima');
    const due = dayFromNow(30);
    const res = await supervisor
      .post('/team/assign', { courseId, employeeIds: [agency.people.learner.employeeId, agency.teamMemberId], dueAt: due, mandatory: 'true' })
      .expect(303);
    expect(res.headers['location']).toBe('/team');
    const [assignment] = await t.db.query(
      `SELECT target, mandatory, due_at, created_by FROM course_assignment WHERE course_id = $1`,
      [courseId],
    );
    expect(assignment.target.employeeIds.sort()).toEqual([agency.people.learner.employeeId, agency.teamMemberId].sort());
    expect(assignment.target.teamOf).toBe(agency.people.supervisor.employeeId);
    expect(assignment).toMatchObject({ mandatory: true, created_by: agency.people.supervisor.userId });
    // The end of the chosen day in the agency's zone (WIB).
    expect(new Date(assignment.due_at).toISOString()).toBe(new Date(`${due}T23:59:00+07:00`).toISOString());
    expect(await supervisor.page('/team')).toContain('Pelayanan Publik Prima');
  });

  it('shows a bad assignment next to its fields and keeps what was chosen', async () => {
    const courseId = await courseOf(t.db, agency);
    const res = await supervisor.post('/team/assign', { courseId, dueAt: '2031-05-06' }).expect(400);
    expect(res.text).toMatch(/id="f-employeeIds-error"/);
    expect(res.text).toContain('value="2031-05-06"');
    expect(res.text).toMatch(new RegExp(`value="${courseId}" selected`));
    const past = await supervisor.post('/team/assign', { courseId, employeeIds: agency.teamMemberId, dueAt: '2020-01-01' }).expect(422);
    expect(past.text).toMatch(/id="f-dueAt-error"/);
    expect(past.text).toMatch(new RegExp(`value="${agency.teamMemberId}" checked`));
    // Another agency's course reads as a wrong choice, never as assignable.
    const foreignCourse = await courseOf(t.db, other);
    const foreign = await supervisor.post('/team/assign', { courseId: foreignCourse, employeeIds: agency.teamMemberId }).expect(422);
    expect(foreign.text).toMatch(/id="f-courseId-error"/);
    expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = ANY($1)`, [[courseId, foreignCourse]])).toHaveLength(0);
  });

  it('records an assessment of a team member and shows the new ledger entry', async () => {
    const sourceRef = `AC-2026/${randomUUID().slice(0, 8)}`;
    const form = await supervisor.page(`/team/assessments/new?employeeId=${agency.people.learner.employeeId}`);
    expect(form).toContain(`value="${agency.competencyId}"`);
    const res = await supervisor
      .post('/team/assessments', {
        employeeId: agency.people.learner.employeeId, competencyId: agency.competencyId, level: '2', sourceRef,
        occurredAt: dayFromNow(-3), evidenceText: 'Uji kompetensi teknis', evidenceUrl: '',
      })
      .expect(303);
    expect(res.headers['location']).toBe(`/team/assessments/new?employeeId=${agency.people.learner.employeeId}`);
    const [entry] = await t.db.query(`SELECT source, source_ref, level, recorded_by, evidence_text FROM ledger_entry WHERE employee_id = $1 AND source_ref = $2`, [
      agency.people.learner.employeeId, sourceRef,
    ]);
    expect(entry).toEqual({ source: 'assessment', source_ref: sourceRef, level: 2, recorded_by: agency.people.supervisor.userId, evidence_text: 'Uji kompetensi teknis' });
    const page = await supervisor.page(res.headers['location']);
    expect(page).toMatch(/class="flash success"/);
    expect(page).toContain(sourceRef);
    expect(page).toContain('Asesmen');
  });

  it('shows a bad assessment next to its fields and keeps what was typed', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE employee_id = $1`, [agency.teamMemberId]);
    const res = await supervisor
      .post('/team/assessments', { employeeId: agency.teamMemberId, competencyId: agency.competencyId, level: '', sourceRef: 'bukan nomor!', occurredAt: dayFromNow(-1), evidenceText: 'catatan saya' })
      .expect(400);
    expect(res.text).toMatch(/id="f-level-error"/);
    expect(res.text).toMatch(/id="f-sourceRef-error"/);
    expect(res.text).toContain('value="bukan nomor!"');
    expect(res.text).toContain('catatan saya');
    expect(res.text).toMatch(new RegExp(`value="${agency.teamMemberId}" selected`));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE employee_id = $1`, [agency.teamMemberId])).toEqual(before);
  });
});
