import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NOTIFICATION_KINDS } from '@mahir/notify';
import { tenantOf, type Actor } from '../../platform';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { NotificationListQueryDto, NotificationPreferencesDto } from './dto/notifications.dto';

const ITEM = `n.id, n.kind, n.title, n.body, n.data, n.mandatory, n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** The caller's own in-app notifications and preferences; always scoped to (tenant, own employee). */
@Injectable()
export class NotificationsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(actor: Actor, query: NotificationListQueryDto) {
    const [tenantId, employeeId] = this.owner(actor);
    const filter = `n.tenant_id = $1 AND n.employee_id = $2${query.unread === undefined ? '' : query.unread ? ' AND n.read_at IS NULL' : ' AND n.read_at IS NOT NULL'}`;
    const [[counts], items] = await Promise.all([
      this.db.query(
        `SELECT count(*)::int AS total, (SELECT count(*)::int FROM notification u WHERE u.tenant_id = $1 AND u.employee_id = $2 AND u.read_at IS NULL) AS unread
         FROM notification n WHERE ${filter}`,
        [tenantId, employeeId],
      ),
      this.db.query(`SELECT ${ITEM} FROM notification n WHERE ${filter} ORDER BY n.created_at DESC, n.id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`, [
        tenantId,
        employeeId,
      ]),
    ]);
    return { ...pageOf(items, counts.total, query), unread: counts.unread };
  }

  async unreadCount(actor: Actor) {
    const [tenantId, employeeId] = this.owner(actor);
    const [{ unread }] = await this.db.query(`SELECT count(*)::int AS unread FROM notification WHERE tenant_id = $1 AND employee_id = $2 AND read_at IS NULL`, [tenantId, employeeId]);
    return { unread };
  }

  /** Idempotent: reading twice keeps the first read time. Someone else's notification is 404. */
  async markRead(actor: Actor, id: string) {
    const [tenantId, employeeId] = this.owner(actor);
    const [[row]] = await this.db.query(
      `UPDATE notification n SET read_at = coalesce(n.read_at, now()) WHERE n.tenant_id = $1 AND n.employee_id = $2 AND n.id = $3 RETURNING ${ITEM}`,
      [tenantId, employeeId, id],
    );
    if (!row) throw new Problem(404, 'notification.notFound');
    return row;
  }

  async markAllRead(actor: Actor) {
    const [tenantId, employeeId] = this.owner(actor);
    const [, marked] = await this.db.query(`UPDATE notification SET read_at = now() WHERE tenant_id = $1 AND employee_id = $2 AND read_at IS NULL`, [tenantId, employeeId]);
    return { marked };
  }

  async preferences(actor: Actor) {
    const [tenantId, employeeId] = this.owner(actor);
    const [row] = await this.db.query(
      `SELECT locale, email_enabled AS "emailEnabled", disabled_kinds AS "disabledKinds" FROM notification_preference WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return this.present(row ?? { locale: 'id', emailEnabled: true, disabledKinds: [] });
  }

  async savePreferences(actor: Actor, dto: NotificationPreferencesDto) {
    const [tenantId, employeeId] = this.owner(actor);
    const [row] = await this.db.query(
      `INSERT INTO notification_preference (employee_id, tenant_id, locale, email_enabled, disabled_kinds) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (employee_id) DO UPDATE SET locale = EXCLUDED.locale, email_enabled = EXCLUDED.email_enabled,
         disabled_kinds = EXCLUDED.disabled_kinds, updated_at = now()
       RETURNING locale, email_enabled AS "emailEnabled", disabled_kinds AS "disabledKinds"`,
      [employeeId, tenantId, dto.locale, dto.emailEnabled, [...dto.disabledKinds].sort()],
    );
    return this.present(row);
  }

  private present(row: { locale: string; emailEnabled: boolean; disabledKinds: string[] }) {
    return {
      locale: row.locale,
      emailEnabled: row.emailEnabled,
      disabledKinds: row.disabledKinds,
      kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, enabled: !row.disabledKinds.includes(kind) })),
      // Notices about a mandatory course arrive whatever is turned off here.
      mandatoryAlwaysDelivered: true,
    };
  }

  private owner(actor: Actor): [string, string] {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'notification.employeesOnly');
    return [tenantId, actor.employeeId];
  }
}
