import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EnrollmentOrigin, EnrollmentStatus } from '@mahir/course';

/** An employee's enrollment in a course, pinned to a published version once active. */
@Entity('enrollment')
export class Enrollment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'course_id' }) courseId!: string;
  /** The published version studied; null until the enrollment becomes active. */
  @Column('int', { name: 'course_version', nullable: true }) courseVersion!: number | null;
  @Column('text') status!: EnrollmentStatus;
  @Column('text') origin!: EnrollmentOrigin;
  @Column('uuid', { name: 'assignment_id', nullable: true }) assignmentId!: string | null;
  @Column('boolean', { default: false }) mandatory!: boolean;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('smallint', { name: 'progress_percent', default: 0 }) progressPercent!: number;
  /** Percent with one decimal, as a decimal string. */
  @Column('numeric', { name: 'final_grade', precision: 4, scale: 1, nullable: true }) finalGrade!: string | null;
  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' }) requestedAt!: Date;
  @Column('timestamptz', { name: 'activated_at', nullable: true }) activatedAt!: Date | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('text', { name: 'decision_note', nullable: true }) decisionNote!: string | null;
  @Column('timestamptz', { name: 'last_activity_at', nullable: true }) lastActivityAt!: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
