import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CourseCompetency, CourseLanguage, CourseVisibility, EnrollmentPolicy } from '@mahir/course';

/** A live course in the learner-facing catalog, derived from its latest published version on publish and archive. */
@Entity('course_catalog')
export class CourseCatalogEntry {
  @PrimaryColumn('uuid', { name: 'course_id' }) courseId!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('int') version!: number;
  @Column('text') visibility!: CourseVisibility;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  @Column('text', { nullable: true }) category!: string | null;
  @Column('text') language!: CourseLanguage;
  /** JP in minutes (1 JP = 45 minutes). */
  @Column('int', { name: 'jp_minutes' }) jpMinutes!: number;
  @Column('text', { name: 'enrollment_policy' }) enrollmentPolicy!: EnrollmentPolicy;
  @Column('jsonb') competencies!: CourseCompetency[];
  /** The competencies' ids again, for the GIN filter. */
  @Column('uuid', { name: 'competency_ids', array: true }) competencyIds!: string[];
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
  /** Written only by SQL through mahir_course_search(); not read into rows. */
  @Column('tsvector', { select: false }) search!: string;
}
