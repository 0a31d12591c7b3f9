import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CourseDocument } from '@mahir/course';

/** A published version of a course: what learners are enrolled on; the database refuses UPDATE and DELETE. */
@Entity('course_version')
export class CourseVersion {
  @PrimaryColumn('uuid', { name: 'course_id' }) courseId!: string;
  @PrimaryColumn('int') version!: number;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') title!: string;
  @Column('jsonb') document!: CourseDocument;
  @Column('uuid', { name: 'published_by', nullable: true }) publishedBy!: string | null;
  @Column('timestamptz', { name: 'published_at', default: () => 'now()' }) publishedAt!: Date;
}
