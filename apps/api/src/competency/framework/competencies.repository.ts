import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { RevisionChange } from '@mahir/competency';
import { Competency, CompetencyFramework, CompetencyLevelDescriptor, CompetencyRevision, sqlExec, sqlRow, sqlRows } from '@mahir/persistence';
import { likePattern } from '../../platform';
import type { CompetencySnapshot, LevelContent } from './competency-snapshot';
import type { CompetencyQueryDto } from './dto/competency.dto';

/** One revision of a competency's history. */
export type RevisionRow = Pick<CompetencyRevision, 'revision' | 'frameworkVersion' | 'change' | 'changedAt' | 'changedBy'>;

/** The framework's version and its technical competencies in force. */
export interface FrameworkRow {
  version: number | null;
  updatedAt: Date | null;
  competencies: number;
}

/** One row of the competency CSV format: a level of a competency. */
export interface CompetencyCsvRow {
  code: string;
  name: string;
  description: string;
  level: number;
  level_description: string;
  indicators: string[];
  retired: boolean;
}

/** A technical competency of the agency as the import compares it with the file. */
export interface StoredCompetency {
  id: string;
  code: string;
  name: string;
  description: string;
  revision: number;
  retired: boolean;
  levels: LevelContent[];
}

/** A competency the import wrote, with its new revision. */
export interface WrittenCompetency {
  id: string;
  code: string;
  revision: number;
}

/**
 * The competency framework's statements: the national dictionary beside the agency's own
 * technical competencies, their levels, the version and the append-only revision history.
 * The writes every change shares are set-based (jsonb_to_recordset), so an import of hundreds
 * of competencies costs a handful of statements, like one edit.
 */
@Injectable()
export class CompetenciesRepository {
  constructor(@InjectRepository(Competency) private readonly competencies: Repository<Competency>) {}

  page(tenantId: string, query: CompetencyQueryDto): Promise<[Competency[], number]> {
    const qb = this.competencies
      .createQueryBuilder('c')
      .where('(c.tenant_id IS NULL OR c.tenant_id = :tenantId)', { tenantId })
      // National first, then by code.
      .orderBy('c.tenant_id IS NOT NULL')
      .addOrderBy('c.code')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (!query.includeRetired) qb.andWhere('c.retired_at IS NULL');
    if (query.q) qb.andWhere('(lower(c.name) LIKE :q OR lower(c.code) LIKE :q)', { q: likePattern(query.q) });
    return qb.getManyAndCount();
  }

