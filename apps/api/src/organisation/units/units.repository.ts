import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { EmployeePlacement, Unit } from '@mahir/persistence';
import { likePattern } from '../../platform';
import type { UnitQueryDto } from './dto/unit.dto';

/** The units of an agency; every statement is narrowed to one tenant. */
@Injectable()
export class UnitsRepository {
  constructor(@InjectRepository(Unit) private readonly units: Repository<Unit>) {}

  page(tenantId: string, query: UnitQueryDto): Promise<[Unit[], number]> {
    const qb = this.units
      .createQueryBuilder('u')
      .where('u.tenant_id = :tenantId', { tenantId })
      .orderBy('u.code')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.q) qb.andWhere('(lower(u.name) LIKE :q OR lower(u.code) LIKE :q)', { q: likePattern(query.q) });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    return qb.getManyAndCount();
  }

  /** Every unit of the agency (hundreds at most), by code. */
  allOf(tenantId: string): Promise<Unit[]> {
    return this.units.find({ where: { tenantId }, order: { code: 'ASC' } });
  }

  byId(tenantId: string, id: string): Promise<Unit | null> {
    return this.units.findOneBy({ id, tenantId });
  }

  /** The unit, locked for the rest of the caller's transaction. */
  lockById(tenantId: string, id: string, manager: EntityManager): Promise<Unit | null> {
    return manager.getRepository(Unit).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  exists(tenantId: string, id: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    return manager.getRepository(Unit).existsBy({ id, tenantId });
  }

  codeTaken(tenantId: string, code: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    return manager.getRepository(Unit).existsBy({ tenantId, code });
  }

  hasChildren(tenantId: string, id: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    return manager.getRepository(Unit).existsBy({ tenantId, parentId: id });
  }

  /** Whether anyone was ever placed in the unit (the placement history names it). */
  everUsed(tenantId: string, id: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    return manager.getRepository(EmployeePlacement).existsBy({ tenantId, unitId: id });
  }

  /** Whether `unitId` is `parentId` or one of its ancestors: making `parentId` its parent would close a cycle. */
  async isAncestorOrSelf(tenantId: string, unitId: string, parentId: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    const hit = await manager
      .createQueryBuilder()
      .addCommonTableExpression(
        `SELECT id, parent_id FROM unit WHERE id = :parentId AND tenant_id = :tenantId
         UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id`,
        'up',
        { recursive: true, columnNames: ['id', 'parent_id'] },
      )
      .select('1', 'hit')
      .from('up', 'up')
      .where('up.id = :unitId')
      .setParameters({ tenantId, parentId, unitId })
      .limit(1)
      .getRawOne<{ hit: number }>();
    return hit !== undefined;
  }

  /** Inserts unless the agency has the code already (ON CONFLICT DO NOTHING: the other keys hold the generated id); null when taken. */
  async insertIfCodeFree(values: Pick<Unit, 'tenantId' | 'parentId' | 'code' | 'name'>, manager: EntityManager = this.units.manager): Promise<Unit | null> {
    const repo = manager.getRepository(Unit);
    const unit = repo.create(values);
    // On a conflict no row comes back, and the entity gets no id.
    await repo.createQueryBuilder().insert().values(unit).orIgnore().execute();
    return unit.id ? repo.findOneByOrFail({ id: unit.id }) : null;
  }

  save(unit: Unit, manager: EntityManager = this.units.manager): Promise<Unit> {
    return manager.getRepository(Unit).save(unit);
  }

  async delete(tenantId: string, id: string, manager: EntityManager = this.units.manager): Promise<void> {
    await manager.getRepository(Unit).delete({ id, tenantId });
  }
}
