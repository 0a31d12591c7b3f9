import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { portalSignIn } from '../../test-support/portal-client';

/** Portal routes anyone may open without signing in. */
const PUBLIC = new Set(['GET /login', 'POST /login', 'GET /lang/{lang}', 'GET /assets/{hash}/{name}', 'GET /verify', 'GET /verify/{code}']);

/**
 * Every portal route, read from the HTTP server itself, fails closed: without a session it
 * sends the browser to the login form, and with a session but without the CSRF token no
 * state-changing route acts. Tested route by route, so a new page cannot forget either.
 */
describe('portal access on every route', () => {
  let t: TestApp;
  let agency: Agency;
  const routes: { method: 'get' | 'post'; path: string }[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    for (const layer of express.router.stack) {
      if (!layer.route || /^\/(api|health)(\/|$)/.test(layer.route.path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && (method === 'get' || method === 'post')) routes.push({ method, path: layer.route.path });
      }
    }
  });
  afterAll(() => t.app.close());

  const name = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path.replace(/\{\/\}/g, '').replace(/:(\w+)/g, '{$1}')}`;
  const concrete = (path: string) => path.replace(/\{\/\}/g, '').replace(/:(\w+)/g, () => randomUUID());

  it('finds the portal routes (the table below is not empty)', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map(name)).toEqual(expect.arrayContaining(['GET /', 'GET /catalog', 'GET /admin/courses', 'GET /team', 'GET /org/employees', 'POST /logout']));
  });

  it('sends a visitor without a session to the login form from every page, and acts on no post', async () => {
    const open: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(name(route))) continue;
      const res = await request(t.app.getHttpServer())[route.method](concrete(route.path)).type('form').send(route.method === 'post' ? { _csrf: 'x' } : undefined);
      if (res.status !== 303 || !String(res.headers['location']).startsWith('/login')) open.push(`${name(route)} → ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('refuses every state-changing route without the session CSRF token', async () => {
    const browser = await portalSignIn(t, agency.people.tenant_admin.email);
    const unguarded: string[] = [];
    for (const route of routes.filter((r) => r.method === 'post' && !PUBLIC.has(name(r)))) {
      const res = await browser.agent.post(concrete(route.path)).type('form').send({ anything: '1' });
      if (res.status !== 403 || !res.text.includes('Formulir ini sudah kedaluwarsa')) unguarded.push(`${name(route)} → ${res.status}`);
    }
    expect(unguarded).toEqual([]);
  });
});
