import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's competency framework version, raised by every change to its competencies. */
@Entity('competency_framework')
export class CompetencyFramework {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('int', { default: 0 }) version!: number;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
