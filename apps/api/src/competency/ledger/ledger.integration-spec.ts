import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../../test-support/auth-helpers';
import {
  createTechnicalCompetency, daysFromNow, expectRefusal, ledgerCounts, nationalCompetencies,
} from '../../test-support/ledger-helpers';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** Tampers with a stored entry as the database superuser would: the append-only trigger off, for one statement. */
async function tamper(db: DataSource, sql: string, params: unknown[]) {
  const runner = db.createQueryRunner();
  await runner.connect();
  // In one transaction, so no other session ever sees the table without its trigger.
  await runner.startTransaction();
  try {
    await runner.query(`ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only`);
    try {
      await runner.query(sql, params);
    } finally {
      await runner.query(`ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only`);
    }
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

describe('the competency ledger', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let national: Record<string, string>;
  let admin: string;
  let trainer: string;
  let supervisor: string;
  let learner: string;

  const record = (employeeId: string, body: Record<string, unknown>, auth = trainer) =>
    t.http().post(`/api/v1/employees/${employeeId}/ledger`).set('Authorization', auth).send(body);
  const evidence = (over: Record<string, unknown> = {}) => ({
    competencyId: national['M.1'],
    level: 3,
    source: 'assessment',
    sourceRef: `AC-2025/${randomUUID().slice(0, 8)}`,
    occurredAt: '2025-06-02T09:00:00+07:00',
    ...over,
  });
  const rowsOf = (employeeId: string) => t.db.query(`SELECT * FROM ledger_entry WHERE employee_id = $1 ORDER BY sequence`, [employeeId]);
  const heldLevel = async (employeeId: string, code: string, auth = admin) => {
    const res = await t.http().get(`/api/v1/employees/${employeeId}/profile`).set('Authorization', auth).expect(200);
    const item = res.body.items.find((i: { competency: { code: string } }) => i.competency.code === code);
    return item.held as number;
  };
  /** A fresh employee in the supervisor's team, so each test reads its own chain. */
  const teamMember = async () => (await createEmployee(t.db, agency, { supervisorId: agency.people.supervisor.employeeId })).employeeId;

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    national = await nationalCompetencies(t.db);
    [admin, trainer, supervisor, learner] = await Promise.all([
      bearer(t, agency.people.tenant_admin.email),
      bearer(t, agency.people.training_admin.email),
      bearer(t, agency.people.supervisor.email),
      bearer(t, agency.people.learner.email),
    ]);
  });
  afterAll(() => t.app.close());

  describe('recording evidence', () => {
    it('records an assessment and manual evidence (201) and shows them in the history, newest first', async () => {
      const employeeId = await teamMember();
      const assessment = await record(employeeId, evidence({ evidenceText: 'Hasil assessment center 2025', evidenceUrl: 'https://simpeg.example.go.id/ac/1.pdf' }));
      expect(assessment.status).toBe(201);
      expect(assessment.body).toMatchObject({
        sequence: 1,
        source: 'assessment',
        level: 3,
        competency: { id: national['M.1'], code: 'M.1', type: 'manajerial' },
        evidenceText: 'Hasil assessment center 2025',
        evidenceUrl: 'https://simpeg.example.go.id/ac/1.pdf',
        recordedBy: agency.people.training_admin.userId,
        prevHash: null,
        effective: true,
      });
      expect(assessment.body.hash).toMatch(/^[0-9a-f]{64}$/);
      const manual = await record(employeeId, evidence({ source: 'manual', competencyId: national['SK.1'], level: 2 }), admin);
      expect(manual.status).toBe(201);
      expect(manual.body).toMatchObject({ sequence: 2, source: 'manual', prevHash: assessment.body.hash });

      const history = await t.http().get(`/api/v1/employees/${employeeId}/ledger`).set('Authorization', admin).expect(200);
      expect(history.body).toMatchObject({ total: 2, page: 1 });
      expect(history.body.items.map((e: { id: string }) => e.id)).toEqual([manual.body.id, assessment.body.id]);
      expect(await heldLevel(employeeId, 'M.1')).toBe(3);
      expect(await heldLevel(employeeId, 'SK.1')).toBe(2);
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE target_id = ANY($1::text[]) ORDER BY action`, [[assessment.body.id, manual.body.id]]);
      expect(audit).toEqual([{ action: 'ledger.assessment' }, { action: 'ledger.manual' }]);
    });

    it('answers the same source again with 200 and the same entry; one row in the database', async () => {
      const employeeId = await teamMember();
      const body = evidence();
      const first = await record(employeeId, body);
      expect(first.status).toBe(201);
      const again = await record(employeeId, body);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE tenant_id = $1 AND source_ref = $2`, [agency.id, body.sourceRef])).toEqual([
        { n: 1 },
      ]);
    });

    it('answers the same source with a different level with 409 naming sourceRef, and writes nothing', async () => {
      const employeeId = await teamMember();
      const body = evidence();
      await record(employeeId, body).expect(201);
      const before = await ledgerCounts(t.db, agency.id);
      const res = await record(employeeId, { ...body, level: 4 });
      expectRefusal(res, 409, 'ledger.sourceConflict', [{ field: 'sourceRef' }]);
      expect(res.body.detail).toContain(body.sourceRef);
      // The same source for another employee is a conflict too: a document records one person's result.
      expectRefusal(await record(await teamMember(), body), 409, 'ledger.sourceConflict', [{ field: 'sourceRef' }]);
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
    });

    it.each([0, 6, 2.5, '3', null, -1])('refuses level %p with 400 naming `level`', async (level) => {
      const employeeId = await teamMember();
      const res = await record(employeeId, evidence({ level }));
      expectProblem(res, 400, [{ field: 'level' }]);
      expect(await rowsOf(employeeId)).toEqual([]);
    });

    it('refuses an unknown competency and another agency’s technical competency with 422 naming competencyId', async () => {
      const employeeId = await teamMember();
      const foreign = await createTechnicalCompetency(t.db, other.id);
      const before = await ledgerCounts(t.db, agency.id);
      for (const competencyId of [randomUUID(), foreign]) {
        expectRefusal(await record(employeeId, evidence({ competencyId })), 422, 'competency.notFound', [{ field: 'competencyId', rule: 'notFound' }]);
      }
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
      // The agency's own technical competency is fine.
      await record(employeeId, evidence({ competencyId: await createTechnicalCompetency(t.db, agency.id) })).expect(201);
    });

    it('refuses a retired competency with 422', async () => {
      const employeeId = await teamMember();
      const retired = await createTechnicalCompetency(t.db, agency.id, { retired: true });
      expectRefusal(await record(employeeId, evidence({ competencyId: retired })), 422, 'competency.retired', [{ field: 'competencyId', rule: 'retired' }]);
      expect(await rowsOf(employeeId)).toEqual([]);
    });

    it('refuses an entry dated in the future (422 occurredAt) and a validity ending before it happened (422 validUntil)', async () => {
      const employeeId = await teamMember();
      expectRefusal(await record(employeeId, evidence({ occurredAt: daysFromNow(1) })), 422, 'ledger.occurredInFuture', [{ field: 'occurredAt' }]);
      for (const validUntil of ['2025-06-01T00:00:00+07:00', '2025-06-02T09:00:00+07:00']) {
        expectRefusal(await record(employeeId, evidence({ validUntil })), 422, 'ledger.validUntilBeforeOccurred', [{ field: 'validUntil' }]);
      }
      expectProblem(await record(employeeId, evidence({ occurredAt: '2025-13-01T00:00:00Z' })), 400, [{ field: 'occurredAt', rule: 'isIso8601' }]);
      expect(await rowsOf(employeeId)).toEqual([]);
    });

    it('answers evidence for another agency’s employee with 404 and writes nothing there', async () => {
      const before = await ledgerCounts(t.db, other.id);
      for (const auth of [admin, trainer, supervisor]) {
        expectRefusal(await record(other.people.learner.employeeId, evidence(), auth), 404, 'employee.notFound');
      }
      expect(await ledgerCounts(t.db, other.id)).toEqual(before);
      expect(await rowsOf(other.people.learner.employeeId)).toEqual([]);
    });

    it('lets a supervisor record for a team member, but not for others (404) nor for themselves (403)', async () => {
      const member = await teamMember();
      const res = await record(member, evidence(), supervisor);
      expect(res.status).toBe(201);
      expect(res.body.recordedBy).toBe(agency.people.supervisor.userId);
      // Deeper in the chain counts as team: the learner's own report.
      const indirect = (await createEmployee(t.db, agency, { supervisorId: agency.people.learner.employeeId })).employeeId;
      await record(indirect, evidence(), supervisor).expect(201);

      const before = await ledgerCounts(t.db, agency.id);
      const outsider = (await createEmployee(t.db, agency, { supervisorId: agency.people.tenant_admin.employeeId })).employeeId;
      expectRefusal(await record(outsider, evidence(), supervisor), 404, 'employee.notFound');
      expectRefusal(await record(agency.people.supervisor.employeeId, evidence(), supervisor), 403, 'ledger.selfRecording');
      expectRefusal(await record(member, evidence(), learner), 403, 'auth.forbiddenRole');
      expectRefusal(await record(agency.people.learner.employeeId, evidence(), learner), 403, 'auth.forbiddenRole');
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('corrections', () => {
    const revoke = (employeeId: string, entryId: string, auth = trainer) =>
      t.http().post(`/api/v1/employees/${employeeId}/ledger/${entryId}/revoke`).set('Authorization', auth).send({ reason: 'Sertifikat milik pegawai lain' });
    const adjust = (employeeId: string, entryId: string, body: Record<string, unknown>, auth = trainer) =>
      t.http().post(`/api/v1/employees/${employeeId}/ledger/${entryId}/adjust`).set('Authorization', auth).send({ reason: 'Koreksi hasil asesmen', ...body });

    it('revokes an entry: the profile no longer counts it and the original row is unchanged', async () => {
      const employeeId = await teamMember();
      const entry = (await record(employeeId, evidence({ level: 4 })).expect(201)).body;
      expect(await heldLevel(employeeId, 'M.1')).toBe(4);
      const [original] = await rowsOf(employeeId);

      const res = await revoke(employeeId, entry.id);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ source: 'revocation', level: null, targetEntryId: entry.id, sequence: 2, reason: 'Sertifikat milik pegawai lain' });
      expect(await heldLevel(employeeId, 'M.1')).toBe(0);
      const rows = await rowsOf(employeeId);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual(original);
      const history = await t.http().get(`/api/v1/employees/${employeeId}/ledger`).set('Authorization', trainer).expect(200);
      expect(history.body.items.find((e: { id: string }) => e.id === entry.id)).toMatchObject({ effective: false, level: 4 });
    });

    it('refuses to revoke twice (409), to revoke a revocation (422) and an unknown entry (404), writing nothing', async () => {
      const employeeId = await teamMember();
      const entry = (await record(employeeId, evidence()).expect(201)).body;
      const revocation = (await revoke(employeeId, entry.id).expect(201)).body;
      const before = await ledgerCounts(t.db, agency.id);

      expectRefusal(await revoke(employeeId, entry.id), 409, 'ledger.alreadyRevoked');
      expectRefusal(await revoke(employeeId, entry.id, admin), 409, 'ledger.alreadyRevoked');
      expectRefusal(await revoke(employeeId, revocation.id), 422, 'ledger.targetNotRevocable');
      expectRefusal(await adjust(employeeId, revocation.id, { level: 2 }), 422, 'ledger.targetNotRevocable');
      expectRefusal(await revoke(employeeId, randomUUID()), 404, 'ledger.entryNotFound');
      // An entry of another employee is not found through this employee's ledger.
      const stranger = (await record(await teamMember(), evidence()).expect(201)).body;
      const afterStranger = await ledgerCounts(t.db, agency.id);
      expectRefusal(await revoke(employeeId, stranger.id), 404, 'ledger.entryNotFound');
      expect(afterStranger.entries).toBe(before.entries + 1);
      expect(await ledgerCounts(t.db, agency.id)).toEqual(afterStranger);
      expect(await rowsOf(employeeId)).toHaveLength(2);
    });

    it('lets only training and tenant admins revoke or adjust', async () => {
      const employeeId = await teamMember();
      const entry = (await record(employeeId, evidence()).expect(201)).body;
      for (const auth of [supervisor, learner]) {
        expectRefusal(await revoke(employeeId, entry.id, auth), 403, 'auth.forbiddenRole');
        expectRefusal(await adjust(employeeId, entry.id, { level: 1 }, auth), 403, 'auth.forbiddenRole');
      }
      expect(await rowsOf(employeeId)).toHaveLength(1);
    });

    it('adjusts an entry: the profile shows the adjusted level, and the validity can end', async () => {
      const employeeId = await teamMember();
      const entry = (await record(employeeId, evidence({ level: 2 })).expect(201)).body;
      expectRefusal(await adjust(employeeId, entry.id, { level: 3, validUntil: '2025-01-01T00:00:00Z' }), 422, 'ledger.validUntilBeforeOccurred', [
        { field: 'validUntil' },
      ]);
      expectProblem(await adjust(employeeId, entry.id, { level: 6 }), 400, [{ field: 'level' }]);
      expect(await rowsOf(employeeId)).toHaveLength(1);

      const res = await adjust(employeeId, entry.id, { level: 4 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ source: 'adjustment', level: 4, targetEntryId: entry.id, occurredAt: entry.occurredAt });
      expect(await heldLevel(employeeId, 'M.1')).toBe(4);

      // Adjusting the adjustment changes it again; an expired validity drops the level.
      const expired = await adjust(employeeId, res.body.id, { level: 5, validUntil: daysFromNow(-1) });
      expect(expired.status).toBe(201);
      expect(await heldLevel(employeeId, 'M.1')).toBe(0);
      expect(await rowsOf(employeeId)).toHaveLength(3);
      // An entry is adjusted once; a different second adjustment of it conflicts with the first.
      expectRefusal(await adjust(employeeId, entry.id, { level: 1 }), 409, 'ledger.sourceConflict');
      expect(await rowsOf(employeeId)).toHaveLength(3);
    });
  });

  describe('the hash chain', () => {
    const verify = (employeeId: string, auth = admin) => t.http().get(`/api/v1/employees/${employeeId}/ledger/verify`).set('Authorization', auth);

    it('verifies a chain with its length and head, and reports the first broken link after tampering', async () => {
      const employeeId = await teamMember();
      expect((await verify(employeeId).expect(200)).body).toEqual({ employeeId, valid: true, length: 0, head: null });
      const entries = [];
      for (const level of [2, 3, 4]) entries.push((await record(employeeId, evidence({ level })).expect(201)).body);
      const ok = await verify(employeeId).expect(200);
      expect(ok.body).toEqual({ employeeId, valid: true, length: 3, head: entries[2].hash });
      // The learner's supervisor may check their team member's chain too.
      expect((await verify(employeeId, supervisor).expect(200)).body.valid).toBe(true);

      await tamper(t.db, `UPDATE ledger_entry SET level = 5 WHERE id = $1`, [entries[1].id]);
      const broken = await verify(employeeId).expect(200);
      expect(broken.body).toEqual({ employeeId, valid: false, length: 3, brokenAt: 1, entrySequence: 2, reason: 'hash', entryId: entries[1].id });
    });

    it('reports a link whose prev_hash was rewritten', async () => {
      const employeeId = await teamMember();
      const entries = [];
      for (const level of [1, 2]) entries.push((await record(employeeId, evidence({ level })).expect(201)).body);
      await tamper(t.db, `UPDATE ledger_entry SET prev_hash = $2 WHERE id = $1`, [entries[1].id, 'a'.repeat(64)]);
      expect((await verify(employeeId).expect(200)).body).toMatchObject({ valid: false, entrySequence: 2, reason: 'prev_hash', entryId: entries[1].id });
    });

    it('is the database itself that refuses UPDATE, DELETE and TRUNCATE on ledger entries and JP credits', async () => {
      const employeeId = await teamMember();
      const entry = (await record(employeeId, evidence()).expect(201)).body;
      await t
        .http()
        .post(`/api/v1/employees/${employeeId}/jp-credits`)
        .set('Authorization', trainer)
        .send({ minutes: 90, occurredAt: '2025-03-01T08:00:00+07:00', source: 'external_training', sourceRef: `BPSDM-${randomUUID().slice(0, 8)}` })
        .expect(201);
      const before = { entries: await rowsOf(employeeId), credits: await t.db.query(`SELECT * FROM jp_credit WHERE employee_id = $1`, [employeeId]) };
      expect(before.credits).toHaveLength(1);

      await expect(t.db.query(`UPDATE ledger_entry SET level = 5 WHERE id = $1`, [entry.id])).rejects.toThrow(/ledger_entry is append-only: UPDATE refused/);
      await expect(t.db.query(`DELETE FROM ledger_entry WHERE id = $1`, [entry.id])).rejects.toThrow(/ledger_entry is append-only: DELETE refused/);
      await expect(t.db.query(`TRUNCATE ledger_entry CASCADE`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`UPDATE jp_credit SET minutes = 9000 WHERE employee_id = $1`, [employeeId])).rejects.toThrow(/jp_credit is append-only: UPDATE refused/);
      await expect(t.db.query(`DELETE FROM jp_credit WHERE employee_id = $1`, [employeeId])).rejects.toThrow(/jp_credit is append-only: DELETE refused/);
      await expect(t.db.query(`TRUNCATE jp_credit`)).rejects.toThrow(/append-only/);

      expect(await rowsOf(employeeId)).toEqual(before.entries);
      expect(await t.db.query(`SELECT * FROM jp_credit WHERE employee_id = $1`, [employeeId])).toEqual(before.credits);
      expect((await verify(employeeId).expect(200)).body.valid).toBe(true);
    });
  });

  describe('concurrent appends', () => {
    it('10 parallel entries for one employee get sequences 1..10 and a valid chain', async () => {
      const employeeId = await teamMember();
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => record(employeeId, evidence({ level: 1 + (i % 5) }))));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      const rows = await rowsOf(employeeId);
      expect(rows.map((r: { sequence: number }) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set(rows.map((r: { id: string }) => r.id)));
      const verified = await t.http().get(`/api/v1/employees/${employeeId}/ledger/verify`).set('Authorization', admin).expect(200);
      expect(verified.body).toMatchObject({ valid: true, length: 10, head: rows[9].hash });
    });

    it('10 parallel posts of the same source write exactly one entry', async () => {
      const employeeId = await teamMember();
      const body = evidence();
      const responses = await Promise.all(Array.from({ length: 10 }, () => record(employeeId, body)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const rows = await rowsOf(employeeId);
      expect(rows).toHaveLength(1);
      expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([rows[0].id]));
      expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1::text`, [rows[0].id])).toEqual([{ n: 1 }]);
    });
  });

  describe('who may read a ledger', () => {
    it('shows a learner their own, a supervisor their team’s, admins everyone’s; others 404', async () => {
      const member = await teamMember();
      await record(member, evidence()).expect(201);
      await record(agency.people.learner.employeeId, evidence()).expect(201);
      await t.http().get(`/api/v1/employees/${agency.people.learner.employeeId}/ledger`).set('Authorization', learner).expect(200);
      expectRefusal(await t.http().get(`/api/v1/employees/${member}/ledger`).set('Authorization', learner), 404, 'employee.notFound');
      expectRefusal(await t.http().get(`/api/v1/employees/${member}/ledger/verify`).set('Authorization', learner), 404, 'employee.notFound');
      await t.http().get(`/api/v1/employees/${member}/ledger`).set('Authorization', supervisor).expect(200);
      await t.http().get(`/api/v1/employees/${member}/ledger`).set('Authorization', await bearer(t, agency.people.grader.email)).expect(404);
      expectRefusal(await t.http().get(`/api/v1/employees/${other.people.learner.employeeId}/ledger`).set('Authorization', admin), 404, 'employee.notFound');
    });
  });
});
