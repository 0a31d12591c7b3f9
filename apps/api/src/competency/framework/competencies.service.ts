import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Competency, CompetencyLevelDescriptor } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf, type Page } from '../../platform';
import { Problem } from '../../platform';
import type { CompetencyLevelDto, CompetencyQueryDto, CreateCompetencyDto, UpdateCompetencyDto } from './dto/competency.dto';
import { FrameworkWriter, normalisedLevels, type CompetencySnapshot, type LevelContent, type RevisionChange } from './framework-writer';

export interface CompetencyView {
  id: string;
  type: Competency['type'];
  code: string;
  name: string;
  description: string;
  /** Part of the national dictionary: shared by every agency and read-only. */
  national: boolean;
  revision: number;
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CompetencyDetail extends CompetencyView {
  levels: LevelContent[];
  revisions: { revision: number; frameworkVersion: number; change: RevisionChange; changedAt: Date; changedBy: string | null }[];
}

export interface FrameworkView {
  version: number;
  updatedAt: Date | null;
  /** The agency's technical competencies in force (retired ones excluded). */
  competencies: number;
}

export function viewOf(c: Competency): CompetencyView {
  return {
    id: c.id,
    type: c.type,
    code: c.code,
    name: c.name,
    description: c.description,
    national: c.tenantId === null,
    revision: c.revision,
    retiredAt: c.retiredAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * The competency framework of an agency: the national dictionary (read-only) beside the
 * agency's own technical competencies, versioned. Every change writes a revision snapshot
 * and bumps the framework version in the same transaction as its audit entry.
 */
@Injectable()
export class CompetenciesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly writer: FrameworkWriter,
  ) {}

  async list(actor: Actor, query: CompetencyQueryDto): Promise<Page<CompetencyView>> {
    const qb = this.db
      .getRepository(Competency)
      .createQueryBuilder('c')
      .where('(c.tenant_id IS NULL OR c.tenant_id = :tenantId)', { tenantId: tenantOf(actor) })
      // National first, then by code.
      .orderBy('c.tenant_id IS NOT NULL')
      .addOrderBy('c.code')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (!query.includeRetired) qb.andWhere('c.retired_at IS NULL');
    if (query.q) qb.andWhere('(lower(c.name) LIKE :q OR lower(c.code) LIKE :q)', { q: likePattern(query.q) });
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items.map(viewOf), total, query);
  }

  async get(actor: Actor, id: string): Promise<CompetencyDetail> {
    return this.detail(this.db.manager, await this.visible(this.db.manager, tenantOf(actor), id));
  }

  async framework(actor: Actor): Promise<FrameworkView> {
    const tenantId = tenantOf(actor);
    const [row] = await this.db.query(
      `SELECT f.version, f.updated_at AS "updatedAt",
              (SELECT count(*)::int FROM competency c WHERE c.tenant_id = $1 AND c.retired_at IS NULL) AS competencies
       FROM (SELECT 1) one LEFT JOIN competency_framework f ON f.tenant_id = $1`,
      [tenantId],
    );
    return { version: row.version ?? 0, updatedAt: row.updatedAt ?? null, competencies: row.competencies };
  }

  async create(actor: Actor, dto: CreateCompetencyDto): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    const levels = uniqueLevels(dto.levels);
    return this.db.transaction(async (tx) => {
      await this.writer.lock(tx, tenantId);
      await this.requireFreeCode(tx, tenantId, dto.code);
      const [row] = await tx.query(
        `INSERT INTO competency (tenant_id, type, code, name, description, revision) VALUES ($1, 'teknis', $2, $3, $4, 1) RETURNING id`,
        [tenantId, dto.code, dto.name, dto.description ?? ''],
      );
      await this.writer.replaceLevels(tx, [{ id: row.id, levels }]);
      const snapshot: CompetencySnapshot = { code: dto.code, type: 'teknis', name: dto.name, description: dto.description ?? '', levels, retired: false };
      const version = await this.writer.bump(tx, tenantId);
      await this.writer.recordRevisions(tx, [{ id: row.id, revision: 1, change: 'created', snapshot }], version, actor.userId);
      await this.audit.record(tx, actor, 'competency.created', 'competency', row.id, { code: dto.code, name: dto.name, frameworkVersion: version });
      return this.detail(tx, await tx.getRepository(Competency).findOneByOrFail({ id: row.id }));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCompetencyDto): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    const newLevels = dto.levels ? uniqueLevels(dto.levels) : undefined;
    return this.db.transaction(async (tx) => {
      await this.writer.lock(tx, tenantId);
      const competency = await this.editable(tx, tenantId, id);
      if (dto.revision !== competency.revision) {
        throw new Problem(409, 'competency.staleRevision', { current: competency.revision }, [], { currentRevision: competency.revision });
      }
      if (competency.retiredAt) throw new Problem(409, 'competency.retiredNoEdit');
      const before = await this.snapshotOf(tx, competency);
      const after: CompetencySnapshot = {
        ...before,
        name: dto.name ?? before.name,
        description: dto.description ?? before.description,
        levels: newLevels ?? before.levels,
      };
      // Saving what is already there is not a change: no revision, no new framework version.
      if (JSON.stringify(after) === JSON.stringify(before)) return this.detail(tx, competency);

      const revision = competency.revision + 1;
      await tx.query(`UPDATE competency SET name = $2, description = $3, revision = $4, updated_at = now() WHERE id = $1`, [
        id, after.name, after.description, revision,
      ]);
      if (newLevels) await this.writer.replaceLevels(tx, [{ id, levels: newLevels }]);
      const version = await this.writer.bump(tx, tenantId);
      await this.writer.recordRevisions(tx, [{ id, revision, change: 'updated', snapshot: after }], version, actor.userId);
      const sent = Object.fromEntries(Object.entries({ name: dto.name, description: dto.description, levels: newLevels?.map((l) => l.level) }).filter(([, v]) => v !== undefined));
      await this.audit.record(tx, actor, 'competency.updated', 'competency', id, { ...sent, revision, frameworkVersion: version });
      return this.detail(tx, await tx.getRepository(Competency).findOneByOrFail({ id }));
    });
  }

