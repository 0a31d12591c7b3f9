import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AttemptStatus, DrawnQuestion, QuestionResult } from '@mahir/course';

/** One attempt at a quiz lesson, with the questions drawn for it; scores are decimal strings. */
@Entity('quiz_attempt')
export class QuizAttempt {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'enrollment_id' }) enrollmentId!: string;
  @Column('text', { name: 'lesson_id' }) lessonId!: string;
  @Column('int') number!: number;
  @Column('text') status!: AttemptStatus;
  /** In the order shown, each with its option order. */
  @Column('jsonb') questions!: DrawnQuestion[];
  /** questionId → the learner's answer. */
  @Column('jsonb', { default: {} }) answers!: Record<string, unknown>;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'deadline_at', nullable: true }) deadlineAt!: Date | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { name: 'graded_at', nullable: true }) gradedAt!: Date | null;
  @Column('numeric', { name: 'score_points', precision: 10, scale: 2, nullable: true }) scorePoints!: string | null;
  @Column('numeric', { name: 'max_points', precision: 10, scale: 2, nullable: true }) maxPoints!: string | null;
  @Column('numeric', { name: 'score_percent', precision: 4, scale: 1, nullable: true }) scorePercent!: string | null;
  @Column('boolean', { nullable: true }) passed!: boolean | null;
  @Column('jsonb', { nullable: true }) results!: QuestionResult[] | null;
}
