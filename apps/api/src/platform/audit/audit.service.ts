import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '@mahir/runtime';

type AuditActor = { tenantId: string | null; userId?: string; actorUserId?: string };

/** Writes the audit entry inside the caller's transaction, so it exists exactly when the change does. */
@Injectable()
export class AuditService {
  async record(
    tx: EntityManager,
    actor: AuditActor,
    action: string,
    targetType: string,
    targetId: string | null,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (tenant_id, actor_user_id, action, target_type, target_id, detail, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [actor.tenantId, actor.userId ?? actor.actorUserId ?? null, action, targetType, targetId, JSON.stringify(detail), currentRequestId() ?? null],
    );
  }
}
