import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CompetencyLevel, PriorLearningStatus } from '@mahir/competency';

/** An employee's claim of a competency learned elsewhere; accepting it appends the ledger entry it names. */
@Entity('prior_learning')
export class PriorLearning {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'competency_id' }) competencyId!: string;
  @Column('smallint') level!: CompetencyLevel;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('text') description!: string;
  @Column('text', { name: 'evidence_url', nullable: true }) evidenceUrl!: string | null;
  @Column('text', { default: 'submitted' }) status!: PriorLearningStatus;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decision_note', nullable: true }) decisionNote!: string | null;
  @Column('uuid', { name: 'ledger_entry_id', nullable: true }) ledgerEntryId!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
