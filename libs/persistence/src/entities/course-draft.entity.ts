import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CourseDocument } from '@mahir/course';

/** A course's one editable draft; `revision` guards concurrent edits. */
@Entity('course_draft')
export class CourseDraft {
  @PrimaryColumn('uuid', { name: 'course_id' }) courseId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('int', { default: 1 }) revision!: number;
  @Column('int', { name: 'based_on_version', default: 0 }) basedOnVersion!: number;
  @Column('jsonb') document!: CourseDocument;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
