import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RubricCriterion } from '@mahir/course';

/** The rubric graders grade one question of a course with; kept beside the immutable versions, so it can be written after publishing. */
@Entity('grading_rubric')
export class GradingRubric {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('uuid', { name: 'course_id' }) courseId!: string;
  @PrimaryColumn('text', { name: 'question_id' }) questionId!: string;
  @Column('jsonb') criteria!: RubricCriterion[];
  @Column('numeric', { name: 'max_points', precision: 10, scale: 2 }) maxPoints!: string;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
