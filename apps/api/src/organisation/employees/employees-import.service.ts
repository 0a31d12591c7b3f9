import { Inject, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { EMPLOYEE_STATUSES, localDate, parseNip, type EmployeeStatus } from '@mahir/competency';
import type { Locale } from '@mahir/i18n';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { Problem } from '../../platform';
import { escapeCell, parseCsvFile, unescapeCell, type CsvRecord } from '../../platform';
import type { ImportMode } from '../../platform';
import type { ImportReport } from '../../platform';
import { rowErrors } from '../../platform';
import { EmployeesImportRepository, type ImportEmployeeRow, type StoredEmployee } from './employees-import.repository';

export const CSV_COLUMNS = ['nip', 'full_name', 'email', 'unit_code', 'position_code', 'supervisor_nip', 'status'] as const;
const REQUIRED_COLUMNS = ['nip', 'full_name', 'email', 'unit_code', 'position_code'] as const;
export const MAX_IMPORT_ROWS = 100_000;

type Column = (typeof CSV_COLUMNS)[number];

interface ValidRow extends ImportEmployeeRow {
  line: number;
}

/**
 * Bulk upsert of employees by NIP, the way agencies onboard. Every row is checked
 * first; nothing is written if any row is invalid unless the admin asks for valid-only.
 * Writes are set-based (jsonb_to_recordset): a handful of statements for any row count,
 * which is what keeps 10,000 rows under the 5 s budget.
 */
@Injectable()
export class EmployeesImportService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: EmployeesImportRepository,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, csv: string, mode: ImportMode, dryRun: boolean, locale: Locale): Promise<ImportReport> {
    const tenantId = tenantOf(actor);
    const records = parseCsvFile(csv, { columns: CSV_COLUMNS, required: REQUIRED_COLUMNS, maxRows: MAX_IMPORT_ROWS, maxRecordBytes: 4096 });
    // Serialise imports of one tenant and validate inside the lock: two at once would race on the
    // same NIPs and e-mails, and the report must describe what was really written.
    return this.db.transaction(async (tx) => {
      await this.repo.lockTenant(tenantId, tx);
      const { report, rows } = await this.check(tx, tenantId, records, mode, dryRun, locale);
      if (report.invalid > 0 && mode === 'all-or-nothing') {
        throw new Problem(422, 'import.rowsInvalid', { count: report.invalid }, [], { report });
      }
      if (!dryRun && rows.length > 0) {
        await this.write(tx, actor, tenantId, rows);
        report.written = true;
      }
      return report;
    });
  }

  /** Checks every row against the file and the agency as it is now; the report lists the valid rows. */
  private async check(
    tx: EntityManager,
    tenantId: string,
    records: CsvRecord<Column>[],
    mode: ImportMode,
    dryRun: boolean,
    locale: Locale,
  ): Promise<{ report: ImportReport; rows: ValidRow[] }> {
    const { errors, fail } = rowErrors(locale);

    const unitIds = await this.repo.unitIdsByCode(tenantId, tx);
    const positionIds = await this.repo.positionIdsByCode(tenantId, tx);
    const existing = await this.repo.stored(tenantId, tx);
    const byNip = new Map<string, StoredEmployee>(existing.map((e) => [e.nip, e]));
    const emailOwner = new Map<string, string>(existing.map((e) => [e.email, e.nip]));

    const seenNip = new Map<string, number>();
    const seenEmail = new Map<string, string>();
    const candidates: ValidRow[] = [];
    for (const { record, line } of records) {
      const before = errors.length;
      const nip = (record.nip ?? '').trim();
      const fullName = unescapeCell((record.full_name ?? '').trim());
      const email = unescapeCell((record.email ?? '').trim()).toLowerCase();
      const unitCode = (record.unit_code ?? '').trim();
      const positionCode = (record.position_code ?? '').trim();
      const supervisorNip = (record.supervisor_nip ?? '').trim() || null;
      // A blank (or absent) status keeps the stored one: a file without the column changes no status.
      const status = ((record.status ?? '').trim() || byNip.get(nip)?.status || 'active') as EmployeeStatus;

      const parsed = parseNip(nip);
      if (!parsed.valid) fail(line, 'nip', nip ? `rule.${parsed.rule}` : 'rule.required', nip);
      else if (seenNip.has(nip)) fail(line, 'nip', 'import.duplicateRow', nip, { line: seenNip.get(nip) ?? line });
      if (!fullName) fail(line, 'full_name', 'rule.required', fullName);
      else if (fullName.length > 200) fail(line, 'full_name', 'rule.maxLength', fullName, { max: 200 });
      if (!email) fail(line, 'email', 'rule.required', email);
      else if (email.length > 254 || !isEmail(email)) fail(line, 'email', 'rule.isEmail', email);
      else if ((emailOwner.has(email) && emailOwner.get(email) !== nip) || (seenEmail.has(email) && seenEmail.get(email) !== nip)) {
        fail(line, 'email', 'import.duplicateEmail', email);
      }
      const unitId = unitIds.get(unitCode);
      if (!unitId) fail(line, 'unit_code', unitCode ? 'import.unknownUnit' : 'rule.required', unitCode);
      const positionId = positionIds.get(positionCode);
      if (!positionId) fail(line, 'position_code', positionCode ? 'import.unknownPosition' : 'rule.required', positionCode);
      if (!(EMPLOYEE_STATUSES as readonly string[]).includes(status)) fail(line, 'status', 'rule.isIn', status, { values: EMPLOYEE_STATUSES.join(', ') });
      if (supervisorNip === nip && nip) fail(line, 'supervisor_nip', 'employee.supervisorSelf', supervisorNip ?? '');

      if (nip && !seenNip.has(nip)) seenNip.set(nip, line);
      if (email && !seenEmail.has(email)) seenEmail.set(email, nip);
      // No new error means the unit and position were found.
      if (errors.length === before && unitId && positionId) {
        candidates.push({ line, nip, fullName, email, unitId, positionId, supervisorNip, status });
      }
    }

    // A supervisor must exist already or arrive in a valid row of this file, and no chain of
    // supervisors may become circular (the API refuses both too); repeat until stable, because
    // dropping one row can orphan the rows that named it or restore an old chain.
    let valid = candidates;
    for (;;) {
      const arriving = new Set(valid.map((r) => r.nip));
      const orphans = new Set(valid.filter((r) => r.supervisorNip && !arriving.has(r.supervisorNip) && !byNip.has(r.supervisorNip)));
      for (const r of orphans) fail(r.line, 'supervisor_nip', 'import.unknownSupervisor', r.supervisorNip ?? '');
      const kept = valid.filter((r) => !orphans.has(r));
      const supervisorOf = new Map<string, string | null>([...byNip.values()].map((e) => [e.nip, e.supervisor_nip]));
      for (const r of kept) supervisorOf.set(r.nip, r.supervisorNip);
      const circular = nipsOnCycle(supervisorOf);
      const cyclic = new Set(kept.filter((r) => circular.has(r.nip)));
      for (const r of cyclic) fail(r.line, 'supervisor_nip', 'employee.supervisorCycle', r.supervisorNip ?? '');
      if (!orphans.size && !cyclic.size) break;
      valid = kept.filter((r) => !cyclic.has(r));
    }
    errors.sort((a, b) => a.line - b.line);

    const invalidLines = new Set(errors.map((e) => e.line)).size;
    const report: ImportReport = {
      mode, dryRun, rows: records.length, valid: valid.length, invalid: invalidLines,
      created: 0, updated: 0, unchanged: 0, written: false, errors,
    };
    for (const r of valid) {
      const old = byNip.get(r.nip);
      if (!old) report.created++;
      else if (
        old.full_name === r.fullName && old.email === r.email && old.unit_id === r.unitId && old.position_id === r.positionId &&
        old.status === r.status && (old.supervisor_nip ?? null) === r.supervisorNip
      ) report.unchanged++;
      else report.updated++;
    }

    return { report, rows: valid };
  }

  async export(actor: Actor): Promise<string> {
    const rows = await this.repo.exportRows(tenantOf(actor));
    // Quoted as needed; NIPs stay text because they are never numbers.
    return stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { string: escapeCell } });
  }

  private async write(tx: EntityManager, actor: Actor, tenantId: string, rows: ValidRow[]): Promise<void> {
    const today = localDate(new Date(), await this.repo.timeZoneOf(tenantId, tx));
    await this.repo.writeBatch(tenantId, rows, today, actor.userId, tx);
    await this.audit.record(tx, actor, 'employee.imported', 'employee', null, { rows: rows.length });
  }
}

/** The NIPs that sit on a circular chain of supervisors (each person has at most one supervisor). */
function nipsOnCycle(supervisorOf: Map<string, string | null>): Set<string> {
  const done = new Set<string>();
  const onCycle = new Set<string>();
  for (const start of supervisorOf.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let nip: string | null | undefined = start;
    while (nip && !done.has(nip) && !onPath.has(nip)) {
      path.push(nip);
      onPath.add(nip);
      nip = supervisorOf.get(nip);
    }
    if (nip && onPath.has(nip)) for (const n of path.slice(path.indexOf(nip))) onCycle.add(n);
    for (const n of path) done.add(n);
  }
  return onCycle;
}
