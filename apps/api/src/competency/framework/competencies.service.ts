import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Competency } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf, type Page } from '../../platform';
import { Problem } from '../../platform';
import type { CompetencyLevelDto, CompetencyQueryDto, CreateCompetencyDto, UpdateCompetencyDto } from './dto/competency.dto';
import { CompetenciesRepository, type RevisionRow } from './competencies.repository';
import { normalisedLevels, type CompetencySnapshot, type LevelContent } from './competency-snapshot';

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
  revisions: RevisionRow[];
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
    private readonly repo: CompetenciesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: CompetencyQueryDto): Promise<Page<CompetencyView>> {
    const [items, total] = await this.repo.page(tenantOf(actor), query);
    return pageOf(items.map(viewOf), total, query);
  }

  async get(actor: Actor, id: string): Promise<CompetencyDetail> {
    return this.detail(this.db.manager, await this.visible(this.db.manager, tenantOf(actor), id));
  }

  async framework(actor: Actor): Promise<FrameworkView> {
    const row = await this.repo.framework(tenantOf(actor));
    return { version: row.version ?? 0, updatedAt: row.updatedAt, competencies: row.competencies };
  }

  async create(actor: Actor, dto: CreateCompetencyDto): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    const levels = uniqueLevels(dto.levels);
    return this.db.transaction(async (tx) => {
      await this.repo.lockFramework(tenantId, tx);
      await this.requireFreeCode(tx, tenantId, dto.code);
      const id = await this.repo.insertTechnical(tenantId, { code: dto.code, name: dto.name, description: dto.description ?? '' }, tx);
      await this.repo.replaceLevels([{ id, levels }], tx);
      const snapshot: CompetencySnapshot = { code: dto.code, type: 'teknis', name: dto.name, description: dto.description ?? '', levels, retired: false };
      const version = await this.repo.bumpVersion(tenantId, tx);
      await this.repo.recordRevisions([{ id, revision: 1, change: 'created', snapshot }], version, actor.userId, tx);
      await this.audit.record(tx, actor, 'competency.created', 'competency', id, { code: dto.code, name: dto.name, frameworkVersion: version });
      return this.detail(tx, await this.repo.byIdOrFail(id, tx));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCompetencyDto): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    const newLevels = dto.levels ? uniqueLevels(dto.levels) : undefined;
    return this.db.transaction(async (tx) => {
      await this.repo.lockFramework(tenantId, tx);
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
      await this.repo.updateContent(id, { name: after.name, description: after.description, revision }, tx);
      if (newLevels) await this.repo.replaceLevels([{ id, levels: newLevels }], tx);
      const version = await this.repo.bumpVersion(tenantId, tx);
      await this.repo.recordRevisions([{ id, revision, change: 'updated', snapshot: after }], version, actor.userId, tx);
      const sent = Object.fromEntries(Object.entries({ name: dto.name, description: dto.description, levels: newLevels?.map((l) => l.level) }).filter(([, v]) => v !== undefined));
      await this.audit.record(tx, actor, 'competency.updated', 'competency', id, { ...sent, revision, frameworkVersion: version });
      return this.detail(tx, await this.repo.byIdOrFail(id, tx));
    });
  }

  /** Retires (or restores) a competency: the row and its history stay; lists hide it unless asked. */
  async setRetired(actor: Actor, id: string, retire: boolean): Promise<CompetencyDetail> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      await this.repo.lockFramework(tenantId, tx);
      const competency = await this.editable(tx, tenantId, id);
      if (retire && competency.retiredAt) throw new Problem(409, 'competency.alreadyRetired');
      if (!retire && !competency.retiredAt) throw new Problem(409, 'competency.notRetired');
      const revision = competency.revision + 1;
      await this.repo.setRetired(id, retire, revision, tx);
      const snapshot = { ...(await this.snapshotOf(tx, competency)), retired: retire };
      const version = await this.repo.bumpVersion(tenantId, tx);
      const change = retire ? 'retired' : 'restored';
      await this.repo.recordRevisions([{ id, revision, change, snapshot }], version, actor.userId, tx);
      await this.audit.record(tx, actor, `competency.${change}`, 'competency', id, { code: competency.code, revision, frameworkVersion: version });
      return this.detail(tx, await this.repo.byIdOrFail(id, tx));
    });
  }

  /** A national competency or one of the agency's own; any other is as good as absent. */
  private async visible(tx: EntityManager, tenantId: string, id: string, lock = false): Promise<Competency> {
    const competency = await this.repo.visible(tenantId, id, lock, tx);
    if (!competency) throw Problem.notFound('competency.notFound');
    return competency;
  }

  private async editable(tx: EntityManager, tenantId: string, id: string): Promise<Competency> {
    const competency = await this.visible(tx, tenantId, id, true);
    if (competency.tenantId === null) throw new Problem(403, 'competency.national');
    return competency;
  }

  private async requireFreeCode(tx: EntityManager, tenantId: string, code: string): Promise<void> {
    const clash = await this.repo.codeHolder(tenantId, code, tx);
    if (!clash) return;
    throw Problem.conflict(clash.tenantId ? 'competency.codeTaken' : 'competency.codeNational', { code }, 'code');
  }

  private async snapshotOf(tx: EntityManager, c: Competency): Promise<CompetencySnapshot> {
    return { code: c.code, type: 'teknis', name: c.name, description: c.description, levels: await this.repo.levelsOf(c.id, tx), retired: c.retiredAt !== null };
  }

  private async detail(tx: EntityManager, c: Competency): Promise<CompetencyDetail> {
    const revisions = await this.repo.revisionsOf(c.id, tx);
    return { ...viewOf(c), levels: await this.repo.levelsOf(c.id, tx), revisions };
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
