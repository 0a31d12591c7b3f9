import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale } from '@mahir/i18n';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { escapeCell, parseCsvFile, unescapeCell, type CsvRecord } from '../../platform';
import type { ImportMode } from '../../platform';
import type { ImportReport } from '../../platform';
import { rowErrors } from '../../platform';
import { Problem } from '../../platform';
import { CODE_PATTERN } from '../../organisation';
import { COMPETENCY_LIMITS } from './dto/competency.dto';
import { CompetenciesRepository, type StoredCompetency } from './competencies.repository';
import { normalisedLevels, type CompetencySnapshot, type LevelContent } from './competency-snapshot';

/** One row per level; the competency's own columns repeat on each of its rows. */
export const COMPETENCY_CSV_COLUMNS = ['code', 'name', 'description', 'level', 'level_description', 'indicators', 'retired'] as const;
const REQUIRED_COLUMNS = ['code', 'name', 'level', 'level_description'] as const;
/** Indicators of one level share a cell; the API refuses "|" inside an indicator so this stays exact. */
export const INDICATOR_SEPARATOR = ' | ';
export const MAX_COMPETENCY_IMPORT_ROWS = 10_000;

type Column = (typeof COMPETENCY_CSV_COLUMNS)[number];

/** Rows are levels; the counts of created, updated and unchanged are competencies (distinct codes). */
export interface CompetencyImportReport extends ImportReport {
  /** The framework version the import made, or null when it changed nothing. */
  frameworkVersion: number | null;
}

/** One code of the file: its competency columns (from its first row) and its levels. */
interface Group {
  code: string;
  firstLine: number;
  lines: number[];
  name: string;
  description: string;
  /** undefined: the file does not say, so a stored competency keeps its state. */
  retired: boolean | undefined;
  levels: Map<number, LevelContent & { line: number }>;
}

type Stored = StoredCompetency;

interface Change {
  code: string;
  snapshot: CompetencySnapshot;
  existing: Stored | undefined;
}

/**
 * CSV import and export of an agency's technical competencies, upserted by code, the way
 * frameworks move between agencies and spreadsheets. Every row is checked first; a
 * competency is written only when all its rows are valid, and in all-or-nothing mode
 * (the default) nothing is written when any row is invalid. One import is one framework
 * version; competencies whose content is unchanged are left alone.
 */
