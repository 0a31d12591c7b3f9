import { randomUUID } from 'node:crypto';
import { localDate } from '@mahir/competency';
import { expectProblem, freshNip } from '../../test-support/org-helpers';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** A fresh agency code that matches ^[A-Z][A-Z0-9_]{1,31}$. */
const agencyCode = () => `A${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;

describe('agencies (tenants)', () => {
  let t: TestApp;
  let agency: Agency;
  let superAuth: string;
  let superUserId: string;
  let adminAuth: string;
  let learnerAuth: string;

  const tenantRows = (code: string) => t.db.query(`SELECT id, code, name, short_name, time_zone FROM tenant WHERE code = $1`, [code]);
  const auditOf = (tenantId: string, action: string) =>
    t.db.query(`SELECT actor_user_id, target_id, detail FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY id`, [tenantId, action]);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db, 'WIB');
    const superAdmin = await createSuperAdmin(t.db);
    superUserId = superAdmin.userId;
    superAuth = await bearer(t, superAdmin.email);
    adminAuth = await bearer(t, agency.people.tenant_admin.email);
    learnerAuth = await bearer(t, agency.people.learner.email);
  });
  afterAll(() => t.app.close());

  describe('POST /tenants (super admin)', () => {
    it('creates an agency, stores it and writes an audit entry', async () => {
      const code = agencyCode();
      const res = await t
        .http()
        .post('/api/v1/tenants')
        .set('Authorization', superAuth)
        .send({ code, name: 'Pemerintah Kota Ambon', shortName: 'Pemkot Ambon', timeZone: 'WIT' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code, name: 'Pemerintah Kota Ambon', shortName: 'Pemkot Ambon', timeZone: 'WIT' });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);

      expect(await tenantRows(code)).toEqual([{ id: res.body.id, code, name: 'Pemerintah Kota Ambon', short_name: 'Pemkot Ambon', time_zone: 'WIT' }]);
      const audit = await auditOf(res.body.id, 'tenant.created');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_user_id: superUserId, target_id: res.body.id, detail: expect.objectContaining({ code, timeZone: 'WIT' }) });
    });

    it('answers 409 naming `code` when the code is taken, and keeps the first agency', async () => {
      const code = agencyCode();
      await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code, name: 'Kota Pertama', timeZone: 'WIB' }).expect(201);
      const res = await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code, name: 'Kota Kedua', timeZone: 'WITA' });
      expectProblem(res, 409, [{ field: 'code', rule: 'unique' }]);
      expect(res.body.detail).toContain(code);
      const rows = await tenantRows(code);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ name: 'Kota Pertama', time_zone: 'WIB' });
      expect(await auditOf(rows[0].id, 'tenant.created')).toHaveLength(1);
    });

    it.each(['UTC', 'wib', 'Asia/Jakarta', 'WITT', '', 7])('refuses time zone %p (only WIB, WITA, WIT) and stores nothing', async (timeZone) => {
      const code = agencyCode();
      const res = await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code, name: 'Kota Salah Zona', timeZone });
      expectProblem(res, 400, [{ field: 'timeZone', rule: timeZone === '' ? 'required' : 'isIn' }]);
      expect(await tenantRows(code)).toEqual([]);
    });

    it.each(['WIB', 'WITA', 'WIT'])('accepts %s', async (timeZone) => {
      const code = agencyCode();
      const res = await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code, name: `Kota ${timeZone}`, timeZone });
      expect(res.status).toBe(201);
      expect((await tenantRows(code))[0].time_zone).toBe(timeZone);
    });

    it('refuses a code that is not uppercase letters, digits and underscore, naming `code`', async () => {
      for (const code of ['ambon', '1AMBON', 'AM BON', 'A']) {
        const res = await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code, name: 'Kota', timeZone: 'WIB' });
        expectProblem(res, 400, [{ field: 'code', rule: 'matches' }]);
        expect(await tenantRows(code)).toEqual([]);
      }
    });

    it('is for super admins only: a tenant admin gets 403 and nothing is created', async () => {
      const code = agencyCode();
      const res = await t.http().post('/api/v1/tenants').set('Authorization', adminAuth).send({ code, name: 'Kota Liar', timeZone: 'WIB' });
      expectProblem(res, 403);
      expect(await tenantRows(code)).toEqual([]);
    });

    it('lists agencies to the super admin with pagination and search', async () => {
      const marker = `Z${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
      for (const n of [1, 2, 3]) {
        await t.http().post('/api/v1/tenants').set('Authorization', superAuth).send({ code: `${marker}_${n}`, name: `Kabupaten ${marker} ${n}`, timeZone: 'WITA' }).expect(201);
      }
      const page1 = await t.http().get('/api/v1/tenants').query({ q: marker.toLowerCase(), pageSize: 2 }).set('Authorization', superAuth).expect(200);
      expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(page1.body.items.map((i: { code: string }) => i.code)).toEqual([`${marker}_1`, `${marker}_2`]);
      const page2 = await t.http().get('/api/v1/tenants').query({ q: marker, pageSize: 2, page: 2 }).set('Authorization', superAuth).expect(200);
      expect(page2.body.items.map((i: { code: string }) => i.code)).toEqual([`${marker}_3`]);
      expectProblem(await t.http().get('/api/v1/tenants').set('Authorization', adminAuth), 403);
    });
  });

  describe('GET/PATCH /tenants/current', () => {
    it('shows the caller its own agency', async () => {
      for (const auth of [adminAuth, learnerAuth]) {
        const res = await t.http().get('/api/v1/tenants/current').set('Authorization', auth).expect(200);
        expect(res.body).toMatchObject({ id: agency.id, code: agency.code, timeZone: 'WIB' });
      }
    });

    it('lets the tenant admin change the time zone; "today" then follows the new zone; an audit entry is written', async () => {
      const own = await createAgency(t.db, 'WIB');
      const auth = await bearer(t, own.people.tenant_admin.email);
      const res = await t.http().patch('/api/v1/tenants/current').set('Authorization', auth).send({ timeZone: 'WIT', name: 'Pemerintah Kota Jayapura' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: own.id, timeZone: 'WIT', name: 'Pemerintah Kota Jayapura' });
      const [row] = await t.db.query(`SELECT time_zone, name FROM tenant WHERE id = $1`, [own.id]);
      expect(row).toEqual({ time_zone: 'WIT', name: 'Pemerintah Kota Jayapura' });
      const audit = await auditOf(own.id, 'tenant.updated');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_user_id: own.people.tenant_admin.userId, target_id: own.id, detail: { timeZone: 'WIT', name: 'Pemerintah Kota Jayapura' } });
      expect((await t.http().get('/api/v1/tenants/current').set('Authorization', auth).expect(200)).body.timeZone).toBe('WIT');

      // A hire without a start date is dated "today" in the agency's zone (UTC+9 now).
      const before = localDate(new Date(), 'WIT');
      const hired = await t
        .http()
        .post('/api/v1/employees')
        .set('Authorization', auth)
        .send({ nip: freshNip(), fullName: 'Yohana Wanggai', email: `yohana.${randomUUID().slice(0, 6)}@jayapura.go.id`, unitId: own.units.other, positionId: own.positions.staff })
        .expect(201);
      const after = localDate(new Date(), 'WIT');
      const [placement] = await t.db.query(`SELECT valid_from::text AS d FROM employee_placement WHERE employee_id = $1`, [hired.body.id]);
      expect([before, after]).toContain(placement.d);
    });

    it('refuses an unknown time zone or a null name with 400 and changes nothing', async () => {
      for (const body of [{ timeZone: 'GMT+7' }, { timeZone: null }, { name: null }, { name: '' }, { code: null }]) {
        const res = await t.http().patch('/api/v1/tenants/current').set('Authorization', adminAuth).send(body);
        const field = Object.keys(body)[0];
        expectProblem(res, 400, [{ field }]);
        const [row] = await t.db.query(`SELECT code, name, time_zone FROM tenant WHERE id = $1`, [agency.id]);
        expect(row).toEqual({ code: agency.code, name: `Instansi ${agency.code}`, time_zone: 'WIB' });
      }
      expect(await auditOf(agency.id, 'tenant.updated')).toEqual([]);
    });

    it('answers 409 naming `code` when the new code belongs to another agency', async () => {
      const other = await createAgency(t.db);
      const res = await t.http().patch('/api/v1/tenants/current').set('Authorization', adminAuth).send({ code: other.code });
      expectProblem(res, 409, [{ field: 'code', rule: 'unique' }]);
      expect((await t.db.query(`SELECT code FROM tenant WHERE id = $1`, [agency.id]))[0].code).toBe(agency.code);
    });

    it('is for tenant admins: a learner gets 403 and nothing changes', async () => {
      const res = await t.http().patch('/api/v1/tenants/current').set('Authorization', learnerAuth).send({ timeZone: 'WITA' });
      expectProblem(res, 403);
      expect((await t.db.query(`SELECT time_zone FROM tenant WHERE id = $1`, [agency.id]))[0].time_zone).toBe('WIB');
    });

    it("sets the agency's mail sender, and null gives the platform's back", async () => {
      const other = await createAgency(t.db);
      const set = await t.http().patch('/api/v1/tenants/current').set('Authorization', superAuth).set('X-Tenant-Id', other.id)
        .send({ mailFromName: 'BKPSDM Kota Uji', mailFromAddress: 'diklat@kotauji.go.id' }).expect(200);
      expect(set.body).toMatchObject({ mailFromName: 'BKPSDM Kota Uji', mailFromAddress: 'diklat@kotauji.go.id' });
      const bad = await t.http().patch('/api/v1/tenants/current').set('Authorization', superAuth).set('X-Tenant-Id', other.id).send({ mailFromAddress: 'bukan alamat' });
      expectProblem(bad, 400);
      const cleared = await t.http().patch('/api/v1/tenants/current').set('Authorization', superAuth).set('X-Tenant-Id', other.id).send({ mailFromName: null, mailFromAddress: null }).expect(200);
      expect(cleared.body).toMatchObject({ mailFromName: null, mailFromAddress: null });
      expect((await t.db.query(`SELECT mail_from_name, mail_from_address FROM tenant WHERE id = $1`, [other.id]))[0]).toEqual({ mail_from_name: null, mail_from_address: null });
    });

    it('makes a super admin name the agency with X-Tenant-Id', async () => {
      expectProblem(await t.http().patch('/api/v1/tenants/current').set('Authorization', superAuth).send({ shortName: 'X' }), 400);
      const other = await createAgency(t.db, 'WITA');
      const res = await t.http().patch('/api/v1/tenants/current').set('Authorization', superAuth).set('X-Tenant-Id', other.id).send({ shortName: 'Pemkab' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: other.id, shortName: 'Pemkab', timeZone: 'WITA' });
      const audit = await auditOf(other.id, 'tenant.updated');
      expect(audit).toEqual([expect.objectContaining({ actor_user_id: superUserId })]);
    });
  });
});
