import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CourseAssignmentStatus } from '@mahir/course';

/** A course assigned to many employees at once, fanned out by the worker in resumable batches. */
@Entity('course_assignment')
export class CourseAssignment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'course_id' }) courseId!: string;
  /** {kind: 'employees' | 'csv', employeeIds} | {kind: 'unit', unitId, includeSubUnits} | {kind: 'position', positionId} */
  @Column('jsonb') target!: Record<string, unknown>;
  @Column('boolean', { default: false }) mandatory!: boolean;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('int', { name: 'due_in_days', nullable: true }) dueInDays!: number | null;
  @Column('text', { default: 'queued' }) status!: CourseAssignmentStatus;
  @Column('int', { default: 0 }) total!: number;
  @Column('int', { default: 0 }) processed!: number;
  @Column('int', { default: 0 }) enrolled!: number;
  @Column('int', { name: 'already_enrolled', default: 0 }) alreadyEnrolled!: number;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  /** The last employee id (in id order) whose batch committed: a restarted job resumes after it. */
  @Column('uuid', { name: 'cursor_employee_id', nullable: true }) cursorEmployeeId!: string | null;
}
