import { randomUUID } from 'node:crypto';
import { expectProblem, tenantCounts } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

interface TreeNode {
  id: string;
  code: string;
  children: TreeNode[];
}

describe('units (unit kerja)', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;
  let learner: string;

  const unitRow = async (id: string) =>
    (await t.db.query(`SELECT id, code, name, parent_id FROM unit WHERE id = $1`, [id]))[0] as
      | { id: string; code: string; name: string; parent_id: string | null }
      | undefined;
  const create = (body: Record<string, unknown>, auth = admin) => t.http().post('/api/v1/units').set('Authorization', auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = await bearer(t, agency.people.tenant_admin.email);
    learner = await bearer(t, agency.people.learner.email);
  });
  afterAll(() => t.app.close());

  describe('create', () => {
    it('creates a unit under a parent, stores it and writes an audit entry', async () => {
      const res = await create({ code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', parentId: agency.units.root });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', parentId: agency.units.root });
      expect(await unitRow(res.body.id)).toEqual({ id: res.body.id, code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', parent_id: agency.units.root });
      const audit = await t.db.query(`SELECT actor_user_id, detail FROM audit_log WHERE tenant_id = $1 AND action = 'unit.created' AND target_id = $2`, [
        agency.id,
        res.body.id,
      ]);
      expect(audit).toEqual([{ actor_user_id: agency.people.tenant_admin.userId, detail: expect.objectContaining({ code: 'DISDUKCAPIL' }) }]);
    });

    it('answers 409 naming `code` for a code already used in the agency, and writes nothing', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await create({ code: 'DISHUB', name: 'Dinas Perhubungan Kedua' });
      expectProblem(res, 409, [{ field: 'code', rule: 'unique' }]);
      expect(res.body.detail).toContain('DISHUB');
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('allows the same code in another agency (codes are unique per agency)', async () => {
      const other = await createAgency(t.db);
      await create({ code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika' }).expect(201);
      const res = await create({ code: 'DISKOMINFO', name: 'Dinas Kominfo' }, await bearer(t, other.people.tenant_admin.email));
      expect(res.status).toBe(201);
      expect(await unitRow(res.body.id)).toMatchObject({ code: 'DISKOMINFO', name: 'Dinas Kominfo' });
    });

    it('answers 422 naming `parentId` for a parent that does not exist or belongs to another agency', async () => {
      const other = await createAgency(t.db);
      for (const parentId of [randomUUID(), other.units.root]) {
        const before = await tenantCounts(t.db, agency.id);
        const res = await create({ code: `ORPHAN${Math.floor(Math.random() * 1e6)}`, name: 'Unit Yatim', parentId });
        expectProblem(res, 422, [{ field: 'parentId', rule: 'parentNotFound' }]);
        expect(await tenantCounts(t.db, agency.id)).toEqual(before);
      }
    });

    it('answers a body over the default BODY_LIMIT_BYTES (256 KiB) with 413 and writes nothing', async () => {
      expect(t.config.BODY_LIMIT_BYTES).toBe(256 * 1024);
      const before = await tenantCounts(t.db, agency.id);
      const res = await create({ code: 'BESAR', name: 'x'.repeat(256 * 1024) });
      expectProblem(res, 413);
      expect(res.body.detail).toContain(String(256 * 1024));
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('refuses a learner with 403 and writes nothing', async () => {
      const before = await tenantCounts(t.db, agency.id);
      expectProblem(await create({ code: 'LIAR', name: 'Unit Liar' }, learner), 403);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('list, search, tree and get', () => {
    let own: Agency;
    let auth: string;
    beforeAll(async () => {
      own = await createAgency(t.db);
      auth = await bearer(t, own.people.tenant_admin.email);
      const units = [
        { code: 'BAG_UMUM', name: 'Bagian Umum' },
        { code: 'BAG.HUKUM', name: 'Bagian Hukum' },
        { code: 'BAGIAN1', name: 'Capaian 100% Layanan' },
        { code: 'BAGIAN2', name: 'Capaian 1000 Layanan' },
        { code: 'BAGIANX', name: 'Bagian Ekonomi' },
      ];
      for (const u of units) await create({ ...u, parentId: own.units.root }, auth).expect(201);
    });

    it('pages through the units sorted by code, with page, pageSize and total', async () => {
      const all = await t.http().get('/api/v1/units').query({ pageSize: 100 }).set('Authorization', auth).expect(200);
      const codes = all.body.items.map((u: { code: string }) => u.code);
      expect(codes).toEqual(['BAG.HUKUM', 'BAGIAN1', 'BAGIAN2', 'BAGIANX', 'BAG_UMUM', 'BKPSDM', 'DISHUB', 'SETDA'].sort());
      expect(all.body).toMatchObject({ page: 1, pageSize: 100, total: 8 });

      const page2 = await t.http().get('/api/v1/units').query({ page: 2, pageSize: 3 }).set('Authorization', auth).expect(200);
      expect(page2.body).toMatchObject({ page: 2, pageSize: 3, total: 8 });
      expect(page2.body.items.map((u: { code: string }) => u.code)).toEqual(codes.slice(3, 6));
      const beyond = await t.http().get('/api/v1/units').query({ page: 5, pageSize: 3 }).set('Authorization', auth).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 8 });

      const defaults = await t.http().get('/api/v1/units').set('Authorization', auth).expect(200);
      expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: 8 });
    });

    it('refuses page 0, pageSize over 100 and non-numbers, naming the field', async () => {
      expectProblem(await t.http().get('/api/v1/units?page=0').set('Authorization', auth), 400, [{ field: 'page', rule: 'min' }]);
      expectProblem(await t.http().get('/api/v1/units?pageSize=101').set('Authorization', auth), 400, [{ field: 'pageSize', rule: 'max' }]);
      expectProblem(await t.http().get('/api/v1/units?page=abc').set('Authorization', auth), 400, [{ field: 'page' }]);
    });

    it('searches name and code case-insensitively', async () => {
      const byName = await t.http().get('/api/v1/units').query({ q: 'hUKum' }).set('Authorization', auth).expect(200);
      expect(byName.body.items.map((u: { code: string }) => u.code)).toEqual(['BAG.HUKUM']);
      const byCode = await t.http().get('/api/v1/units').query({ q: 'ianX' }).set('Authorization', auth).expect(200);
      expect(byCode.body.items.map((u: { code: string }) => u.code)).toEqual(['BAGIANX']);
      expect(byCode.body.total).toBe(1);
      const both = await t.http().get('/api/v1/units').query({ q: 'BAGIAN' }).set('Authorization', auth).expect(200);
      expect(both.body.items.map((u: { code: string }) => u.code)).toEqual(['BAG.HUKUM', 'BAGIAN1', 'BAGIAN2', 'BAGIANX', 'BAG_UMUM']);
    });

    it('treats LIKE wildcards in the search text as literal characters', async () => {
      const percent = await t.http().get('/api/v1/units').query({ q: '100%' }).set('Authorization', auth).expect(200);
      expect(percent.body.items.map((u: { code: string }) => u.code)).toEqual(['BAGIAN1']);
      const onlyPercent = await t.http().get('/api/v1/units').query({ q: '%' }).set('Authorization', auth).expect(200);
      expect(onlyPercent.body).toMatchObject({ total: 1 });
      const underscore = await t.http().get('/api/v1/units').query({ q: '_' }).set('Authorization', auth).expect(200);
      expect(underscore.body.items.map((u: { code: string }) => u.code)).toEqual(['BAG_UMUM']);
      const backslash = await t.http().get('/api/v1/units').query({ q: '\\' }).set('Authorization', auth).expect(200);
      expect(backslash.body.total).toBe(0);
    });

    it('filters by parentId', async () => {
      const res = await t.http().get('/api/v1/units').query({ parentId: own.units.root, pageSize: 100 }).set('Authorization', auth).expect(200);
      expect(res.body.total).toBe(7);
      expect(res.body.items.every((u: { parentId: string }) => u.parentId === own.units.root)).toBe(true);
    });

    it('shows only units of the caller’s agency', async () => {
      const res = await t.http().get('/api/v1/units').query({ pageSize: 100 }).set('Authorization', admin).expect(200);
      const ownIds = new Set(Object.values(own.units));
      expect(res.body.items.some((u: { id: string }) => ownIds.has(u.id))).toBe(false);
      expectProblem(await t.http().get(`/api/v1/units/${own.units.child}`).set('Authorization', admin), 404);
    });

    it('returns the tree: roots and children sorted by code, nested', async () => {
      const grandchild = await create({ code: 'SUBBID', name: 'Sub Bidang', parentId: own.units.child }, auth).expect(201);
      const res = await t.http().get('/api/v1/units/tree').set('Authorization', auth).expect(200);
      const shape = (n: TreeNode): unknown => ({ code: n.code, children: n.children.map(shape) });
      expect(res.body.map(shape)).toEqual([
        {
          code: 'SETDA',
          children: [
            { code: 'BAG.HUKUM', children: [] },
            { code: 'BAGIAN1', children: [] },
            { code: 'BAGIAN2', children: [] },
            { code: 'BAGIANX', children: [] },
            { code: 'BAG_UMUM', children: [] },
            { code: 'BKPSDM', children: [{ code: 'SUBBID', children: [] }] },
            { code: 'DISHUB', children: [] },
          ],
        },
      ]);
      expect(res.body[0].children.find((c: TreeNode) => c.code === 'BKPSDM').children[0].id).toBe(grandchild.body.id);
    });

    it('gets one unit; an unknown id is 404 and a non-UUID id is 400 naming `id`', async () => {
      const res = await t.http().get(`/api/v1/units/${own.units.child}`).set('Authorization', auth).expect(200);
      expect(res.body).toMatchObject({ id: own.units.child, code: 'BKPSDM', parentId: own.units.root });
      expectProblem(await t.http().get(`/api/v1/units/${randomUUID()}`).set('Authorization', auth), 404);
      expectProblem(await t.http().get('/api/v1/units/12').set('Authorization', auth), 400, [{ field: 'id', rule: 'isUuid' }]);
    });
  });

  describe('update', () => {
    let own: Agency;
    let auth: string;
    beforeEach(async () => {
      own = await createAgency(t.db);
      auth = await bearer(t, own.people.tenant_admin.email);
    });
    const patch = (id: string, body: unknown) => t.http().patch(`/api/v1/units/${id}`).set('Authorization', auth).send(body as object);

    it('renames a unit, answers the whole unit and writes an audit entry', async () => {
      const res = await patch(own.units.other, { name: 'Dinas Perhubungan dan Komunikasi' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: own.units.other, code: 'DISHUB', name: 'Dinas Perhubungan dan Komunikasi', parentId: own.units.root });
      expect(await unitRow(own.units.other)).toEqual({ id: own.units.other, code: 'DISHUB', name: 'Dinas Perhubungan dan Komunikasi', parent_id: own.units.root });
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'unit.updated' AND target_id = $2`, [own.id, own.units.other]);
      expect(audit).toEqual([{ detail: { name: 'Dinas Perhubungan dan Komunikasi' } }]);
    });

    it('moves a unit under another parent, and to the top with parentId null', async () => {
      expect((await patch(own.units.other, { parentId: own.units.child })).status).toBe(200);
      expect((await unitRow(own.units.other))?.parent_id).toBe(own.units.child);
      const top = await patch(own.units.other, { parentId: null });
      expect(top.status).toBe(200);
      expect(top.body.parentId).toBeNull();
      expect((await unitRow(own.units.other))?.parent_id).toBeNull();
      const tree = await t.http().get('/api/v1/units/tree').set('Authorization', auth).expect(200);
      expect(tree.body.map((n: TreeNode) => n.code)).toEqual(['DISHUB', 'SETDA']);
    });

    it('answers 422 naming `parentId` when a unit would become its own ancestor, and changes nothing', async () => {
      const grandchild = (await create({ code: 'SUBBAG', name: 'Sub Bagian', parentId: own.units.child }, auth).expect(201)).body.id;
      const before = await t.db.query(`SELECT id, parent_id FROM unit WHERE tenant_id = $1 ORDER BY id`, [own.id]);
      for (const [id, parentId] of [
        [own.units.root, grandchild], // the root under its grandchild
        [own.units.root, own.units.child], // under its child
        [own.units.child, own.units.child], // under itself
      ]) {
        expectProblem(await patch(id, { parentId }), 422, [{ field: 'parentId', rule: 'cycle' }]);
      }
      expect(await t.db.query(`SELECT id, parent_id FROM unit WHERE tenant_id = $1 ORDER BY id`, [own.id])).toEqual(before);
    });

    it('answers 422 naming `parentId` for a parent from nowhere', async () => {
      expectProblem(await patch(own.units.other, { parentId: randomUUID() }), 422, [{ field: 'parentId', rule: 'parentNotFound' }]);
      expect((await unitRow(own.units.other))?.parent_id).toBe(own.units.root);
    });

    it('answers 409 naming `code` for a code of another unit, and keeps the old code', async () => {
      expectProblem(await patch(own.units.other, { code: 'BKPSDM' }), 409, [{ field: 'code', rule: 'unique' }]);
      expect((await unitRow(own.units.other))?.code).toBe('DISHUB');
      expect((await patch(own.units.other, { code: 'DISHUB' })).status).toBe(200); // its own code is fine
    });

    it('refuses null for code and name (they cannot be cleared) with 400', async () => {
      const res = await patch(own.units.other, { code: null, name: null });
      expectProblem(res, 400, [{ field: 'code', rule: 'required' }, { field: 'name', rule: 'required' }]);
      expect(await unitRow(own.units.other)).toMatchObject({ code: 'DISHUB', name: 'Unit DISHUB' });
    });

    it('answers 404 for a unit of another agency and leaves it alone', async () => {
      const res = await t.http().patch(`/api/v1/units/${agency.units.other}`).set('Authorization', auth).send({ name: 'Diambil alih' });
      expectProblem(res, 404);
      expect((await unitRow(agency.units.other))?.name).not.toBe('Diambil alih');
    });
  });

  describe('delete', () => {
    let own: Agency;
    let auth: string;
    beforeAll(async () => {
      own = await createAgency(t.db);
      auth = await bearer(t, own.people.tenant_admin.email);
    });
    const del = (id: string, token = auth) => t.http().delete(`/api/v1/units/${id}`).set('Authorization', token);

    it('deletes an empty leaf unit (204), which is then gone, with an audit entry', async () => {
      const id = (await create({ code: 'SEMENTARA', name: 'Unit Sementara', parentId: own.units.root }, auth).expect(201)).body.id;
      const res = await del(id);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await unitRow(id)).toBeUndefined();
      expectProblem(await t.http().get(`/api/v1/units/${id}`).set('Authorization', auth), 404);
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'unit.deleted' AND target_id = $2`, [own.id, id]);
      expect(audit).toEqual([{ detail: { code: 'SEMENTARA' } }]);
      expectProblem(await del(id), 404);
    });

    it('answers 409 for a unit with sub-units and keeps it', async () => {
      const res = await del(own.units.root);
      expectProblem(res, 409);
      expect(res.body.type).toMatch(/unit\.hasChildren$/);
      expect(await unitRow(own.units.root)).toBeDefined();
    });

    it('answers 409 for a unit that has employees, saying so, and keeps it', async () => {
      const res = await t.http().delete(`/api/v1/units/${own.units.other}`).set('Authorization', auth).set('Accept-Language', 'en');
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/employees/);
      expect(await unitRow(own.units.other)).toBeDefined();
    });

    it('refuses a learner (403), a non-UUID id (400 `id`) and another agency’s unit (404), deleting nothing', async () => {
      const before = await tenantCounts(t.db, own.id);
      const leaf = (await create({ code: 'DAUN', name: 'Unit Daun', parentId: own.units.root }, auth).expect(201)).body.id;
      expectProblem(await del(leaf, await bearer(t, own.people.learner.email)), 403);
      expectProblem(await del('DAUN'), 400, [{ field: 'id', rule: 'isUuid' }]);
      const stranger = await createAgency(t.db);
      expectProblem(await del(leaf, await bearer(t, stranger.people.tenant_admin.email)), 404);
      expect(await unitRow(leaf)).toBeDefined();
      expect((await tenantCounts(t.db, own.id)).units).toBe(before.units + 1);
    });
  });
});
