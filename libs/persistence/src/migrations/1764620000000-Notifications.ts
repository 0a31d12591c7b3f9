import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 6): the in-app inbox with at-most-once keys, one delivery row per
 * e-mail (the record that makes a retry a no-op once the send committed), learners'
 * preferences, the reminder log the sweep dedupes on, and each agency's sender.
 */
export class Notifications1764620000000 implements MigrationInterface {
  name = 'Notifications1764620000000';

  async up(q: QueryRunner): Promise<void> {
    // The sender of an agency's mail; null falls back to MAIL_FROM of the worker.
    await q.query(`ALTER TABLE tenant ADD COLUMN mail_from_name text CHECK (length(mail_from_name) BETWEEN 1 AND 100)`);
    await q.query(`ALTER TABLE tenant ADD COLUMN mail_from_address text CHECK (mail_from_address ~ '^[^@\\s<>]+@[^@\\s<>]+$')`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
        mandatory boolean NOT NULL DEFAULT false,
        -- The producer's dedupeKey, else 'event:<eventId>': a second event with the key is a no-op.
        dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 300),
        locale text NOT NULL CHECK (locale IN ('id', 'en')),
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (tenant_id, dedupe_key),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id)
      )`);
    await q.query(`CREATE INDEX notification_inbox_idx ON notification (tenant_id, employee_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_unread_idx ON notification (tenant_id, employee_id) WHERE read_at IS NULL`);

    // One e-mail per notification: 'pending' until the SMTP server accepted it and that fact committed.
    await q.query(`
      CREATE TABLE notification_delivery (
        notification_id uuid NOT NULL REFERENCES notification(id),
        channel text NOT NULL CHECK (channel IN ('email')),
        tenant_id uuid NOT NULL,
        recipient text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text,
        sent_at timestamptz,
        PRIMARY KEY (notification_id, channel),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX notification_delivery_pending_idx ON notification_delivery (tenant_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE notification_preference (
        employee_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
        email_enabled boolean NOT NULL DEFAULT true,
        disabled_kinds text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id)
      )`);

    // The sweep runs hourly: a reminder is enqueued only when its key is new, in the same statement.
    await q.query(`
      CREATE TABLE reminder_log (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        dedupe_key text NOT NULL,
        kind text NOT NULL,
        employee_id uuid NOT NULL,
        enrollment_id uuid,
        local_day date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX reminder_log_day_idx ON reminder_log (local_day)`);
    // Rules that repeat less than daily (inactivity, JP shortfall) look back for the last reminder of a subject.
    await q.query(`CREATE INDEX reminder_log_employee_idx ON reminder_log (tenant_id, kind, employee_id, local_day)`);
    await q.query(`CREATE INDEX reminder_log_enrollment_idx ON reminder_log (tenant_id, kind, enrollment_id, local_day) WHERE enrollment_id IS NOT NULL`);
    // Inactivity: active enrollments by last progress (the sweep's biggest scan).
    await q.query(`CREATE INDEX enrollment_activity_idx ON enrollment (coalesce(last_activity_at, activated_at)) WHERE status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS enrollment_activity_idx`);
    for (const table of ['reminder_log', 'notification_preference', 'notification_delivery', 'notification']) await q.query(`DROP TABLE IF EXISTS ${table}`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS mail_from_address`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS mail_from_name`);
  }
}
