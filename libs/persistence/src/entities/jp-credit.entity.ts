import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type JpSource = 'course_completion' | 'external_training' | 'import' | 'manual';

/** Learning hours credited to an employee, in minutes (1 JP = 45 minutes); append-only. */
@Entity('jp_credit')
export class JpCreditRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('int') minutes!: number;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('text') source!: JpSource;
  @Column('text', { name: 'source_ref' }) sourceRef!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
}
