import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditLog } from '@mahir/persistence';
import { currentRequestId } from '@mahir/runtime';
import { AuditRepository, type AuditPageQuery } from './audit.repository';

type AuditActor = { tenantId: string | null; userId?: string; actorUserId?: string };

/** Writes the audit entry inside the caller's transaction, so it exists exactly when the change does. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(
    tx: EntityManager,
    actor: AuditActor,
    action: string,
    targetType: string,
    targetId: string | null,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.append(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? actor.actorUserId ?? null,
      action,
      targetType,
      targetId,
      detail,
      requestId: currentRequestId() ?? null,
    });
  }

  page(query: AuditPageQuery): Promise<[AuditLog[], number]> {
    return this.audit.page(query);
  }
}