@Injectable()
export class CompetenciesImportService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: CompetenciesRepository,
    private readonly audit: AuditService,
  ) {}

  async export(actor: Actor): Promise<string> {
    const rows = await this.repo.exportRows(tenantOf(actor));
    const cells = rows.map((r) => ({ ...r, level: String(r.level), indicators: r.indicators.join(INDICATOR_SEPARATOR), retired: String(r.retired) }));
    return stringify(cells, { header: true, columns: [...COMPETENCY_CSV_COLUMNS], cast: { string: escapeCell } });
  }

  async import(actor: Actor, csv: string, mode: ImportMode, dryRun: boolean, locale: Locale): Promise<CompetencyImportReport> {
    const tenantId = tenantOf(actor);
    const records = parseCsvFile(csv, { columns: COMPETENCY_CSV_COLUMNS, required: REQUIRED_COLUMNS, maxRows: MAX_COMPETENCY_IMPORT_ROWS, maxRecordBytes: 32_768 });
    return this.db.transaction(async (tx) => {
      // Checked inside the framework lock, so the report describes exactly what is written.
      await this.repo.lockFramework(tenantId, tx);
      const { report, changes } = await this.check(tx, tenantId, records, mode, dryRun, locale);
      if (report.invalid > 0 && mode === 'all-or-nothing') {
        throw new Problem(422, 'import.rowsInvalid', { count: report.invalid }, [], { report });
      }
      if (!dryRun && changes.length > 0) {
        report.frameworkVersion = await this.write(tx, actor, tenantId, changes);
        report.written = true;
      }
      return report;
    });
  }

  private async check(
    tx: EntityManager,
    tenantId: string,
    records: CsvRecord<Column>[],
    mode: ImportMode,
    dryRun: boolean,
    locale: Locale,
  ): Promise<{ report: CompetencyImportReport; changes: Change[] }> {
    const { errors, fail } = rowErrors(locale);

    const national = await this.repo.nationalCodes(tx);
    const stored = await this.repo.stored(tenantId, tx);
    const byCode = new Map(stored.map((s) => [s.code, s]));

    const groups = new Map<string, Group>();
    for (const { record, line } of records) {
      const code = (record.code ?? '').trim();
      const name = unescapeCell((record.name ?? '').trim());
      const description = unescapeCell((record.description ?? '').trim());
      const levelCell = (record.level ?? '').trim();
      const levelDescription = unescapeCell((record.level_description ?? '').trim());
      const indicatorsCell = unescapeCell((record.indicators ?? '').trim());
      const retiredCell = (record.retired ?? '').trim().toLowerCase();

      let group: Group | undefined;
      if (!code) fail(line, 'code', 'rule.required', code);
      else if (!CODE_PATTERN.test(code)) fail(line, 'code', 'rule.matches', code);
      else if (national.has(code)) fail(line, 'code', 'competency.codeNational', code, { code });
      else {
        group = groups.get(code);
        if (!group) {
          group = { code, firstLine: line, lines: [], name, description, retired: undefined, levels: new Map() };
          groups.set(code, group);
        }
        group.lines.push(line);
      }
      const first = group && group.firstLine !== line ? group : undefined;

      // On a code's later rows a blank name or description means "as on its first row".
      if (first) {
        if (name && name !== first.name) fail(line, 'name', 'competency.inconsistentRows', name, { line: first.firstLine, code });
        if (description && description !== first.description) fail(line, 'description', 'competency.inconsistentRows', description, { line: first.firstLine, code });
      } else {
        if (!name) fail(line, 'name', 'rule.required', name);
        else if (name.length > COMPETENCY_LIMITS.name) fail(line, 'name', 'rule.maxLength', name, { max: COMPETENCY_LIMITS.name });
        if (description.length > COMPETENCY_LIMITS.description) fail(line, 'description', 'rule.maxLength', description, { max: COMPETENCY_LIMITS.description });
      }

      const retired = retiredCell === 'true' ? true : retiredCell === 'false' ? false : undefined;
      if (retiredCell && retired === undefined) fail(line, 'retired', 'rule.isIn', retiredCell, { values: 'true, false' });
      else if (group && retired !== undefined) {
        if (group.retired !== undefined && group.retired !== retired) fail(line, 'retired', 'competency.inconsistentRows', retiredCell, { line: group.firstLine, code });
        else group.retired = retired;
      }

      let level: number | undefined;
      if (!levelCell) fail(line, 'level', 'rule.required', levelCell);
      else if (!/^[+-]?\d+$/.test(levelCell)) fail(line, 'level', 'rule.isInt', levelCell);
      else if (Number(levelCell) < 1) fail(line, 'level', 'rule.min', levelCell, { min: 1 });
      else if (Number(levelCell) > 5) fail(line, 'level', 'rule.max', levelCell, { max: 5 });
      else level = Number(levelCell);
      if (level !== undefined && group?.levels.has(level)) {
        fail(line, 'level', 'competency.levelsDuplicate', levelCell, { level });
        level = undefined;
      }

      if (!levelDescription) fail(line, 'level_description', 'rule.required', levelDescription);
      else if (levelDescription.length > COMPETENCY_LIMITS.levelDescription) {
        fail(line, 'level_description', 'rule.maxLength', levelDescription, { max: COMPETENCY_LIMITS.levelDescription });
      }

      const indicators = indicatorsCell ? indicatorsCell.split('|').map((i) => i.trim()).filter((i) => i.length > 0) : [];
      if (indicators.length > COMPETENCY_LIMITS.indicators) fail(line, 'indicators', 'rule.arrayMaxSize', indicatorsCell, { max: COMPETENCY_LIMITS.indicators });
      else if (indicators.some((i) => i.length > COMPETENCY_LIMITS.indicator)) fail(line, 'indicators', 'rule.maxLength', indicatorsCell, { max: COMPETENCY_LIMITS.indicator });

      if (group && level !== undefined) group.levels.set(level, { level, description: levelDescription, indicators, line });
    }

    // Like PATCH, an import cannot edit a retired competency unless it also restores it (retired=false).
    const planned: { group: Group; existing: Stored | undefined; snapshot: CompetencySnapshot }[] = [];
    for (const group of groups.values()) {
      const existing = byCode.get(group.code);
      const snapshot: CompetencySnapshot = {
        code: group.code,
        type: 'teknis',
        name: group.name,
        description: group.description,
        levels: normalisedLevels([...group.levels.values()]),
        retired: group.retired ?? existing?.retired ?? false,
      };
      planned.push({ group, existing, snapshot });
      if (existing?.retired && snapshot.retired && !sameContent(existing, snapshot)) {
        for (const line of group.lines) fail(line, 'retired', 'competency.retiredNoEdit', 'true');
      }
    }

    // A competency is written whole or not at all: the good rows of a code with a bad row are reported too.
    const badLines = new Set(errors.map((e) => e.line));
    const changes: Change[] = [];
    let unchanged = 0;
    for (const { group, existing, snapshot } of planned) {
      const bad = group.lines.find((l) => badLines.has(l));
      if (bad !== undefined) {
        for (const line of group.lines.filter((l) => !badLines.has(l))) fail(line, 'code', 'competency.siblingRowInvalid', group.code, { code: group.code, line: bad });
        continue;
      }
      if (existing && sameContent(existing, snapshot)) unchanged++;
      else changes.push({ code: group.code, snapshot, existing });
    }
    errors.sort((a, b) => a.line - b.line);

    const invalid = new Set(errors.map((e) => e.line)).size;
    const created = changes.filter((c) => !c.existing).length;
    const report: CompetencyImportReport = {
      mode, dryRun, rows: records.length, valid: records.length - invalid, invalid,
      created, updated: changes.length - created, unchanged, written: false, frameworkVersion: null, errors,
    };
    return { report, changes };
  }

  private async write(tx: EntityManager, actor: Actor, tenantId: string, changes: Change[]): Promise<number> {
    const version = await this.repo.bumpVersion(tenantId, tx);
    const fresh = changes.filter((c) => !c.existing).map((c) => c.snapshot);
    const edited = changes.filter((c) => c.existing).map((c) => c.snapshot);
    const inserted = await this.repo.insertImported(tenantId, fresh, tx);
    const updated = await this.repo.updateImported(tenantId, edited, tx);
    const snapshots = new Map(changes.map((c) => [c.code, c.snapshot]));
    const written = [...inserted, ...updated].flatMap((w) => {
      const snapshot = snapshots.get(w.code);
      return snapshot ? [{ id: w.id, revision: w.revision, change: 'imported' as const, snapshot }] : [];
    });
    await this.repo.replaceLevels(written.map((w) => ({ id: w.id, levels: w.snapshot.levels })), tx);
    await this.repo.recordRevisions(written, version, actor.userId, tx);
    await this.audit.record(tx, actor, 'competency.imported', 'competency', null, {
      created: inserted.map((w) => w.code),
      updated: updated.map((w) => w.code),
      frameworkVersion: version,
    });
    return version;
  }
}

function sameContent(stored: Stored, next: CompetencySnapshot): boolean {
  return (
    stored.name === next.name &&
    stored.description === next.description &&
    stored.retired === next.retired &&
    JSON.stringify(normalisedLevels(stored.levels)) === JSON.stringify(next.levels)
  );
}
