import { randomUUID } from 'node:crypto';
import { createEmployee } from '../../test-support/auth-helpers';
import {
  NATIONAL_CODES, createTechnicalCompetency, daysFromNow, expectRefusal, ledgerCounts, nationalCompetencies,
} from '../../test-support/ledger-helpers';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

interface ProfileItem {
  competency: { id: string; code: string };
  required: number;
  held: number;
  shortfall: number;
  status: string;
  explicit: boolean;
  entryId: string | null;
}

describe('competency profile, position standards and JP', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let national: Record<string, string>;
  let admin: string;
  let trainer: string;
  let supervisor: string;
  let learner: string;

  const profile = (employeeId: string, auth = admin, asOf?: string) =>
    t.http().get(`/api/v1/employees/${employeeId}/profile`).query(asOf ? { asOf } : {}).set('Authorization', auth);
  const byCode = (items: ProfileItem[]) => Object.fromEntries(items.map((i) => [i.competency.code, i]));
  const record = (employeeId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/v1/employees/${employeeId}/ledger`)
      .set('Authorization', trainer)
      .send({ source: 'assessment', sourceRef: `AC-${randomUUID().slice(0, 12)}`, occurredAt: '2025-06-02T09:00:00+07:00', level: 3, ...body });
  const newPosition = async (positionClass: string) =>
    (
      await t
        .http()
        .post('/api/v1/positions')
        .set('Authorization', admin)
        .send({ code: `J${randomUUID().slice(0, 8).toUpperCase()}`, name: 'Jabatan uji', positionClass })
        .expect(201)
    ).body.id as string;
  const staff = async (positionId = agency.positions.staff) =>
    (await createEmployee(t.db, agency, { supervisorId: agency.people.supervisor.employeeId, positionId })).employeeId;

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

  describe('required levels', () => {
    it.each([
      ['KABAN (jpt_pratama)', 'head', 4],
      ['PELAKSANA (pelaksana)', 'staff', 1],
    ] as const)('requires the class default for %s on all nine national competencies', async (_name, position, level) => {
      const employeeId = await staff(agency.positions[position]);
      const res = await profile(employeeId).expect(200);
      expect(res.body).toMatchObject({ employeeId, positionId: agency.positions[position], matchScore: 0, totalShortfall: 9 * level, otherHeld: [] });
      expect(res.body.items.map((i: ProfileItem) => i.competency.code).sort()).toEqual([...NATIONAL_CODES].sort());
      for (const item of res.body.items as ProfileItem[]) {
        expect(item).toMatchObject({ required: level, held: 0, shortfall: level, status: 'missing', explicit: false, entryId: null });
      }
      expect([...res.body.missing].sort()).toEqual(NATIONAL_CODES.map((c) => national[c]).sort());

      const standard = await t.http().get(`/api/v1/positions/${agency.positions[position]}/standard`).set('Authorization', learner).expect(200);
      expect(standard.body.items).toHaveLength(9);
      for (const line of standard.body.items) expect(line).toMatchObject({ requiredLevel: level, explicit: false });
    });

    it('takes an explicit standard over the class defaults, and falls back when it is cleared', async () => {
      const positionId = await newPosition('administrator');
      const technical = await createTechnicalCompetency(t.db, agency.id);
      const put = await t
        .http()
        .put(`/api/v1/positions/${positionId}/standard`)
        .set('Authorization', admin)
        .send({ items: [{ competencyId: national['M.1'], requiredLevel: 5 }, { competencyId: technical, requiredLevel: 2 }] });
      expect(put.status).toBe(200);
      expect(put.body.items).toHaveLength(10);
      const lines = Object.fromEntries(put.body.items.map((l: { competencyId: string }) => [l.competencyId, l]));
      expect(lines[national['M.1']]).toMatchObject({ requiredLevel: 5, explicit: true });
      expect(lines[technical]).toMatchObject({ requiredLevel: 2, explicit: true, type: 'teknis' });
      expect(lines[national['M.2']]).toMatchObject({ requiredLevel: 3, explicit: false });

      const employeeId = await staff(positionId);
      await record(employeeId, { competencyId: technical, level: 2 }).expect(201);
      const items = byCode((await profile(employeeId).expect(200)).body.items);
      expect(items['M.1']).toMatchObject({ required: 5, explicit: true, status: 'missing' });
      expect(items['M.2']).toMatchObject({ required: 3, explicit: false });
      expect(Object.values(items).find((i) => i.competency.id === technical)).toMatchObject({ required: 2, held: 2, status: 'met', explicit: true });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND target_id = $2`, [agency.id, positionId]);
      expect(audit.map((a: { action: string }) => a.action)).toContain('position.standard_set');

      await t.http().put(`/api/v1/positions/${positionId}/standard`).set('Authorization', admin).send({ items: [] }).expect(200);
      const cleared = byCode((await profile(employeeId).expect(200)).body.items);
      expect(Object.keys(cleared).sort()).toEqual([...NATIONAL_CODES].sort());
      expect(cleared['M.1']).toMatchObject({ required: 3, explicit: false });
      // The technical competency is still held, outside the standard now.
      expect((await profile(employeeId).expect(200)).body.otherHeld).toEqual([expect.objectContaining({ held: 2, competency: expect.objectContaining({ id: technical }) })]);
    });

    it('refuses unknown, foreign and retired competencies, duplicates, levels outside 1–5 and non-admins, changing nothing', async () => {
      const positionId = await newPosition('pengawas');
      const put = (items: unknown, auth = admin, id = positionId) => t.http().put(`/api/v1/positions/${id}/standard`).set('Authorization', auth).send({ items });
      await put([{ competencyId: national['M.3'], requiredLevel: 4 }]).expect(200);
      const before = (await t.http().get(`/api/v1/positions/${positionId}/standard`).set('Authorization', admin).expect(200)).body;
      const ok = { competencyId: national['M.1'], requiredLevel: 3 };

      expectRefusal(await put([ok, { competencyId: randomUUID(), requiredLevel: 2 }]), 422, 'competency.notFound', [{ field: 'items.1.competencyId' }]);
      expectRefusal(await put([{ competencyId: await createTechnicalCompetency(t.db, other.id), requiredLevel: 2 }]), 422, 'competency.notFound', [
        { field: 'items.0.competencyId' },
      ]);
      expectRefusal(await put([ok, { competencyId: await createTechnicalCompetency(t.db, agency.id, { retired: true }), requiredLevel: 2 }]), 422, 'competency.retired', [
        { field: 'items.1.competencyId', rule: 'retired' },
      ]);
      expectProblem(await put([ok, { ...ok, requiredLevel: 4 }]), 400, [{ field: 'items.1.competencyId', rule: 'arrayUnique' }]);
      for (const requiredLevel of [0, 6, 2.5, '3']) {
        expectProblem(await put([{ ...ok, requiredLevel }]), 400, [{ field: 'items.0.requiredLevel' }]);
      }
      expectProblem(await put([{ competencyId: 'M.1', requiredLevel: 2 }]), 400, [{ field: 'items.0.competencyId', rule: 'isUuid' }]);
      for (const auth of [trainer, supervisor, learner]) expectRefusal(await put([ok], auth), 403, 'auth.forbiddenRole');
      expectRefusal(await put([ok], admin, other.positions.head), 404, 'position.notFound');
      expectRefusal(await t.http().get(`/api/v1/positions/${other.positions.head}/standard`).set('Authorization', admin), 404, 'position.notFound');

      expect((await t.http().get(`/api/v1/positions/${positionId}/standard`).set('Authorization', admin).expect(200)).body).toEqual(before);
    });
  });

  describe('levels held', () => {
    it('counts an entry only from the instant it occurred (asOf)', async () => {
      const employeeId = await staff();
      const entry = (await record(employeeId, { competencyId: national['M.4'], level: 3, occurredAt: '2025-06-02T09:00:00+07:00' }).expect(201)).body;
      const before = await profile(employeeId, admin, '2025-06-02T08:59:59+07:00').expect(200);
      expect(before.body.asOf).toBe('2025-06-02T01:59:59.000Z');
      expect(byCode(before.body.items)['M.4']).toMatchObject({ held: 0, status: 'missing', entryId: null });
      const after = await profile(employeeId, admin, '2025-06-02T09:00:00+07:00').expect(200);
      expect(byCode(after.body.items)['M.4']).toMatchObject({ held: 3, status: 'met', entryId: entry.id });
      expectProblem(await profile(employeeId, admin, 'kemarin'), 400, [{ field: 'asOf' }]);
    });

    it('drops a level whose validity has ended, and shows it as of a date inside the validity', async () => {
      const employeeId = await staff();
      await record(employeeId, { competencyId: national['M.5'], level: 2, occurredAt: '2025-01-10T09:00:00+07:00', validUntil: daysFromNow(-2) }).expect(201);
      expect(byCode((await profile(employeeId).expect(200)).body.items)['M.5']).toMatchObject({ held: 0, status: 'missing' });
      const inside = await profile(employeeId, admin, daysFromNow(-3)).expect(200);
      expect(byCode(inside.body.items)['M.5']).toMatchObject({ held: 2, status: 'met' });
      // A newer entry without an end restores it.
      await record(employeeId, { competencyId: national['M.5'], level: 1, occurredAt: daysFromNow(-1) }).expect(201);
      expect(byCode((await profile(employeeId).expect(200)).body.items)['M.5']).toMatchObject({ held: 1, status: 'met' });
    });

    it('computes the match score and total shortfall against the standard', async () => {
      const employeeId = await staff(agency.positions.head); // KABAN: nine competencies at 4
      await record(employeeId, { competencyId: national['M.1'], level: 5 }).expect(201);
      await record(employeeId, { competencyId: national['M.2'], level: 2 }).expect(201);
      const technical = await createTechnicalCompetency(t.db, agency.id);
      await record(employeeId, { competencyId: technical, level: 3 }).expect(201);
      const res = await profile(employeeId).expect(200);
      // held within the standard: min(5,4) + 2 = 6 of 36 → 16.6 (rounded down); shortfall 0 + 2 + 7 × 4.
      expect(res.body).toMatchObject({ matchScore: 16.6, totalShortfall: 30 });
      const items = byCode(res.body.items);
      expect(items['M.1']).toMatchObject({ required: 4, held: 5, shortfall: 0, status: 'met' });
      expect(items['M.2']).toMatchObject({ required: 4, held: 2, shortfall: 2, status: 'below' });
      expect(res.body.items[res.body.items.length - 1].competency.code).toBe('M.1'); // sorted by shortfall, largest first
      expect(res.body.missing).toHaveLength(7);
      expect(res.body.otherHeld).toEqual([expect.objectContaining({ held: 3, competency: expect.objectContaining({ id: technical, type: 'teknis' }) })]);

      const staffMember = await staff(); // PELAKSANA: nine at 1; five held → 5/9
      for (const code of ['M.1', 'M.2', 'M.3', 'M.4', 'M.5']) await record(staffMember, { competencyId: national[code], level: 2 }).expect(201);
      expect((await profile(staffMember).expect(200)).body).toMatchObject({ matchScore: 55.5, totalShortfall: 4 });
      for (const code of ['M.6', 'M.7', 'M.8', 'SK.1']) await record(staffMember, { competencyId: national[code], level: 1 }).expect(201);
      expect((await profile(staffMember).expect(200)).body).toMatchObject({ matchScore: 100, totalShortfall: 0, missing: [] });
    });

    it('shows a profile to the employee, their supervisor chain and admins; anyone else gets 404', async () => {
      const member = await staff();
      const outsider = (await createEmployee(t.db, agency, { supervisorId: agency.people.tenant_admin.employeeId })).employeeId;
      await profile(agency.people.learner.employeeId, learner).expect(200);
      await profile(member, supervisor).expect(200);
      await profile(agency.people.learner.employeeId, supervisor).expect(200);
      await profile(outsider, admin).expect(200);
      await profile(outsider, trainer).expect(200);
      expectRefusal(await profile(member, learner), 404, 'employee.notFound');
      expectRefusal(await profile(outsider, supervisor), 404, 'employee.notFound');
      expectRefusal(await profile(agency.people.supervisor.employeeId, learner), 404, 'employee.notFound');
      expectRefusal(await profile(member, await bearer(t, agency.people.grader.email)), 404, 'employee.notFound');
      expectRefusal(await profile(other.people.learner.employeeId, admin), 404, 'employee.notFound');
      expectRefusal(await profile(randomUUID(), admin), 404, 'employee.notFound');
      expectProblem(await profile('NIP-1', admin), 400, [{ field: 'employeeId', rule: 'isUuid' }]);
    });
  });

  describe('JP', () => {
    const credit = (employeeId: string, body: Record<string, unknown>, auth = trainer) =>
      t
        .http()
        .post(`/api/v1/employees/${employeeId}/jp-credits`)
        .set('Authorization', auth)
        .send({ source: 'external_training', sourceRef: `BPSDM-${randomUUID().slice(0, 8)}`, occurredAt: '2025-03-10T08:00:00+07:00', minutes: 90, ...body });
    const jp = (employeeId: string, year: number, auth = admin) => t.http().get(`/api/v1/employees/${employeeId}/jp`).query({ year }).set('Authorization', auth);

    it('credits JP once per source: 201, the same again 200, a different amount 409 naming sourceRef', async () => {
      const employeeId = await staff();
      const body = { sourceRef: `BPSDM-${randomUUID().slice(0, 8)}`, minutes: 360, description: 'Pelatihan Pelayanan Publik' };
      const first = await credit(employeeId, body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ employeeId, year: 2025, minutes: 360, jp: 8, met: false, shortfallMinutes: 540, timeZone: 'WIB' });
      expect(first.body.credits).toEqual([expect.objectContaining({ minutes: 360, sourceRef: body.sourceRef, description: 'Pelatihan Pelayanan Publik' })]);
      const again = await credit(employeeId, body);
      expect(again.status).toBe(200);
      expect(again.body.minutes).toBe(360);
      const before = await ledgerCounts(t.db, agency.id);
      const conflict = await credit(employeeId, { ...body, minutes: 400 });
      expectRefusal(conflict, 409, 'jp.sourceConflict', [{ field: 'sourceRef' }]);
      expect(conflict.body.detail).toContain(body.sourceRef);
      expectRefusal(await credit(employeeId, { occurredAt: daysFromNow(1) }), 422, 'ledger.occurredInFuture', [{ field: 'occurredAt' }]);
      for (const minutes of [0, -45, 1.5, '90', 100001]) expectProblem(await credit(employeeId, { minutes }), 400, [{ field: 'minutes' }]);
      for (const auth of [supervisor, learner]) expectRefusal(await credit(employeeId, {}, auth), 403, 'auth.forbiddenRole');
      expectRefusal(await credit(other.people.learner.employeeId, {}), 404, 'employee.notFound');
      expect(await ledgerCounts(t.db, agency.id)).toEqual(before);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM jp_credit WHERE employee_id = $1`, [employeeId])).toEqual([{ n: 1 }]);
    });

    it('sums JP per calendar year in the agency’s zone: late on 31 December UTC is already next year in Ambon (WIT)', async () => {
      const year = new Date().getUTCFullYear() - 1;
      const instant = `${year}-12-31T16:30:00Z`; // 23:30 WIB, 01:30 on 1 January WIT
      const wit = await createAgency(t.db, 'WIT');
      const witTrainer = await bearer(t, wit.people.training_admin.email);
      const witCredit = await t
        .http()
        .post(`/api/v1/employees/${wit.people.learner.employeeId}/jp-credits`)
        .set('Authorization', witTrainer)
        .send({ source: 'manual', sourceRef: 'SURAT-001', occurredAt: instant, minutes: 450 });
      expect(witCredit.status).toBe(201);
      expect(witCredit.body).toMatchObject({ year: year + 1, minutes: 450, timeZone: 'WIT' });
      const witYear = (y: number) => t.http().get(`/api/v1/employees/${wit.people.learner.employeeId}/jp`).query({ year: y }).set('Authorization', witTrainer).expect(200);
      expect((await witYear(year + 1)).body).toMatchObject({ year: year + 1, minutes: 450, jp: 10 });
      expect((await witYear(year)).body).toMatchObject({ year, minutes: 0, jp: 0, credits: [] });

      const employeeId = await staff();
      await credit(employeeId, { occurredAt: instant, minutes: 450 }).expect(201);
      expect((await jp(employeeId, year).expect(200)).body).toMatchObject({ year, minutes: 450, timeZone: 'WIB' });
      expect((await jp(employeeId, year + 1).expect(200)).body).toMatchObject({ year: year + 1, minutes: 0 });
      // The learner reads their own JP, this year by default.
      const own = await t.http().get(`/api/v1/employees/${wit.people.learner.employeeId}/jp`).set('Authorization', await bearer(t, wit.people.learner.email)).expect(200);
      expect(own.body.year).toBe(new Date(Date.now() + 9 * 3_600_000).getUTCFullYear());
      expectProblem(await jp(employeeId, 1999), 400, [{ field: 'year' }]);
    });

    it('meets the 20 JP obligation at 900 minutes, not at 899', async () => {
      const employeeId = await staff();
      await credit(employeeId, { minutes: 899 }).expect(201);
      expect((await jp(employeeId, 2025).expect(200)).body).toMatchObject({ minutes: 899, jp: 19.9, obligationMinutes: 900, shortfallMinutes: 1, met: false });
      await credit(employeeId, { minutes: 1, occurredAt: '2025-12-01T08:00:00+07:00' }).expect(201);
      const met = (await jp(employeeId, 2025).expect(200)).body;
      expect(met).toMatchObject({ minutes: 900, jp: 20, shortfallMinutes: 0, met: true });
      expect(met.credits).toHaveLength(2);
      await jp(employeeId, 2025, supervisor).expect(200);
      expectRefusal(await jp(employeeId, 2025, learner), 404, 'employee.notFound');
    });
  });
});
