import { randomUUID } from 'node:crypto';
import { createEmployee } from '../../test-support/auth-helpers';
import { NATIONAL_CODES, expectRefusal, nationalCompetencies } from '../../test-support/ledger-helpers';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type TestApp } from '../../test-support/test-app';

interface Cell {
  unitId: string;
  competencyId: string;
  employees: number;
  below: number;
  shareBelow: number;
}

/** Parses the simple CSV our reports write (no quoted commas in these tests). */
const csvRows = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));

describe('reports: gap heatmap, JP compliance, team gaps', () => {
  let t: TestApp;
  let national: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    national = await nationalCompetencies(t.db);
  });
  afterAll(() => t.app.close());

  /** A fresh agency per test: its head counts are exactly what createAgency made. */
  async function setup() {
    const agency = await createAgency(t.db);
    const [admin, trainer, supervisor, learner, grader] = await Promise.all(
      (['tenant_admin', 'training_admin', 'supervisor', 'learner', 'grader'] as const).map((r) => bearer(t, agency.people[r].email)),
    );
    const record = (employeeId: string, code: string, level: number, occurredAt = '2025-06-02T09:00:00+07:00') =>
      t
        .http()
        .post(`/api/v1/employees/${employeeId}/ledger`)
        .set('Authorization', trainer)
        .send({ competencyId: national[code], level, source: 'assessment', sourceRef: `AC-${randomUUID().slice(0, 12)}`, occurredAt })
        .expect(201);
    const heatmap = async (query: Record<string, string> = {}, auth = trainer) => {
      const res = await t.http().get('/api/v1/reports/gap-heatmap').query(query).set('Authorization', auth).expect(200);
      const cell = (unitId: string, code: string) => (res.body.cells as Cell[]).find((c) => c.unitId === unitId && c.competencyId === national[code]);
      return { body: res.body, cell };
    };
    return { agency, admin, trainer, supervisor, learner, grader, record, heatmap };
  }

  describe('gap heatmap', () => {
    // createAgency: BKPSDM (child) holds two KABAN (required 4) and three PELAKSANA (required 1); DISHUB (other) one PELAKSANA.
    it('counts, per unit and competency, the employees required to hold it and those below the standard', async () => {
      const { agency, record, heatmap } = await setup();
      const { body, cell } = await heatmap();
      expect(body.unitId).toBeNull();
      expect(body.units.map((u: { code: string }) => u.code)).toEqual(['BKPSDM', 'DISHUB']);
      expect(body.competencies.map((c: { code: string }) => c.code).sort()).toEqual([...NATIONAL_CODES].sort());
      expect(body.cells).toHaveLength(18);
      for (const code of NATIONAL_CODES) {
        expect(cell(agency.units.child, code)).toMatchObject({ employees: 5, below: 5, shareBelow: 100 });
        expect(cell(agency.units.other, code)).toMatchObject({ employees: 1, below: 1, shareBelow: 100 });
      }

      await record(agency.people.learner.employeeId, 'M.1', 1);
      await record(agency.teamMemberId, 'M.1', 2);
      await record(agency.people.supervisor.employeeId, 'M.1', 3); // still below KABAN's 4
      let after = await heatmap();
      expect(after.cell(agency.units.child, 'M.1')).toMatchObject({ employees: 5, below: 4, shareBelow: 80 });
      expect(after.cell(agency.units.other, 'M.1')).toMatchObject({ employees: 1, below: 0, shareBelow: 0 });
      expect(after.cell(agency.units.child, 'M.2')).toMatchObject({ below: 5 });

      await record(agency.people.supervisor.employeeId, 'M.1', 4); // raised to the standard
      after = await heatmap();
      expect(after.cell(agency.units.child, 'M.1')).toMatchObject({ employees: 5, below: 3, shareBelow: 60 });
    });

    it('covers the subtree of the unit asked for; another agency’s unit is 404', async () => {
      const { agency, trainer, heatmap } = await setup();
      const child = await heatmap({ unitId: agency.units.child });
      expect(child.body.unitId).toBe(agency.units.child);
      expect(new Set(child.body.cells.map((c: Cell) => c.unitId))).toEqual(new Set([agency.units.child]));
      const root = await heatmap({ unitId: agency.units.root });
      expect(new Set(root.body.cells.map((c: Cell) => c.unitId))).toEqual(new Set([agency.units.child, agency.units.other]));

      // A grandchild unit belongs to the subtree of its grandparent.
      const [{ id: section }] = await t.db.query(`INSERT INTO unit (tenant_id, code, name, parent_id) VALUES ($1, 'SUBBID', 'Subbidang', $2) RETURNING id`, [
        agency.id,
        agency.units.other,
      ]);
      await createEmployee(t.db, agency, { unitId: section });
      await createEmployee(t.db, agency, { unitId: section, status: 'retired' }); // inactive: not counted
      const other = await heatmap({ unitId: agency.units.other });
      expect(other.cell(section, 'M.3')).toMatchObject({ employees: 1, below: 1 });
      expect(other.cell(agency.units.other, 'M.3')).toMatchObject({ employees: 1 });

      const foreign = await createAgency(t.db);
      for (const unitId of [foreign.units.root, randomUUID()]) {
        expectRefusal(await t.http().get('/api/v1/reports/gap-heatmap').query({ unitId }).set('Authorization', trainer), 404, 'unit.notFound', [{ field: 'unitId' }]);
      }
      expectProblem(await t.http().get('/api/v1/reports/gap-heatmap').query({ unitId: 'SETDA' }).set('Authorization', trainer), 400, [{ field: 'unitId', rule: 'isUuid' }]);
      expectProblem(await t.http().get('/api/v1/reports/gap-heatmap').query({ format: 'xlsx' }).set('Authorization', trainer), 400, [{ field: 'format', rule: 'isIn' }]);
    });

    it('exports the cells as CSV', async () => {
      const { agency, trainer, heatmap } = await setup();
      const json = await heatmap({ unitId: agency.units.root });
      const res = await t.http().get('/api/v1/reports/gap-heatmap').query({ unitId: agency.units.root, format: 'csv' }).set('Authorization', trainer).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="kesenjangan-kompetensi.csv"');
      const [header, ...rows] = csvRows(res.text);
      expect(header).toEqual(['unit_code', 'competency_code', 'employees', 'below', 'share_below']);
      expect(rows).toHaveLength(json.body.cells.length);
      expect(rows).toContainEqual(['DISHUB', 'M.1', '1', '1', '100']);
      expect(rows).toContainEqual(['BKPSDM', 'SK.1', '5', '5', '100']);
    });

    it('counts an entry dated a moment ahead (within the allowed clock skew) once that moment has passed, as the profile does', async () => {
      const { agency, admin, record, heatmap } = await setup();
      const occurredAt = new Date(Date.now() + 1500);
      await record(agency.teamMemberId, 'M.8', 1, occurredAt.toISOString());
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, occurredAt.getTime() - Date.now()) + 500));
      const profile = await t.http().get(`/api/v1/employees/${agency.teamMemberId}/profile`).set('Authorization', admin).expect(200);
      expect(profile.body.items.find((i: { competency: { code: string } }) => i.competency.code === 'M.8')).toMatchObject({ held: 1, status: 'met' });
      expect((await heatmap()).cell(agency.units.other, 'M.8')).toMatchObject({ employees: 1, below: 0 });
    });
  });

  describe('JP compliance', () => {
    it('lists exactly the active employees under 20 JP in the year, fewest first, and exports them as CSV', async () => {
      const { agency, trainer } = await setup();
      const credit = (employeeId: string, minutes: number, occurredAt = '2025-05-05T10:00:00+07:00') =>
        t
          .http()
          .post(`/api/v1/employees/${employeeId}/jp-credits`)
          .set('Authorization', trainer)
          .send({ minutes, occurredAt, source: 'manual', sourceRef: `SK-${randomUUID().slice(0, 8)}` })
          .expect(201);
      const p = agency.people;
      await credit(p.learner.employeeId, 900); // exactly 20 JP: compliant
      await credit(p.supervisor.employeeId, 600);
      await credit(p.supervisor.employeeId, 400); // 1000 in total: compliant
      await credit(p.grader.employeeId, 899);
      await credit(p.training_admin.employeeId, 450);
      await credit(p.training_admin.employeeId, 900, '2024-12-31T16:30:00Z'); // 23:30 WIB on 31 December 2024: another year
      await createEmployee(t.db, agency, { status: 'retired' });

      const res = await t.http().get('/api/v1/reports/jp-compliance').query({ year: 2025 }).set('Authorization', trainer).expect(200);
      expect(res.body).toMatchObject({ year: 2025, timeZone: 'WIB', obligationMinutes: 900, employees: 6, compliant: 2 });
      // Fewest minutes first, then by name: "Pegawai admin" before "Pegawai anggota".
      expect(res.body.under.map((u: { employeeId: string; minutes: number }) => [u.employeeId, u.minutes])).toEqual([
        [p.tenant_admin.employeeId, 0],
        [agency.teamMemberId, 0],
        [p.training_admin.employeeId, 450],
        [p.grader.employeeId, 899],
      ]);
      const grader = res.body.under.find((u: { employeeId: string }) => u.employeeId === p.grader.employeeId);
      expect(grader).toMatchObject({ nip: p.grader.nip, unitCode: 'BKPSDM', minutes: 899, jp: 19.9, shortfallMinutes: 1 });

      const y2024 = await t.http().get('/api/v1/reports/jp-compliance').query({ year: 2024 }).set('Authorization', trainer).expect(200);
      expect(y2024.body).toMatchObject({ employees: 6, compliant: 1 });
      const dishub = await t.http().get('/api/v1/reports/jp-compliance').query({ year: 2025, unitId: agency.units.other }).set('Authorization', trainer).expect(200);
      expect(dishub.body.under.map((u: { employeeId: string }) => u.employeeId)).toEqual([agency.teamMemberId]);

      const csv = await t.http().get('/api/v1/reports/jp-compliance').query({ year: 2025, format: 'csv' }).set('Authorization', trainer).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="kepatuhan-jp-2025.csv"');
      const [header, ...rows] = csvRows(csv.text);
      expect(header).toEqual(['nip', 'fullName', 'unitCode', 'minutes', 'jp', 'shortfallMinutes']);
      expect(rows).toHaveLength(4);
      expect(rows).toContainEqual([p.grader.nip, expect.any(String), 'BKPSDM', '899', '19.9', '1']);
      expectRefusal(await t.http().get('/api/v1/reports/jp-compliance').query({ unitId: (await createAgency(t.db)).units.root }).set('Authorization', trainer), 404, 'unit.notFound');
      expectProblem(await t.http().get('/api/v1/reports/jp-compliance').query({ year: 'tahun ini' }).set('Authorization', trainer), 400, [{ field: 'year' }]);
    });
  });

  describe('team gaps', () => {
    it('lists the supervisor’s team, not themselves and not others, with scores that match each profile', async () => {
      const { agency, admin, supervisor, record } = await setup();
      const indirect = (await createEmployee(t.db, agency, { supervisorId: agency.people.learner.employeeId })).employeeId;
      for (const code of ['M.1', 'M.2', 'M.3', 'M.4', 'M.5']) await record(agency.teamMemberId, code, 2); // 5 of 9 at level 1
      await record(agency.people.learner.employeeId, 'M.1', 1);

      const res = await t.http().get('/api/v1/team/gaps').set('Authorization', supervisor).expect(200);
      const members = res.body.members as { employeeId: string; matchScore: number; totalShortfall: number; required: number; below: number }[];
      expect(members.map((m) => m.employeeId).sort()).toEqual([agency.people.learner.employeeId, agency.teamMemberId, indirect].sort());
      const member = members.find((m) => m.employeeId === agency.teamMemberId);
      expect(member).toMatchObject({ required: 9, below: 4, totalShortfall: 4, unitCode: 'DISHUB', positionName: 'Jabatan PELAKSANA' });
      for (const m of members) {
        const profile = await t.http().get(`/api/v1/employees/${m.employeeId}/profile`).set('Authorization', supervisor).expect(200);
        expect({ id: m.employeeId, matchScore: m.matchScore, totalShortfall: m.totalShortfall }).toEqual({
          id: m.employeeId,
          matchScore: profile.body.matchScore,
          totalShortfall: profile.body.totalShortfall,
        });
      }
      expect(member?.matchScore).toBe(55.5);
      expect(members.map((m) => m.matchScore)).toEqual([...members.map((m) => m.matchScore)].sort((a, b) => a - b));

      // A supervisor with nobody below them has an empty team.
      const lone = await createAgency(t.db);
      await t.db.query(`UPDATE employee SET supervisor_id = NULL WHERE id = $1`, [lone.people.learner.employeeId]);
      await t.db.query(`UPDATE employee SET supervisor_id = $2 WHERE id = $1`, [lone.teamMemberId, lone.people.tenant_admin.employeeId]);
      const empty = await t.http().get('/api/v1/team/gaps').set('Authorization', await bearer(t, lone.people.supervisor.email)).expect(200);
      expect(empty.body.members).toEqual([]);
      await t.http().get('/api/v1/team/gaps').set('Authorization', admin).expect(403);
    });
  });

  describe('who may read reports', () => {
    it('lets training and tenant admins read unit reports, supervisors only their team', async () => {
      const { admin, trainer, supervisor, learner, grader } = await setup();
      for (const path of ['/api/v1/reports/gap-heatmap', '/api/v1/reports/jp-compliance']) {
        for (const auth of [admin, trainer]) await t.http().get(path).set('Authorization', auth).expect(200);
        for (const auth of [supervisor, learner, grader]) expectRefusal(await t.http().get(path).set('Authorization', auth), 403, 'auth.forbiddenRole');
        expectRefusal(await t.http().get(path), 401, 'auth.tokenMissing');
      }
      for (const auth of [learner, grader, trainer]) expectRefusal(await t.http().get('/api/v1/team/gaps').set('Authorization', auth), 403, 'auth.forbiddenRole');
    });
  });
});
