import { randomUUID } from 'node:crypto';
import { expectProblem, tenantCounts } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** The usual managerial target per position class (PermenPANRB 38/2017); functional positions set their own. */
const EXPECTED_LEVEL: Record<string, number | null> = {
  jpt_madya: 5,
  jpt_pratama: 4,
  administrator: 3,
  pengawas: 2,
  pelaksana: 1,
  fungsional: null,
};

describe('positions (jabatan)', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;

  const positionRow = async (id: string) =>
    (await t.db.query(`SELECT code, name, position_class FROM position WHERE id = $1`, [id]))[0] as
      | { code: string; name: string; position_class: string }
      | undefined;
  const create = (body: Record<string, unknown>, auth = admin) => t.http().post('/api/v1/positions').set('Authorization', auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = await bearer(t, agency.people.tenant_admin.email);
  });
  afterAll(() => t.app.close());

  describe('create and read', () => {
    it.each(Object.entries(EXPECTED_LEVEL))('creates a %s position with default managerial level %p', async (positionClass, level) => {
      const code = `J_${positionClass.toUpperCase()}`;
      const res = await create({ code, name: `Jabatan ${positionClass}`, positionClass });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code, positionClass, defaultManagerialLevel: level });
      expect(await positionRow(res.body.id)).toEqual({ code, name: `Jabatan ${positionClass}`, position_class: positionClass });
      const got = await t.http().get(`/api/v1/positions/${res.body.id}`).set('Authorization', admin).expect(200);
      expect(got.body).toMatchObject({ id: res.body.id, positionClass, defaultManagerialLevel: level });
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'position.created' AND target_id = $2`, [
        agency.id,
        res.body.id,
      ]);
      expect(audit).toEqual([{ detail: { code, name: `Jabatan ${positionClass}`, positionClass } }]);
    });

    it('lists positions with their default level, filtered by class', async () => {
      const all = await t.http().get('/api/v1/positions').query({ pageSize: 100 }).set('Authorization', admin).expect(200);
      for (const p of all.body.items) expect(p.defaultManagerialLevel).toBe(EXPECTED_LEVEL[p.positionClass]);

      const functional = await t.http().get('/api/v1/positions').query({ positionClass: 'fungsional' }).set('Authorization', admin).expect(200);
      expect(functional.body.items.map((p: { code: string }) => p.code)).toEqual(['J_FUNGSIONAL']);
      expect(functional.body.items[0].defaultManagerialLevel).toBeNull();
      const staff = await t.http().get('/api/v1/positions').query({ positionClass: 'pelaksana' }).set('Authorization', admin).expect(200);
      expect(staff.body.items.map((p: { code: string }) => p.code).sort()).toEqual(['J_PELAKSANA', 'PELAKSANA']);
      expect(staff.body.total).toBe(2);

      expectProblem(await t.http().get('/api/v1/positions?positionClass=eselon_1').set('Authorization', admin), 400, [
        { field: 'positionClass', rule: 'isIn' },
      ]);
    });

    it('pages and searches by name or code, wildcards literal', async () => {
      const page = await t.http().get('/api/v1/positions').query({ pageSize: 3, page: 2 }).set('Authorization', admin).expect(200);
      expect(page.body).toMatchObject({ page: 2, pageSize: 3 });
      expect(page.body.total).toBeGreaterThanOrEqual(8);
      expect(page.body.items).toHaveLength(3);
      const search = await t.http().get('/api/v1/positions').query({ q: 'JPT_' }).set('Authorization', admin).expect(200);
      expect(search.body.items.map((p: { code: string }) => p.code)).toEqual(['J_JPT_MADYA', 'J_JPT_PRATAMA']);
      const none = await t.http().get('/api/v1/positions').query({ q: 'J%A' }).set('Authorization', admin).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('answers 409 naming `code` for a duplicate code and writes nothing', async () => {
      const before = await tenantCounts(t.db, agency.id);
      const res = await create({ code: 'KABAN', name: 'Kepala Badan Kedua', positionClass: 'jpt_pratama' });
      expectProblem(res, 409, [{ field: 'code', rule: 'unique' }]);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('refuses an unknown class, naming `positionClass`, and writes nothing', async () => {
      const before = await tenantCounts(t.db, agency.id);
      expectProblem(await create({ code: 'ESELON', name: 'Eselon I', positionClass: 'eselon_1' }), 400, [{ field: 'positionClass', rule: 'isIn' }]);
      expectProblem(await create({ code: 'ESELON', name: 'Eselon I' }), 400, [{ field: 'positionClass', rule: 'required' }]);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });

    it('keeps agencies apart: another agency’s position is 404 and absent from the list', async () => {
      const other = await createAgency(t.db);
      expectProblem(await t.http().get(`/api/v1/positions/${other.positions.head}`).set('Authorization', admin), 404);
      const list = await t.http().get('/api/v1/positions').query({ pageSize: 100 }).set('Authorization', admin).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(other.positions.head);
      expectProblem(await t.http().get(`/api/v1/positions/${randomUUID()}`).set('Authorization', admin), 404);
      expectProblem(await t.http().get('/api/v1/positions/KABAN').set('Authorization', admin), 400, [{ field: 'id', rule: 'isUuid' }]);
    });

    it('lets every signed-in role read positions but only the tenant admin create them', async () => {
      const learner = await bearer(t, agency.people.learner.email);
      await t.http().get('/api/v1/positions').set('Authorization', learner).expect(200);
      const before = await tenantCounts(t.db, agency.id);
      expectProblem(await create({ code: 'LIAR', name: 'Jabatan Liar', positionClass: 'pelaksana' }, learner), 403);
      expectProblem(await create({ code: 'LIAR', name: 'Jabatan Liar', positionClass: 'pelaksana' }, await bearer(t, agency.people.training_admin.email)), 403);
      expect(await tenantCounts(t.db, agency.id)).toEqual(before);
    });
  });

  describe('update', () => {
    let own: Agency;
    let auth: string;
    beforeEach(async () => {
      own = await createAgency(t.db);
      auth = await bearer(t, own.people.tenant_admin.email);
    });
    const patch = (id: string, body: Record<string, unknown>) => t.http().patch(`/api/v1/positions/${id}`).set('Authorization', auth).send(body);

    it('changes the class and with it the default managerial level; answers the whole position', async () => {
      const res = await patch(own.positions.staff, { positionClass: 'administrator' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: own.positions.staff, code: 'PELAKSANA', name: 'Jabatan PELAKSANA', positionClass: 'administrator', defaultManagerialLevel: 3 });
      expect(await positionRow(own.positions.staff)).toEqual({ code: 'PELAKSANA', name: 'Jabatan PELAKSANA', position_class: 'administrator' });
      const toFunctional = await patch(own.positions.staff, { positionClass: 'fungsional', name: 'Analis Kebijakan' });
      expect(toFunctional.body).toMatchObject({ code: 'PELAKSANA', name: 'Analis Kebijakan', defaultManagerialLevel: null });
      const audit = await t.db.query(`SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'position.updated' ORDER BY id`, [own.id]);
      expect(audit).toEqual([{ detail: { positionClass: 'administrator' } }, { detail: { positionClass: 'fungsional', name: 'Analis Kebijakan' } }]);
    });

    it('answers 409 naming `code` for another position’s code and keeps the old one', async () => {
      expectProblem(await patch(own.positions.staff, { code: 'KABAN' }), 409, [{ field: 'code', rule: 'unique' }]);
      expect((await positionRow(own.positions.staff))?.code).toBe('PELAKSANA');
    });

    it('refuses null or unknown values with 400 and changes nothing', async () => {
      for (const body of [{ positionClass: null }, { name: null }, { code: null }, { positionClass: 'menteri' }, { code: 'kecil' }]) {
        expectProblem(await patch(own.positions.staff, body), 400, [{ field: Object.keys(body)[0] }]);
      }
      expect(await positionRow(own.positions.staff)).toEqual({ code: 'PELAKSANA', name: 'Jabatan PELAKSANA', position_class: 'pelaksana' });
    });

    it('answers 404 for another agency’s position and leaves it alone', async () => {
      expectProblem(await patch(agency.positions.staff, { name: 'Diambil alih' }), 404);
      expect((await positionRow(agency.positions.staff))?.name).toBe('Jabatan PELAKSANA');
    });
  });
});
