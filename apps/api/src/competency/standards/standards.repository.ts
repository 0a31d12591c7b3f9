import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { CompetencyLevel, CompetencyType } from '@mahir/competency';
import { Competency, Position, PositionStandard, sqlRows } from '@mahir/persistence';
import { EFFECTIVE_STANDARD_SQL } from './effective-standard';

/** One line of a position's effective standard. */
export interface StandardLine {
  competencyId: string;
  code: string;
  name: string;
  type: CompetencyType;
  requiredLevel: CompetencyLevel;
  explicit: boolean;
}

/** Position standards: the levels set explicitly, and the effective standard with class defaults. */
@Injectable()
export class StandardsRepository {
  constructor(@InjectRepository(PositionStandard) private readonly standards: Repository<PositionStandard>) {}

  /**
   * Raw SQL: the effective standard (explicit levels beside the class defaults, one UNION shared
   * with the unit gap report), read by every profile and recommendation; national competencies first.
   */
  forPosition(tenantId: string, positionId: string): Promise<StandardLine[]> {
    return sqlRows<StandardLine>(
      this.standards.manager,
      `SELECT s.competency_id AS "competencyId", c.code, c.name, c.type, s.required_level AS "requiredLevel", s.explicit
       FROM (${EFFECTIVE_STANDARD_SQL}) s JOIN competency c ON c.id = s.competency_id
       WHERE s.position_id = $2 ORDER BY c.tenant_id NULLS FIRST, c.code`,
      [tenantId, positionId],
    );
  }

  positionExists(tenantId: string, positionId: string): Promise<boolean> {
    return this.standards.manager.getRepository(Position).existsBy({ id: positionId, tenantId });
  }

  /** The named competencies the agency can see (national or its own), with whether each is retired. */
  competencies(tenantId: string, ids: string[], manager: EntityManager = this.standards.manager): Promise<Pick<Competency, 'id' | 'retiredAt'>[]> {
    if (!ids.length) return Promise.resolve([]);
    return manager
      .getRepository(Competency)
      .createQueryBuilder('c')
      .select(['c.id', 'c.retiredAt'])
      .where('c.id IN (:...ids)', { ids })
      .andWhere('(c.tenant_id IS NULL OR c.tenant_id = :tenantId)', { tenantId })
      .getMany();
  }

  /** Replaces the explicit levels of a position with the given ones. */
  async replace(
    tenantId: string,
    positionId: string,
    items: { competencyId: string; requiredLevel: CompetencyLevel }[],
    updatedBy: string,
    manager: EntityManager = this.standards.manager,
  ): Promise<void> {
    const repo = manager.getRepository(PositionStandard);
    await repo.delete({ tenantId, positionId });
    if (items.length) await repo.insert(items.map((i) => ({ tenantId, positionId, competencyId: i.competencyId, requiredLevel: i.requiredLevel, updatedBy })));
  }
}
