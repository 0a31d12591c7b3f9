import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A reminder already enqueued; the hourly sweep enqueues only keys that are new. */
@Entity('reminder_log')
export class ReminderLog {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text', { name: 'dedupe_key' }) dedupeKey!: string;
  /** The reminder rule; unchecked in the table. */
  @Column('text') kind!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'enrollment_id', nullable: true }) enrollmentId!: string | null;
  /** The calendar date (YYYY-MM-DD) in the agency's zone. */
  @Column('date', { name: 'local_day' }) localDay!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
