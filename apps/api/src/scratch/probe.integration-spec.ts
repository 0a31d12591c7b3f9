import { startTestApp, createAgency, bearer, type TestApp } from '../test-support/test-app';
import { csvOf, freshNip } from '../test-support/org-helpers';

describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.app.close());
  it('probes', async () => {
    const a = await createAgency(t.db);
    const auth = await bearer(t, a.people.tenant_admin.email);
    const show = (label: string, r: { status: number; headers: Record<string, string>; body: unknown; text: string }) =>
      console.log(label, r.status, r.headers['content-type'], JSON.stringify(r.body).slice(0, 1500));
    const imp = (csv: string, q = '') => t.http().post(`/api/v1/employees/import${q}`).set('Authorization', auth).set('Content-Type', 'text/csv').send(csv);
    const [n1, n2, n3] = [freshNip(), freshNip(), freshNip()];
    const rows = [
      { nip: n1, full_name: 'A', email: 'a@x.go.id', unit_code: 'DISHUB', position_code: 'PELAKSANA', supervisor_nip: n2 },
      { nip: n2, full_name: 'B', email: 'b@x.go.id', unit_code: 'DISHUB', position_code: 'KABAN', supervisor_nip: n1 },
    ];
    show('cycle', await imp(csvOf(rows)));
    console.log(await t.db.query('SELECT nip, supervisor_id, version FROM employee WHERE tenant_id=$1 AND nip = ANY($2)', [a.id, [n1, n2]]));
    rows[1].supervisor_nip = '';
    rows[0].supervisor_nip = '';
    show('drop sup', await imp(csvOf(rows)));
    console.log(await t.db.query('SELECT nip, supervisor_id, version FROM employee WHERE tenant_id=$1 AND nip = ANY($2)', [a.id, [n1, n2]]));
    show('dup', await imp(csvOf([...rows, { ...rows[0], email: 'c@x.go.id' }, { nip: n3, full_name: 'C', email: 'A@X.go.id', unit_code: 'X', position_code: 'Y', status: 'dead' }]), ''));
    show('dup en', await t.http().post(`/api/v1/employees/import`).set('Authorization', auth).set('Accept-Language', 'en').set('Content-Type', 'text/csv').send(csvOf([{ ...rows[0], nip: '198513012000011001' }])));
    show('export', await t.http().get(`/api/v1/employees/export`).set('Authorization', auth));
    const e = await t.http().get(`/api/v1/employees/export`).set('Authorization', auth);
    console.log(e.text);
  });
});
