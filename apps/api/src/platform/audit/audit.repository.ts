import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditLog } from '@mahir/persistence';

export interface AuditPageQuery {
  tenantId: string;
  /** A prefix of the action name (`course.`), matched literally. */
  actionPrefix?: string;
  page: number;
  pageSize: number;
}

/** The audit log's statements: append inside the caller's transaction, read a page newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  async append(tx: EntityManager, entry: Pick<AuditLog, 'tenantId' | 'actorUserId' | 'action' | 'targetType' | 'targetId' | 'detail' | 'requestId'>): Promise<void> {
    const logs = tx.getRepository(AuditLog);
    await logs.save(logs.create(entry));
  }

  async page(query: AuditPageQuery): Promise<[AuditLog[], number]> {
    const qb = this.logs
      .createQueryBuilder('a')
      .where('a.tenant_id = :t', { t: query.tenantId })
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.actionPrefix) qb.andWhere('a.action LIKE :q', { q: `${query.actionPrefix.replace(/[\\%_]/g, '')}%` });
    return qb.getManyAndCount();
  }
}
