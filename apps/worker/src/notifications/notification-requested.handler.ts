import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '@mahir/config';
import type { JobPayloads } from '@mahir/jobs';
import { renderNotification, shouldDeliver, type NotificationLocale } from '@mahir/notify';
import type { JobHandler } from '@mahir/runtime';
import { WORKER_CONFIG } from '../jobs/job-workers';
import { Mailer } from './mailer';

type Payload = JobPayloads['notification.requested'];

interface Recipient {
  fullName: string;
  employeeEmail: string;
  loginEmail: string | null;
  agencyName: string;
  locale: NotificationLocale;
  emailEnabled: boolean;
  disabledKinds: string[];
}

/**
 * Delivers one notification: the in-app row and the e-mail, each at most once.
 *
 * 1. One transaction writes the in-app row, keyed by (tenant, dedupeKey or event id) with a
 *    unique index, and a `pending` e-mail delivery row; a repeat of the event finds the key and
 *    writes nothing. A kind the person turned off is skipped unless the notice is mandatory.
 * 2. A second transaction locks the delivery row, sends over SMTP and marks it `sent`. A
 *    duplicate waits for the lock and sees `sent`. SMTP refusing or timing out records the
 *    attempt and throws: BullMQ retries with backoff, and the row stays `pending` until sent.
 *    The one window for a second mail is a crash after the server accepted the message and
 *    before the commit of `sent` (at-least-once there; no SMTP offers a transaction to join).
 */
@Injectable()
export class NotificationRequestedHandler implements JobHandler<'notification.requested'>, OnApplicationShutdown {
  readonly job = 'notification.requested' as const;
  private readonly mailer: Mailer;

  constructor(
    private readonly db: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.mailer = new Mailer(config);
  }

  onApplicationShutdown() {
    this.mailer.close();
  }

  async handle(data: Payload) {
    const created = await this.record(data);
    if (created.outcome !== 'recorded') return created;
    const mail = await this.sendEmail(created.notificationId);
    return { ...created, email: mail };
  }

  private async record(data: Payload): Promise<{ outcome: 'unknown-employee' | 'preference-off' } | { outcome: 'recorded'; notificationId: string; duplicate: boolean }> {
    const dedupeKey = data.dedupeKey ?? `event:${data.eventId}`;
    return this.db.transaction(async (tx) => {
      const [who]: Recipient[] = await tx.query(
        `SELECT e.full_name AS "fullName", e.email AS "employeeEmail",
                (SELECT u.email FROM user_account u WHERE u.employee_id = e.id AND u.disabled_at IS NULL) AS "loginEmail",
                t.name AS "agencyName", coalesce(p.locale, 'id') AS locale,
                coalesce(p.email_enabled, true) AS "emailEnabled", coalesce(p.disabled_kinds, '{}') AS "disabledKinds"
         FROM employee e JOIN tenant t ON t.id = e.tenant_id
         LEFT JOIN notification_preference p ON p.employee_id = e.id
         WHERE e.tenant_id = $1 AND e.id = $2`,
        [data.tenantId, data.employeeId],
      );
      if (!who) return { outcome: 'unknown-employee' as const };
      const mandatory = data.mandatory === true;
      if (!shouldDeliver(data.kind, mandatory, who.disabledKinds)) return { outcome: 'preference-off' as const };
      const message = renderNotification(data.kind, who.locale, this.context(data.data, who.fullName, who.agencyName));
      const [row] = await tx.query(
        `INSERT INTO notification (tenant_id, employee_id, kind, data, mandatory, dedupe_key, locale, title, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
        [data.tenantId, data.employeeId, data.kind, JSON.stringify(data.data ?? {}), mandatory, dedupeKey, who.locale, message.subject, message.text],
      );
      if (!row) {
        // A repeat: the first run's e-mail may still be pending (it crashed before sending), so step 2 looks.
        const [existing] = await tx.query(`SELECT id FROM notification WHERE tenant_id = $1 AND dedupe_key = $2`, [data.tenantId, dedupeKey]);
        return { outcome: 'recorded' as const, notificationId: existing.id as string, duplicate: true };
      }
      if (mandatory || who.emailEnabled) {
        await tx.query(
          `INSERT INTO notification_delivery (notification_id, channel, tenant_id, recipient, status) VALUES ($1, 'email', $2, $3, 'pending')`,
          [row.id, data.tenantId, who.loginEmail ?? who.employeeEmail],
        );
      }
      return { outcome: 'recorded' as const, notificationId: row.id as string, duplicate: false };
    });
  }

  private async sendEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'none'> {
    let failure: unknown = null;
    const outcome = await this.db.transaction(async (tx) => {
      const [d] = await tx.query(
        `SELECT d.status, d.recipient, n.kind, n.data, n.locale, e.full_name AS "fullName",
                t.name AS "agencyName", t.mail_from_name AS "fromName", t.mail_from_address AS "fromAddress"
         FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
         JOIN employee e ON e.id = n.employee_id JOIN tenant t ON t.id = n.tenant_id
         WHERE d.notification_id = $1 AND d.channel = 'email' FOR UPDATE OF d`,
        [notificationId],
      );
      if (!d) return 'none' as const;
      if (d.status === 'sent') return 'already-sent' as const;
      const message = renderNotification(d.kind, d.locale, this.context(d.data, d.fullName, d.agencyName));
      try {
        const messageId = await this.mailer.send({
          from: { name: d.fromName ?? this.mailer.defaultSender.name, address: d.fromAddress ?? this.mailer.defaultSender.address },
          to: d.recipient,
          ...message,
          headers: { 'X-Mahir-Notification': notificationId },
        });
        await tx.query(
          `UPDATE notification_delivery SET status = 'sent', sent_at = now(), message_id = $2, attempts = attempts + 1, last_error = NULL
           WHERE notification_id = $1 AND channel = 'email'`,
          [notificationId, messageId],
        );
        return 'sent' as const;
      } catch (error) {
        failure = error;
        await tx.query(`UPDATE notification_delivery SET attempts = attempts + 1, last_error = $2 WHERE notification_id = $1 AND channel = 'email'`, [
          notificationId,
          String(error instanceof Error ? error.message : error).slice(0, 1000),
        ]);
        return 'none' as const;
      }
    });
    if (failure) throw failure; // BullMQ retries with backoff (DEFAULT_JOB_OPTIONS)
    return outcome;
  }

  private context(data: Payload['data'] | null, fullName: string, agencyName: string) {
    return { ...(data ?? {}), recipientName: fullName, agencyName, portalUrl: this.config.PUBLIC_URL };
  }
}
