import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GradingItemKind, GradingItemStatus, ScoredSelection } from '@mahir/course';

/**
 * One piece of work awaiting a person: an essay answer (attempt and question) or an assignment
 * submission. Points are decimal strings; `revision` guards concurrent grading.
 */
@Entity('grading_item')
export class GradingItem {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') kind!: GradingItemKind;
  @Column('uuid', { name: 'attempt_id', nullable: true }) attemptId!: string | null;
  @Column('text', { name: 'question_id', nullable: true }) questionId!: string | null;
  @Column('uuid', { name: 'submission_id', nullable: true }) submissionId!: string | null;
  @Column('uuid', { name: 'enrollment_id' }) enrollmentId!: string;
  @Column('uuid', { name: 'course_id' }) courseId!: string;
  @Column('numeric', { name: 'max_points', precision: 10, scale: 2 }) maxPoints!: string;
  @Column('text', { default: 'pending' }) status!: GradingItemStatus;
  @Column('numeric', { precision: 10, scale: 2, nullable: true }) points!: string | null;
  /** Copied at grading, so a later rubric edit never changes a grade. */
  @Column('jsonb', { name: 'rubric_selections', nullable: true }) rubricSelections!: ScoredSelection[] | null;
  @Column('text', { nullable: true }) feedback!: string | null;
  @Column('int', { default: 0 }) revision!: number;
  @Column('uuid', { name: 'graded_by', nullable: true }) gradedBy!: string | null;
  @Column('timestamptz', { name: 'graded_at', nullable: true }) gradedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
