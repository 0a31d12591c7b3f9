import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { CSV_COLUMNS } from '../organisation/employees/employees-import.service';

/**
 * Helpers for the organisation tests (units, positions, employees, CSV import). They
 * only read the database or build request bodies; every write goes through the API.
 */

/**
 * A valid NIP per index, unique for indexes 0 … 8,000,000: born 1960-01-01 plus
 * floor(i / 999) days, civil service from 2000-01, sequence 1 + i % 999. The service
 * start differs from `validNip()` of test-app.ts, so the two never collide.
 */
export function nipAt(index: number, sex: 1 | 2 = 1): string {
  const born = new Date(Date.UTC(1960, 0, 1) + Math.floor(index / 999) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, '');
  return `${ymd}200001${sex}${String(1 + (index % 999)).padStart(3, '0')}`;
}

let nipCursor = Math.floor(Math.random() * 4_000_000);
/** A fresh valid NIP for this process (no other test file draws the same one in practice). */
export function freshNip(sex: 1 | 2 = 1): string {
  return nipAt(nipCursor++, sex);
}

export type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

/** A CSV file in the import format; values are quoted when they need it. */
export function csvOf(rows: CsvRecord[], columns: readonly string[] = CSV_COLUMNS): string {
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c as keyof CsvRecord])).join(','))].join('\n') + '\n';
}

/** Row counts of one agency, to prove that a rejected request wrote nothing. */
export async function tenantCounts(db: DataSource, tenantId: string) {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM unit WHERE tenant_id = $1) AS units,
            (SELECT count(*)::int FROM position WHERE tenant_id = $1) AS positions,
            (SELECT count(*)::int FROM employee WHERE tenant_id = $1) AS employees,
            (SELECT count(*)::int FROM employee_placement WHERE tenant_id = $1) AS placements,
            (SELECT coalesce(sum(version), 0)::int FROM employee WHERE tenant_id = $1) AS versions,
            (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1) AS audits`,
    [tenantId],
  );
  return row as { units: number; positions: number; employees: number; placements: number; versions: number; audits: number };
}

/** Everything a user sees of the organisation of one agency, to compare before and after. */
export async function tenantSnapshot(db: DataSource, tenantId: string) {
  const [tenant] = await db.query(`SELECT code, name, short_name, time_zone FROM tenant WHERE id = $1`, [tenantId]);
  const units = await db.query(`SELECT id, code, name, parent_id FROM unit WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  const positions = await db.query(`SELECT id, code, name, position_class FROM position WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  const employees = await db.query(
    `SELECT id, nip, full_name, email, unit_id, position_id, supervisor_id, status, version FROM employee WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  const placements = await db.query(
    `SELECT id, employee_id, unit_id, position_id, valid_from::text, valid_to::text FROM employee_placement WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  const users = await db.query(
    `SELECT u.id, u.disabled_at, u.password_hash, array_agg(r.role ORDER BY r.role) AS roles
     FROM user_account u LEFT JOIN user_role r ON r.user_id = u.id WHERE u.tenant_id = $1 GROUP BY u.id ORDER BY u.id`,
    [tenantId],
  );
  const [{ audits }] = await db.query(`SELECT count(*)::int AS audits FROM audit_log WHERE tenant_id = $1`, [tenantId]);
  return { tenant, units, positions, employees, placements, users, audits };
}

export interface ExpectedFieldError {
  field: string;
  rule?: string;
}

/**
 * Asserts an RFC 9457 answer: the status, the problem+json media type, a detail in
 * words (no unfilled {placeholder}) and, when given, the fields and rules it names.
 */
export function expectProblem(res: Response, status: number, errors: ExpectedFieldError[] = []) {
  const context = `${res.status} ${res.text.slice(0, 800)}`;
  expect({ status: res.status, context }).toEqual({ status, context });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.detail.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(res.body.errors ?? []).toEqual(expect.arrayContaining([expect.objectContaining(e.rule ? { field: e.field, rule: e.rule } : { field: e.field })]));
  }
  for (const e of res.body.errors ?? []) expect(typeof e.message).toBe('string');
}

/** The open placements of employees, per employee, to prove there is exactly one each. */
export async function openPlacementCounts(db: DataSource, tenantId: string): Promise<Map<string, number>> {
  const rows: { employee_id: string; n: number }[] = await db.query(
    `SELECT e.id AS employee_id, count(p.id)::int AS n FROM employee e
     LEFT JOIN employee_placement p ON p.employee_id = e.id AND p.valid_to IS NULL
     WHERE e.tenant_id = $1 GROUP BY e.id`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.employee_id, r.n]));
}
