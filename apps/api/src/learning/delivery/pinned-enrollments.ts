import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseDocument, Lesson } from '@mahir/course';
import { tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';

export type EnrollmentStatus = 'requested' | 'active' | 'completed' | 'failed' | 'withdrawn' | 'rejected' | 'expired';

/** An enrollment of the caller, with the document of the course version it is pinned to. */
export interface PinnedEnrollment {
  id: string;
  tenantId: string;
  status: EnrollmentStatus;
  courseId: string;
  courseVersion: number;
  progressPercent: number;
  document: CourseDocument;
}

/** Published versions never change, so their documents may be kept; the bound only caps memory. */
const CACHED_DOCUMENTS = 500;

/**
 * Finds the caller's own enrollments and the pinned course document every delivery rule is judged
 * against. Someone else's enrollment, in any agency, is simply not found.
 */
@Injectable()
export class PinnedEnrollments {
  private readonly documents = new Map<string, CourseDocument>();

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * `allowed`: the statuses the action needs (others answer 409 naming the status). With `lock`, the
   * row is locked for the rest of the caller's transaction: one learner's writes to one enrollment
   * then queue behind each other instead of interleaving.
   */
  async load(runner: EntityManager | DataSource, actor: Actor, id: string, allowed: readonly EnrollmentStatus[], lock = false): Promise<PinnedEnrollment> {
    const tenantId = tenantOf(actor);
    const [row] = await runner.query(
      `SELECT id, tenant_id, status, course_id, course_version, progress_percent FROM enrollment
       WHERE id = $1 AND tenant_id = $2 AND employee_id = $3 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [id, tenantId, actor.employeeId],
    );
    if (!row) throw Problem.notFound('delivery.enrollmentNotFound');
    if (!allowed.includes(row.status) || row.course_version === null) throw new Problem(409, 'delivery.enrollmentNotActive', { status: row.status });
    return {
      id: row.id,
      tenantId: row.tenant_id,
      status: row.status,
      courseId: row.course_id,
      courseVersion: row.course_version,
      progressPercent: row.progress_percent,
      document: await this.document(runner, row.course_id, row.course_version),
    };
  }

  async document(runner: EntityManager | DataSource, courseId: string, version: number): Promise<CourseDocument> {
    const key = `${courseId}:${version}`;
    const cached = this.documents.get(key);
    if (cached) return cached;
    const [row] = await runner.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [courseId, version]);
    const document = row.document as CourseDocument;
    if (this.documents.size >= CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(key, document);
    return document;
  }
}

/** Every lesson of a document by id (the first of a repeated id, as publishing allows none). */
export function lessonsOf(doc: CourseDocument): Map<string, Lesson> {
  const lessons = new Map<string, Lesson>();
  for (const module of doc.modules) for (const lesson of module.lessons) if (!lessons.has(lesson.id)) lessons.set(lesson.id, lesson);
  return lessons;
}
