import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CompetencyLevel } from '@mahir/competency';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { Problem } from '../../platform';
import type { StandardItemDto } from './dto/standard.dto';
import { EFFECTIVE_STANDARD_SQL } from './effective-standard';

export interface StandardLine {
  competencyId: string;
  code: string;
  name: string;
  type: string;
  requiredLevel: CompetencyLevel;
  explicit: boolean;
}

@Injectable()
export class StandardsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The effective standard of one position, national competencies first, then by code. */
  async forPosition(tenantId: string, positionId: string): Promise<StandardLine[]> {
    return this.db.query(
      `SELECT s.competency_id AS "competencyId", c.code, c.name, c.type, s.required_level AS "requiredLevel", s.explicit
       FROM (${EFFECTIVE_STANDARD_SQL}) s JOIN competency c ON c.id = s.competency_id
       WHERE s.position_id = $2 ORDER BY c.tenant_id NULLS FIRST, c.code`,
      [tenantId, positionId],
    );
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
      const found: { id: string; retired: boolean }[] = ids.length
        ? await tx.query(
            `SELECT id, retired_at IS NOT NULL AS retired FROM competency WHERE id = ANY($1::uuid[]) AND (tenant_id IS NULL OR tenant_id = $2)`,
            [ids, tenantId],
          )
        : [];
      const known = new Map(found.map((c) => [c.id, c]));
      const unknown = ids.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw Problem.field(422, `items.${unknown}.competencyId`, 'competency.notFound');
      // Told apart from unknown, as the ledger does: the person can see the competency, but no longer use it.
      const retired = ids.findIndex((id) => known.get(id)?.retired);
      if (retired >= 0) throw Problem.field(422, `items.${retired}.competencyId`, 'competency.retired');
      await tx.query(`DELETE FROM position_standard WHERE tenant_id = $1 AND position_id = $2`, [tenantId, positionId]);
      if (items.length) {
        await tx.query(
          `INSERT INTO position_standard (tenant_id, position_id, competency_id, required_level, updated_by)
           SELECT $1, $2, i."competencyId", i."requiredLevel", $3 FROM jsonb_to_recordset($4::jsonb) AS i("competencyId" uuid, "requiredLevel" smallint)`,
          [tenantId, positionId, actor.userId, JSON.stringify(items)],
        );
      }
      await this.audit.record(tx, actor, 'position.standard_set', 'position', positionId, { items });
    });
    return this.get(actor, positionId);
  }

  private async requirePosition(tenantId: string, positionId: string) {
    const [hit] = await this.db.query(`SELECT 1 FROM position WHERE tenant_id = $1 AND id = $2`, [tenantId, positionId]);
    if (!hit) throw Problem.notFound('position.notFound');
  }
}
