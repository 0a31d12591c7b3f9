import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import type { EmployeeStatus, TenantRole } from '@mahir/competency';
import { hashPassword } from '@mahir/persistence';
import { type Agency, TEST_PASSWORD, unusedNip } from './test-app';

export interface Person {
  employeeId: string;
  nip: string;
  email: string;
}

export interface Login extends Person {
  userId: string;
}

/** The `type` URL of a problem document for a message key. */
export const problemType = (key: string) => `https://mahir.go.id/problems/${key}`;

/** Asserts an RFC 9457 answer: status line, media type, and the problem the key names. */
export function expectProblem(res: Response, status: number, key: string): void {
  const seen = `${res.status} ${JSON.stringify(res.body)}`;
  expect(seen).toMatch(new RegExp(`^${status} `));
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: problemType(key) });
  expect(typeof res.body.detail).toBe('string');
}

/** The field errors of a problem document as `field:rule` pairs, easy to compare. */
export const fieldRules = (res: Response): string[] => (res.body.errors ?? []).map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);

/** An employee without a login, placed in the agency's child unit as staff. */
export async function createEmployee(
  db: DataSource,
  agency: Agency,
  opts: { supervisorId?: string | null; status?: EmployeeStatus; unitId?: string; positionId?: string } = {},
): Promise<Person> {
  const nip = await unusedNip(db);
  const email = `extra.${randomUUID().slice(0, 8)}@${agency.code.toLowerCase()}.go.id`;
  const unitId = opts.unitId ?? agency.units.child;
  const positionId = opts.positionId ?? agency.positions.staff;
  const [row] = await db.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id, supervisor_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [agency.id, nip, `Pegawai ${email}`, email, unitId, positionId, opts.supervisorId ?? null, opts.status ?? 'active'],
  );
  await db.query(
    `INSERT INTO employee_placement (tenant_id, employee_id, unit_id, position_id, valid_from, reason) VALUES ($1, $2, $3, $4, '2020-01-01', 'hire')`,
    [agency.id, row.id, unitId, positionId],
  );
  return { employeeId: row.id as string, nip, email };
}

/** An employee with a login (password TEST_PASSWORD) and the given roles. */
export async function createLogin(
  db: DataSource,
  agency: Agency,
  roles: TenantRole[] = ['learner'],
  opts: { supervisorId?: string | null } = {},
): Promise<Login> {
  const person = await createEmployee(db, agency, opts);
  const [u] = await db.query(
    `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [agency.id, person.employeeId, person.nip, person.email, person.email, await hashPassword(TEST_PASSWORD)],
  );
  await db.query(`INSERT INTO user_role (user_id, tenant_id, role) SELECT $1, $2, unnest($3::text[])`, [u.id, agency.id, roles]);
  return { ...person, userId: u.id as string };
}

export interface CraftedClaims {
  sub: string;
  tid: string | null;
  rol: string[];
  sa?: boolean;
  emp?: string | null;
}

/**
 * An access token made outside the API, shaped like the API's own (HS256, issuer
 * "mahir", audience "mahir-api"), to probe what the API accepts.
 */
export function craftAccessToken(
  secret: string,
  claims: CraftedClaims,
  opts: { expiresAt?: number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: claims.tid, rol: claims.rol, sa: claims.sa ?? false, emp: claims.emp ?? null })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer ?? 'mahir')
    .setAudience(opts.audience ?? 'mahir-api')
    .setIssuedAt(now - 60)
    .setExpirationTime(opts.expiresAt ?? now + 600)
    .sign(new TextEncoder().encode(secret));
}

/** Every row of one tenant in the organisation and identity tables, in a stable order, to prove nothing changed. */
export async function snapshotTenant(db: DataSource, tenantId: string): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => db.query(sql, [tenantId]);
  return {
    tenant: await q(`SELECT * FROM tenant WHERE id = $1`),
    unit: await q(`SELECT * FROM unit WHERE tenant_id = $1 ORDER BY id`),
    position: await q(`SELECT * FROM position WHERE tenant_id = $1 ORDER BY id`),
    employee: await q(`SELECT * FROM employee WHERE tenant_id = $1 ORDER BY id`),
    placement: await q(`SELECT * FROM employee_placement WHERE tenant_id = $1 ORDER BY id`),
    user: await q(`SELECT * FROM user_account WHERE tenant_id = $1 ORDER BY id`),
    role: await q(`SELECT * FROM user_role WHERE tenant_id = $1 ORDER BY user_id, role`),
    refresh: await q(`SELECT t.* FROM refresh_token t JOIN user_account u ON u.id = t.user_id WHERE u.tenant_id = $1 ORDER BY t.id`),
    audit: await q(`SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY id`),
  };
}
