import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Position } from '@mahir/persistence';
import { likePattern } from '../../platform';
import type { PositionQueryDto } from './dto/position.dto';

/** The positions (jabatan) of an agency; every statement is narrowed to one tenant. */
@Injectable()
export class PositionsRepository {
  constructor(@InjectRepository(Position) private readonly positions: Repository<Position>) {}

  page(tenantId: string, query: PositionQueryDto): Promise<[Position[], number]> {
    const qb = this.positions
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId', { tenantId })
      .orderBy('p.code')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.q) qb.andWhere('(lower(p.name) LIKE :q OR lower(p.code) LIKE :q)', { q: likePattern(query.q) });
    if (query.positionClass) qb.andWhere('p.position_class = :c', { c: query.positionClass });
    return qb.getManyAndCount();
  }

  byId(tenantId: string, id: string): Promise<Position | null> {
    return this.positions.findOneBy({ id, tenantId });
  }

  exists(tenantId: string, id: string, manager: EntityManager = this.positions.manager): Promise<boolean> {
    return manager.getRepository(Position).existsBy({ id, tenantId });
  }

  /** The position, locked for the rest of the caller's transaction. */
  lockById(tenantId: string, id: string, manager: EntityManager): Promise<Position | null> {
    return manager.getRepository(Position).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  codeTaken(tenantId: string, code: string, manager: EntityManager = this.positions.manager): Promise<boolean> {
    return manager.getRepository(Position).existsBy({ tenantId, code });
  }

  /** Inserts unless the agency has the code already (ON CONFLICT DO NOTHING: the other keys hold the generated id); null when taken. */
  async insertIfCodeFree(values: Pick<Position, 'tenantId' | 'code' | 'name' | 'positionClass'>, manager: EntityManager = this.positions.manager): Promise<Position | null> {
    const repo = manager.getRepository(Position);
    const position = repo.create(values);
    // On a conflict no row comes back, and the entity gets no id.
    await repo.createQueryBuilder().insert().values(position).orIgnore().execute();
    return position.id ? repo.findOneByOrFail({ id: position.id }) : null;
  }

  save(position: Position, manager: EntityManager = this.positions.manager): Promise<Position> {
    return manager.getRepository(Position).save(position);
  }
}
