import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobHandler } from '@mahir/runtime';

/** How long a request for approval may wait before it lapses (the API refuses late decisions too). */
export const REQUEST_LIFETIME_DAYS = 30;

/**
 * Enrollment requests nobody approved or rejected within 30 days become expired, so the
 * learner can ask again and supervisors' lists stay current. Idempotent: one UPDATE.
 */
@Injectable()
export class ExpireRequestsHandler implements JobHandler<'enrollment.expire-requests'> {
  readonly job = 'enrollment.expire-requests' as const;
  readonly everyMs = 3600_000;

  constructor(private readonly db: DataSource) {}

  async handle() {
    const [, expired] = await this.db.query(
      `UPDATE enrollment SET status = 'expired', ended_at = now(), updated_at = now()
       WHERE status = 'requested' AND requested_at < now() - interval '${REQUEST_LIFETIME_DAYS} days'`,
    );
    return { expired };
  }
}
