import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, type DemoLogin } from '@mahir/persistence';
import { percentile, report, round } from './harness';

interface Raw {
  status: number;
  /** Bytes on the wire: status line and headers plus the (compressed) body. */
  transferred: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/** One GET as a browser sends it (gzip accepted, the session cookie), counting the bytes transferred. */
function get(base: string, path: string, cookie = ''): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'id', cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\r\n')}\r\n\r\n`;
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
        resolve({ status: res.statusCode ?? 0, transferred: raw.length + Buffer.byteLength(head), body, headers: res.headers, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Signs in through the login form; the session cookie. */
async function signIn(base: string, identifier: string): Promise<string> {
  const form = await get(base, '/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const loginCookie = String(form.headers['set-cookie'] ?? '').split(';')[0];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf ?? '', identifier, password: DEMO_PASSWORD, next: '/' }).toString(),
  });
  const session = (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('mahir_session='));
  if (res.status !== 303 || !session) throw new Error(`portal sign-in as ${identifier} answered ${res.status}`);
  return session.split(';')[0];
}

/**
 * The portal's main pages (issue 8): for each, the bytes a first visit transfers without media
 * (the page, its stylesheet and scripts, gzip as browsers ask) against the 100 KB budget, and
 * the server's render time (median and p95 of 30 requests, time to the last byte on loopback).
 */
export async function benchPortal(ds: DataSource, base: string, logins: DemoLogin[]): Promise<void> {
  const who = (agency: string, role: DemoLogin['role']) => logins.find((l) => l.agencyCode === agency && l.role === role);
  const learner = who('MANNA', 'learner')!;
  const supervisor = who('MANNA', 'supervisor')!;
  const trainer = who('MANNA', 'training_admin')!;
  const admin = who('MANNA', 'tenant_admin')!;
  const [course] = await ds.query(`SELECT c.id FROM course c JOIN tenant t ON t.id = c.tenant_id WHERE t.code = 'MANNA' AND c.published_version > 0 AND c.archived_at IS NULL ORDER BY c.created_at LIMIT 1`);
  const [cert] = await ds.query(`SELECT verification_code FROM certificate LIMIT 1`);
  const cookies = new Map<string, string>();
  const cookieOf = async (login: DemoLogin | null) => {
    if (!login) return '';
    if (!cookies.has(login.email)) cookies.set(login.email, await signIn(base, login.email));
    return cookies.get(login.email)!;
  };
  const pages: { name: string; path: string; login: DemoLogin | null }[] = [
    { name: 'login', path: '/login', login: null },
    { name: 'dashboard', path: '/', login: learner },
    { name: 'catalog', path: '/catalog', login: learner },
    ...(course ? [{ name: 'course', path: `/catalog/${course.id}`, login: learner }] : []),
    { name: 'competencies', path: '/me/competencies', login: learner },
    { name: 'certificates', path: '/me/certificates', login: learner },
    { name: 'team', path: '/team', login: supervisor },
    { name: 'admin_courses', path: '/admin/courses', login: trainer },
    { name: 'reports', path: '/admin/reports', login: trainer },
    { name: 'employees', path: '/org/employees', login: admin },
    { name: 'verify_form', path: '/verify', login: null },
    ...(cert ? [{ name: 'verify', path: `/verify/${cert.verification_code}`, login: null }] : []),
  ];
  for (const p of pages) {
    const cookie = await cookieOf(p.login);
    const first = await get(base, p.path, cookie);
    if (first.status !== 200) {
      console.log(`  portal ${p.name} (${p.path}) answered ${first.status}: not measured`);
      continue;
    }
    // What a first visit also fetches: stylesheets and scripts of our own origin (no media).
    const assets = [...first.body.matchAll(/<(?:link[^>]+href|script[^>]+src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    let transferred = first.transferred;
    for (const asset of new Set(assets)) transferred += (await get(base, asset, cookie)).transferred;
    const timings: number[] = [];
    for (let i = 0; i < 30; i++) timings.push((await get(base, p.path, cookie)).ms);
    timings.sort((a, b) => a - b);
    report({ name: `portal_${p.name}_transferred`, value: round(transferred / 1024, 1), unit: 'KB', budget: '< 100 KB' });
    report({ name: `portal_${p.name}_render_p50`, value: round(percentile(timings, 50), 1), unit: 'ms' });
    report({ name: `portal_${p.name}_render_p95`, value: round(percentile(timings, 95), 1), unit: 'ms' });
  }
}