  /** Retires (or restores) a competency: the row and its history stay; lists hide it unless asked. */
  async setRetired(actor: Actor, id: string, retire: boolean): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      await this.writer.lock(tx, tenantId);
      const competency = await this.editable(tx, tenantId, id);
      if (retire && competency.retiredAt) throw new Problem(409, 'competency.alreadyRetired');
      if (!retire && !competency.retiredAt) throw new Problem(409, 'competency.notRetired');
      const revision = competency.revision + 1;
      await tx.query(`UPDATE competency SET retired_at = ${retire ? 'now()' : 'NULL'}, revision = $2, updated_at = now() WHERE id = $1`, [id, revision]);
      const snapshot = { ...(await this.snapshotOf(tx, competency)), retired: retire };
      const version = await this.writer.bump(tx, tenantId);
      const change = retire ? 'retired' : 'restored';
      await this.writer.recordRevisions(tx, [{ id, revision, change, snapshot }], version, actor.userId);
      await this.audit.record(tx, actor, `competency.${change}`, 'competency', id, { code: competency.code, revision, frameworkVersion: version });
      return this.detail(tx, await tx.getRepository(Competency).findOneByOrFail({ id }));
    });
  }

  /** A national competency or one of the agency's own; any other is as good as absent. */
  private async visible(tx: EntityManager, tenantId: string, id: string, lock = false): Promise<Competency> {
    const qb = tx
      .getRepository(Competency)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere('(c.tenant_id IS NULL OR c.tenant_id = :tenantId)', { tenantId });
    if (lock) qb.setLock('pessimistic_write');
    const competency = await qb.getOne();
    if (!competency) throw Problem.notFound('competency.notFound');
    return competency;
  }

  private async editable(tx: EntityManager, tenantId: string, id: string): Promise<Competency> {
    const competency = await this.visible(tx, tenantId, id, true);
    if (competency.tenantId === null) throw new Problem(403, 'competency.national');
    return competency;
  }

  private async requireFreeCode(tx: EntityManager, tenantId: string, code: string): Promise<void> {
    const [clash] = await tx.query(`SELECT tenant_id FROM competency WHERE code = $1 AND (tenant_id IS NULL OR tenant_id = $2) LIMIT 1`, [code, tenantId]);
    if (!clash) return;
    throw Problem.conflict(clash.tenant_id ? 'competency.codeTaken' : 'competency.codeNational', { code }, 'code');
  }

  private async levelsOf(tx: EntityManager, id: string): Promise<LevelContent[]> {
    const rows = await tx.getRepository(CompetencyLevelDescriptor).find({ where: { competencyId: id }, order: { level: 'ASC' } });
    return rows.map((l) => ({ level: l.level, description: l.description, indicators: l.indicators }));
  }

  private async snapshotOf(tx: EntityManager, c: Competency): Promise<CompetencySnapshot> {
    return { code: c.code, type: 'teknis', name: c.name, description: c.description, levels: await this.levelsOf(tx, c.id), retired: c.retiredAt !== null };
  }

  private async detail(tx: EntityManager, c: Competency): Promise<CompetencyDetail> {
    const revisions = await tx.query(
      `SELECT revision, framework_version AS "frameworkVersion", change, changed_at AS "changedAt", changed_by AS "changedBy"
       FROM competency_revision WHERE competency_id = $1 ORDER BY revision`,
      [c.id],
    );
    return { ...viewOf(c), levels: await this.levelsOf(tx, c.id), revisions };
  }
}

/** Levels 1–5 each at most once (the DTO checks the range); answered before anything is read or written. */
function uniqueLevels(levels: CompetencyLevelDto[]): LevelContent[] {
  const seen = new Set<number>();
  levels.forEach((l, i) => {
    if (seen.has(l.level)) throw Problem.field(400, `levels.${i}.level`, 'competency.levelsDuplicate', { level: l.level });
    seen.add(l.level);
  });
  return normalisedLevels(levels);
}
