import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RevisionChange } from '@mahir/competency';
import { Competency } from './competency.entity';

/** A snapshot of a competency at each change: the framework's history; append-only. */
@Entity('competency_revision')
export class CompetencyRevision {
  @PrimaryColumn('uuid', { name: 'competency_id' }) competencyId!: string;
  @PrimaryColumn('int') revision!: number;
  @Column('int', { name: 'framework_version' }) frameworkVersion!: number;
  @Column('text') change!: RevisionChange;
  @Column('jsonb') snapshot!: Record<string, unknown>;
  @Column('uuid', { name: 'changed_by', nullable: true }) changedBy!: string | null;
  @Column('timestamptz', { name: 'changed_at', default: () => 'now()' }) changedAt!: Date;

  @ManyToOne(() => Competency)
  @JoinColumn({ name: 'competency_id' })
  competency?: Competency;
}