  /** A national competency or one of the agency's own (locked for the caller's transaction when asked). */
  visible(tenantId: string, id: string, lock: boolean, manager: EntityManager = this.competencies.manager): Promise<Competency | null> {
    const qb = manager
      .getRepository(Competency)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere('(c.tenant_id IS NULL OR c.tenant_id = :tenantId)', { tenantId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  byIdOrFail(id: string, manager: EntityManager = this.competencies.manager): Promise<Competency> {
    return manager.getRepository(Competency).findOneByOrFail({ id });
  }

  async framework(tenantId: string): Promise<FrameworkRow> {
    const [version, competencies] = await Promise.all([
      this.competencies.manager.getRepository(CompetencyFramework).findOneBy({ tenantId }),
      this.competencies.count({ where: { tenantId, retiredAt: IsNull() } }),
    ]);
    return { version: version?.version ?? null, updatedAt: version?.updatedAt ?? null, competencies };
  }

  /** Who has the code among the competencies the agency sees: null, a national one (tenantId null) or the agency's. */
  async codeHolder(tenantId: string, code: string, manager: EntityManager = this.competencies.manager): Promise<Pick<Competency, 'tenantId'> | null> {
    return manager.getRepository(Competency).findOne({ select: { id: true, tenantId: true }, where: [{ code, tenantId: IsNull() }, { code, tenantId }] });
  }

  async insertTechnical(tenantId: string, values: Pick<Competency, 'code' | 'name' | 'description'>, manager: EntityManager = this.competencies.manager): Promise<string> {
    const repo = manager.getRepository(Competency);
    const competency = repo.create({ tenantId, type: 'teknis', revision: 1, retiredAt: null, ...values });
    await repo.insert(competency);
    return competency.id;
  }

  async updateContent(id: string, values: Pick<Competency, 'name' | 'description' | 'revision'>, manager: EntityManager = this.competencies.manager): Promise<void> {
    await manager.getRepository(Competency).update({ id }, values);
  }

  /** Retires now (or restores) with the given revision. */
  async setRetired(id: string, retire: boolean, revision: number, manager: EntityManager = this.competencies.manager): Promise<void> {
    await manager.getRepository(Competency).update({ id }, { retiredAt: retire ? () => 'now()' : null, revision });
  }

  async levelsOf(id: string, manager: EntityManager = this.competencies.manager): Promise<LevelContent[]> {
    const rows = await manager.getRepository(CompetencyLevelDescriptor).find({ where: { competencyId: id }, order: { level: 'ASC' } });
    return rows.map((l) => ({ level: l.level, description: l.description, indicators: l.indicators }));
  }

  async revisionsOf(id: string, manager: EntityManager = this.competencies.manager): Promise<RevisionRow[]> {
    const revisions = await manager.getRepository(CompetencyRevision).find({
      select: { competencyId: true, revision: true, frameworkVersion: true, change: true, changedAt: true, changedBy: true },
      where: { competencyId: id },
      order: { revision: 'ASC' },
    });
    return revisions.map((r) => ({ revision: r.revision, frameworkVersion: r.frameworkVersion, change: r.change, changedAt: r.changedAt, changedBy: r.changedBy }));
  }

  /** Raw SQL: competency CSV import budget: one advisory lock serialises a tenant's framework changes, so versions and revisions never interleave. */
  lockFramework(tenantId: string, manager: EntityManager): Promise<void> {
    return sqlExec(manager, `SELECT pg_advisory_xact_lock(hashtext('competency-framework:' || $1))`, [tenantId]);
  }

  /** Raw SQL: competency CSV import budget: the next framework version in one upsert (the first change makes version 1). */
  async bumpVersion(tenantId: string, manager: EntityManager): Promise<number> {
    const row = await sqlRow<{ version: number }>(
      manager,
      `INSERT INTO competency_framework (tenant_id, version, updated_at) VALUES ($1, 1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET version = competency_framework.version + 1, updated_at = now()
       RETURNING version`,
      [tenantId],
    );
    if (!row) throw new Error('competency_framework: the upsert returned no version');
    return row.version;
  }

  /** Raw SQL: competency CSV import budget: replaces the level sets of many competencies in two set-based statements. */
  async replaceLevels(items: { id: string; levels: LevelContent[] }[], manager: EntityManager): Promise<void> {
    if (!items.length) return;
    await sqlExec(manager, `DELETE FROM competency_level WHERE competency_id = ANY($1::uuid[])`, [items.map((i) => i.id)]);
    const rows = items.flatMap((i) => i.levels.map((l) => ({ id: i.id, level: l.level, description: l.description, indicators: l.indicators })));
    await sqlExec(
      manager,
      `INSERT INTO competency_level (competency_id, level, description, indicators)
       SELECT r.id, r.level, r.description, r.indicators FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, level smallint, description text, indicators jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  /** Raw SQL: competency CSV import budget: the revisions of many competencies in one set-based insert. */
  async recordRevisions(
    items: { id: string; revision: number; change: RevisionChange; snapshot: CompetencySnapshot }[],
    frameworkVersion: number,
    changedBy: string,
    manager: EntityManager,
  ): Promise<void> {
    if (!items.length) return;
    await sqlExec(
      manager,
      `INSERT INTO competency_revision (competency_id, revision, framework_version, change, snapshot, changed_by)
       SELECT r.id, r.revision, $2, r.change, r.snapshot, $3 FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, revision int, change text, snapshot jsonb)`,
      [JSON.stringify(items), frameworkVersion, changedBy],
    );
  }

  /** The agency's technical competencies in the CSV format, one row per level, by code and level. */
  exportRows(tenantId: string): Promise<CompetencyCsvRow[]> {
    return this.competencies
      .createQueryBuilder('c')
      .innerJoin(CompetencyLevelDescriptor, 'l', 'l.competency_id = c.id')
      .select([
        'c.code AS code',
        'c.name AS name',
        'c.description AS description',
        'l.level AS level',
        'l.description AS level_description',
        'l.indicators AS indicators',
        'c.retired_at IS NOT NULL AS retired',
      ])
      .where('c.tenant_id = :tenantId', { tenantId })
      .orderBy('c.code')
      .addOrderBy('l.level')
      .getRawMany<CompetencyCsvRow>();
  }

  async nationalCodes(manager: EntityManager): Promise<Set<string>> {
    const rows = await manager.getRepository(Competency).find({ select: { id: true, code: true }, where: { tenantId: IsNull() } });
    return new Set(rows.map((r) => r.code));
  }

  /** Raw SQL: competency CSV import budget: every technical competency of the agency with its levels, in one read. */
  stored(tenantId: string, manager: EntityManager): Promise<StoredCompetency[]> {
    return sqlRows<StoredCompetency>(
      manager,
      `SELECT c.id, c.code, c.name, c.description, c.revision, c.retired_at IS NOT NULL AS retired,
              coalesce(jsonb_agg(jsonb_build_object('level', l.level, 'description', l.description, 'indicators', l.indicators) ORDER BY l.level)
                       FILTER (WHERE l.level IS NOT NULL), '[]') AS levels
       FROM competency c LEFT JOIN competency_level l ON l.competency_id = c.id
       WHERE c.tenant_id = $1 GROUP BY c.id`,
      [tenantId],
    );
  }

  /** Raw SQL: competency CSV import budget: the new competencies of an import in one set-based insert. */
  insertImported(tenantId: string, snapshots: CompetencySnapshot[], manager: EntityManager): Promise<WrittenCompetency[]> {
    if (!snapshots.length) return Promise.resolve([]);
    return sqlRows<WrittenCompetency>(
      manager,
      `INSERT INTO competency (tenant_id, type, code, name, description, revision, retired_at)
       SELECT $1, 'teknis', r.code, r.name, r.description, 1, CASE WHEN r.retired THEN now() END
       FROM jsonb_to_recordset($2::jsonb) AS r(code text, name text, description text, retired boolean)
       RETURNING id, code, revision`,
      [tenantId, JSON.stringify(snapshots)],
    );
  }

  /**
   * Raw SQL: competency CSV import budget: the edited competencies of an import in one set-based
   * update (in a CTE, so the driver hands back the returned rows). A retired competency keeps the
   * moment it was retired; restoring clears it.
   */
  updateImported(tenantId: string, snapshots: CompetencySnapshot[], manager: EntityManager): Promise<WrittenCompetency[]> {
    if (!snapshots.length) return Promise.resolve([]);
    return sqlRows<WrittenCompetency>(
      manager,
      `WITH updated AS (
         UPDATE competency c SET name = r.name, description = r.description, revision = c.revision + 1, updated_at = now(),
           retired_at = CASE WHEN r.retired THEN coalesce(c.retired_at, now()) END
         FROM jsonb_to_recordset($2::jsonb) AS r(code text, name text, description text, retired boolean)
         WHERE c.tenant_id = $1 AND c.code = r.code
         RETURNING c.id, c.code, c.revision)
       SELECT id, code, revision FROM updated`,
      [tenantId, JSON.stringify(snapshots)],
    );
  }
}
