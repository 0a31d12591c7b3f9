import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { problemType } from '../../test-support/auth-helpers';
import { insertCompetency } from '../../test-support/framework-fixtures';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { COMPETENCY_CSV_COLUMNS } from './competencies-import.service';

const NATIONAL = ['M.1', 'M.2', 'M.3', 'M.4', 'M.5', 'M.6', 'M.7', 'M.8', 'SK.1'];
const HEADER = COMPETENCY_CSV_COLUMNS.join(',');

type Level = { level: number; description: string; indicators?: string[] };
type CsvRow = Partial<Record<(typeof COMPETENCY_CSV_COLUMNS)[number], string>>;
interface RowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

const level = (n: number, indicators: string[] = [`Indikator ${n}.a`, `Indikator ${n}.b`]): Level => ({ level: n, description: `Uraian level ${n}`, indicators });
const codes = (res: Response): string[] => res.body.items.map((c: { code: string }) => c.code);

/** A CSV in the import format; cells quoted when they need it. */
function csvOf(rows: CsvRow[], columns: readonly string[] = COMPETENCY_CSV_COLUMNS): string {
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c as keyof CsvRow])).join(','))].join('\n') + '\n';
}

describe('competency framework', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.app.close());

  /** A fresh agency with tokens for its tenant admin, training admin, supervisor and learner. */
  async function agencyWithTokens() {
    const agency = await createAgency(t.db);
    return {
      agency,
      admin: await bearer(t, agency.people.tenant_admin.email),
      trainer: await bearer(t, agency.people.training_admin.email),
      supervisor: await bearer(t, agency.people.supervisor.email),
      learner: await bearer(t, agency.people.learner.email),
    };
  }
  const create = (auth: string, body: Record<string, unknown>) => t.http().post('/api/v1/competencies').set('Authorization', auth).send(body);
  const patch = (auth: string, id: string, body: Record<string, unknown>) => t.http().patch(`/api/v1/competencies/${id}`).set('Authorization', auth).send(body);
  const get = (auth: string, id: string) => t.http().get(`/api/v1/competencies/${id}`).set('Authorization', auth);
  const list = (auth: string, query: Record<string, string | number | boolean> = {}) => t.http().get('/api/v1/competencies').query(query).set('Authorization', auth);
  const action = (auth: string, id: string, what: 'retire' | 'restore') => t.http().post(`/api/v1/competencies/${id}/${what}`).set('Authorization', auth);
  const importCsv = (auth: string, csv: string, query: Record<string, string> = {}, lang?: string) => {
    const req = t.http().post('/api/v1/competencies/import').query(query).set('Authorization', auth).set('Content-Type', 'text/csv');
    if (lang) req.set('Accept-Language', lang);
    return req.send(csv);
  };
  const exportCsv = (auth: string) => t.http().get('/api/v1/competencies/export').set('Authorization', auth);
  const frameworkVersion = async (tenantId: string): Promise<number> =>
    (await t.db.query(`SELECT version FROM competency_framework WHERE tenant_id = $1`, [tenantId]))[0]?.version ?? 0;

  /** Everything the framework of one agency holds, to prove a refused request changed nothing. */
  async function frameworkState(tenantId: string | null) {
    const owner = tenantId === null ? 'c.tenant_id IS NULL' : 'c.tenant_id = $1';
    const params = tenantId === null ? [] : [tenantId];
    return {
      competencies: await t.db.query(`SELECT c.* FROM competency c WHERE ${owner} ORDER BY c.code`, params),
      levels: await t.db.query(`SELECT l.* FROM competency_level l JOIN competency c ON c.id = l.competency_id WHERE ${owner} ORDER BY c.code, l.level`, params),
      revisions: await t.db.query(`SELECT r.* FROM competency_revision r JOIN competency c ON c.id = r.competency_id WHERE ${owner} ORDER BY c.code, r.revision`, params),
      framework: tenantId === null ? [] : await t.db.query(`SELECT * FROM competency_framework WHERE tenant_id = $1`, params),
      audits: tenantId === null ? [] : await t.db.query(`SELECT id FROM audit_log WHERE tenant_id = $1 ORDER BY id`, params),
    };
  }

  describe('list', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    let b: Agency;

    beforeAll(async () => {
      a = await agencyWithTokens();
      b = await createAgency(t.db);
      for (const [code, name] of [
        ['TK.SIPD', 'Pengelolaan SIPD'],
        ['TK.ANKEB', 'Analisis Kebijakan'],
        ['TK_100', 'Capaian 100% Layanan'],
        ['TK-1000', 'Capaian 1000 Layanan'],
      ]) {
        await create(a.trainer, { code, name, levels: [level(1)] }).expect(201);
      }
      await insertCompetency(t.db, a.agency.id, { code: 'TK.LAMA', name: 'Kompetensi Lama', retired: true });
      await insertCompetency(t.db, b.id, { code: 'TK.BONLY', name: 'Hanya di Instansi B' });
    });

    it('shows any signed-in user the national dictionary first, then the agency’s own technical ones by code', async () => {
      const res = await list(a.learner, { pageSize: 100 }).expect(200);
      expect(codes(res)).toEqual([...NATIONAL, 'TK-1000', 'TK.ANKEB', 'TK.SIPD', 'TK.UJI', 'TK_100']);
      expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: 14 });
      expect(res.body.items[0]).toMatchObject({ code: 'M.1', name: 'Integritas', type: 'manajerial', national: true, revision: 1, retiredAt: null });
      expect(res.body.items[8]).toMatchObject({ code: 'SK.1', name: 'Perekat Bangsa', type: 'sosial_kultural', national: true });
      expect(res.body.items[12]).toMatchObject({ code: 'TK.UJI', type: 'teknis', national: false });
    });

    it('never shows another agency’s competencies', async () => {
      const res = await list(a.admin, { pageSize: 100, includeRetired: true, q: 'TK' }).expect(200);
      expect(codes(res)).not.toContain('TK.BONLY');
      const fromB = await list(await bearer(t, b.people.learner.email), { pageSize: 100, type: 'teknis' }).expect(200);
      expect(codes(fromB)).toEqual(['TK.BONLY', 'TK.UJI']);
      expect(fromB.body.items.find((c: { code: string }) => c.code === 'TK.UJI').id).toBe(b.competencyId);
    });

    it('pages with page, pageSize and total', async () => {
      const page2 = await list(a.learner, { page: 2, pageSize: 5 }).expect(200);
      expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total: 14 });
      expect(codes(page2)).toEqual(['M.6', 'M.7', 'M.8', 'SK.1', 'TK-1000']);
      const defaults = await list(a.learner).expect(200);
      expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: 14 });
      expect((await list(a.learner, { page: 4, pageSize: 5 }).expect(200)).body).toMatchObject({ items: [], total: 14 });
    });

    it('filters by type', async () => {
      expect(codes(await list(a.learner, { type: 'manajerial' }).expect(200))).toEqual(NATIONAL.slice(0, 8));
      expect(codes(await list(a.learner, { type: 'sosial_kultural' }).expect(200))).toEqual(['SK.1']);
      expect(codes(await list(a.learner, { type: 'teknis' }).expect(200))).toEqual(['TK-1000', 'TK.ANKEB', 'TK.SIPD', 'TK.UJI', 'TK_100']);
    });

    it('searches code and name case-insensitively, with LIKE wildcards taken literally', async () => {
      expect(codes(await list(a.learner, { q: 'kebijakan' }).expect(200))).toEqual(['TK.ANKEB']);
      expect(codes(await list(a.learner, { q: 'sk.' }).expect(200))).toEqual(['SK.1']);
      expect(codes(await list(a.learner, { q: 'integ' }).expect(200))).toEqual(['M.1']);
      expect(codes(await list(a.learner, { q: '100%' }).expect(200))).toEqual(['TK_100']);
      expect(codes(await list(a.learner, { q: '%' }).expect(200))).toEqual(['TK_100']);
      expect(codes(await list(a.learner, { q: '_' }).expect(200))).toEqual(['TK_100']);
      expect((await list(a.learner, { q: '\\' }).expect(200)).body.total).toBe(0);
    });

    it('hides retired competencies unless includeRetired=true', async () => {
      expect(codes(await list(a.learner, { q: 'lama' }).expect(200))).toEqual([]);
      const withRetired = await list(a.learner, { q: 'lama', includeRetired: true }).expect(200);
      expect(codes(withRetired)).toEqual(['TK.LAMA']);
      expect(withRetired.body.items[0].retiredAt).not.toBeNull();
      expect((await list(a.learner, { includeRetired: true, pageSize: 100 }).expect(200)).body.total).toBe(15);
    });

    it('refuses bad filters with 400 naming the parameter', async () => {
      expectProblem(await list(a.learner, { type: 'umum' }), 400, [{ field: 'type', rule: 'isIn' }]);
      expectProblem(await list(a.learner, { includeRetired: 'ya' }), 400, [{ field: 'includeRetired', rule: 'isBoolean' }]);
      expectProblem(await list(a.learner, { pageSize: 101 }), 400, [{ field: 'pageSize', rule: 'max' }]);
      expectProblem(await t.http().get('/api/v1/competencies'), 401);
    });
  });

  describe('get one', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    beforeAll(async () => {
      a = await agencyWithTokens();
    });

    it('answers a national competency with its five levels, indicators and revisions', async () => {
      const m1 = (await list(a.learner, { q: 'M.1' }).expect(200)).body.items[0];
      const res = await get(a.learner, m1.id).expect(200);
      expect(res.body).toMatchObject({ id: m1.id, code: 'M.1', name: 'Integritas', national: true, type: 'manajerial' });
      expect(res.body.levels.map((l: Level) => l.level)).toEqual([1, 2, 3, 4, 5]);
      for (const l of res.body.levels) {
        expect(typeof l.description).toBe('string');
        expect(l.indicators.length).toBeGreaterThan(0);
      }
      expect(res.body.revisions).toEqual([{ revision: 1, frameworkVersion: 0, change: 'created', changedAt: expect.any(String), changedBy: null }]);
    });

    it('answers the agency’s own competency with its levels and history', async () => {
      const res = await get(a.learner, a.agency.competencyId).expect(200);
      expect(res.body).toMatchObject({ code: 'TK.UJI', national: false, revision: 1, retiredAt: null });
      expect(res.body.levels).toEqual([1, 2, 3].map((n) => ({ level: n, description: `Level ${n} TK.UJI`, indicators: [`Indikator ${n}.1`, `Indikator ${n}.2`] })));
      expect(res.body.revisions).toMatchObject([{ revision: 1, change: 'created' }]);
    });

    it('answers 404 for another agency’s competency and an unknown id, 400 for a non-UUID id', async () => {
      const other = await createAgency(t.db);
      for (const id of [other.competencyId, randomUUID()]) {
        const res = await get(a.admin, id);
        expectProblem(res, 404);
        expect(res.body.type).toBe(problemType('competency.notFound'));
      }
      expectProblem(await get(a.admin, 'TK.UJI'), 400, [{ field: 'id', rule: 'isUuid' }]);
    });
  });

  describe('create', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    beforeAll(async () => {
      a = await agencyWithTokens();
    });

    it('creates a technical competency at revision 1, bumps the framework version and writes an audit entry', async () => {
      const version = await frameworkVersion(a.agency.id);
      const res = await create(a.trainer, {
        code: 'TK.ANKEB',
        name: '  Analisis Kebijakan ',
        description: 'Menyusun kajian dan rekomendasi kebijakan publik.',
        levels: [level(2), { level: 1, description: 'Memahami dasar analisis kebijakan.' }, level(3, [' Menyusun kajian ', 'Menyajikan rekomendasi'])],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code: 'TK.ANKEB', name: 'Analisis Kebijakan', type: 'teknis', national: false, revision: 1, retiredAt: null,
        description: 'Menyusun kajian dan rekomendasi kebijakan publik.',
        levels: [
          { level: 1, description: 'Memahami dasar analisis kebijakan.', indicators: [] },
          { level: 2, description: 'Uraian level 2', indicators: ['Indikator 2.a', 'Indikator 2.b'] },
          { level: 3, description: 'Uraian level 3', indicators: ['Menyusun kajian', 'Menyajikan rekomendasi'] },
        ],
        revisions: [{ revision: 1, change: 'created', frameworkVersion: version + 1, changedBy: a.agency.people.training_admin.userId }],
      });
      expect(await frameworkVersion(a.agency.id)).toBe(version + 1);
      const [row] = await t.db.query(`SELECT tenant_id, type, code, revision FROM competency WHERE id = $1`, [res.body.id]);
      expect(row).toEqual({ tenant_id: a.agency.id, type: 'teknis', code: 'TK.ANKEB', revision: 1 });
      const audit = await t.db.query(`SELECT actor_user_id, detail FROM audit_log WHERE tenant_id = $1 AND action = 'competency.created' AND target_id = $2`, [
        a.agency.id, res.body.id,
      ]);
      expect(audit).toEqual([{ actor_user_id: a.agency.people.training_admin.userId, detail: expect.objectContaining({ code: 'TK.ANKEB', frameworkVersion: version + 1 }) }]);
      expect((await get(a.learner, res.body.id).expect(200)).body).toEqual(res.body);
    });

    it('answers 409 naming `code` for a code the agency already uses, and writes nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const res = await create(a.admin, { code: 'TK.UJI', name: 'Lagi', levels: [level(1)] });
      expectProblem(res, 409, [{ field: 'code', rule: 'unique' }]);
      expect(res.body.type).toBe(problemType('competency.codeTaken'));
      expect(res.body.detail).toContain('TK.UJI');
      const national = await create(a.admin, { code: 'M.1', name: 'Integritas Teknis', levels: [level(1)] });
      expectProblem(national, 409, [{ field: 'code', rule: 'unique' }]);
      expect(national.body.type).toBe(problemType('competency.codeNational'));
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('says so in English with Accept-Language: en', async () => {
      const res = await create(a.admin, { code: 'TK.UJI', name: 'Lagi', levels: [level(1)] }).set('Accept-Language', 'en');
      expectProblem(res, 409);
      expect(res.body.detail).toBe('Competency code TK.UJI is already used in this agency.');
      expect(res.body.title).toBe('Conflict with existing data');
    });

    it('allows a code another agency uses (codes are per agency)', async () => {
      const other = await agencyWithTokens();
      await create(a.admin, { code: 'TK.BERSAMA', name: 'Kode Bersama', levels: [level(1)] }).expect(201);
      await create(other.admin, { code: 'TK.BERSAMA', name: 'Kode Bersama', levels: [level(1)] }).expect(201);
    });

    it('answers bad levels with 400 naming the field and the rule, and writes nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const cases: [unknown, { field: string; rule: string }][] = [
        [[level(1), level(2), { ...level(1), description: 'Dobel' }], { field: 'levels.2.level', rule: 'levelsDuplicate' }],
        [[level(0)], { field: 'levels.0.level', rule: 'min' }],
        [[level(6)], { field: 'levels.0.level', rule: 'max' }],
        [[{ ...level(1), level: 1.5 }], { field: 'levels.0.level', rule: 'isInt' }],
        [[level(1, Array.from({ length: 11 }, (_, i) => `Indikator ${i}`))], { field: 'levels.0.indicators', rule: 'arrayMaxSize' }],
        [[level(1, ['Satu | Dua'])], { field: 'levels.0.indicators', rule: 'noPipe' }],
        [[{ level: 1, description: '   ' }], { field: 'levels.0.description', rule: 'required' }],
        [[], { field: 'levels', rule: 'arrayMinSize' }],
        [[1, 2, 3, 4, 5, 1].map((n) => level(n)), { field: 'levels', rule: 'arrayMaxSize' }],
        [[{ ...level(1), extra: true }], { field: 'levels.0.extra', rule: 'unknownField' }],
      ];
      for (const [levels, error] of cases) {
        expectProblem(await create(a.admin, { code: 'TK.SALAH', name: 'Salah', levels }), 400, [error]);
      }
      const duplicate = await create(a.admin, { code: 'TK.SALAH', name: 'Salah', levels: [level(3), level(3)] }).set('Accept-Language', 'en');
      expect(duplicate.body.errors).toEqual([{ field: 'levels.1.level', rule: 'levelsDuplicate', message: 'Level 3 appears more than once for the same competency.' }]);
      expectProblem(await create(a.admin, { code: 'tk salah', name: 'Salah', levels: [level(1)] }), 400, [{ field: 'code', rule: 'matches' }]);
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('refuses learners, supervisors and graders with 403 and writes nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const grader = await bearer(t, a.agency.people.grader.email);
      for (const auth of [a.learner, a.supervisor, grader]) {
        expectProblem(await create(auth, { code: 'TK.LIAR', name: 'Liar', levels: [level(1)] }), 403);
      }
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('starts the framework at version 1 for an agency that had none (a super admin acting in it)', async () => {
      const superAdmin = await bearer(t, (await createSuperAdmin(t.db)).email);
      const tenantCode = `K${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
      const tenant = await t.http().post('/api/v1/tenants').set('Authorization', superAdmin).send({ code: tenantCode, name: 'Instansi Baru', timeZone: 'WIT' }).expect(201);
      const before = await t.http().get('/api/v1/competencies/framework').set('Authorization', superAdmin).set('X-Tenant-Id', tenant.body.id).expect(200);
      expect(before.body).toEqual({ version: 0, updatedAt: null, competencies: 0 });
      const res = await create(superAdmin, { code: 'TK.PERTAMA', name: 'Pertama', levels: [level(1)] }).set('X-Tenant-Id', tenant.body.id).expect(201);
      expect(res.body.revisions).toMatchObject([{ revision: 1, frameworkVersion: 1 }]);
      const after = await t.http().get('/api/v1/competencies/framework').set('Authorization', superAdmin).set('X-Tenant-Id', tenant.body.id).expect(200);
      expect(after.body).toEqual({ version: 1, updatedAt: expect.any(String), competencies: 1 });
    });
  });

  describe('update', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    let id: string;
    beforeEach(async () => {
      a = await agencyWithTokens();
      id = a.agency.competencyId;
    });

    it('writes the next revision, replaces the level set and bumps the framework version once', async () => {
      const version = await frameworkVersion(a.agency.id);
      const res = await patch(a.trainer, id, { revision: 1, name: 'Kompetensi Teknis Baru', levels: [level(4), level(5)] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, code: 'TK.UJI', name: 'Kompetensi Teknis Baru', description: 'Deskripsi TK.UJI', revision: 2 });
      expect(res.body.levels.map((l: Level) => l.level)).toEqual([4, 5]);
      expect(res.body.revisions).toMatchObject([
        { revision: 1, change: 'created' },
        { revision: 2, change: 'updated', frameworkVersion: version + 1, changedBy: a.agency.people.training_admin.userId },
      ]);
      expect(await frameworkVersion(a.agency.id)).toBe(version + 1);
      expect(await t.db.query(`SELECT level FROM competency_level WHERE competency_id = $1 ORDER BY level`, [id])).toEqual([{ level: 4 }, { level: 5 }]);
      const [snapshot] = await t.db.query(`SELECT snapshot FROM competency_revision WHERE competency_id = $1 AND revision = 2`, [id]);
      expect(snapshot.snapshot).toMatchObject({ name: 'Kompetensi Teknis Baru', levels: [level(4), level(5)], retired: false });
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'competency.updated' AND target_id = $2`, [a.agency.id, id]);
      expect(audit).toEqual([{ detail: { name: 'Kompetensi Teknis Baru', levels: [4, 5], revision: 2, frameworkVersion: version + 1 } }]);

      // Without levels the set stays; the description alone is a change too.
      const next = await patch(a.admin, id, { revision: 2, description: 'Uraian baru' }).expect(200);
      expect(next.body).toMatchObject({ revision: 3, description: 'Uraian baru' });
      expect(next.body.levels.map((l: Level) => l.level)).toEqual([4, 5]);
    });

    it('answers 409 for a stale revision with the current one, and changes nothing', async () => {
      await patch(a.admin, id, { revision: 1, name: 'Perubahan Pertama' }).expect(200);
      const before = await frameworkState(a.agency.id);
      const res = await patch(a.trainer, id, { revision: 1, name: 'Perubahan Basi', levels: [level(1)] });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ type: problemType('competency.staleRevision'), currentRevision: 2 });
      expect(await frameworkState(a.agency.id)).toEqual(before);
      const en = await patch(a.trainer, id, { revision: 3, name: 'X' }).set('Accept-Language', 'en');
      expect(en.body.detail).toBe('The competency was changed by someone else (revision 2); reload and try again.');
    });

    it('treats saving the same content as no change: no revision, no framework version', async () => {
      const before = await frameworkState(a.agency.id);
      const res = await patch(a.admin, id, { revision: 1, name: 'Kompetensi Teknis Uji', description: 'Deskripsi TK.UJI' }).expect(200);
      expect(res.body.revision).toBe(1);
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('refuses to edit the national dictionary with 403 competency.national', async () => {
      const national = (await list(a.admin, { q: 'M.2' }).expect(200)).body.items[0];
      const before = await frameworkState(null);
      const res = await patch(a.admin, national.id, { revision: 1, name: 'Kerja Sama Diubah' });
      expectProblem(res, 403);
      expect(res.body.type).toBe(problemType('competency.national'));
      for (const what of ['retire', 'restore'] as const) {
        const r = await action(a.admin, national.id, what);
        expectProblem(r, 403);
        expect(r.body.type).toBe(problemType('competency.national'));
      }
      expect(await frameworkState(null)).toEqual(before);
    });

    it('answers 409 for a retired competency and changes nothing', async () => {
      await action(a.admin, id, 'retire').expect(200);
      const before = await frameworkState(a.agency.id);
      const res = await patch(a.admin, id, { revision: 2, name: 'Diubah Setelah Pensiun' });
      expectProblem(res, 409);
      expect(res.body.type).toBe(problemType('competency.retiredNoEdit'));
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('requires the revision, and refuses null for name and levels, with 400', async () => {
      const before = await frameworkState(a.agency.id);
      expectProblem(await patch(a.admin, id, { name: 'Tanpa Revisi' }), 400, [{ field: 'revision', rule: 'required' }]);
      expectProblem(await patch(a.admin, id, { revision: 1, name: null, levels: null }), 400, [
        { field: 'name', rule: 'required' },
        { field: 'levels', rule: 'required' },
      ]);
      expectProblem(await patch(a.admin, id, { revision: 1, levels: [level(2), level(2)] }), 400, [{ field: 'levels.1.level', rule: 'levelsDuplicate' }]);
      expectProblem(await patch(a.admin, id, { revision: 1, code: 'TK.BARU' }), 400, [{ field: 'code', rule: 'unknownField' }]);
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });
  });

  describe('retire and restore', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    beforeAll(async () => {
      a = await agencyWithTokens();
    });

    it('retires keeping the row and its history, hides it from the default list, and restores it', async () => {
      const id = (await create(a.trainer, { code: 'TK.PENSIUN', name: 'Akan Pensiun', levels: [level(1), level(2)] }).expect(201)).body.id;
      const version = await frameworkVersion(a.agency.id);

      const retired = await action(a.trainer, id, 'retire');
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ id, revision: 2, retiredAt: expect.any(String) });
      expect(retired.body.levels).toHaveLength(2);
      expect(retired.body.revisions).toMatchObject([{ change: 'created' }, { revision: 2, change: 'retired', frameworkVersion: version + 1 }]);
      expect(codes(await list(a.learner, { q: 'PENSIUN' }).expect(200))).toEqual([]);
      expect(codes(await list(a.learner, { q: 'PENSIUN', includeRetired: true }).expect(200))).toEqual(['TK.PENSIUN']);
      expect((await get(a.learner, id).expect(200)).body.retiredAt).not.toBeNull();

      const again = await action(a.trainer, id, 'retire');
      expectProblem(again, 409);
      expect(again.body.type).toBe(problemType('competency.alreadyRetired'));

      const restored = await action(a.admin, id, 'restore').expect(200);
      expect(restored.body).toMatchObject({ revision: 3, retiredAt: null });
      expect(restored.body.revisions.map((r: { change: string }) => r.change)).toEqual(['created', 'retired', 'restored']);
      expect(restored.body.revisions[2].frameworkVersion).toBe(version + 2);
      expect(codes(await list(a.learner, { q: 'PENSIUN' }).expect(200))).toEqual(['TK.PENSIUN']);
      const notRetired = await action(a.admin, id, 'restore');
      expectProblem(notRetired, 409);
      expect(notRetired.body.type).toBe(problemType('competency.notRetired'));

      const audit = await t.db.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND target_id = $2 ORDER BY id`, [a.agency.id, id]);
      expect(audit.map((r: { action: string }) => r.action).sort()).toEqual(['competency.created', 'competency.restored', 'competency.retired']);
    });

    it('refuses a learner with 403, and another agency’s admin with 404, changing nothing', async () => {
      const other = await agencyWithTokens();
      const before = await frameworkState(a.agency.id);
      expectProblem(await action(a.learner, a.agency.competencyId, 'retire'), 403);
      for (const what of ['retire', 'restore'] as const) {
        const res = await action(other.admin, a.agency.competencyId, what);
        expectProblem(res, 404);
        expect(res.body.type).toBe(problemType('competency.notFound'));
      }
      const edit = await patch(other.admin, a.agency.competencyId, { revision: 1, name: 'Diambil alih' });
      expectProblem(edit, 404);
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });
  });

  describe('framework version', () => {
    it('tells any signed-in user the version, when it changed, and the competencies in force; each agency its own', async () => {
      const a = await agencyWithTokens();
      const b = await agencyWithTokens();
      const read = async (auth: string) => (await t.http().get('/api/v1/competencies/framework').set('Authorization', auth).expect(200)).body;
      expect(await read(a.learner)).toEqual({ version: 1, updatedAt: expect.any(String), competencies: 1 });
      const id = (await create(a.admin, { code: 'TK.DUA', name: 'Dua', levels: [level(1)] }).expect(201)).body.id;
      await patch(a.admin, id, { revision: 1, name: 'Dua Baru' }).expect(200);
      await action(a.admin, a.agency.competencyId, 'retire').expect(200);
      const after = await read(a.learner);
      expect(after).toEqual({ version: 4, updatedAt: expect.any(String), competencies: 1 });
      expect(await read(b.learner)).toEqual({ version: 1, updatedAt: expect.any(String), competencies: 1 });
    });
  });

  describe('CSV export and import', () => {
    let a: Awaited<ReturnType<typeof agencyWithTokens>>;
    beforeAll(async () => {
      a = await agencyWithTokens();
      await create(a.admin, {
        code: 'TK.ANKEB',
        name: '=Analisis "Kebijakan", Publik',
        description: '+Menyusun kajian\nkebijakan',
        levels: [level(1, ['-Merangkum isu', 'Mengumpulkan data']), level(2, [])],
      }).expect(201);
      await insertCompetency(t.db, a.agency.id, { code: 'TK.LAMA', retired: true });
      await insertCompetency(t.db, (await createAgency(t.db)).id, { code: 'TK.ASING' });
    });

    it('exports the agency’s technical competencies, one row per level, escaped against spreadsheet formulas', async () => {
      const res = await exportCsv(a.trainer).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('kompetensi-teknis.csv');
      const lines = res.text.trimEnd().split('\n');
      expect(lines[0]).toBe(HEADER);
      expect(res.text).toContain(`TK.ANKEB,"'=Analisis ""Kebijakan"", Publik","'+Menyusun kajian\nkebijakan",1,Uraian level 1,'-Merangkum isu | Mengumpulkan data,false`);
      expect(res.text).toContain(`TK.ANKEB,"'=Analisis ""Kebijakan"", Publik","'+Menyusun kajian\nkebijakan",2,Uraian level 2,,false`);
      expect(res.text).toContain('TK.LAMA,Kompetensi Teknis TK.LAMA,Deskripsi TK.LAMA,3,Level 3 TK.LAMA,Indikator 3.1 | Indikator 3.2,true');
      expect(res.text).not.toMatch(/TK\.ASING|Integritas|M\.1/);
      // Rows: TK.ANKEB 2, TK.LAMA 3, TK.UJI 3 — by code, then level.
      expect(res.text.match(/^TK\.[A-Z]+,/gm)).toEqual([...Array(2).fill('TK.ANKEB,'), ...Array(3).fill('TK.LAMA,'), ...Array(3).fill('TK.UJI,')]);
    });

    it('round trip: importing the export changes nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const csv = (await exportCsv(a.admin).expect(200)).text;
      const res = await importCsv(a.admin, csv);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        mode: 'all-or-nothing', dryRun: false, rows: 8, valid: 8, invalid: 0, created: 0, updated: 0, unchanged: 3, written: false, frameworkVersion: null, errors: [],
      });
      const after = await frameworkState(a.agency.id);
      expect({ ...after, audits: [] }).toEqual({ ...before, audits: [] });
    });

    it('creates new and updates changed competencies in one framework version, leaving unchanged ones alone', async () => {
      const version = await frameworkVersion(a.agency.id);
      const [ujiBefore] = await t.db.query(`SELECT revision, updated_at FROM competency WHERE id = $1`, [a.agency.competencyId]);
      const csv = (await exportCsv(a.admin).expect(200)).text
        .replace('Uraian level 2,,false', 'Uraian level 2 yang baru,,false')
        .concat(
          csvOf([
            { code: 'TK.BARU', name: 'Kompetensi Baru', description: 'Dari berkas', level: '2', level_description: 'Level dua', indicators: 'A | B | C' },
            { code: 'TK.BARU', name: '', level: '1', level_description: 'Level satu' },
          ]).split('\n').slice(1).join('\n'),
        );
      const res = await importCsv(a.trainer, csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 10, valid: 10, invalid: 0, created: 1, updated: 1, unchanged: 2, written: true, frameworkVersion: version + 1, errors: [] });
      expect(await frameworkVersion(a.agency.id)).toBe(version + 1);

      const baru = (await list(a.learner, { q: 'TK.BARU' }).expect(200)).body.items[0];
      const detail = (await get(a.learner, baru.id).expect(200)).body;
      expect(detail).toMatchObject({ name: 'Kompetensi Baru', description: 'Dari berkas', revision: 1, retiredAt: null });
      expect(detail.levels).toEqual([
        { level: 1, description: 'Level satu', indicators: [] },
        { level: 2, description: 'Level dua', indicators: ['A', 'B', 'C'] },
      ]);
      expect(detail.revisions).toMatchObject([{ revision: 1, change: 'imported', frameworkVersion: version + 1, changedBy: a.agency.people.training_admin.userId }]);

      const ankeb = (await list(a.learner, { q: 'ANKEB' }).expect(200)).body.items[0];
      const ankebDetail = (await get(a.learner, ankeb.id).expect(200)).body;
      expect(ankebDetail.name).toBe('=Analisis "Kebijakan", Publik');
      expect(ankebDetail.levels[1].description).toBe('Uraian level 2 yang baru');
      expect(ankebDetail.revisions.map((r: { change: string }) => r.change)).toEqual(['created', 'imported']);

      const [ujiAfter] = await t.db.query(`SELECT revision, updated_at FROM competency WHERE id = $1`, [a.agency.competencyId]);
      expect(ujiAfter).toEqual(ujiBefore);
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'competency.imported'`, [a.agency.id]);
      expect(audit).toEqual([{ detail: { created: ['TK.BARU'], updated: ['TK.ANKEB'], frameworkVersion: version + 1 } }]);
    });

    it('retires and restores through the retired column; a blank cell keeps the stored state', async () => {
      const rows = (retired: string, name = 'Kompetensi Teknis TK.LAMA') =>
        csvOf([1, 2, 3].map((n) => ({ code: 'TK.LAMA', name, description: 'Deskripsi TK.LAMA', level: String(n), level_description: `Level ${n} TK.LAMA`, indicators: `Indikator ${n}.1 | Indikator ${n}.2`, retired })));
      expect((await importCsv(a.admin, rows('')).expect(200)).body).toMatchObject({ unchanged: 1, written: false });
      // A retired competency cannot be edited by import either, unless the file restores it.
      const edit = await importCsv(a.admin, rows('', 'Nama Baru'));
      expectProblem(edit, 422);
      expect(edit.body.report.errors.map((e: RowError) => `${e.line}:${e.field}:${e.rule}`)).toEqual(['2:retired:retiredNoEdit', '3:retired:retiredNoEdit', '4:retired:retiredNoEdit']);
      const restored = await importCsv(a.admin, rows('false', 'Nama Baru')).expect(200);
      expect(restored.body).toMatchObject({ updated: 1 });
      const lama = (await list(a.learner, { q: 'TK.LAMA' }).expect(200)).body.items[0];
      expect(lama).toMatchObject({ name: 'Nama Baru', retiredAt: null });
      await importCsv(a.admin, rows('TRUE', 'Nama Baru')).expect(200);
      expect(codes(await list(a.learner, { q: 'TK.LAMA' }).expect(200))).toEqual([]);
      const history = (await get(a.learner, lama.id).expect(200)).body.revisions.map((r: { change: string }) => r.change);
      expect(history).toEqual(['created', 'imported', 'imported']);
    });

    it('answers bad rows with 422 and a per-row report, writing nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const csv = csvOf([
        { code: 'tk salah', name: 'Kode kecil', level: '1', level_description: 'Satu' }, // line 2
        { code: 'TK.RENTANG', name: 'Rentang', level: '7', level_description: 'Tujuh' }, // line 3
        { code: 'TK.RENTANG', name: 'Rentang', level: 'dua', level_description: 'Dua' }, // line 4
        { code: 'TK.GANDA', name: 'Ganda', level: '1', level_description: 'Satu' }, // line 5
        { code: 'TK.GANDA', name: 'Ganda', level: '1', level_description: 'Satu lagi' }, // line 6
        { code: 'TK.STATUS', name: 'Status', level: '1', level_description: 'Satu', retired: 'mungkin' }, // line 7
        { code: 'TK.KOSONG', name: 'Kosong', level: '1', level_description: '' }, // line 8
        { code: 'M.1', name: 'Integritas', level: '1', level_description: 'Satu' }, // line 9
        { code: 'TK.BEDA', name: 'Nama Satu', level: '1', level_description: 'Satu' }, // line 10
        { code: 'TK.BEDA', name: 'Nama Dua', level: '2', level_description: 'Dua' }, // line 11
        { code: 'TK.BANYAK', name: 'Banyak', level: '1', level_description: 'Satu', indicators: Array.from({ length: 11 }, (_, i) => `I${i}`).join(' | ') }, // line 12
        { code: 'TK.BAIK', name: 'Baik', level: '1', level_description: 'Satu' }, // line 13
      ]);
      const res = await importCsv(a.admin, csv);
      expectProblem(res, 422);
      expect(res.body.type).toBe(problemType('import.rowsInvalid'));
      const report = res.body.report;
      expect(report).toMatchObject({ rows: 12, valid: 1, invalid: 11, written: false, frameworkVersion: null });
      expect(report.errors.map((e: RowError) => `${e.line}:${e.field}:${e.rule}`)).toEqual([
        '2:code:matches',
        '3:level:max',
        '4:level:isInt',
        '5:code:siblingRowInvalid',
        '6:level:levelsDuplicate',
        '7:retired:isIn',
        '8:level_description:required',
        '9:code:codeNational',
        '10:code:siblingRowInvalid',
        '11:name:inconsistentRows',
        '12:indicators:arrayMaxSize',
      ]);
      for (const e of report.errors) expect(e.message).not.toMatch(/\{\w+\}/);
      expect(report.errors.find((e: RowError) => e.line === 6).message).toBe('Level 1 disebut lebih dari sekali untuk kompetensi yang sama.');
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('with mode=valid-only writes the competencies whose rows are all valid, and reports the rest', async () => {
      const version = await frameworkVersion(a.agency.id);
      const csv = csvOf([
        { code: 'TK.SAH', name: 'Sah', level: '1', level_description: 'Satu' },
        { code: 'TK.SAH', name: 'Sah', level: '2', level_description: 'Dua' },
        { code: 'TK.SEBAGIAN', name: 'Sebagian', level: '1', level_description: 'Satu' },
        { code: 'TK.SEBAGIAN', name: 'Sebagian', level: '9', level_description: 'Sembilan' },
      ]);
      const res = await importCsv(a.admin, csv, { mode: 'valid-only' }).expect(200);
      expect(res.body).toMatchObject({ mode: 'valid-only', rows: 4, valid: 2, invalid: 2, created: 1, written: true, frameworkVersion: version + 1 });
      expect(res.body.errors.map((e: RowError) => `${e.line}:${e.field}:${e.rule}`)).toEqual(['4:code:siblingRowInvalid', '5:level:max']);
      expect(codes(await list(a.learner, { q: 'TK.S', type: 'teknis' }).expect(200))).toEqual(['TK.SAH']);
    });

    it('with dryRun=true reports what would happen and writes nothing', async () => {
      const before = await frameworkState(a.agency.id);
      const csv = csvOf([{ code: 'TK.COBA', name: 'Coba', level: '1', level_description: 'Satu' }]);
      const res = await importCsv(a.admin, csv, { dryRun: 'true' }).expect(200);
      expect(res.body).toMatchObject({ dryRun: true, created: 1, written: false, frameworkVersion: null });
      expect(await frameworkState(a.agency.id)).toEqual(before);
    });

    it('gives the row messages in English with Accept-Language: en', async () => {
      const csv = csvOf([
        { code: 'TK.EN', name: 'English', level: '6', level_description: 'Six' },
        { code: 'TK.EN', name: 'Other', level: '1', level_description: 'One' },
      ]);
      const res = await importCsv(a.admin, csv, {}, 'en');
      expectProblem(res, 422);
      expect(res.body.detail).toBe('Invalid rows: 2. Nothing was saved.');
      expect(res.body.report.errors).toEqual([
        { line: 2, field: 'level', rule: 'max', value: '6', message: 'level must be at most 5.' },
        { line: 3, field: 'name', rule: 'inconsistentRows', value: 'Other', message: 'name differs from line 2 for the same code TK.EN' },
      ]);
    });

    it('creates in the caller’s agency only: a code another agency uses is new here, and that agency is untouched', async () => {
      const b = await agencyWithTokens();
      await create(b.admin, { code: 'TK.SAMA', name: 'Milik B', levels: [level(1)] }).expect(201);
      const beforeB = await frameworkState(b.agency.id);
      const res = await importCsv(a.admin, csvOf([{ code: 'TK.SAMA', name: 'Milik A', level: '1', level_description: 'Satu' }])).expect(200);
      expect(res.body).toMatchObject({ created: 1, updated: 0 });
      expect(await frameworkState(b.agency.id)).toEqual(beforeB);
      const exported = (await exportCsv(b.admin).expect(200)).text;
      expect(exported).toContain('TK.SAMA,Milik B');
      expect(exported).not.toContain('Milik A');
    });

    it('refuses other content types (415), empty files and bad headers (400), and learners (403)', async () => {
      const before = await frameworkState(a.agency.id);
      const json = await t.http().post('/api/v1/competencies/import').set('Authorization', a.admin).send({ code: 'TK.JSON' });
      expectProblem(json, 415);
      expect(json.body.type).toBe(problemType('request.unsupportedMediaType'));
      expectProblem(await importCsv(a.admin, ''), 400, [{ field: 'file' }]);
      expectProblem(await importCsv(a.admin, 'kode;nama\nTK.X;Y\n'), 400, [{ field: 'header', rule: 'badHeader' }]);
      expectProblem(await importCsv(a.admin, '"tidak ditutup\n'), 400, [{ field: 'file' }]);
      expectProblem(await importCsv(a.admin, csvOf([]), { mode: 'sebagian' }), 400, [{ field: 'mode', rule: 'isIn' }]);
      expectProblem(await importCsv(a.learner, csvOf([{ code: 'TK.PEGAWAI', name: 'X', level: '1', level_description: 'Y' }])), 403);
      expectProblem(await exportCsv(a.supervisor), 403);
      expect(await frameworkState(a.agency.id)).toEqual(before);
      // The employee import keeps its own CSV parser.
      expectProblem(await t.http().post('/api/v1/employees/import').set('Authorization', a.admin).set('Content-Type', 'text/csv').send(''), 400, [{ field: 'file' }]);
    });

    it('answers a file over IMPORT_LIMIT_BYTES with 413', async () => {
      const res = await importCsv(a.admin, `${HEADER}\n${'#'.repeat(t.config.IMPORT_LIMIT_BYTES + 10)}\n`);
      expectProblem(res, 413);
      expect(res.body.detail).toContain(String(t.config.IMPORT_LIMIT_BYTES));
    });
  });
});
