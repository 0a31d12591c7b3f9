import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationLocale } from '@mahir/notify';

/** An in-app notification of one employee; a second event with the same dedupe key is a no-op. */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  /** Checked by pattern only: rows of kinds no longer sent stay readable (NOTIFICATION_KINDS lists those sent now). */
  @Column('text') kind!: string;
  @Column('jsonb', { default: {} }) data!: Record<string, unknown>;
  @Column('boolean', { default: false }) mandatory!: boolean;
  @Column('text', { name: 'dedupe_key' }) dedupeKey!: string;
  @Column('text') locale!: NotificationLocale;
  @Column('text') title!: string;
  @Column('text') body!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt!: Date | null;
}
