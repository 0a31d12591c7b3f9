import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far a learner got in one lesson of an enrollment. */
@Entity('lesson_progress')
export class LessonProgress {
  @PrimaryColumn('uuid', { name: 'enrollment_id' }) enrollmentId!: string;
  @PrimaryColumn('text', { name: 'lesson_id' }) lessonId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('int', { name: 'seconds_spent', default: 0 }) secondsSpent!: number;
  /** Where the learner left off (seconds into a video, page of a document), as a decimal string. */
  @Column('numeric', { precision: 10, scale: 1, nullable: true }) position!: string | null;
  /** Furthest point reached, percent of the lesson. */
  @Column('smallint', { default: 0 }) percent!: number;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  /** Set by the writer (no database default). */
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
