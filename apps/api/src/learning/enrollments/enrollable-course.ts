import type { DataSource, EntityManager } from 'typeorm';
import type { EnrollmentPolicy } from '@mahir/course';

export interface EnrollableCourse {
  id: string;
  tenantId: string;
  /** The published version an enrollment starting now is pinned to. */
  version: number;
  title: string;
  policy: EnrollmentPolicy;
  prerequisites: string[];
}

/**
 * A course the tenant's employees may enroll in or be assigned to: published, not archived, and
 * the tenant's own or national. Anything else is null, which callers answer as 404, so another
 * agency's courses look exactly like ids that do not exist.
 */
export async function findEnrollableCourse(db: DataSource | EntityManager, tenantId: string, courseId: string): Promise<EnrollableCourse | null> {
  const [row] = await db.query(
    `SELECT co.id, co.tenant_id AS "tenantId", co.published_version AS version, v.title,
            v.document->>'enrollmentPolicy' AS policy, coalesce(v.document->'prerequisites', '[]') AS prerequisites
     FROM course co JOIN course_version v ON v.course_id = co.id AND v.version = co.published_version
     WHERE co.id = $2 AND co.published_version > 0 AND co.archived_at IS NULL
       AND (co.tenant_id = $1 OR v.document->>'visibility' = 'national')`,
    [tenantId, courseId],
  );
  return row ?? null;
}
