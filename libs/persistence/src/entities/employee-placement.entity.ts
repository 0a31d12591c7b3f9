import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PlacementReason = 'hire' | 'transfer' | 'import';

/** Where an employee sat and when; the open placement has no `validTo`. */
@Entity('employee_placement')
export class EmployeePlacement {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'unit_id' }) unitId!: string;
  @Column('uuid', { name: 'position_id' }) positionId!: string;
  /** Calendar dates (YYYY-MM-DD) in the agency's zone. */
  @Column('date', { name: 'valid_from' }) validFrom!: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo!: string | null;
  @Column('text') reason!: PlacementReason;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}
