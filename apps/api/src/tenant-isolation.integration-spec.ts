import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createEmployee, expectProblem, fieldRules, snapshotTenant, type Person } from './test-support/auth-helpers';
import { createAgency, signIn, startTestApp, validNip, type Agency, type TestApp } from './test-support/test-app';

type Item = { id: string; tenantId?: string };
const ids = (res: Response): string[] => (res.body.items as Item[]).map((i) => i.id);

describe('tenant isolation between two agencies', () => {
  let t: TestApp;
  let a: Agency;
  let b: Agency;
  /** Authorization headers by role, in agency A, and B's admin. */
  const auth = {} as Record<'admin' | 'supervisor' | 'learner' | 'grader' | 'trainer' | 'adminB', string>;
  /** A unit and a position that exist only in B (A has none with these codes). */
  let bOnly: { unitId: string; unitCode: string; positionId: string; positionCode: string };
  /** Reports to A's learner, so A's supervisor sees them through the chain. */
  let deepTeamMember: Person;

  const as = (who: keyof typeof auth) => ({ Authorization: auth[who] });
  const employeesOf = async (agency: Agency): Promise<string[]> =>
    (await t.db.query(`SELECT id FROM employee WHERE tenant_id = $1`, [agency.id])).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t.db, 'WIB');
    b = await createAgency(t.db, 'WIT');
    const bearer = async (identifier: string) => `Bearer ${(await signIn(t, identifier)).accessToken}`;
    auth.admin = await bearer(a.people.tenant_admin.email);
    auth.supervisor = await bearer(a.people.supervisor.email);
    auth.learner = await bearer(a.people.learner.email);
    auth.grader = await bearer(a.people.grader.email);
    auth.trainer = await bearer(a.people.training_admin.email);
    auth.adminB = await bearer(b.people.tenant_admin.email);

    // B gets data of its own through its own admin, which also fills B's audit log.
    const unitCode = `BU${randomUUID().slice(0, 6).toUpperCase()}`;
    const positionCode = `BP${randomUUID().slice(0, 6).toUpperCase()}`;
    const unit = await t.http().post('/api/v1/units').set(as('adminB')).send({ code: unitCode, name: 'Unit khusus B', parentId: b.units.root }).expect(201);
    const position = await t.http().post('/api/v1/positions').set(as('adminB')).send({ code: positionCode, name: 'Jabatan khusus B', positionClass: 'pengawas' }).expect(201);
    bOnly = { unitId: unit.body.id, unitCode, positionId: position.body.id, positionCode };
    deepTeamMember = await createEmployee(t.db, a, { supervisorId: a.people.learner.employeeId });
  });
  afterAll(() => t.app.close());

  describe("A's tenant admin and B's resources", () => {
    const reads = () => [
      { url: `/api/v1/units/${b.units.child}`, key: 'unit.notFound' },
      { url: `/api/v1/positions/${b.positions.staff}`, key: 'position.notFound' },
      { url: `/api/v1/employees/${b.people.learner.employeeId}`, key: 'employee.notFound' },
      { url: `/api/v1/employees/${b.teamMemberId}`, key: 'employee.notFound' },
      { url: `/api/v1/users/${b.people.learner.userId}`, key: 'user.notFound' },
      { url: `/api/v1/users/${b.people.tenant_admin.userId}`, key: 'user.notFound' },
    ];

    it('reads none of them by id: 404, not 403 and not 200', async () => {
      for (const { url, key } of reads()) expectProblem(await t.http().get(url).set(as('admin')), 404, key);
    });

    it("gets 404 for the placement history of B's employee, like for the employee itself", async () => {
      for (const who of ['admin', 'trainer'] as const) {
        for (const id of [b.people.learner.employeeId, b.teamMemberId]) {
          expectProblem(await t.http().get(`/api/v1/employees/${id}/placements`).set(as(who)), 404, 'employee.notFound');
        }
      }
    });

    it('reads none of them by id even when naming B in X-Tenant-Id (only a super admin may choose)', async () => {
      for (const { url, key } of reads()) expectProblem(await t.http().get(url).set(as('admin')).set('X-Tenant-Id', b.id), 404, key);
      const units = await t.http().get('/api/v1/units').set(as('admin')).set('X-Tenant-Id', b.id).expect(200);
      expect(ids(units).sort()).toEqual(Object.values(a.units).sort());
    });

    it("changes none of them: 404 for every write, and B's data is byte-for-byte the same afterwards", async () => {
      const spare = (await t.db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'SPARE', 'Unit cadangan') RETURNING id`, [b.id]))[0].id as string;
      const before = await snapshotTenant(t.db, b.id);
      const bEmployee = b.people.learner.employeeId;
      const bUser = b.people.learner.userId;
      const writes: { method: 'patch' | 'post' | 'put' | 'delete'; url: string; body?: object; key: string }[] = [
        { method: 'patch', url: `/api/v1/units/${b.units.child}`, body: { name: 'Diubah A' }, key: 'unit.notFound' },
        { method: 'patch', url: `/api/v1/units/${b.units.child}`, body: { parentId: a.units.root }, key: 'unit.notFound' },
        { method: 'delete', url: `/api/v1/units/${spare}`, key: 'unit.notFound' },
        { method: 'patch', url: `/api/v1/positions/${b.positions.staff}`, body: { name: 'Diubah A' }, key: 'position.notFound' },
        { method: 'patch', url: `/api/v1/employees/${bEmployee}`, body: { fullName: 'Diubah A', status: 'retired' }, key: 'employee.notFound' },
        { method: 'patch', url: `/api/v1/employees/${bEmployee}`, body: { supervisorId: a.people.tenant_admin.employeeId }, key: 'employee.notFound' },
        { method: 'post', url: `/api/v1/employees/${bEmployee}/transfer`, body: { unitId: a.units.other }, key: 'employee.notFound' },
        { method: 'post', url: `/api/v1/employees/${bEmployee}/transfer`, body: { unitId: b.units.other }, key: 'employee.notFound' },
        { method: 'put', url: `/api/v1/users/${bUser}/roles`, body: { roles: ['learner', 'tenant_admin'] }, key: 'user.notFound' },
        { method: 'put', url: `/api/v1/users/${b.people.tenant_admin.userId}/roles`, body: { roles: ['learner'] }, key: 'user.notFound' },
        { method: 'patch', url: `/api/v1/users/${bUser}`, body: { disabled: true }, key: 'user.notFound' },
        { method: 'patch', url: `/api/v1/users/${bUser}`, body: {}, key: 'user.notFound' },
      ];
      for (const w of writes) {
        const res = await t.http()[w.method](w.url).set(as('admin')).send(w.body ?? {});
        expectProblem(res, 404, w.key);
      }
      // Naming B in X-Tenant-Id changes A's own agency, never B.
      const renamed = await t.http().patch('/api/v1/tenants/current').set(as('admin')).set('X-Tenant-Id', b.id).send({ shortName: 'Pemkot A' }).expect(200);
      expect(renamed.body.id).toBe(a.id);
      expect(await snapshotTenant(t.db, b.id)).toEqual(before);
      // B's people still sign in: no role, password or disabled flag moved.
      await signIn(t, b.people.learner.nip);
    });
  });

  describe('lists in A', () => {
    it("never contain B's units, positions, employees or users", async () => {
      const units = await t.http().get('/api/v1/units?pageSize=100').set(as('admin')).expect(200);
      expect(ids(units).sort()).toEqual(Object.values(a.units).sort());
      expect((units.body.items as Item[]).every((u) => u.tenantId === a.id)).toBe(true);

      const tree = await t.http().get('/api/v1/units/tree').set(as('admin')).expect(200);
      const flat = (nodes: { id: string; children: unknown[] }[]): string[] => nodes.flatMap((n) => [n.id, ...flat(n.children as never)]);
      expect(flat(tree.body).sort()).toEqual(Object.values(a.units).sort());

      const positions = await t.http().get('/api/v1/positions?pageSize=100').set(as('admin')).expect(200);
      expect(ids(positions).sort()).toEqual(Object.values(a.positions).sort());

      const aEmployees = (await employeesOf(a)).sort();
      for (const who of ['admin', 'trainer'] as const) {
        const employees = await t.http().get('/api/v1/employees?pageSize=100').set(as(who)).expect(200);
        expect(ids(employees).sort()).toEqual(aEmployees);
        expect(employees.body.total).toBe(aEmployees.length);
      }

      const users = await t.http().get('/api/v1/users?pageSize=100').set(as('admin')).expect(200);
      const aUsers = (await t.db.query(`SELECT id FROM user_account WHERE tenant_id = $1`, [a.id])).map((r: { id: string }) => r.id);
      expect(ids(users).sort()).toEqual(aUsers.sort());
    });

    it("return nothing of B when searched or filtered by B's own values", async () => {
      const bEmployee = (await t.http().get(`/api/v1/employees/${b.people.learner.employeeId}`).set(as('adminB')).expect(200)).body;
      for (const q of [bEmployee.nip, b.code.toLowerCase()]) {
        const res = await t.http().get('/api/v1/employees').query({ q }).set(as('admin')).expect(200);
        expect(res.body).toMatchObject({ items: [], total: 0 });
      }
      const byUnit = await t.http().get('/api/v1/employees').query({ unitId: b.units.child, includeSubunits: 'true' }).set(as('admin')).expect(200);
      expect(byUnit.body.total).toBe(0);
      const byPosition = await t.http().get('/api/v1/employees').query({ positionId: b.positions.staff }).set(as('admin')).expect(200);
      expect(byPosition.body.total).toBe(0);
      const subUnits = await t.http().get('/api/v1/units').query({ parentId: b.units.root }).set(as('admin')).expect(200);
      expect(subUnits.body.total).toBe(0);
      const unitSearch = await t.http().get('/api/v1/units').query({ q: bOnly.unitCode }).set(as('admin')).expect(200);
      expect(unitSearch.body.total).toBe(0);
      const positionSearch = await t.http().get('/api/v1/positions').query({ q: bOnly.positionCode }).set(as('admin')).expect(200);
      expect(positionSearch.body.total).toBe(0);
      const userSearch = await t.http().get('/api/v1/users').query({ q: b.code.toLowerCase() }).set(as('admin')).expect(200);
      expect(userSearch.body.total).toBe(0);
    });

    it("show A's audit log without B's entries", async () => {
      // Something of A's own in its log, so an empty answer cannot pass.
      await t.http().post('/api/v1/units').set(as('admin')).send({ code: `AU${randomUUID().slice(0, 6).toUpperCase()}`, name: 'Unit A' }).expect(201);
      const bEntries = await t.db.query(`SELECT id FROM audit_log WHERE tenant_id = $1`, [b.id]);
      expect(bEntries.length).toBeGreaterThan(0);
      const res = await t.http().get('/api/v1/audit-log?pageSize=100').set(as('admin')).expect(200);
      const items = res.body.items as { id: string; tenantId: string; action: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => i.tenantId === a.id)).toBe(true);
      const bIds = new Set(bEntries.map((e: { id: string }) => String(e.id)));
      expect(items.filter((i) => bIds.has(String(i.id)))).toEqual([]);
      const units = await t.http().get('/api/v1/audit-log').query({ q: 'unit.' }).set(as('admin')).expect(200);
      expect((units.body.items as Item[]).every((i) => i.tenantId === a.id)).toBe(true);
    });
  });

  describe("B's ids inside A's writes", () => {
    const newEmployee = (over: object) => ({
      nip: validNip(), fullName: 'Pegawai Silang', email: `silang.${randomUUID().slice(0, 8)}@a.go.id`,
      unitId: a.units.child, positionId: a.positions.staff, ...over,
    });

    it.each([
      ['unitId', () => ({ unitId: b.units.child }), 'unitId:notFound'],
      ['positionId', () => ({ positionId: b.positions.staff }), 'positionId:notFound'],
      ['supervisorId', () => ({ supervisorId: b.people.supervisor.employeeId }), 'supervisorId:supervisorNotFound'],
    ])("creating an employee in A with B's %s is 422 naming the field, and writes nothing", async (_field, over, rule) => {
      const body = newEmployee(over());
      const res = await t.http().post('/api/v1/employees').set(as('admin')).send(body);
      expect(res.status).toBe(422);
      expect(res.body.status).toBe(422);
      expect(fieldRules(res)).toEqual([rule]);
      expect(await t.db.query(`SELECT 1 FROM employee WHERE nip = $1`, [body.nip])).toEqual([]);
    });

    it("moving or re-pointing an A employee at B's unit, position or supervisor is 422 naming the field", async () => {
      const target = a.people.grader.employeeId;
      const before = await t.db.query(`SELECT * FROM employee WHERE id = $1`, [target]);
      const cases: [string, object, string][] = [
        [`/api/v1/employees/${target}/transfer`, { unitId: b.units.other }, 'unitId:notFound'],
        [`/api/v1/employees/${target}/transfer`, { positionId: b.positions.head }, 'positionId:notFound'],
      ];
      for (const [url, body, rule] of cases) {
        const res = await t.http().post(url).set(as('admin')).send(body);
        expect(res.status).toBe(422);
        expect(fieldRules(res)).toEqual([rule]);
      }
      const res = await t.http().patch(`/api/v1/employees/${target}`).set(as('admin')).send({ supervisorId: b.people.tenant_admin.employeeId });
      expect(res.status).toBe(422);
      expect(fieldRules(res)).toEqual(['supervisorId:supervisorNotFound']);
      expect(await t.db.query(`SELECT * FROM employee WHERE id = $1`, [target])).toEqual(before);
    });

    it("hanging an A unit under a B unit is 422 naming parentId", async () => {
      const created = await t.http().post('/api/v1/units').set(as('admin')).send({ code: 'SILANG', name: 'Unit silang', parentId: b.units.root });
      expect(created.status).toBe(422);
      expect(fieldRules(created)).toEqual(['parentId:parentNotFound']);
      const moved = await t.http().patch(`/api/v1/units/${a.units.other}`).set(as('admin')).send({ parentId: b.units.root });
      expect(moved.status).toBe(422);
      expect(fieldRules(moved)).toEqual(['parentId:parentNotFound']);
      const [unit] = await t.db.query(`SELECT parent_id FROM unit WHERE id = $1`, [a.units.other]);
      expect(unit.parent_id).toBe(a.units.root);
    });

    it("giving a login in A to B's employee is 422 naming employeeId", async () => {
      const res = await t.http().post('/api/v1/users').set(as('admin')).send({ employeeId: b.teamMemberId, password: 'SandiAwal#2026', roles: ['learner'] });
      expect(res.status).toBe(422);
      expect(fieldRules(res)).toEqual(['employeeId:notFound']);
      expect(await t.db.query(`SELECT 1 FROM user_account WHERE employee_id = $1`, [b.teamMemberId])).toEqual([]);
    });
  });

  describe('CSV import in A', () => {
    const header = 'nip,full_name,email,unit_code,position_code,supervisor_nip,status';
    const importCsv = (csv: string, mode = 'all-or-nothing') =>
      t.http().post('/api/v1/employees/import').query({ mode }).set(as('admin')).set('Content-Type', 'text/csv').send(csv);

    it("reports every row that names B's unit, position or supervisor, and writes nothing", async () => {
      const bSupervisorNip = (await t.db.query(`SELECT nip FROM employee WHERE id = $1`, [b.people.supervisor.employeeId]))[0].nip;
      const nips = [validNip(), validNip(), validNip(), validNip()];
      const csv = [
        header,
        `${nips[0]},Baris Unit B,r1.${randomUUID().slice(0, 6)}@a.go.id,${bOnly.unitCode},PELAKSANA,,active`,
        `${nips[1]},Baris Jabatan B,r2.${randomUUID().slice(0, 6)}@a.go.id,BKPSDM,${bOnly.positionCode},,active`,
        `${nips[2]},Baris Atasan B,r3.${randomUUID().slice(0, 6)}@a.go.id,BKPSDM,PELAKSANA,${bSupervisorNip},active`,
        `${nips[3]},Baris Sah,r4.${randomUUID().slice(0, 6)}@a.go.id,BKPSDM,PELAKSANA,,active`,
      ].join('\n');
      const beforeA = await snapshotTenant(t.db, a.id);
      const beforeB = await snapshotTenant(t.db, b.id);

      const res = await importCsv(csv);
      expectProblem(res, 422, 'import.rowsInvalid');
      const report = res.body.report;
      expect(report).toMatchObject({ rows: 4, valid: 1, invalid: 3, written: false });
      expect(report.errors.map((e: { line: number; field: string; rule: string }) => `${e.line}:${e.field}:${e.rule}`)).toEqual([
        '2:unit_code:unknownUnit',
        '3:position_code:unknownPosition',
        '4:supervisor_nip:unknownSupervisor',
      ]);
      expect(await t.db.query(`SELECT 1 FROM employee WHERE nip = ANY($1)`, [nips])).toEqual([]);
      expect(await snapshotTenant(t.db, a.id)).toEqual(beforeA);
      expect(await snapshotTenant(t.db, b.id)).toEqual(beforeB);
    });

    it("writes valid rows only into A, even a NIP that B also employs, leaving B's row alone", async () => {
      const bLearner = (await t.db.query(`SELECT nip FROM employee WHERE id = $1`, [b.people.learner.employeeId]))[0].nip;
      const beforeB = await snapshotTenant(t.db, b.id);
      const csv = [
        header,
        `${bLearner},Pindahan dari B,pindahan.${randomUUID().slice(0, 6)}@a.go.id,BKPSDM,PELAKSANA,,active`,
        `${validNip()},Unit B,x.${randomUUID().slice(0, 6)}@a.go.id,${bOnly.unitCode},PELAKSANA,,active`,
      ].join('\n');
      const res = await importCsv(csv, 'valid-only').expect(200);
      expect(res.body).toMatchObject({ valid: 1, invalid: 1, created: 1, written: true });
      const rows = await t.db.query(`SELECT tenant_id, full_name FROM employee WHERE nip = $1 ORDER BY tenant_id = $2`, [bLearner, a.id]);
      expect(rows).toEqual([
        { tenant_id: b.id, full_name: 'Pegawai pegawai' },
        { tenant_id: a.id, full_name: 'Pindahan dari B' },
      ]);
      expect(await snapshotTenant(t.db, b.id)).toEqual(beforeB);
    });
  });

  describe("A's supervisor", () => {
    const team = () => [a.people.supervisor.employeeId, a.people.learner.employeeId, a.teamMemberId, deepTeamMember.employeeId];

    it('lists exactly their team: themselves and everyone whose chain of supervisors leads to them', async () => {
      const res = await t.http().get('/api/v1/employees?pageSize=100').set(as('supervisor')).expect(200);
      expect(ids(res).sort()).toEqual(team().sort());
      expect(res.body.total).toBe(4);
    });

    it('reads team members and their placement history', async () => {
      for (const id of team()) {
        const one = await t.http().get(`/api/v1/employees/${id}`).set(as('supervisor')).expect(200);
        expect(one.body.id).toBe(id);
        const placements = await t.http().get(`/api/v1/employees/${id}/placements`).set(as('supervisor')).expect(200);
        expect(placements.body.length).toBeGreaterThan(0);
      }
    });

    it('gets 404 for A employees outside the team, their own boss included', async () => {
      for (const id of [a.people.tenant_admin.employeeId, a.people.grader.employeeId, a.people.training_admin.employeeId]) {
        expectProblem(await t.http().get(`/api/v1/employees/${id}`).set(as('supervisor')), 404, 'employee.notFound');
        expectProblem(await t.http().get(`/api/v1/employees/${id}/placements`).set(as('supervisor')), 404, 'employee.notFound');
      }
    });

    it("gets 404 for B's employees, B's supervisor and team included, even by id", async () => {
      for (const id of [b.people.supervisor.employeeId, b.people.learner.employeeId, b.teamMemberId]) {
        expectProblem(await t.http().get(`/api/v1/employees/${id}`).set(as('supervisor')), 404, 'employee.notFound');
        expectProblem(await t.http().get(`/api/v1/employees/${id}/placements`).set(as('supervisor')), 404, 'employee.notFound');
      }
      const filtered = await t.http().get('/api/v1/employees').query({ unitId: b.units.child }).set(as('supervisor')).expect(200);
      expect(filtered.body.total).toBe(0);
    });
  });

  describe.each([
    ['learner', () => a.people.learner.employeeId],
    ['grader', () => a.people.grader.employeeId],
  ] as const)("A's %s", (who, self) => {
    it('sees only themselves in the list', async () => {
      const res = await t.http().get('/api/v1/employees').set(as(who)).expect(200);
      expect(ids(res)).toEqual([self()]);
      expect(res.body.total).toBe(1);
    });

    it('reads themselves and nobody else, in A or in B', async () => {
      await t.http().get(`/api/v1/employees/${self()}`).set(as(who)).expect(200);
      await t.http().get(`/api/v1/employees/${self()}/placements`).set(as(who)).expect(200);
      const others = [a.people.supervisor.employeeId, a.teamMemberId, a.people.tenant_admin.employeeId, b.people.learner.employeeId, b.people[who].employeeId];
      for (const id of others.filter((id) => id !== self())) {
        expectProblem(await t.http().get(`/api/v1/employees/${id}`).set(as(who)), 404, 'employee.notFound');
        expectProblem(await t.http().get(`/api/v1/employees/${id}/placements`).set(as(who)), 404, 'employee.notFound');
      }
    });
  });

  describe("A's training admin", () => {
    it("reads A's employees but not B's", async () => {
      await t.http().get(`/api/v1/employees/${a.people.learner.employeeId}`).set(as('trainer')).expect(200);
      expectProblem(await t.http().get(`/api/v1/employees/${b.people.learner.employeeId}`).set(as('trainer')), 404, 'employee.notFound');
      expectProblem(await t.http().get(`/api/v1/employees/${b.teamMemberId}`).set(as('trainer')), 404, 'employee.notFound');
    });
  });

  it('B, seen by its own admin, still has exactly its own employees', async () => {
    const res = await t.http().get('/api/v1/employees?pageSize=100').set(as('adminB')).expect(200);
    expect(ids(res).sort()).toEqual((await employeesOf(b)).sort());
    expect(ids(res).some((id) => [a.people.learner.employeeId, deepTeamMember.employeeId].includes(id))).toBe(false);
  });
});
