import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { Problem } from '../../platform';
import type { StandardItemDto } from './dto/standard.dto';
import { StandardsRepository, type StandardLine } from './standards.repository';

export type { StandardLine } from './standards.repository';

@Injectable()
export class StandardsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: StandardsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The effective standard of one position, national competencies first, then by code. */
  forPosition(tenantId: string, positionId: string): Promise<StandardLine[]> {
    return this.repo.forPosition(tenantId, positionId);
  }

  async get(actor: Actor, positionId: string) {
    const tenantId = tenantOf(actor);
    await this.requirePosition(tenantId, positionId);
    return { positionId, items: await this.forPosition(tenantId, positionId) };
  }

  /** Replaces the explicit levels of a position in one transaction. */
  async set(actor: Actor, positionId: string, items: StandardItemDto[]) {
    const tenantId = tenantOf(actor);
    await this.requirePosition(tenantId, positionId);
    const ids = items.map((i) => i.competencyId);
    // Field paths as the validation pipe names them (items.1.competencyId), so one form maps every error.
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw Problem.field(400, `items.${ids.lastIndexOf(dup)}.competencyId`, 'rule.arrayUnique');
    await this.db.transaction(async (tx) => {
      const known = new Map((await this.repo.competencies(tenantId, ids, tx)).map((c) => [c.id, c]));
      const unknown = ids.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw Problem.field(422, `items.${unknown}.competencyId`, 'competency.notFound');
      // Told apart from unknown, as the ledger does: the person can see the competency, but no longer use it.
      const retired = ids.findIndex((id) => known.get(id)?.retiredAt);
      if (retired >= 0) throw Problem.field(422, `items.${retired}.competencyId`, 'competency.retired');
      await this.repo.replace(tenantId, positionId, items, actor.userId, tx);
      await this.audit.record(tx, actor, 'position.standard_set', 'position', positionId, { items });
    });
    return this.get(actor, positionId);
  }

  private async requirePosition(tenantId: string, positionId: string) {
    if (!(await this.repo.positionExists(tenantId, positionId))) throw Problem.notFound('position.notFound');
  }
}
