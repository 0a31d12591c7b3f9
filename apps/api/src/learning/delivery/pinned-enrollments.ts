import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CourseDocument, EnrollmentStatus, Lesson } from '@mahir/course';
import { tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';
import { DeliveryRepository } from './delivery.repository';

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

  constructor(private readonly delivery: DeliveryRepository) {}

  /**
   * `allowed`: the statuses the action needs (others answer 409 naming the status). With `lock`, the
   * row is locked for the rest of the caller's transaction: one learner's writes to one enrollment
   * then queue behind each other instead of interleaving.
   */
  async load(actor: Actor, id: string, allowed: readonly EnrollmentStatus[], lock = false, manager?: EntityManager): Promise<PinnedEnrollment> {
    const row = await this.delivery.ownEnrollment(tenantOf(actor), actor.employeeId, id, lock, manager);
    if (!row) throw Problem.notFound('delivery.enrollmentNotFound');
    if (!allowed.includes(row.status) || row.courseVersion === null) throw new Problem(409, 'delivery.enrollmentNotActive', { status: row.status });
    return {
      id: row.id,
      tenantId: row.tenantId,
      status: row.status,
      courseId: row.courseId,
      courseVersion: row.courseVersion,
      progressPercent: row.progressPercent,
      document: await this.document(row.courseId, row.courseVersion, manager),
    };
  }

  async document(courseId: string, version: number, manager?: EntityManager): Promise<CourseDocument> {
    const key = `${courseId}:${version}`;
    const cached = this.documents.get(key);
    if (cached) return cached;
    const document = await this.delivery.versionDocument(courseId, version, manager);
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
