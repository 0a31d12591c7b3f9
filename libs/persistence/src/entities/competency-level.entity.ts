import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompetencyLevel as Level } from '@mahir/competency';

/** What a level of a competency means, with its behaviour indicators. */
@Entity('competency_level')
export class CompetencyLevelDescriptor {
  @PrimaryColumn('uuid', { name: 'competency_id' }) competencyId!: string;
  @PrimaryColumn('smallint') level!: Level;
  @Column('text') description!: string;
  @Column('jsonb', { default: [] }) indicators!: string[];
}
