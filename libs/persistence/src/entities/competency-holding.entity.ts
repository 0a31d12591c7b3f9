import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompetencyLevel } from '@mahir/competency';

/**
 * The level an employee holds now in one competency, derived from the ledger and rebuildable
 * from it; rows past `nextChangeAt` are refreshed before use.
 */
@Entity('competency_holding')
export class CompetencyHolding {
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('uuid', { name: 'employee_id' }) employeeId!: string;
  @PrimaryColumn('uuid', { name: 'competency_id' }) competencyId!: string;
  @Column('smallint') level!: CompetencyLevel;
  @Column('uuid', { name: 'entry_id' }) entryId!: string;
  @Column('timestamptz', { name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Column('timestamptz', { name: 'next_change_at', nullable: true }) nextChangeAt!: Date | null;
  @Column('timestamptz', { name: 'refreshed_at' }) refreshedAt!: Date;
}
