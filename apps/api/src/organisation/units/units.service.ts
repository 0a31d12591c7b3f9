import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Unit } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreateUnitDto, UnitQueryDto, UpdateUnitDto } from './dto/unit.dto';

export interface UnitNode {
  id: string;
  code: string;
  name: string;
  children: UnitNode[];
}

@Injectable()
export class UnitsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: UnitQueryDto) {
    const qb = this.db
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where('u.tenant_id = :tenantId', { tenantId: tenantOf(actor) })
      .orderBy('u.code')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.q) qb.andWhere('(lower(u.name) LIKE :q OR lower(u.code) LIKE :q)', { q: likePattern(query.q) });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items, total, query);
  }

  /** The whole tree of the agency (hundreds of units at most), roots sorted by code. */
  async tree(actor: Actor): Promise<UnitNode[]> {
    const units = await this.db.getRepository(Unit).find({ where: { tenantId: tenantOf(actor) }, order: { code: 'ASC' } });
    const nodes = new Map(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name, children: [] as UnitNode[] }]));
    const roots: UnitNode[] = [];
    for (const u of units) (u.parentId ? nodes.get(u.parentId)?.children : roots)?.push(nodes.get(u.id)!);
    return roots;
  }

  async get(actor: Actor, id: string): Promise<Unit> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id, tenantId: tenantOf(actor) });
    if (!unit) throw Problem.notFound('unit.notFound');
    return unit;
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      if (dto.parentId) await this.requireParent(tx, tenantId, dto.parentId);
      const [row] = await tx.query(
        `INSERT INTO unit (tenant_id, parent_id, code, name) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [tenantId, dto.parentId ?? null, dto.code, dto.name],
      );
      if (!row) throw Problem.conflict('unit.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, actor, 'unit.created', 'unit', row.id, { ...dto });
      return tx.getRepository(Unit).findOneByOrFail({ id: row.id });
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<Unit> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Unit);
      const unit = await repo.findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw Problem.notFound('unit.notFound');
      if (dto.parentId) {
        await this.requireParent(tx, tenantId, dto.parentId);
        const [cycle] = await tx.query(
          `WITH RECURSIVE up(id, parent_id) AS (
             SELECT id, parent_id FROM unit WHERE id = $1 AND tenant_id = $2
             UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id
           ) SELECT 1 FROM up WHERE id = $3 LIMIT 1`,
          [dto.parentId, tenantId, id],
        );
        if (cycle) throw Problem.field(422, 'parentId', 'unit.cycle');
      }
      if (dto.code && dto.code !== unit.code && (await repo.existsBy({ tenantId, code: dto.code }))) {
        throw Problem.conflict('unit.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(unit, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await repo.save(unit);
      await this.audit.record(tx, actor, 'unit.updated', 'unit', id, { ...dto });
      return unit;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const unit = await tx.getRepository(Unit).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw Problem.notFound('unit.notFound');
      if (await tx.getRepository(Unit).existsBy({ tenantId, parentId: id })) throw Problem.conflict('unit.hasChildren');
      const [used] = await tx.query(`SELECT 1 FROM employee_placement WHERE tenant_id = $1 AND unit_id = $2 LIMIT 1`, [tenantId, id]);
      if (used) throw Problem.conflict('unit.inUse');
      await tx.getRepository(Unit).delete({ id, tenantId });
      await this.audit.record(tx, actor, 'unit.deleted', 'unit', id, { code: unit.code });
    });
  }

  private async requireParent(tx: EntityManager, tenantId: string, parentId: string) {
    if (!(await tx.getRepository(Unit).existsBy({ id: parentId, tenantId }))) throw Problem.field(422, 'parentId', 'unit.parentNotFound');
  }
}
