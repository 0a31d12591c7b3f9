import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_MANAGERIAL_TARGET } from '@mahir/competency';
import { Position } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreatePositionDto, PositionQueryDto, UpdatePositionDto } from './dto/position.dto';

/** A position as the API shows it: with the usual managerial target of its class. */
function view(p: Position) {
  return { ...p, defaultManagerialLevel: DEFAULT_MANAGERIAL_TARGET[p.positionClass] };
}

@Injectable()
export class PositionsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PositionQueryDto) {
    const qb = this.db
      .getRepository(Position)
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId', { tenantId: tenantOf(actor) })
      .orderBy('p.code')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.q) qb.andWhere('(lower(p.name) LIKE :q OR lower(p.code) LIKE :q)', { q: likePattern(query.q) });
    if (query.positionClass) qb.andWhere('p.position_class = :c', { c: query.positionClass });
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items.map(view), total, query);
  }

  async get(actor: Actor, id: string) {
    const position = await this.db.getRepository(Position).findOneBy({ id, tenantId: tenantOf(actor) });
    if (!position) throw Problem.notFound('position.notFound');
    return view(position);
  }

  async create(actor: Actor, dto: CreatePositionDto) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [tenantId, dto.code, dto.name, dto.positionClass],
      );
      if (!row) throw Problem.conflict('position.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, actor, 'position.created', 'position', row.id, { ...dto });
      return view(await tx.getRepository(Position).findOneByOrFail({ id: row.id }));
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePositionDto) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Position);
      const position = await repo.findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!position) throw Problem.notFound('position.notFound');
      if (dto.code && dto.code !== position.code && (await repo.existsBy({ tenantId, code: dto.code }))) {
        throw Problem.conflict('position.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(position, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await repo.save(position);
      await this.audit.record(tx, actor, 'position.updated', 'position', id, { ...dto });
      return view(position);
    });
  }
}
