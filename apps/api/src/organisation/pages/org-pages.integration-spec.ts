import { createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { csvOf, freshNip } from '../../test-support/org-helpers';
import { portalSignIn, type PortalBrowser } from '../../test-support/portal-client';

describe('portal: the tenant admin’s organisation pages', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let admin: PortalBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    admin = await portalSignIn(t, agency.people.tenant_admin.email);
  });
  afterAll(() => t.app.close());

  const pages = ['/org/units', '/org/positions', '/org/employees', '/org/employees/new', '/org/employees/import', '/org/users'];

  it('renders every page for the tenant admin and refuses a learner and a supervisor', async () => {
    for (const path of pages) expect(await admin.page(path)).toContain('<h1>');
    const tree = await admin.page('/org/units');
    expect(tree).toContain('SETDA › BKPSDM');
    const learner = await portalSignIn(t, agency.people.learner.email);
    const supervisor = await portalSignIn(t, agency.people.supervisor.email);
    for (const path of pages) {
      const res = await learner.agent.get(path).expect(403);
      expect(res.text).toContain('Anda tidak memiliki akses ke halaman ini.');
      await supervisor.agent.get(path).expect(403);
    }
    await learner.post('/org/units', { code: 'X', name: 'X' }).expect(403);
    expect(await t.db.query(`SELECT 1 FROM unit WHERE tenant_id = $1 AND code = 'X'`, [agency.id])).toHaveLength(0);
  });

  it('creates a unit under a parent, then renames and moves it', async () => {
    const res = await admin.post('/org/units', { code: 'uji-1', name: 'Bidang Uji', parentId: agency.units.child }).expect(303);
    expect(res.headers['location']).toBe('/org/units');
    const [unit] = await t.db.query(`SELECT id, code, name, parent_id FROM unit WHERE tenant_id = $1 AND code = 'UJI-1'`, [agency.id]);
    expect(unit).toMatchObject({ name: 'Bidang Uji', parent_id: agency.units.child });
    const list = await admin.page('/org/units');
    expect(list).toMatch(/class="flash success"[^>]*>Unit UJI-1 dibuat\./);
    expect(list).toContain('SETDA › BKPSDM › UJI-1');

    const form = await admin.page(`/org/units/${unit.id}`);
    expect(form).toContain('value="Bidang Uji"');
    // Neither the unit itself nor anything below it is offered as its parent.
    expect(form).not.toContain(`<option value="${unit.id}"`);
    await admin.post(`/org/units/${unit.id}`, { code: 'UJI-1', name: 'Bidang Pengujian', parentId: agency.units.other }).expect(303);
    expect((await t.db.query(`SELECT name, parent_id FROM unit WHERE id = $1`, [unit.id]))[0]).toEqual({ name: 'Bidang Pengujian', parent_id: agency.units.other });
    await admin.post(`/org/units/${unit.id}`, { code: 'UJI-1', name: 'Bidang Pengujian', parentId: '' }).expect(303);
    expect((await t.db.query(`SELECT parent_id FROM unit WHERE id = $1`, [unit.id]))[0].parent_id).toBeNull();
  });

  it('shows a bad unit next to its field and keeps what was typed', async () => {
    const bad = await admin.post('/org/units', { code: 'kode salah', name: 'Unit Baru Saya', parentId: agency.units.root }).expect(400);
    expect(bad.text).toMatch(/id="f-code-error"/);
    expect(bad.text).toContain('value="kode salah"');
    expect(bad.text).toContain('value="Unit Baru Saya"');
    expect(bad.text).toMatch(new RegExp(`value="${agency.units.root}" selected`));
    const taken = await admin.post('/org/units', { code: 'SETDA', name: 'Kembar' }).expect(409);
    expect(taken.text).toMatch(/id="f-code-error"/);
    expect(await t.db.query(`SELECT 1 FROM unit WHERE tenant_id = $1 AND name IN ('Unit Baru Saya', 'Kembar')`, [agency.id])).toHaveLength(0);
  });

  it('answers another agency’s unit, position, employee and login with the 404 page', async () => {
    const [foreignUser] = await t.db.query(`SELECT id FROM user_account WHERE employee_id = $1`, [other.people.learner.employeeId]);
    for (const path of [`/org/units/${other.units.child}`, `/org/positions/${other.positions.staff}`, `/org/employees/${other.people.learner.employeeId}`]) {
      const res = await admin.agent.get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('tidak ditemukan');
    }
    await admin.post(`/org/units/${other.units.child}`, { code: 'DIAMBIL', name: 'Diambil' }).expect(404);
    await admin.post(`/org/users/${foreignUser.id}/roles`, { roles: ['learner', 'tenant_admin'] }).expect(404);
    expect((await t.db.query(`SELECT code FROM unit WHERE id = $1`, [other.units.child]))[0].code).toBe('BKPSDM');
    expect(await t.db.query(`SELECT role FROM user_role WHERE user_id = $1`, [foreignUser.id])).toEqual([{ role: 'learner' }]);
  });

  it('creates and edits a position', async () => {
    await admin.post('/org/positions', { code: 'ANALIS', name: 'Analis Kebijakan', positionClass: 'fungsional' }).expect(303);
    const [position] = await t.db.query(`SELECT id, name, position_class FROM position WHERE tenant_id = $1 AND code = 'ANALIS'`, [agency.id]);
    expect(position).toMatchObject({ name: 'Analis Kebijakan', position_class: 'fungsional' });
    expect(await admin.page('/org/positions?q=analis')).toContain('Analis Kebijakan');
    await admin.post(`/org/positions/${position.id}`, { code: 'ANALIS', name: 'Analis Kebijakan Ahli', positionClass: 'fungsional' }).expect(303);
    expect((await t.db.query(`SELECT name FROM position WHERE id = $1`, [position.id]))[0].name).toBe('Analis Kebijakan Ahli');
    const bad = await admin.post('/org/positions', { code: 'BARU', name: 'Jabatan Baru', positionClass: 'raja' }).expect(400);
    expect(bad.text).toMatch(/id="f-positionClass-error"/);
    expect(bad.text).toContain('value="Jabatan Baru"');
  });

  it('creates and edits an employee, and keeps a bad form as typed', async () => {
    const nip = freshNip();
    const bad = await admin
      .post('/org/employees', { nip, fullName: 'Rina Wati', email: 'bukan-email', unitId: agency.units.child, positionId: agency.positions.staff, supervisorNip: agency.people.supervisor.nip })
      .expect(400);
    expect(bad.text).toMatch(/id="f-email-error"/);
    expect(bad.text).toContain(`value="${nip}"`);
    expect(bad.text).toContain('value="Rina Wati"');
    expect(bad.text).toContain(`value="${agency.people.supervisor.nip}"`);
    const unknownBoss = await admin
      .post('/org/employees', { nip, fullName: 'Rina Wati', email: 'rina@uji.go.id', unitId: agency.units.child, positionId: agency.positions.staff, supervisorNip: other.people.supervisor.nip })
      .expect(422);
    expect(unknownBoss.text).toMatch(/id="f-supervisorNip-error"/);

    await admin
      .post('/org/employees', { nip, fullName: 'Rina Wati', email: 'Rina@Uji.go.id', unitId: agency.units.child, positionId: agency.positions.staff, supervisorNip: agency.people.supervisor.nip })
      .expect(303);
    const [employee] = await t.db.query(`SELECT id, email, supervisor_id, version FROM employee WHERE tenant_id = $1 AND nip = $2`, [agency.id, nip]);
    expect(employee).toMatchObject({ email: 'rina@uji.go.id', supervisor_id: agency.people.supervisor.employeeId });
    const list = await admin.page(`/org/employees?q=${nip}`);
    expect(list).toContain('Rina Wati');

    await admin
      .post(`/org/employees/${employee.id}`, {
        fullName: 'Rina Wati, S.E.', email: 'rina@uji.go.id', status: 'active', supervisorNip: '', unitId: agency.units.other, positionId: agency.positions.staff, version: String(employee.version),
      })
      .expect(303);
    const [after] = await t.db.query(`SELECT full_name, supervisor_id, unit_id FROM employee WHERE id = $1`, [employee.id]);
    expect(after).toEqual({ full_name: 'Rina Wati, S.E.', supervisor_id: null, unit_id: agency.units.other });
    const placements = await t.db.query(`SELECT unit_id, valid_to FROM employee_placement WHERE employee_id = $1 ORDER BY valid_from`, [employee.id]);
    expect(placements.map((p: { unit_id: string }) => p.unit_id)).toContain(agency.units.other);
  });

  it('imports a CSV with one bad row: all-or-nothing writes nothing and reports the row; valid-only writes the rest', async () => {
    const good = freshNip();
    const csv = csvOf([
      { nip: good, full_name: 'Budi Santoso', email: `budi.${good.slice(-6)}@uji.go.id`, unit_code: 'BKPSDM', position_code: 'PELAKSANA' },
      { nip: '12345', full_name: 'Baris Rusak', email: 'rusak@uji.go.id', unit_code: 'TIDAKADA', position_code: 'PELAKSANA' },
    ]);
    const refused = await admin.post('/org/employees/import', { file: csv, mode: 'all-or-nothing' }).expect(422);
    expect(refused.text).toContain('Laporan impor');
    // The per-row table: line 3 (after the header and the good row) with its column and value.
    const rows = [...refused.text.matchAll(/<tr>\s*<th scope="row">(\d+)<\/th>\s*<td><code>([a-z_]+)<\/code><\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(expect.arrayContaining([['3', 'nip', '12345'], ['3', 'unit_code', 'TIDAKADA']]));
    expect(rows.every(([line]) => line === '3')).toBe(true);
    expect(refused.text).toContain('Belum ada yang disimpan.');
    // What was pasted stays in the form.
    expect(refused.text).toContain('Baris Rusak');
    expect(await t.db.query(`SELECT 1 FROM employee WHERE nip = $1`, [good])).toHaveLength(0);

    const partial = await admin.post('/org/employees/import', { file: csv, mode: 'valid-only' }).expect(200);
    expect(partial.text).toContain('Perubahan tersimpan.');
    expect(partial.text).toMatch(/<th scope="row">3<\/th>/);
    expect(await t.db.query(`SELECT full_name FROM employee WHERE tenant_id = $1 AND nip = $2`, [agency.id, good])).toEqual([{ full_name: 'Budi Santoso' }]);

    const empty = await admin.post('/org/employees/import', { file: '', mode: 'valid-only' }).expect(400);
    expect(empty.text).toMatch(/id="f-file-error"/);
  });

  it('grants and revokes roles of a login, and gives an employee a login', async () => {
    const users = await admin.page(`/org/users?q=${agency.people.learner.nip}`);
    expect(users).toContain(`/org/users/${agency.people.learner.userId}/roles`);
    await admin.post(`/org/users/${agency.people.learner.userId}/roles`, { roles: ['learner', 'grader'] }).expect(303);
    const roles = async (userId: string) => (await t.db.query(`SELECT role FROM user_role WHERE user_id = $1 ORDER BY role`, [userId])).map((r: { role: string }) => r.role);
    expect(await roles(agency.people.learner.userId)).toEqual(['grader', 'learner']);
    await admin.post(`/org/users/${agency.people.learner.userId}/roles`, { roles: 'learner' }).expect(303);
    expect(await roles(agency.people.learner.userId)).toEqual(['learner']);
    const bad = await admin.post(`/org/users/${agency.people.learner.userId}/roles`, { roles: ['learner', 'raja'] }).expect(400);
    expect(bad.text).toContain(`id="roles-${agency.people.learner.userId}-error"`);
    expect(await roles(agency.people.learner.userId)).toEqual(['learner']);

    const [member] = await t.db.query(`SELECT nip FROM employee WHERE id = $1`, [agency.teamMemberId]);
    const weak = await admin.post('/org/users', { employeeNip: member.nip, password: 'pendek', roles: ['learner'] }).expect(400);
    expect(weak.text).toMatch(/id="f-password-error"/);
    expect(weak.text).toContain(`value="${member.nip}"`);
    expect(weak.text).not.toContain('value="pendek"');
    await admin.post('/org/users', { employeeNip: member.nip, password: 'KataSandiAwal2026', roles: ['learner', 'supervisor'] }).expect(303);
    const [login] = await t.db.query(`SELECT id FROM user_account WHERE employee_id = $1`, [agency.teamMemberId]);
    expect(await roles(login.id)).toEqual(['learner', 'supervisor']);
  });
});
