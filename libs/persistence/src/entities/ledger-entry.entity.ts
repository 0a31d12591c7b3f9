import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompetencyLevel, LedgerSource } from '@mahir/competency';

/** One append-only entry of an employee's competency ledger; the database refuses UPDATE and DELETE. */
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('int') sequence!: number;
  @Column('uuid', { name: 'competency_id' }) competencyId!: string;
  @Column('smallint', { nullable: true }) level!: CompetencyLevel | null;
  @Column('text') source!: LedgerSource;
  @Column('text', { name: 'source_ref' }) sourceRef!: string;
  @Column('uuid', { name: 'target_entry_id', nullable: true }) targetEntryId!: string | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'evidence_text', nullable: true }) evidenceText!: string | null;
  @Column('text', { name: 'evidence_url', nullable: true }) evidenceUrl!: string | null;
  @Column('text', { name: 'evidence_object_key', nullable: true }) evidenceObjectKey!: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('timestamptz', { name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash!: string | null;
  @Column('text') hash!: string;
}
