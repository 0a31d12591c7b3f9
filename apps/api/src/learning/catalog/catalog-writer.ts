import type { EntityManager } from 'typeorm';
import type { CourseDocument } from '@mahir/course';
import { CatalogCacheInvalidation } from './catalog-cache-invalidation';

interface LiveVersion {
  tenant_id: string;
  version: number;
  document: CourseDocument;
  published_at: Date;
}

/**
 * Brings the catalog row of one course in line with its latest published version: upserted
 * while the course is published and not archived, deleted otherwise. Called inside the publish
 * and archive transactions, so learners never see a catalog that disagrees with the course.
 * Saving a draft does not call it: learners see published versions only. Cached catalog answers
 * of the course's agency (of every agency when the course is or was national) are invalidated
 * when the transaction commits.
 */
export async function refreshCatalogEntry(tx: EntityManager, courseId: string): Promise<void> {
  const [before]: { tenant_id: string; visibility: string }[] = await tx.query(
    `SELECT tenant_id, visibility FROM course_catalog WHERE course_id = $1`,
    [courseId],
  );
  const [live]: LiveVersion[] = await tx.query(
    `SELECT v.tenant_id, v.version, v.document, v.published_at
     FROM course c JOIN course_version v ON v.course_id = c.id AND v.version = c.published_version
     WHERE c.id = $1 AND c.archived_at IS NULL`,
    [courseId],
  );
  if (!live) {
    await tx.query(`DELETE FROM course_catalog WHERE course_id = $1`, [courseId]);
    if (before) CatalogCacheInvalidation.record(tx, before.tenant_id, before.visibility === 'national');
    return;
  }
  const doc = live.document;
  CatalogCacheInvalidation.record(tx, live.tenant_id, doc.visibility === 'national' || before?.visibility === 'national');
  await tx.query(
    `INSERT INTO course_catalog (course_id, tenant_id, version, visibility, title, summary, category, language, jp_minutes, enrollment_policy,
                                 competencies, competency_ids, published_at, search)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13, mahir_course_search($5, $6, $7, $14))
     ON CONFLICT (course_id) DO UPDATE SET
       version = EXCLUDED.version, visibility = EXCLUDED.visibility, title = EXCLUDED.title, summary = EXCLUDED.summary,
       category = EXCLUDED.category, language = EXCLUDED.language, jp_minutes = EXCLUDED.jp_minutes,
       enrollment_policy = EXCLUDED.enrollment_policy, competencies = EXCLUDED.competencies,
       competency_ids = EXCLUDED.competency_ids, published_at = EXCLUDED.published_at, search = EXCLUDED.search`,
    [
      courseId,
      live.tenant_id,
      live.version,
      doc.visibility,
      doc.title,
      doc.summary,
      doc.category,
      doc.language,
      doc.jpMinutes,
      doc.enrollmentPolicy,
      JSON.stringify(doc.competencies.map((c) => ({ competencyId: c.competencyId, level: c.level, validityMonths: c.validityMonths }))),
      doc.competencies.map((c) => c.competencyId),
      live.published_at,
      doc.description,
    ],
  );
}
