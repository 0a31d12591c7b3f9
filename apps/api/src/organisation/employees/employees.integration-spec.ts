import { randomUUID } from 'node:crypto';
import { localDate } from '@mahir/competency';
import { expectProblem, freshNip, tenantCounts, tenantSnapshot } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

interface Placement {
  validFrom: string;
  validTo: string | null;
  reason: string;
  unit: { id: string; code: string };
  position: { id: string; code: string };
}

describe('employees (pegawai)', () => {
  let t: TestApp;

  const employeeRow = async (id: string) =>
    (await t.db.query(`SELECT nip, full_name, email, unit_id, position_id, supervisor_id, status, version FROM employee WHERE id = $1`, [id]))[0];
  const placementsOf = (id: string) =>
    t.db.query(`SELECT unit_id, position_id, valid_from::text, valid_to::text, reason FROM employee_placement WHERE employee_id = $1 ORDER BY valid_from, recorded_at`, [
      id,
    ]);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.app.close());

  describe('create', () => {
    let agency: Agency;
    let admin: string;
    const post = (body: Record<string, unknown>) => t.http().post('/api/v1/employees').set('Authorization', admin).send(body);
    const person = (over: Record<string, unknown> = {}) => ({
      nip: freshNip(),
      fullName: 'Siti Aminah, S.Kom.',
      email: `siti.${randomUUID().slice(0, 8)}@ambon.go.id`,
      unitId: agency.units.other,
      positionId: agency.positions.staff,
      ...over,
    });

    beforeAll(async () => {
      agency = await createAgency(t.db, 'WIT');
      admin = await bearer(t, agency.people.tenant_admin.email);
    });

    it('creates an employee with a lowercased e-mail, a supervisor and a hire placement', async () => {
      const nip = freshNip(2);
      const res = await post(
        person({ nip, fullName: '  Siti Aminah, S.Kom. ', email: ' Siti.Aminah@Ambon.GO.ID ', supervisorId: agency.people.supervisor.employeeId, startDate: '2023-02-01' }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        nip,
        fullName: 'Siti Aminah, S.Kom.',
        email: 'siti.aminah@ambon.go.id',
        status: 'active',
        version: 1,
        unit: { id: agency.units.other, code: 'DISHUB' },
        position: { id: agency.positions.staff, code: 'PELAKSANA', positionClass: 'pelaksana' },
        supervisor: { id: agency.people.supervisor.employeeId, nip: agency.people.supervisor.nip },
      });
      expect(typeof res.body.nip).toBe('string');
      expect(await employeeRow(res.body.id)).toMatchObject({ nip, email: 'siti.aminah@ambon.go.id', supervisor_id: agency.people.supervisor.employeeId });

      const placements = await t.http().get(`/api/v1/employees/${res.body.id}/placements`).set('Authorization', admin).expect(200);
      expect(placements.body).toEqual([
        expect.objectContaining({ validFrom: '2023-02-01', validTo: null, reason: 'hire', unit: expect.objectContaining({ code: 'DISHUB' }) }),
      ]);
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'employee.created' AND target_id = $2`, [agency.id, res.body.id]);
      expect(audit).toEqual([{ detail: { nip } }]);
    });

    it('dates the hire "today" in the agency’s zone when no start date is given', async () => {
      const before = localDate(new Date(), 'WIT');
      const res = await post(person());
      const after = localDate(new Date(), 'WIT');
      expect(res.status).toBe(201);
      const [placement] = await placementsOf(res.body.id);
      expect([before, after]).toContain(placement.valid_from);
    });

    it.each([
      ['nip.format', '12345'],
      ['nip.format', '19850315201001100A'],
      ['nip.format', '1985031520100110011'],
      ['nip.format', Number('198503152010011001')], // sent as a JSON number
      ['nip.birthDate', '198513152010011001'], // month 13
      ['nip.birthDate', '198502302010011001'], // 30 February
      ['nip.birthDate', '193001012010011001'], // born before 1940
      ['nip.startDate', '198503152010131001'], // service month 13
      ['nip.startDate', '198503151995011001'], // started at ten years old
      ['nip.sex', '198503152010013001'], // sex digit 3
      ['nip.sex', '198503152010010001'],
      ['nip.sequence', '198503152010011000'], // sequence 000
    ])('refuses a NIP breaking %s (%p), naming the broken part, and writes nothing', async (rule, nip) => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await post(person({ nip }));
      expectProblem(res, 400, [{ field: 'nip', rule }]);
      expect(res.body.errors).toHaveLength(1);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('answers 409 naming `nip` for a NIP already registered in the agency; nothing written', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await post(person({ nip: agency.people.learner.nip }));
      expectProblem(res, 409, [{ field: 'nip', rule: 'unique' }]);
      expect(res.body.detail).toContain(agency.people.learner.nip);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('answers 409 naming `email` for an e-mail in use, whatever its case; nothing written', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await post(person({ email: agency.people.learner.email.toUpperCase() }));
      expectProblem(res, 409, [{ field: 'email', rule: 'unique' }]);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('answers 422 for a unit, position or supervisor of another agency; nothing written', async () => {
      const other = await createAgency(t.db);
      const before = await tenantCounts(t.db, agency.id);
      expectProblem(await post(person({ unitId: other.units.other })), 422, [{ field: 'unitId' }]);
      expectProblem(await post(person({ positionId: other.positions.staff })), 422, [{ field: 'positionId' }]);
      expectProblem(await post(person({ supervisorId: other.people.supervisor.employeeId })), 422, [{ field: 'supervisorId' }]);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('refuses a start date that is not a calendar date YYYY-MM-DD', async () => {
      const before = await tenantCounts(t.db, agency.id);
      for (const startDate of ['2024-02-30', '2024-07-01T00:00:00Z', '01-07-2024', 20240701]) {
        expectProblem(await post(person({ startDate })), 400, [{ field: 'startDate', rule: 'isDateString' }]);
      }
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('list', () => {
    let org: Agency;
    let admin: string;
    let grandchild: string;
    let siti: { id: string; nip: string };
    let budi: { id: string; nip: string };
    const list = (query: Record<string, unknown>, auth = admin) => t.http().get('/api/v1/employees').query(query).set('Authorization', auth);
    const names = (body: { items: { fullName: string }[] }) => body.items.map((e) => e.fullName).sort();

    beforeAll(async () => {
      org = await createAgency(t.db);
      admin = await bearer(t, org.people.tenant_admin.email);
      grandchild = (
        await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'SUBBID_MUTASI', name: 'Sub Bidang Mutasi', parentId: org.units.child }).expect(201)
      ).body.id;
      const add = async (fullName: string, unitId: string, positionId: string) => {
        const nip = freshNip();
        const res = await t
          .http()
          .post('/api/v1/employees')
          .set('Authorization', admin)
          .send({ nip, fullName, email: `${fullName.split(' ')[0].toLowerCase()}.${nip.slice(-4)}@org.go.id`, unitId, positionId })
          .expect(201);
        return { id: res.body.id as string, nip };
      };
      siti = await add('Siti Aminah', org.units.root, org.positions.head);
      budi = await add('Budi Santoso', grandchild, org.positions.staff);
      await t.http().patch(`/api/v1/employees/${budi.id}`).set('Authorization', admin).send({ status: 'retired' }).expect(200);
    });

    it('searches by name (any case) and by NIP', async () => {
      expect(names((await list({ q: 'AMINAH' }).expect(200)).body)).toEqual(['Siti Aminah']);
      expect(names((await list({ q: budi.nip }).expect(200)).body)).toEqual(['Budi Santoso']);
      expect(names((await list({ q: budi.nip.slice(0, 12) }).expect(200)).body)).toContain('Budi Santoso');
      expect((await list({ q: '%' }).expect(200)).body.total).toBe(0);
    });

    it('filters by unit, with or without its sub-units', async () => {
      expect((await list({ unitId: org.units.child }).expect(200)).body.total).toBe(5);
      const withSub = (await list({ unitId: org.units.child, includeSubunits: true }).expect(200)).body;
      expect(withSub.total).toBe(6);
      expect(names(withSub)).toContain('Budi Santoso');
      expect(names((await list({ unitId: org.units.root }).expect(200)).body)).toEqual(['Siti Aminah']);
      expect((await list({ unitId: org.units.root, includeSubunits: 'true' }).expect(200)).body.total).toBe(8);
      expect((await list({ unitId: org.units.root, includeSubunits: 'false' }).expect(200)).body.total).toBe(1);
      expect((await list({ unitId: grandchild }).expect(200)).body.total).toBe(1);
      const foreign = await createAgency(t.db);
      expect((await list({ unitId: foreign.units.child, includeSubunits: true }).expect(200)).body.total).toBe(0);
    });

    it('filters by position and by status', async () => {
      const heads = (await list({ positionId: org.positions.head }).expect(200)).body;
      expect(names(heads)).toEqual(['Pegawai admin', 'Pegawai atasan', 'Siti Aminah']);
      expect(names((await list({ status: 'retired' }).expect(200)).body)).toEqual(['Budi Santoso']);
      expect((await list({ status: 'active' }).expect(200)).body.total).toBe(7);
      expect((await list({ status: 'active', positionId: org.positions.staff, unitId: org.units.child }).expect(200)).body.total).toBe(3);
    });

    it('pages consistently with page, pageSize and total', async () => {
      const all = (await list({ pageSize: 100 }).expect(200)).body;
      expect(all).toMatchObject({ page: 1, pageSize: 100, total: 8 });
      expect(all.items).toHaveLength(8);
      const page2 = (await list({ page: 2, pageSize: 3 }).expect(200)).body;
      expect(page2).toMatchObject({ page: 2, pageSize: 3, total: 8 });
      expect(page2.items.map((e: { id: string }) => e.id)).toEqual(all.items.slice(3, 6).map((e: { id: string }) => e.id));
      const last = (await list({ page: 3, pageSize: 3 }).expect(200)).body;
      expect(last.items).toHaveLength(2);
    });

    it('refuses bad filters, naming the field', async () => {
      expectProblem(await list({ unitId: 'SETDA' }), 400, [{ field: 'unitId', rule: 'isUuid' }]);
      expectProblem(await list({ includeSubunits: 'yes', unitId: org.units.root }), 400, [{ field: 'includeSubunits', rule: 'isBoolean' }]);
      expectProblem(await list({ status: 'dead' }), 400, [{ field: 'status', rule: 'isIn' }]);
      expectProblem(await list({ pageSize: 0 }), 400, [{ field: 'pageSize', rule: 'min' }]);
    });

    it('shows a supervisor only the team and a learner only themselves', async () => {
      const team = (await list({ pageSize: 100 }, await bearer(t, org.people.supervisor.email)).expect(200)).body;
      expect(names(team)).toEqual(['Pegawai anggota', 'Pegawai atasan', 'Pegawai pegawai']);
      const self = (await list({ pageSize: 100 }, await bearer(t, org.people.grader.email)).expect(200)).body;
      expect(self.items.map((e: { id: string }) => e.id)).toEqual([org.people.grader.employeeId]);
      expectProblem(await t.http().get(`/api/v1/employees/${siti.id}`).set('Authorization', await bearer(t, org.people.learner.email)), 404);
    });

    it('answers 404 for the employee and placement history of an unknown or foreign id, even to the admin', async () => {
      const foreign = await createAgency(t.db);
      for (const id of [randomUUID(), foreign.teamMemberId]) {
        expectProblem(await t.http().get(`/api/v1/employees/${id}`).set('Authorization', admin), 404);
        expectProblem(await t.http().get(`/api/v1/employees/${id}/placements`).set('Authorization', admin), 404);
      }
      const own = await t.http().get(`/api/v1/employees/${siti.id}/placements`).set('Authorization', admin).expect(200);
      expect(own.body).toHaveLength(1);
    });
  });

  describe('update', () => {
    let org: Agency;
    let admin: string;
    beforeEach(async () => {
      org = await createAgency(t.db);
      admin = await bearer(t, org.people.tenant_admin.email);
    });
    const patch = (id: string, body: Record<string, unknown>) => t.http().patch(`/api/v1/employees/${id}`).set('Authorization', admin).send(body);

    it('changes name and e-mail when the version matches, and bumps the version', async () => {
      const id = org.teamMemberId;
      const res = await patch(id, { fullName: 'Anggota Baru', email: 'Anggota.Baru@Org.go.id', version: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, fullName: 'Anggota Baru', email: 'anggota.baru@org.go.id', version: 2, unit: { id: org.units.other } });
      expect(await employeeRow(id)).toMatchObject({ full_name: 'Anggota Baru', email: 'anggota.baru@org.go.id', version: 2 });
    });

    it('answers 409 with the current version for a stale version, and changes nothing', async () => {
      const id = org.teamMemberId;
      await patch(id, { fullName: 'Perubahan Pertama', version: 1 }).expect(200);
      const before = await employeeRow(id);
      const res = await patch(id, { fullName: 'Perubahan Basi', status: 'retired', version: 1 });
      expectProblem(res, 409);
      expect(res.body.currentVersion).toBe(2);
      expect(await employeeRow(id)).toEqual(before);
      expect(before).toMatchObject({ full_name: 'Perubahan Pertama', status: 'active', version: 2 });
    });

    it('answers 409 naming `email` for another employee’s e-mail, and changes nothing', async () => {
      const before = await employeeRow(org.teamMemberId);
      expectProblem(await patch(org.teamMemberId, { email: org.people.learner.email.toUpperCase() }), 409, [{ field: 'email', rule: 'unique' }]);
      expect(await employeeRow(org.teamMemberId)).toEqual(before);
    });

    it('answers 422 naming `supervisorId` for a circular chain, oneself or a stranger; nothing changes', async () => {
      // admin ← atasan (supervisor) ← pegawai (learner): the admin cannot report to the learner.
      const before = await tenantSnapshot(t.db, org.id);
      expectProblem(await patch(org.people.tenant_admin.employeeId, { supervisorId: org.people.learner.employeeId }), 422, [
        { field: 'supervisorId', rule: 'supervisorCycle' },
      ]);
      expectProblem(await patch(org.people.supervisor.employeeId, { supervisorId: org.people.learner.employeeId }), 422, [
        { field: 'supervisorId', rule: 'supervisorCycle' },
      ]);
      expectProblem(await patch(org.people.learner.employeeId, { supervisorId: org.people.learner.employeeId }), 422, [
        { field: 'supervisorId', rule: 'supervisorSelf' },
      ]);
      expectProblem(await patch(org.people.learner.employeeId, { supervisorId: randomUUID() }), 422, [{ field: 'supervisorId', rule: 'supervisorNotFound' }]);
      expect(await tenantSnapshot(t.db, org.id)).toEqual(before);
    });

    it('moves and removes the supervisor', async () => {
      await patch(org.people.learner.employeeId, { supervisorId: org.people.tenant_admin.employeeId }).expect(200);
      expect((await employeeRow(org.people.learner.employeeId)).supervisor_id).toBe(org.people.tenant_admin.employeeId);
      const res = await patch(org.people.learner.employeeId, { supervisorId: null });
      expect(res.status).toBe(200);
      expect(res.body.supervisor).toBeNull();
      expect((await employeeRow(org.people.learner.employeeId)).supervisor_id).toBeNull();
    });

    it('refuses null for fields that must have a value (400) and changes nothing', async () => {
      const before = await employeeRow(org.teamMemberId);
      for (const body of [{ fullName: null }, { email: null }, { status: null }, { version: null }, { status: 'pensiun' }, { fullName: '   ' }]) {
        expectProblem(await patch(org.teamMemberId, body), 400, [{ field: Object.keys(body)[0] }]);
      }
      expect(await employeeRow(org.teamMemberId)).toEqual(before);
    });
  });

  describe('transfer', () => {
    let org: Agency;
    let admin: string;
    beforeEach(async () => {
      org = await createAgency(t.db, 'WITA');
      admin = await bearer(t, org.people.tenant_admin.email);
    });
    const transfer = (id: string, body: Record<string, unknown>) => t.http().post(`/api/v1/employees/${id}/transfer`).set('Authorization', admin).send(body);
    const history = async (id: string) => (await t.http().get(`/api/v1/employees/${id}/placements`).set('Authorization', admin).expect(200)).body as Placement[];

    it('opens a new placement, closes the old one on the effective date, and moves the employee', async () => {
      const id = org.teamMemberId; // DISHUB / PELAKSANA since 2020-01-01
      const res = await transfer(id, { unitId: org.units.child, positionId: org.positions.head, effectiveDate: '2024-07-01' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id, unit: { id: org.units.child, code: 'BKPSDM' }, position: { id: org.positions.head, code: 'KABAN' }, version: 2 });
      expect(await employeeRow(id)).toMatchObject({ unit_id: org.units.child, position_id: org.positions.head });

      const placements = await history(id);
      expect(placements.map((p) => ({ from: p.validFrom, to: p.validTo, reason: p.reason, unit: p.unit.code, position: p.position.code }))).toEqual([
        { from: '2024-07-01', to: null, reason: 'transfer', unit: 'BKPSDM', position: 'KABAN' },
        { from: '2020-01-01', to: '2024-07-01', reason: 'hire', unit: 'DISHUB', position: 'PELAKSANA' },
      ]);
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'employee.transferred' AND target_id = $2`, [org.id, id]);
      expect(audit).toEqual([{ detail: { unitId: org.units.child, positionId: org.positions.head, effectiveDate: '2024-07-01' } }]);
    });

    it('changes only the position when only the position is given, dated today in the agency’s zone', async () => {
      const id = org.teamMemberId;
      const before = localDate(new Date(), 'WITA');
      await transfer(id, { positionId: org.positions.head }).expect(201);
      const after = localDate(new Date(), 'WITA');
      const placements = await history(id);
      expect(placements).toHaveLength(2);
      expect(placements[0]).toMatchObject({ validTo: null, unit: { id: org.units.other }, position: { id: org.positions.head } });
      expect([before, after]).toContain(placements[0].validFrom);
      expect(placements[1].validTo).toBe(placements[0].validFrom);
    });

    it('answers 422 for the same unit and position, and writes nothing', async () => {
      const before = await tenantSnapshot(t.db, org.id);
      expectProblem(await transfer(org.teamMemberId, { unitId: org.units.other, positionId: org.positions.staff }), 422, [{ field: 'unitId', rule: 'sameplacement' }]);
      expectProblem(await transfer(org.teamMemberId, {}), 422, [{ field: 'unitId' }]);
      expect(await tenantSnapshot(t.db, org.id)).toEqual(before);
    });

    it('answers 422 naming `effectiveDate` for a date before the current placement began, and writes nothing', async () => {
      const before = await tenantSnapshot(t.db, org.id);
      const res = await transfer(org.teamMemberId, { unitId: org.units.child, effectiveDate: '2019-12-31' });
      expectProblem(res, 422, [{ field: 'effectiveDate', rule: 'min' }]);
      expect(res.body.errors[0].message).toContain('2020-01-01');
      expect(await tenantSnapshot(t.db, org.id)).toEqual(before);
    });

    it('answers 422 for a unit of another agency and 404 for another agency’s employee; nothing written', async () => {
      const other = await createAgency(t.db);
      const before = await tenantSnapshot(t.db, org.id);
      const otherBefore = await tenantSnapshot(t.db, other.id);
      expectProblem(await transfer(org.teamMemberId, { unitId: other.units.child }), 422, [{ field: 'unitId' }]);
      expectProblem(await transfer(other.teamMemberId, { unitId: org.units.child }), 404);
      expect(await tenantSnapshot(t.db, org.id)).toEqual(before);
      expect(await tenantSnapshot(t.db, other.id)).toEqual(otherBefore);
    });

    it('keeps a chain of transfers in order with exactly one open placement', async () => {
      const id = org.teamMemberId;
      await transfer(id, { unitId: org.units.child, effectiveDate: '2022-01-01' }).expect(201);
      await transfer(id, { unitId: org.units.root, effectiveDate: '2023-06-15' }).expect(201);
      expectProblem(await transfer(id, { unitId: org.units.other, effectiveDate: '2023-01-01' }), 422, [{ field: 'effectiveDate' }]);
      const placements = await history(id);
      expect(placements.map((p) => [p.unit.code, p.validFrom, p.validTo])).toEqual([
        ['SETDA', '2023-06-15', null],
        ['BKPSDM', '2022-01-01', '2023-06-15'],
        ['DISHUB', '2020-01-01', '2022-01-01'],
      ]);
    });
  });
});
