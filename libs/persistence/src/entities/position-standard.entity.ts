import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompetencyLevel } from '@mahir/competency';

/** The level a position requires of one competency (explicit; class defaults are computed). */
@Entity('position_standard')
export class PositionStandard {
  @PrimaryColumn('uuid', { name: 'position_id' }) positionId!: string;
  @PrimaryColumn('uuid', { name: 'competency_id' }) competencyId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('smallint', { name: 'required_level' }) requiredLevel!: CompetencyLevel;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
