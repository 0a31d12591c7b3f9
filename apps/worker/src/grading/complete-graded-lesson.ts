import type { EntityManager } from 'typeorm';

/**
 * Marks a graded lesson (a quiz or an assignment) completed once it passed, inside the grading
 * transaction; a lesson completed before keeps its first completion time.
 */
export async function completeGradedLesson(tx: EntityManager, tenantId: string, enrollmentId: string, lessonId: string): Promise<void> {
  await tx.query(
    `INSERT INTO lesson_progress AS p (enrollment_id, lesson_id, tenant_id, started_at, percent, completed_at, updated_at)
     VALUES ($1, $2, $3, now(), 100, now(), now())
     ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET percent = 100, completed_at = coalesce(p.completed_at, now()), updated_at = now()`,
    [enrollmentId, lessonId, tenantId],
  );
}
