import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CourseDraftState } from '@mahir/course';

/** A course: its open draft's state and the number of its latest published version (0: none yet). */
@Entity('course')
export class CourseRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** Null when the latest published version is all there is. */
  @Column('text', { name: 'draft_state', nullable: true }) draftState!: CourseDraftState | null;
  @Column('int', { name: 'published_version', default: 0 }) publishedVersion!: number;
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt!: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
