import request from 'supertest';
import { createAgency, startTestApp, TEST_PASSWORD, type Agency, type TestApp } from '../../test-support/test-app';
import { csrfOf, portalSignIn } from '../../test-support/portal-client';

describe('portal sessions, CSRF and language', () => {
  let t: TestApp;
  let agency: Agency;
  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
  });
  afterAll(() => t.app.close());

  it('sends a page without a session to the login form, and back to it after signing in', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const away = await agent.get('/account?tab=1').expect(303);
    expect(away.headers['location']).toBe('/login?next=%2Faccount%3Ftab%3D1');
    const form = await agent.get('/login?next=%2Faccount%3Ftab%3D1').expect(200);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
    const signedIn = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), identifier: agency.people.learner.nip, password: TEST_PASSWORD, next: '/account?tab=1' })
      .expect(303);
    expect(signedIn.headers['location']).toBe('/account?tab=1');
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(/mahir_session=[^;]+; .*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await agent.get('/account').expect(200);
    expect(page.text).toContain(agency.people.learner.email);
  });

  it('refuses a wrong password with the message on the form, keeping what was typed but not the password', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), identifier: agency.people.grader.email, password: 'salah-sekali-123' }).expect(401);
    expect(res.text).toContain('NIP/e-mail atau kata sandi salah.');
    expect(res.text).toContain(`value="${agency.people.grader.email}"`);
    expect(res.text).not.toContain('salah-sekali-123');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('mahir_session=');
  });

  it('names each empty field of the login form next to it', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), identifier: '', password: '' }).expect(400);
    expect(res.text).toMatch(/id="f-identifier-error"[^>]*>NIP atau e-mail: wajib/);
    expect(res.text).toMatch(/id="f-password-error"[^>]*>Kata sandi: wajib/);
  });

  it('refuses a login post without the form token (login CSRF)', async () => {
    const res = await request(t.app.getHttpServer()).post('/login').type('form').send({ identifier: agency.people.learner.nip, password: TEST_PASSWORD }).expect(403);
    expect(res.text).toContain('kedaluwarsa');
  });

  it('refuses a state-changing post without the session CSRF token, and changes nothing', async () => {
    const browser = await portalSignIn(t, agency.people.supervisor.email);
    const before = await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [agency.people.supervisor.userId]);
    const res = await browser.agent.post('/account/password').type('form').send({ currentPassword: TEST_PASSWORD, newPassword: 'KataSandiBaru2026' }).expect(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Formulir ini sudah kedaluwarsa atau tidak sah');
    await browser.agent.post('/account/password').type('form').send({ _csrf: 'x'.repeat(43), currentPassword: TEST_PASSWORD, newPassword: 'KataSandiBaru2026' }).expect(403);
    expect(await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [agency.people.supervisor.userId])).toEqual(before);
  });

  it('shows a bad password change next to its field and keeps the session', async () => {
    const browser = await portalSignIn(t, agency.people.training_admin.email);
    const weak = await browser.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'pendek' }).expect(400);
    expect(weak.text).toMatch(/id="f-newPassword-error"/);
    expect(weak.text).toMatch(/aria-invalid="true"/);
    const wrong = await browser.post('/account/password', { currentPassword: 'bukan-ini-123', newPassword: 'KataSandiBaru2026' }).expect(400);
    expect(wrong.text).toMatch(/id="f-currentPassword-error"/);
    await browser.agent.get('/account').expect(200);
  });

  it('ends the session on sign-out and when the password changes', async () => {
    const browser = await portalSignIn(t, agency.people.tenant_admin.email);
    const other = await portalSignIn(t, agency.people.tenant_admin.email);
    await browser.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'KataSandiBaru2026' }).expect(303);
    await browser.agent.get('/account').expect(303);
    // The other browser's session started before the change: it ends too.
    await other.agent.get('/account').expect(303);
    const again = await portalSignIn(t, agency.people.tenant_admin.email, 'KataSandiBaru2026');
    await again.post('/logout').expect(303);
    await again.agent.get('/account').expect(303);
  });

  it('speaks English after the switch and Indonesian by default', async () => {
    const browser = await portalSignIn(t, agency.people.learner.email);
    expect(await browser.page('/account')).toContain('<html lang="id">');
    const back = await browser.agent.get('/lang/en?next=%2Faccount').expect(303);
    expect(back.headers['location']).toBe('/account');
    const english = await browser.page('/account');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Change password');
    // Only local paths are followed after the switch.
    expect((await browser.agent.get('/lang/id?next=%2F%2Fevil.example').expect(303)).headers['location']).toBe('/');
  });

  it('answers an unknown page with the HTML error page and the API with a problem document', async () => {
    const page = await request(t.app.getHttpServer()).get('/tidak-ada').expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Halaman tidak ditemukan.');
    const api = await request(t.app.getHttpServer()).get('/api/v1/tidak-ada').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('serves assets with a content hash for a year and compresses pages', async () => {
    const form = await request(t.app.getHttpServer()).get('/login').set('Accept-Encoding', 'gzip').expect(200);
    const css = /href="(\/assets\/[0-9a-f]{12}\/portal\.css)"/.exec(form.text)?.[1];
    expect(css).toBeDefined();
    const res = await request(t.app.getHttpServer()).get(css!).set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('drops the empty fields a search form sends, with a redirect to the clean address', async () => {
    const res = await request(t.app.getHttpServer()).get('/catalog?q=etika&type=&level=&page=2').expect(303);
    expect(res.headers['location']).toBe('/catalog?q=etika&page=2');
    expect((await request(t.app.getHttpServer()).get('/catalog?type=').expect(303)).headers['location']).toBe('/catalog');
  });

  it('answers an oversized form and an unknown body type with an HTML page, and acts on neither', async () => {
    const browser = await portalSignIn(t, agency.people.grader.email);
    const before = await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [agency.people.grader.userId]);
    const huge = await browser.agent.post('/account/password').type('form').send({ _csrf: browser.csrf, currentPassword: 'x'.repeat(400_000), newPassword: 'KataSandiBaru2026' }).expect(413);
    expect(huge.headers['content-type']).toMatch(/text\/html/);
    expect(huge.text).toContain('melebihi batas 262144 bita');
    const xml = await browser.agent.post('/account/password').set('Content-Type', 'application/xml').set('X-CSRF-Token', browser.csrf).send('<a/>').expect(415);
    expect(xml.headers['content-type']).toMatch(/text\/html/);
    expect(await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [agency.people.grader.userId])).toEqual(before);
  });
});
