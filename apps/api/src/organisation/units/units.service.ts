import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Unit } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreateUnitDto, UnitQueryDto, UpdateUnitDto } from './dto/unit.dto';
import { UnitsRepository } from './units.repository';

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
    private readonly repo: UnitsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: UnitQueryDto) {
    const [items, total] = await this.repo.page(tenantOf(actor), query);
    return pageOf(items, total, query);
  }

  /** The whole tree of the agency (hundreds of units at most), roots sorted by code. */
  async tree(actor: Actor): Promise<UnitNode[]> {
    const units = await this.repo.allOf(tenantOf(actor));
    const nodes = new Map<string, UnitNode>(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name, children: [] }]));
    const roots: UnitNode[] = [];
    for (const u of units) {
      const node = nodes.get(u.id);
      if (node) (u.parentId ? nodes.get(u.parentId)?.children : roots)?.push(node);
    }
    return roots;
  }

  async get(actor: Actor, id: string): Promise<Unit> {
    const unit = await this.repo.byId(tenantOf(actor), id);
    if (!unit) throw Problem.notFound('unit.notFound');
    return unit;
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      if (dto.parentId) await this.requireParent(tx, tenantId, dto.parentId);
      const unit = await this.repo.insertIfCodeFree({ tenantId, parentId: dto.parentId ?? null, code: dto.code, name: dto.name }, tx);
      if (!unit) throw Problem.conflict('unit.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, actor, 'unit.created', 'unit', unit.id, { ...dto });
      return unit;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<Unit> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const unit = await this.repo.lockById(tenantId, id, tx);
      if (!unit) throw Problem.notFound('unit.notFound');
      if (dto.parentId) {
        await this.requireParent(tx, tenantId, dto.parentId);
        if (await this.repo.isAncestorOrSelf(tenantId, id, dto.parentId, tx)) throw Problem.field(422, 'parentId', 'unit.cycle');
      }
      if (dto.code && dto.code !== unit.code && (await this.repo.codeTaken(tenantId, dto.code, tx))) {
        throw Problem.conflict('unit.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(unit, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.repo.save(unit, tx);
      await this.audit.record(tx, actor, 'unit.updated', 'unit', id, { ...dto });
      return unit;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const unit = await this.repo.lockById(tenantId, id, tx);
      if (!unit) throw Problem.notFound('unit.notFound');
      if (await this.repo.hasChildren(tenantId, id, tx)) throw Problem.conflict('unit.hasChildren');
      if (await this.repo.everUsed(tenantId, id, tx)) throw Problem.conflict('unit.inUse');
      await this.repo.delete(tenantId, id, tx);
      await this.audit.record(tx, actor, 'unit.deleted', 'unit', id, { code: unit.code });
    });
  }

  private async requireParent(tx: EntityManager, tenantId: string, parentId: string) {
    if (!(await this.repo.exists(tenantId, parentId, tx))) throw Problem.field(422, 'parentId', 'unit.parentNotFound');
  }
}
