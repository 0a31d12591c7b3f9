import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadApiConfig } from '@mahir/config';
import { hashPassword } from '@mahir/persistence';
import { createLogger } from '@mahir/runtime';
import type { TenantRole } from '@mahir/competency';
import { createApiApp } from '../app.factory';
import { insertCompetency } from './framework-fixtures';

/** The whole API in process, on the real services prepared by the Jest global setup. */
export async function startTestApp(overrides: Record<string, string> = {}) {
  const config = loadApiConfig({ ...process.env, ...overrides });
  const app = await createApiApp(config, createLogger('api-test', config.LOG_LEVEL));
  await app.init();
  const db = app.get(DataSource);
  return { app, db, http: () => request(app.getHttpServer()), config };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const TEST_PASSWORD = 'Rahasia#2026';

/** A random NIP that passes validation: born 1950–1993, started 2010–2019, any sequence (about 150 million). */
export function validNip(sex: 1 | 2 = 1): string {
  const pick = (from: number, count: number) => from + Math.floor(Math.random() * count);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const month = pad(pick(1, 12));
  return `${pick(1950, 44)}${month}${pad(pick(1, 28))}${pick(2010, 10)}${month}${sex}${pad(pick(1, 999), 3)}`;
}

/**
 * A valid NIP that no employee or login of the test database has yet. Test files share the
 * database and logins' NIPs are unique across it, so random draws alone would collide sometimes.
 */
export async function unusedNip(db: DataSource, sex: 1 | 2 = 1): Promise<string> {
  for (;;) {
    const nip = validNip(sex);
    const [taken] = await db.query(`SELECT 1 FROM user_account WHERE nip = $1 UNION ALL SELECT 1 FROM employee WHERE nip = $1 LIMIT 1`, [nip]);
    if (!taken) return nip;
  }
}

export interface Agency {
  id: string;
  code: string;
  units: { root: string; child: string; other: string };
  positions: { head: string; staff: string };
  /** One employee with a login per role; the learner reports to the supervisor. */
  people: Record<TenantRole, { employeeId: string; userId: string; nip: string; email: string }>;
  /** An employee without a login, in the supervisor's team. */
  teamMemberId: string;
  /** A technical competency of the agency (code TK.UJI, levels 1–3, revision 1). */
  competencyId: string;
}

/**
 * Creates an agency with a small tree, positions and one login per role, directly in
 * the database (fast, independent of the routes under test). Codes are random, so test
 * files can run in parallel.
 */
export async function createAgency(db: DataSource, timeZone: 'WIB' | 'WITA' | 'WIT' = 'WIB'): Promise<Agency> {
  const code = `T${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const domain = `${code.toLowerCase()}.go.id`;
  const [{ id }] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [code, `Instansi ${code}`, timeZone]);
  const unit = async (c: string, parent: string | null) =>
    (await db.query(`INSERT INTO unit (tenant_id, code, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id`, [id, c, `Unit ${c}`, parent]))[0].id as string;
  const root = await unit('SETDA', null);
  const child = await unit('BKPSDM', root);
  const other = await unit('DISHUB', root);
  const position = async (c: string, cls: string) =>
    (await db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, $2, $3, $4) RETURNING id`, [id, c, `Jabatan ${c}`, cls]))[0].id as string;
  const head = await position('KABAN', 'jpt_pratama');
  const staff = await position('PELAKSANA', 'pelaksana');

  const hash = await hashPassword(TEST_PASSWORD);
  const employee = async (name: string, unitId: string, positionId: string, supervisorId: string | null) => {
    const nip = await unusedNip(db);
    const email = `${name}.${nip.slice(-6)}@${domain}`;
    const [row] = await db.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id, supervisor_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [id, nip, `Pegawai ${name}`, email, unitId, positionId, supervisorId],
    );
    await db.query(`INSERT INTO employee_placement (tenant_id, employee_id, unit_id, position_id, valid_from, reason) VALUES ($1, $2, $3, $4, '2020-01-01', 'hire')`, [
      id, row.id, unitId, positionId,
    ]);
    return { employeeId: row.id as string, nip, email };
  };
  const login = async (person: { employeeId: string; nip: string; email: string }, roles: TenantRole[]) => {
    const [u] = await db.query(
      `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [id, person.employeeId, person.nip, person.email, person.email, hash],
    );
    await db.query(`INSERT INTO user_role (user_id, tenant_id, role) SELECT $1, $2, unnest($3::text[])`, [u.id, id, roles]);
    return { ...person, userId: u.id as string };
  };

  const admin = await employee('admin', child, head, null);
  const supervisorE = await employee('atasan', child, head, admin.employeeId);
  const learnerE = await employee('pegawai', child, staff, supervisorE.employeeId);
  const graderE = await employee('penilai', child, staff, admin.employeeId);
  const trainerE = await employee('pelatih', child, staff, admin.employeeId);
  const teamMember = await employee('anggota', other, staff, supervisorE.employeeId);
  const people = {
    tenant_admin: await login(admin, ['learner', 'tenant_admin']),
    supervisor: await login(supervisorE, ['learner', 'supervisor']),
    learner: await login(learnerE, ['learner']),
    grader: await login(graderE, ['learner', 'grader']),
    training_admin: await login(trainerE, ['learner', 'training_admin']),
  };
  const competency = await insertCompetency(db, id, { code: 'TK.UJI', name: 'Kompetensi Teknis Uji' });
  return { id, code, units: { root, child, other }, positions: { head, staff }, people, teamMemberId: teamMember.employeeId, competencyId: competency.id };
}

export async function createSuperAdmin(db: DataSource): Promise<{ email: string; userId: string }> {
  const email = `super.${randomUUID().slice(0, 8)}@mahir.go.id`;
  const [u] = await db.query(
    `INSERT INTO user_account (email, display_name, password_hash, is_super_admin) VALUES ($1, 'Super', $2, true) RETURNING id`,
    [email, await hashPassword(TEST_PASSWORD)],
  );
  return { email, userId: u.id };
}

/** Signs in through the real route and returns the token pair. */
export async function signIn(app: TestApp, identifier: string, password = TEST_PASSWORD) {
  const res = await app.http().post('/api/v1/auth/login').send({ identifier, password });
  if (res.status !== 200) throw new Error(`login of ${identifier} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string };
}

export async function bearer(app: TestApp, identifier: string): Promise<string> {
  return `Bearer ${(await signIn(app, identifier)).accessToken}`;
}

export type { INestApplication };
