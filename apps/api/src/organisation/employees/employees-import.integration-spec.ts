import { localDate } from '@mahir/competency';
import { CSV_COLUMNS } from './employees-import.service';
import { csvOf, expectProblem, freshNip, openPlacementCounts, tenantCounts, tenantSnapshot, type CsvRecord } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

interface RowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

const HEADER = CSV_COLUMNS.join(',');

describe('employee CSV import and export', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.app.close());

  /** A fresh agency with its admin's token. */
  async function agencyWithAdmin(tz: 'WIB' | 'WITA' | 'WIT' = 'WIB') {
    const agency = await createAgency(t.db, tz);
    return { agency, auth: await bearer(t, agency.people.tenant_admin.email) };
  }
  const importCsv = (auth: string, csv: string, query: Record<string, string> = {}, lang?: string) => {
    const req = t.http().post('/api/v1/employees/import').query(query).set('Authorization', auth).set('Content-Type', 'text/csv');
    if (lang) req.set('Accept-Language', lang);
    return req.send(csv);
  };
  const person = (over: CsvRecord = {}): CsvRecord & { nip: string } => {
    const nip = over.nip ?? freshNip();
    return { nip, full_name: `Pegawai ${nip.slice(-5)}`, email: `p${nip}@impor.go.id`, unit_code: 'DISHUB', position_code: 'PELAKSANA', supervisor_nip: '', status: 'active', ...over };
  };
  const byNip = async (tenantId: string, nips: string[]) =>
    (await t.db.query(
      `SELECT e.id, e.nip, e.full_name, e.email, u.code AS unit, p.code AS position, s.nip AS supervisor, e.status, e.version, e.updated_at
       FROM employee e JOIN unit u ON u.id = e.unit_id JOIN position p ON p.id = e.position_id LEFT JOIN employee s ON s.id = e.supervisor_id
       WHERE e.tenant_id = $1 AND e.nip = ANY($2) ORDER BY e.nip`,
      [tenantId, nips],
    )) as { id: string; nip: string; full_name: string; email: string; unit: string; position: string; supervisor: string | null; status: string; version: number; updated_at: Date }[];
  const placementsOf = (employeeId: string) =>
    t.db.query(
      `SELECT u.code AS unit, pl.valid_from::text AS "from", pl.valid_to::text AS "to", pl.reason
       FROM employee_placement pl JOIN unit u ON u.id = pl.unit_id WHERE pl.employee_id = $1 ORDER BY pl.recorded_at, pl.valid_to NULLS LAST`,
      [employeeId],
    );

  describe('a good file', () => {
    let agency: Agency;
    let auth: string;
    let rows: CsvRecord[];
    let nips: string[];

    beforeAll(async () => {
      ({ agency, auth } = await agencyWithAdmin('WITA'));
      nips = [freshNip(), freshNip(2), freshNip()];
      rows = [
        // The first row's supervisor only appears later in the same file.
        person({ nip: nips[0], full_name: 'Aminah, S.Kom.', email: 'Aminah@Impor.GO.id', supervisor_nip: nips[2] }),
        person({ nip: nips[1], full_name: 'Yosef "Ocep" Tanamal', unit_code: 'BKPSDM', supervisor_nip: agency.people.supervisor.nip, status: 'retired' }),
        person({ nip: nips[2], full_name: 'Ratna Wahyuni', position_code: 'KABAN' }),
      ];
    });

    it('creates the employees with placements and supervisors, and reports the counts', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await importCsv(auth, csvOf(rows));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        mode: 'all-or-nothing', dryRun: false, rows: 3, valid: 3, invalid: 0, created: 3, updated: 0, unchanged: 0, written: true, errors: [],
      });

      const stored = await byNip(agency.id, nips);
      expect(stored.map(({ nip, full_name, email, unit, position, supervisor, status, version }) => ({ nip, full_name, email, unit, position, supervisor, status, version }))).toEqual(
        [
          { nip: nips[0], full_name: 'Aminah, S.Kom.', email: 'aminah@impor.go.id', unit: 'DISHUB', position: 'PELAKSANA', supervisor: nips[2], status: 'active', version: 1 },
          { nip: nips[1], full_name: 'Yosef "Ocep" Tanamal', email: `p${nips[1]}@impor.go.id`, unit: 'BKPSDM', position: 'PELAKSANA', supervisor: agency.people.supervisor.nip, status: 'retired', version: 1 },
          { nip: nips[2], full_name: 'Ratna Wahyuni', email: `p${nips[2]}@impor.go.id`, unit: 'DISHUB', position: 'KABAN', supervisor: null, status: 'active', version: 1 },
        ].sort((a, b) => a.nip.localeCompare(b.nip)),
      );
      const today = localDate(new Date(), 'WITA');
      for (const e of stored) expect(await placementsOf(e.id)).toEqual([{ unit: e.unit, from: today, to: null, reason: 'hire' }]);
      expect(await tenantCounts(t.db, agency.id)).toMatchObject({ employees: before.employees + 3, placements: before.placements + 3 });
      const audit = await t.db.query(`SELECT actor_user_id, detail FROM audit_log WHERE tenant_id = $1 AND action = 'employee.imported'`, [agency.id]);
      expect(audit).toEqual([{ actor_user_id: agency.people.tenant_admin.userId, detail: { rows: 3 } }]);
    });

    it('re-importing the same file changes nothing: all unchanged, no placements, no version bump', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const stamps = (await byNip(agency.id, nips)).map((e) => e.updated_at.toISOString());
      const res = await importCsv(auth, csvOf(rows));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 3, valid: 3, created: 0, updated: 0, unchanged: 3, errors: [] });
      const after = await tenantSnapshot(t.db, agency.id);
      expect({ ...after, audits: 0 }).toEqual({ ...before, audits: 0 });
      expect((await byNip(agency.id, nips)).map((e) => e.updated_at.toISOString())).toEqual(stamps);
    });

    it('a changed unit is an update: the old placement closes today and a new one opens; only that employee changes', async () => {
      const before = await byNip(agency.id, nips);
      const moved = rows.map((r, i) => (i === 2 ? { ...r, unit_code: 'SETDA' } : r));
      const res = await importCsv(auth, csvOf(moved));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
      const after = await byNip(agency.id, nips);
      const [ratna] = after.filter((e) => e.nip === nips[2]);
      const [ratnaBefore] = before.filter((e) => e.nip === nips[2]);
      expect(ratna).toMatchObject({ unit: 'SETDA', version: ratnaBefore.version + 1 });
      const today = localDate(new Date(), 'WITA');
      expect(await placementsOf(ratna.id)).toEqual([
        { unit: 'DISHUB', from: today, to: today, reason: 'hire' },
        { unit: 'SETDA', from: today, to: null, reason: 'import' },
      ]);
      for (const nip of [nips[0], nips[1]]) {
        expect(after.find((e) => e.nip === nip)).toEqual(before.find((e) => e.nip === nip));
      }
      rows = moved;
    });

    it('a new supervisor alone is an update too and bumps the version', async () => {
      const [before] = await byNip(agency.id, [nips[1]]);
      const changed = rows.map((r, i) => (i === 1 ? { ...r, supervisor_nip: nips[2] } : r));
      const res = await importCsv(auth, csvOf(changed));
      expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
      const [after] = await byNip(agency.id, [nips[1]]);
      expect(after).toMatchObject({ supervisor: nips[2], version: before.version + 1 });
      expect(await placementsOf(after.id)).toHaveLength(1);
      rows = changed;
    });

    it('a file without the status column keeps every stored status', async () => {
      const res = await importCsv(auth, csvOf([{ ...rows[1], full_name: 'Yosef Tanamal' }], ['nip', 'full_name', 'email', 'unit_code', 'position_code', 'supervisor_nip']));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ updated: 1, created: 0 });
      const [yosef] = await byNip(agency.id, [nips[1]]);
      expect(yosef).toMatchObject({ full_name: 'Yosef Tanamal', status: 'retired' });
    });

    it('reads a spreadsheet-style file: BOM, CRLF, capitalised header, columns in any order, blank lines', async () => {
      const nip = freshNip();
      const csv = `\uFEFFFULL_NAME,Nip,Email,Position_Code,Unit_Code\r\nDewi Lestari,${nip},dewi.${nip}@impor.go.id,PELAKSANA,BKPSDM\r\n\r\n`;
      const res = await importCsv(auth, csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 1, created: 1 });
      expect(await byNip(agency.id, [nip])).toEqual([expect.objectContaining({ full_name: 'Dewi Lestari', unit: 'BKPSDM', status: 'active' })]);
    });

    it('is for tenant admins: a training admin gets 403 and nothing is written', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await importCsv(await bearer(t, agency.people.training_admin.email), csvOf([person()]));
      expectProblem(res, 403);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('bad rows', () => {
    let agency: Agency;
    let auth: string;
    let good: CsvRecord & { nip: string };
    let rows: CsvRecord[];
    let expected: { line: number; field: string; rule: string }[];
    let cycleA: string;
    let cycleB: string;
    let orphanBoss: string;
    let selfBoss: string;

    beforeAll(async () => {
      ({ agency, auth } = await agencyWithAdmin());
      good = person();
      cycleA = freshNip();
      cycleB = freshNip();
      orphanBoss = freshNip();
      selfBoss = freshNip();
      rows = [
        good, // line 2
        person({ nip: '198513152010011001' }), // 3: birth month 13
        person({ unit_code: 'DISDIK' }), // 4
        person({ position_code: 'GURU' }), // 5
        person({ supervisor_nip: freshNip() }), // 6: nobody has this NIP
        person({ nip: good.nip, email: `lain.${good.nip}@impor.go.id` }), // 7: same NIP as line 2
        person({ email: agency.people.learner.email.toUpperCase() }), // 8: another employee's e-mail
        person({ full_name: '', email: '' }), // 9
        person({ status: 'pensiun' }), // 10
        person({ unit_code: '' }), // 11
        person({ nip: '' }), // 12
        person({ email: 'bukan-email' }), // 13
        person({ nip: cycleA, supervisor_nip: cycleB }), // 14: A reports to B …
        person({ nip: cycleB, supervisor_nip: cycleA }), // 15: … and B to A
        person({ nip: orphanBoss, unit_code: 'NOWHERE' }), // 16: invalid, so …
        person({ supervisor_nip: orphanBoss }), // 17: … its subordinate has no supervisor to point at
        person({ nip: '198503152010013001' }), // 18: sex digit 3
        person({ nip: '198503152010011000' }), // 19: sequence 000
        person({ nip: selfBoss, supervisor_nip: selfBoss }), // 20: supervises themselves
      ];
      expected = [
        { line: 3, field: 'nip', rule: 'nip.birthDate' },
        { line: 4, field: 'unit_code', rule: 'unknownUnit' },
        { line: 5, field: 'position_code', rule: 'unknownPosition' },
        { line: 6, field: 'supervisor_nip', rule: 'unknownSupervisor' },
        { line: 7, field: 'nip', rule: 'duplicateRow' },
        { line: 8, field: 'email', rule: 'duplicateEmail' },
        { line: 9, field: 'full_name', rule: 'required' },
        { line: 9, field: 'email', rule: 'required' },
        { line: 10, field: 'status', rule: 'isIn' },
        { line: 11, field: 'unit_code', rule: 'required' },
        { line: 12, field: 'nip', rule: 'required' },
        { line: 13, field: 'email', rule: 'isEmail' },
        { line: 14, field: 'supervisor_nip', rule: 'supervisorCycle' },
        { line: 15, field: 'supervisor_nip', rule: 'supervisorCycle' },
        { line: 16, field: 'unit_code', rule: 'unknownUnit' },
        { line: 17, field: 'supervisor_nip', rule: 'unknownSupervisor' },
        { line: 18, field: 'nip', rule: 'nip.sex' },
        { line: 19, field: 'nip', rule: 'nip.sequence' },
        { line: 20, field: 'supervisor_nip', rule: 'supervisorSelf' },
      ];
    });

    it('answers 422 with a report naming line, field and rule of every broken row, and writes nothing', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const res = await importCsv(auth, csvOf(rows));
      expectProblem(res, 422);
      expect(res.body.detail).toContain('18');
      const report = res.body.report;
      expect(report).toMatchObject({ mode: 'all-or-nothing', rows: 19, valid: 1, invalid: 18, created: 1, written: false });
      expect(report.errors.map(({ line, field, rule }: RowError) => ({ line, field, rule }))).toEqual(expected);
      for (const e of report.errors as RowError[]) expect(e.message.length).toBeGreaterThan(3);
      const duplicate = report.errors.find((e: RowError) => e.rule === 'duplicateRow');
      expect(duplicate.message).toMatch(/\b2\b/); // points at the line of the first occurrence
      expect(report.errors.find((e: RowError) => e.line === 4).message).toContain('DISDIK');
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });

    it('gives the row messages in English with Accept-Language: en, Indonesian by default', async () => {
      const en = await importCsv(auth, csvOf(rows), {}, 'en-US,en;q=0.9');
      expectProblem(en, 422);
      const enLine4 = en.body.report.errors.find((e: RowError) => e.line === 4);
      expect(enLine4.message).toBe('unknown unit code DISDIK');
      expect(en.body.detail).toMatch(/Nothing was saved/);
      const id = await importCsv(auth, csvOf(rows));
      expect(id.body.report.errors.find((e: RowError) => e.line === 4).message).toBe('kode unit DISDIK tidak dikenal');
    });

    it('mode=valid-only writes the valid rows (200) and reports the others', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await importCsv(auth, csvOf(rows), { mode: 'valid-only' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mode: 'valid-only', rows: 19, valid: 1, invalid: 18, created: 1, written: true });
      expect(res.body.errors.map(({ line, field, rule }: RowError) => ({ line, field, rule }))).toEqual(expected);
      expect(await tenantCounts(t.db, agency.id)).toMatchObject({ employees: before.employees + 1, placements: before.placements + 1 });
      const stored = await byNip(agency.id, [good.nip, cycleA, cycleB, orphanBoss, selfBoss]);
      expect(stored.map((e) => e.nip)).toEqual([good.nip]);
      expect(stored[0].email).toBe(good.email);
    });

    it('dryRun=true reports without writing, for a good file and in valid-only mode', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const fresh = [person(), person()];
      const dry = await importCsv(auth, csvOf(fresh), { dryRun: 'true' });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, rows: 2, valid: 2, created: 2, written: false, errors: [] });
      const dryMixed = await importCsv(auth, csvOf([...fresh, person({ unit_code: 'DISDIK' })]), { dryRun: 'true', mode: 'valid-only' });
      expect(dryMixed.status).toBe(200);
      expect(dryMixed.body).toMatchObject({ dryRun: true, valid: 2, invalid: 1, created: 2, written: false });
      const dryBad = await importCsv(auth, csvOf([person({ unit_code: 'DISDIK' })]), { dryRun: 'true' });
      expectProblem(dryBad, 422);
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });

    it('refuses a cycle that runs through employees already stored', async () => {
      // The agency has admin ← atasan (supervisor) ← pegawai (learner); the admin may not report to the learner.
      const before = await tenantSnapshot(t.db, agency.id);
      const [admin] = await byNip(agency.id, [agency.people.tenant_admin.nip]);
      const row = { nip: admin.nip, full_name: admin.full_name, email: admin.email, unit_code: admin.unit, position_code: admin.position, supervisor_nip: agency.people.learner.nip, status: 'active' };
      const res = await importCsv(auth, csvOf([row]));
      expectProblem(res, 422);
      expect(res.body.report.errors).toEqual([expect.objectContaining({ line: 2, field: 'supervisor_nip', rule: 'supervisorCycle' })]);
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });
  });

  describe('bad files', () => {
    let agency: Agency;
    let auth: string;
    beforeAll(async () => {
      ({ agency, auth } = await agencyWithAdmin());
    });

    it('answers 400 naming the missing header columns, writing nothing', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const res = await importCsv(auth, `nip,full_name,unit_code\n${freshNip()},Ani,DISHUB\n`);
      expectProblem(res, 400, [{ field: 'header', rule: 'badHeader' }]);
      expect(res.body.errors[0].message).toContain('email');
      expect(res.body.errors[0].message).toContain('position_code');
      expect(res.body.errors[0].message).not.toContain('unit_code');
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });

    it.each([
      ['an empty body', ''],
      ['only blanks', '  \n\r\n  '],
    ])('answers 400 for %s', async (_, body) => {
      const res = await t.http().post('/api/v1/employees/import').set('Authorization', auth).set('Content-Type', 'text/csv').send(body);
      expectProblem(res, 400, [{ field: 'file' }]);
    });

    it('answers 400 for a row with the wrong number of cells, writing nothing', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const res = await importCsv(auth, `${HEADER}\n${freshNip()},Ani,ani@x.go.id,DISHUB\n`);
      expectProblem(res, 400, [{ field: 'file', rule: 'unparseable' }]);
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });

    it('answers 415 for JSON (or no content type) on the import route, writing nothing', async () => {
      const before = await tenantSnapshot(t.db, agency.id);
      const json = await t.http().post('/api/v1/employees/import').set('Authorization', auth).send([person()]);
      expectProblem(json, 415);
      expect(json.body.detail).toContain('application/json');
      const form = await t.http().post('/api/v1/employees/import').set('Authorization', auth).set('Content-Type', 'application/x-www-form-urlencoded').send(csvOf([person()]));
      expectProblem(form, 415);
      expect(await tenantSnapshot(t.db, agency.id)).toEqual(before);
    });

    it('answers 400 naming unknown or wrong query parameters', async () => {
      expectProblem(await importCsv(auth, csvOf([person()]), { mode: 'some' }), 400, [{ field: 'mode', rule: 'isIn' }]);
      expectProblem(await importCsv(auth, csvOf([person()]), { dryRun: 'ya' }), 400, [{ field: 'dryRun', rule: 'isBoolean' }]);
      expectProblem(await importCsv(auth, csvOf([person()]), { force: 'true' }), 400, [{ field: 'force', rule: 'unknownField' }]);
    });

    it('answers 413 for more than 100,000 rows, writing nothing', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const body = `nip,full_name,email,unit_code,position_code\n${'1,a,b,c,d\n'.repeat(100_001)}`;
      const res = await importCsv(auth, body);
      expectProblem(res, 413, [{ field: 'file' }]);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('answers 413 for a body over IMPORT_LIMIT_BYTES, writing nothing; a small file still passes', async () => {
      const small = await startTestApp({ IMPORT_LIMIT_BYTES: '2000' });
      try {
        const token = await bearer(small, agency.people.tenant_admin.email);
        const before = await tenantCounts(t.db, agency.id);
        const big = csvOf(Array.from({ length: 30 }, () => person()));
        expect(Buffer.byteLength(big)).toBeGreaterThan(2000);
        const res = await small.http().post('/api/v1/employees/import').set('Authorization', token).set('Content-Type', 'text/csv').send(big);
        expectProblem(res, 413);
        expect(res.body.detail).toContain('2000');
        expect(await tenantCounts(t.db, agency.id)).toEqual(before);

        const fits = csvOf([person()]);
        expect(Buffer.byteLength(fits)).toBeLessThan(2000);
        const ok = await small.http().post('/api/v1/employees/import').set('Authorization', token).set('Content-Type', 'text/csv').send(fits);
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({ created: 1 });
      } finally {
        await small.app.close();
      }
    });
  });

  describe('export', () => {
    it('answers CSV in the import format, NIPs as 18-digit text, and re-imports as all unchanged', async () => {
      const { agency, auth } = await agencyWithAdmin();
      const tricky = [
        person({ full_name: '=HYPERLINK("x"), "Dr." Ana', supervisor_nip: agency.people.supervisor.nip }),
        person({ nip: freshNip(2), full_name: 'Budi\nBaris Dua', status: 'transferred', unit_code: 'SETDA' }),
      ];
      await importCsv(auth, csvOf(tricky)).expect(200);

      const res = await t.http().get('/api/v1/employees/export').set('Authorization', auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment/);
      const text = res.text;
      expect(text.split('\n')[0]).toBe(HEADER);
      const nipCells = text
        .split('\n')
        .slice(1)
        .filter((l) => /^\d/.test(l))
        .map((l) => l.split(',')[0]);
      expect(nipCells).toHaveLength(8);
      for (const nip of nipCells) expect(nip).toMatch(/^\d{18}$/);
      expect(nipCells).toEqual(expect.arrayContaining([agency.people.learner.nip, tricky[0].nip, tricky[1].nip]));
      // A spreadsheet must not run the name as a formula: the cell starts with an apostrophe.
      expect(text).toContain(`${tricky[0].nip},"'=HYPERLINK(""x""), ""Dr."" Ana"`);
      expect(text).not.toMatch(/,"?=HYPERLINK/);

      const before = await tenantSnapshot(t.db, agency.id);
      const again = await importCsv(auth, text);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ rows: 8, valid: 8, created: 0, updated: 0, unchanged: 8, errors: [] });
      expect({ ...(await tenantSnapshot(t.db, agency.id)), audits: 0 }).toEqual({ ...before, audits: 0 });
      const [ana] = await byNip(agency.id, [tricky[0].nip]);
      expect(ana.full_name).toBe('=HYPERLINK("x"), "Dr." Ana');
    });

    it('exports only the caller’s agency and only to tenant admins', async () => {
      const { agency, auth } = await agencyWithAdmin();
      const other = await createAgency(t.db);
      const text = (await t.http().get('/api/v1/employees/export').set('Authorization', auth).expect(200)).text;
      expect(text).toContain(agency.people.learner.nip);
      expect(text).not.toContain(other.people.learner.nip);
      expectProblem(await t.http().get('/api/v1/employees/export').set('Authorization', await bearer(t, agency.people.supervisor.email)), 403);
    });
  });

  describe('at scale and at the same time', () => {
    it('imports 10,000 rows: all stored, each with one open placement', async () => {
      const { agency, auth } = await agencyWithAdmin();
      const units = ['SETDA', 'BKPSDM', 'DISHUB'];
      const rows = Array.from({ length: 10_000 }, (_, i) => {
        const nip = freshNip(i % 2 ? 1 : 2);
        return { nip, full_name: `Pegawai Massal ${i}`, email: `massal.${i}.${nip}@impor.go.id`, unit_code: units[i % 3], position_code: 'PELAKSANA', supervisor_nip: i ? '' : agency.people.tenant_admin.nip, status: 'active' };
      });
      const started = Date.now();
      const res = await importCsv(auth, csvOf(rows));
      console.log(`import of 10,000 rows took ${Date.now() - started} ms`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 10_000, valid: 10_000, invalid: 0, created: 10_000, written: true });
      expect(await tenantCounts(t.db, agency.id)).toMatchObject({ employees: 10_006, placements: 10_006 });
      const open = await openPlacementCounts(t.db, agency.id);
      expect(open.size).toBe(10_006);
      expect([...open.values()].every((n) => n === 1)).toBe(true);
      const [{ distinct }] = await t.db.query(`SELECT count(DISTINCT nip)::int AS distinct FROM employee WHERE tenant_id = $1`, [agency.id]);
      expect(distinct).toBe(10_006);
    });

    it('two overlapping imports at once both finish; no duplicate NIPs and exactly one open placement each', async () => {
      const { agency, auth } = await agencyWithAdmin();
      const people = Array.from({ length: 450 }, () => person());
      const first = people.slice(0, 300);
      // The overlap moves people to another unit in the second file: it must close and open placements once.
      const second = people.slice(150).map((p, i) => (i < 150 ? { ...p, unit_code: 'SETDA' } : p));
      const [a, b] = await Promise.all([importCsv(auth, csvOf(first)), importCsv(auth, csvOf(second))]);
      for (const r of [a, b]) expect([200, 409]).toContain(r.status);
      expect([a.status, b.status]).toContain(200);

      const [{ total, distinct }] = await t.db.query(`SELECT count(*)::int AS total, count(DISTINCT nip)::int AS distinct FROM employee WHERE tenant_id = $1`, [agency.id]);
      expect(total).toBe(distinct);
      const open = await openPlacementCounts(t.db, agency.id);
      expect([...open.values()].every((n) => n === 1)).toBe(true);
      if (a.status === 200 && b.status === 200) {
        expect(total).toBe(456);
        // Whichever ran second reported what it really did against the first one's rows.
        expect(a.body.created + b.body.created).toBe(450);
      }
      const overlap = await byNip(agency.id, people.slice(150, 300).map((p) => p.nip));
      const units = new Set(overlap.map((e) => e.unit));
      expect(units.size).toBe(1); // all from the same file: the imports did not interleave
    });
  });
});
