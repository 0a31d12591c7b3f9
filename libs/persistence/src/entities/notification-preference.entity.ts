import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationLocale } from '@mahir/notify';

/** A learner's notification settings; no row means the defaults. */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { default: 'id' }) locale!: NotificationLocale;
  @Column('boolean', { name: 'email_enabled', default: true }) emailEnabled!: boolean;
  /** Kinds turned off; a notice about a mandatory course is delivered regardless. */
  @Column('text', { name: 'disabled_kinds', array: true, default: () => "'{}'" }) disabledKinds!: string[];
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
