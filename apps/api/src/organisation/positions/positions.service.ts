import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_MANAGERIAL_TARGET } from '@mahir/competency';
import type { Position } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreatePositionDto, PositionQueryDto, UpdatePositionDto } from './dto/position.dto';
import { PositionsRepository } from './positions.repository';

/** A position as the API shows it: with the usual managerial target of its class. */
function view(p: Position) {
  return { ...p, defaultManagerialLevel: DEFAULT_MANAGERIAL_TARGET[p.positionClass] };
}

@Injectable()
export class PositionsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: PositionsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PositionQueryDto) {
    const [items, total] = await this.repo.page(tenantOf(actor), query);
    return pageOf(items.map(view), total, query);
  }

  async get(actor: Actor, id: string) {
    const position = await this.repo.byId(tenantOf(actor), id);
    if (!position) throw Problem.notFound('position.notFound');
    return view(position);
  }

  async create(actor: Actor, dto: CreatePositionDto) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const position = await this.repo.insertIfCodeFree({ tenantId, code: dto.code, name: dto.name, positionClass: dto.positionClass }, tx);
      if (!position) throw Problem.conflict('position.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, actor, 'position.created', 'position', position.id, { ...dto });
      return view(position);
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePositionDto) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const position = await this.repo.lockById(tenantId, id, tx);
      if (!position) throw Problem.notFound('position.notFound');
      if (dto.code && dto.code !== position.code && (await this.repo.codeTaken(tenantId, dto.code, tx))) {
        throw Problem.conflict('position.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(position, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.repo.save(position, tx);
      await this.audit.record(tx, actor, 'position.updated', 'position', id, { ...dto });
      return view(position);
    });
  }
}
