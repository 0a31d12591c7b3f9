import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { problemType } from './auth-helpers';
import { expectProblem, type ExpectedFieldError } from './org-helpers';

/**
 * Helpers for the ledger, profile, report and prior-learning tests. Fixtures that are not
 * under test (a tenant's technical competency, a retired one) are written directly;
 * everything under test goes through the API.
 */

/** The codes of the national dictionary loaded by the Jest global setup. */
export const NATIONAL_CODES = ['M.1', 'M.2', 'M.3', 'M.4', 'M.5', 'M.6', 'M.7', 'M.8', 'SK.1'] as const;

/** Ids of the national competencies by code (M.1 … M.8, SK.1). */
export async function nationalCompetencies(db: DataSource): Promise<Record<string, string>> {
  const rows: { id: string; code: string }[] = await db.query(`SELECT id, code FROM competency WHERE tenant_id IS NULL`);
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

/** A technical competency of one agency, optionally already retired. */
export async function createTechnicalCompetency(db: DataSource, tenantId: string, opts: { retired?: boolean } = {}): Promise<string> {
  const code = `TEK.${randomUUID().slice(0, 8).toUpperCase()}`;
  const [row] = await db.query(
    `INSERT INTO competency (tenant_id, type, code, name, retired_at) VALUES ($1, 'teknis', $2, $3, $4) RETURNING id`,
    [tenantId, code, `Kompetensi teknis ${code}`, opts.retired ? new Date() : null],
  );
  return row.id as string;
}

/** Asserts a problem document by status and message key, and when given the fields it names. */
export function expectRefusal(res: Response, status: number, key: string, errors: ExpectedFieldError[] = []): void {
  expectProblem(res, status, errors);
  expect(res.body.type).toBe(problemType(key));
  expect(res.body.detail).not.toMatch(/\{\w+\}/);
}

/** Everything the ledger tables hold for one agency, to prove a refused request wrote nothing. */
export async function ledgerCounts(db: DataSource, tenantId: string) {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM ledger_entry WHERE tenant_id = $1) AS entries,
            (SELECT count(*)::int FROM jp_credit WHERE tenant_id = $1) AS credits,
            (SELECT count(*)::int FROM prior_learning WHERE tenant_id = $1) AS submissions,
            (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1) AS audits`,
    [tenantId],
  );
  return row as { entries: number; credits: number; submissions: number; audits: number };
}

/** An ISO instant `days` from now (negative: in the past). */
export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
