import { randomUUID } from 'node:crypto';
import { createEmployee } from '../../test-support/auth-helpers';
import { createTechnicalCompetency, daysFromNow, expectRefusal, ledgerCounts, nationalCompetencies } from '../../test-support/ledger-helpers';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('prior learning (recognition of prior learning)', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let national: Record<string, string>;
  const tokens = {} as Record<'admin' | 'trainer' | 'supervisor' | 'learner' | 'grader' | 'otherAdmin', string>;

  const claim = (over: Record<string, unknown> = {}) => ({
    competencyId: national['M.6'],
    level: 3,
    occurredAt: '2025-09-15T08:00:00+07:00',
    description: 'Diklat Kepemimpinan Pengawas, BPSDM Provinsi Sumatera Utara, 120 JP',
    evidenceUrl: 'https://bpsdm.sumutprov.go.id/sertifikat/2025-0142.pdf',
    ...over,
  });
  const submit = (auth: string, body: Record<string, unknown> = claim()) => t.http().post('/api/v1/prior-learning').set('Authorization', auth).send(body);
  const accept = (id: string, auth: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/v1/prior-learning/${id}/accept`).set('Authorization', auth).send(body);
  const reject = (id: string, auth: string, body: Record<string, unknown> = { note: 'Sertifikat tidak dapat diverifikasi' }) =>
    t.http().post(`/api/v1/prior-learning/${id}/reject`).set('Authorization', auth).send(body);
  const list = (auth: string, query: Record<string, unknown> = {}) =>
    t.http().get('/api/v1/prior-learning').query({ pageSize: 100, ...query }).set('Authorization', auth);
  const row = async (id: string) => (await t.db.query(`SELECT * FROM prior_learning WHERE id = $1`, [id]))[0];
  const held = async (employeeId: string, code: string) => {
    const res = await t.http().get(`/api/v1/employees/${employeeId}/profile`).set('Authorization', tokens.admin).expect(200);
    return res.body.items.find((i: { competency: { code: string } }) => i.competency.code === code).held as number;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    national = await nationalCompetencies(t.db);
    [tokens.admin, tokens.trainer, tokens.supervisor, tokens.learner, tokens.grader, tokens.otherAdmin] = await Promise.all([
      bearer(t, agency.people.tenant_admin.email),
      bearer(t, agency.people.training_admin.email),
      bearer(t, agency.people.supervisor.email),
      bearer(t, agency.people.learner.email),
      bearer(t, agency.people.grader.email),
      bearer(t, other.people.tenant_admin.email),
    ]);
  });
  afterAll(() => t.app.close());

  describe('submitting', () => {
    it('records the learner’s own claim as submitted (201), without touching the ledger', async () => {
      const before = await ledgerCounts(t.db, agency.id);
      const res = await submit(tokens.learner);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'submitted',
        level: 3,
        occurredAt: '2025-09-15T01:00:00.000Z',
        description: claim().description,
        evidenceUrl: claim().evidenceUrl,
        employee: { id: agency.people.learner.employeeId, nip: agency.people.learner.nip },
        competency: { id: national['M.6'], code: 'M.6', type: 'manajerial' },
        decidedBy: null,
        decidedAt: null,
        ledgerEntryId: null,
      });
      expect(await row(res.body.id)).toMatchObject({ tenant_id: agency.id, employee_id: agency.people.learner.employeeId, status: 'submitted' });
      const after = await ledgerCounts(t.db, agency.id);
      expect(after).toEqual({ ...before, submissions: before.submissions + 1, audits: before.audits + 1 });
      const audit = await t.db.query(`SELECT action, actor_user_id FROM audit_log WHERE target_id = $1::text`, [res.body.id]);
      expect(audit).toEqual([{ action: 'prior_learning.submitted', actor_user_id: agency.people.learner.userId }]);
      // Without evidence link is fine too, and the agency's own technical competencies count.
      const technical = await createTechnicalCompetency(t.db, agency.id);
      const bare = await submit(tokens.learner, claim({ competencyId: technical, evidenceUrl: undefined }));
      expect(bare.status).toBe(201);
      expect(bare.body).toMatchObject({ evidenceUrl: null, competency: { id: technical, type: 'teknis' } });
    });

    it('refuses bad claims with a 4xx naming the field, and writes nothing', async () => {
      const before = await ledgerCounts(t.db, agency.id);
      for (const level of [0, 6, 2.5, '3']) expectProblem(await submit(tokens.learner, claim({ level })), 400, [{ field: 'level' }]);
      expectProblem(await submit(tokens.learner, claim({ description: '' })), 400, [{ field: 'description', rule: 'required' }]);
      expectProblem(await submit(tokens.learner, claim({ description: 'x'.repeat(4001) })), 400, [{ field: 'description', rule: 'maxLength' }]);
      for (const evidenceUrl of ['ftp://bpsdm.go.id/a.pdf', 'javascript:alert(1)', 'bpsdm.go.id/a.pdf']) {
        expectProblem(await submit(tokens.learner, claim({ evidenceUrl })), 400, [{ field: 'evidenceUrl', rule: 'isUrl' }]);
      }
      expectProblem(await submit(tokens.learner, claim({ occurredAt: '15/09/2025' })), 400, [{ field: 'occurredAt', rule: 'isIso8601' }]);
      // A claim is always for oneself: naming someone else is an unknown field.
      expectProblem(await submit(tokens.learner, claim({ employeeId: agency.teamMemberId })), 400, [{ field: 'employeeId', rule: 'unknownField' }]);
      expectProblem(await submit(tokens.learner, {}), 400, ['competencyId', 'level', 'occurredAt', 'description'].map((field) => ({ field, rule: 'required' })));

      expectRefusal(await submit(tokens.learner, claim({ occurredAt: daysFromNow(1) })), 422, 'ledger.occurredInFuture', [{ field: 'occurredAt' }]);
      expectRefusal(await submit(tokens.learner, claim({ competencyId: randomUUID() })), 422, 'competency.notFound', [{ field: 'competencyId' }]);
      expectRefusal(await submit(tokens.learner, claim({ competencyId: await createTechnicalCompetency(t.db, other.id) })), 422, 'competency.notFound', [
        { field: 'competencyId' },
      ]);
      expectRefusal(await submit(tokens.learner, claim({ competencyId: await createTechnicalCompetency(t.db, agency.id, { retired: true }) })), 422, 'competency.retired', [
        { field: 'competencyId', rule: 'retired' },
      ]);
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
    });

    it('is for employees only: a super admin acting in the agency is refused with 403', async () => {
      const superAdmin = await bearer(t, (await createSuperAdmin(t.db)).email);
      const before = await ledgerCounts(t.db, agency.id);
      expectRefusal(await submit(superAdmin).set('X-Tenant-Id', agency.id), 403, 'priorLearning.employeesOnly');
      expectRefusal(await submit(superAdmin), 400, 'auth.tenantRequired');
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('deciding', () => {
    it('accepts: one ledger entry from the submission, the profile raised, the decision recorded', async () => {
      const learnerId = agency.people.learner.employeeId;
      const submission = (await submit(tokens.learner, claim({ competencyId: national['M.7'], level: 4 })).expect(201)).body;
      expect(await held(learnerId, 'M.7')).toBe(0);

      const res = await accept(submission.id, tokens.supervisor, { note: 'Sertifikat asli sudah diperiksa' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: submission.id,
        status: 'accepted',
        decidedBy: agency.people.supervisor.userId,
        decisionNote: 'Sertifikat asli sudah diperiksa',
      });
      expect(Date.parse(res.body.decidedAt)).toBeGreaterThan(Date.now() - 60_000);
      const [entry] = await t.db.query(`SELECT * FROM ledger_entry WHERE id = $1`, [res.body.ledgerEntryId]);
      expect(entry).toMatchObject({
        tenant_id: agency.id,
        employee_id: learnerId,
        competency_id: national['M.7'],
        level: 4,
        source: 'prior_learning',
        source_ref: `prior-learning:${submission.id}`,
        evidence_text: submission.description,
        evidence_url: submission.evidenceUrl,
        recorded_by: agency.people.supervisor.userId,
        target_entry_id: null,
      });
      expect(entry.occurred_at.toISOString()).toBe(submission.occurredAt);
      expect(await held(learnerId, 'M.7')).toBe(4);

      const history = await t.http().get(`/api/v1/employees/${learnerId}/ledger`).set('Authorization', tokens.learner).expect(200);
      expect(history.body.items[0]).toMatchObject({ id: entry.id, source: 'prior_learning', level: 4 });
      expect((await t.http().get(`/api/v1/employees/${learnerId}/ledger/verify`).set('Authorization', tokens.learner).expect(200)).body.valid).toBe(true);
      const audit = await t.db.query(`SELECT action, detail FROM audit_log WHERE target_id = $1::text ORDER BY id`, [submission.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['prior_learning.submitted', 'prior_learning.accepted']);
      expect(audit[1].detail).toMatchObject({ ledgerEntryId: entry.id, level: 4 });
    });

    it('rejects with a required note (3–2000), writing no ledger entry', async () => {
      const submission = (await submit(tokens.learner).expect(201)).body;
      const before = await ledgerCounts(t.db, agency.id);
      expectProblem(await reject(submission.id, tokens.trainer, {}), 400, [{ field: 'note', rule: 'required' }]);
      expectProblem(await reject(submission.id, tokens.trainer, { note: 'ok' }), 400, [{ field: 'note', rule: 'minLength' }]);
      expectProblem(await reject(submission.id, tokens.trainer, { note: 'x'.repeat(2001) }), 400, [{ field: 'note', rule: 'maxLength' }]);
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);

      const res = await reject(submission.id, tokens.trainer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'rejected', decidedBy: agency.people.training_admin.userId, decisionNote: 'Sertifikat tidak dapat diverifikasi', ledgerEntryId: null });
      const after = await ledgerCounts(t.db, agency.id);
      expect(after).toEqual({ ...before, audits: before.audits + 1 });
    });

    it('decides once: accepting or rejecting a decided submission is 409, and nothing changes', async () => {
      const accepted = (await submit(tokens.learner).expect(201)).body;
      await accept(accepted.id, tokens.admin).expect(200);
      const rejected = (await submit(tokens.learner).expect(201)).body;
      await reject(rejected.id, tokens.admin).expect(200);
      const rows = { accepted: await row(accepted.id), rejected: await row(rejected.id) };
      const before = await ledgerCounts(t.db, agency.id);

      expectRefusal(await accept(accepted.id, tokens.admin), 409, 'priorLearning.alreadyDecided');
      expectRefusal(await accept(accepted.id, tokens.trainer), 409, 'priorLearning.alreadyDecided');
      expectRefusal(await reject(accepted.id, tokens.supervisor), 409, 'priorLearning.alreadyDecided');
      expectRefusal(await accept(rejected.id, tokens.admin), 409, 'priorLearning.alreadyDecided');
      expectRefusal(await reject(rejected.id, tokens.admin), 409, 'priorLearning.alreadyDecided');

      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
      expect({ accepted: await row(accepted.id), rejected: await row(rejected.id) }).toEqual(rows);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE source_ref = $1`, [`prior-learning:${accepted.id}`])).toEqual([{ n: 1 }]);
    });

    it('accepts exactly once when five decisions race', async () => {
      const submission = (await submit(tokens.learner).expect(201)).body;
      const responses = await Promise.all([tokens.admin, tokens.trainer, tokens.supervisor, tokens.admin, tokens.trainer].map((auth) => accept(submission.id, auth)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE source_ref = $1`, [`prior-learning:${submission.id}`])).toEqual([{ n: 1 }]);
    });

    it('refuses a decision on one’s own submission (403), even for admins', async () => {
      const before = await ledgerCounts(t.db, agency.id);
      const own = (await submit(tokens.supervisor).expect(201)).body;
      expectRefusal(await accept(own.id, tokens.supervisor), 403, 'priorLearning.ownSubmission');
      expectRefusal(await reject(own.id, tokens.supervisor), 403, 'priorLearning.ownSubmission');
      const trainers = (await submit(tokens.trainer).expect(201)).body;
      expectRefusal(await accept(trainers.id, tokens.trainer), 403, 'priorLearning.ownSubmission');
      const admins = (await submit(tokens.admin).expect(201)).body;
      expectRefusal(await accept(admins.id, tokens.admin), 403, 'priorLearning.ownSubmission');
      expect(await ledgerCounts(t.db, agency.id)).toEqual({ ...before, submissions: before.submissions + 3, audits: before.audits + 3 });
      // Someone else may decide them.
      await accept(trainers.id, tokens.admin).expect(200);
      await accept(own.id, tokens.trainer).expect(200);
      await reject(admins.id, tokens.trainer).expect(200);
    });

    it('lets a supervisor decide for their team only, and never a learner', async () => {
      const graders = (await submit(tokens.grader).expect(201)).body; // the grader reports to the admin, not the supervisor
      expectRefusal(await accept(graders.id, tokens.supervisor), 404, 'priorLearning.notFound');
      expectRefusal(await reject(graders.id, tokens.supervisor), 404, 'priorLearning.notFound');
      const learners = (await submit(tokens.learner).expect(201)).body;
      expectRefusal(await accept(learners.id, tokens.learner), 403, 'auth.forbiddenRole');
      expectRefusal(await accept(learners.id, tokens.grader), 403, 'auth.forbiddenRole');
      expectRefusal(await reject(learners.id, tokens.grader), 403, 'auth.forbiddenRole');
      expect((await row(graders.id)).status).toBe('submitted');
      expect((await row(learners.id)).status).toBe('submitted');
      await accept(graders.id, tokens.trainer).expect(200);
    });

    it('keeps a submission submitted when its competency was retired before the decision (422)', async () => {
      const technical = await createTechnicalCompetency(t.db, agency.id);
      const submission = (await submit(tokens.learner, claim({ competencyId: technical })).expect(201)).body;
      await t.db.query(`UPDATE competency SET retired_at = now() WHERE id = $1`, [technical]);
      const before = await ledgerCounts(t.db, agency.id);
      expectRefusal(await accept(submission.id, tokens.admin), 422, 'competency.retired', [{ field: 'competencyId' }]);
      expect((await row(submission.id)).status).toBe('submitted');
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
      await reject(submission.id, tokens.admin).expect(200);
    });
  });

  describe('reading', () => {
    it('shows learners their own, supervisors their team’s, admins the whole agency; filters by status and pages', async () => {
      const own = await createAgency(t.db);
      const [admin, trainer, supervisor, learner, grader] = await Promise.all(
        (['tenant_admin', 'training_admin', 'supervisor', 'learner', 'grader'] as const).map((r) => bearer(t, own.people[r].email)),
      );
      const ids = {
        learner: (await submit(learner).expect(201)).body.id as string,
        supervisor: (await submit(supervisor).expect(201)).body.id as string,
        grader: (await submit(grader).expect(201)).body.id as string,
      };
      await accept(ids.learner, supervisor).expect(200);
      const idsOf = async (auth: string, query: Record<string, unknown> = {}) => {
        const res = await list(auth, query).expect(200);
        return (res.body.items as { id: string }[]).map((s) => s.id).sort();
      };
      expect(await idsOf(learner)).toEqual([ids.learner]);
      expect(await idsOf(grader)).toEqual([ids.grader]);
      expect(await idsOf(supervisor)).toEqual([ids.learner, ids.supervisor].sort());
      expect(await idsOf(admin)).toEqual(Object.values(ids).sort());
      expect(await idsOf(trainer)).toEqual(Object.values(ids).sort());
      expect(await idsOf(admin, { status: 'accepted' })).toEqual([ids.learner]);
      expect(await idsOf(admin, { status: 'submitted' })).toEqual([ids.supervisor, ids.grader].sort());
      expect(await idsOf(admin, { status: 'rejected' })).toEqual([]);
      expect(await idsOf(supervisor, { status: 'submitted' })).toEqual([ids.supervisor]);

      const page = await list(admin, { pageSize: 2, page: 2 }).expect(200);
      expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(page.body.items).toHaveLength(1);
      const newestFirst = await list(admin).expect(200);
      expect(newestFirst.body.items.map((s: { id: string }) => s.id)).toEqual([ids.grader, ids.supervisor, ids.learner]);
      expectProblem(await list(admin, { status: 'approved' }), 400, [{ field: 'status', rule: 'isIn' }]);
      expectProblem(await list(admin, { pageSize: 101 }), 400, [{ field: 'pageSize', rule: 'max' }]);
    });
  });

  describe('tenant isolation', () => {
    it('hides another agency’s submissions: not listed, and 404 to decide', async () => {
      const submission = (await submit(tokens.learner).expect(201)).body;
      const listed = await list(tokens.otherAdmin).expect(200);
      expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(submission.id);
      expectRefusal(await accept(submission.id, tokens.otherAdmin), 404, 'priorLearning.notFound');
      expectRefusal(await reject(submission.id, tokens.otherAdmin), 404, 'priorLearning.notFound');
      expectRefusal(await accept(randomUUID(), tokens.admin), 404, 'priorLearning.notFound');
      expectProblem(await accept('PL-1', tokens.admin), 400, [{ field: 'id', rule: 'isUuid' }]);
      expect((await row(submission.id)).status).toBe('submitted');
      expect(await ledgerCounts(t.db, other.id)).toMatchObject({ entries: 0, submissions: 0 });

      // A team member without a login cannot submit, but is still part of the supervisor's team for decisions.
      const loginless = (await createEmployee(t.db, agency, { supervisorId: agency.people.supervisor.employeeId })).employeeId;
      const [direct] = await t.db.query(
        `INSERT INTO prior_learning (tenant_id, employee_id, competency_id, level, occurred_at, description) VALUES ($1, $2, $3, 2, '2025-01-01', 'Impor berkas lama') RETURNING id`,
        [agency.id, loginless, national['M.1']],
      );
      await accept(direct.id, tokens.supervisor).expect(200);
      expect(await held(loginless, 'M.1')).toBe(2);
    });
  });
});
