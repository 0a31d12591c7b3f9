import type { DataSource } from 'typeorm';
import { sqlRow } from '@mahir/persistence';
import { newObjectKey } from '@mahir/storage';
import type { Agency } from '../../test-support/test-app';

/** For the route tables: a submission of assignment l6 (delivery course) accepted and waiting for a grade, written directly. */
export async function insertSubmission(db: DataSource, agency: Agency, enrollmentId: string): Promise<string> {
  const row = await sqlRow<{ id: string }>(
    db,
    `INSERT INTO assignment_submission (tenant_id, enrollment_id, lesson_id, object_key, declared_type, declared_size, status, number, content_type, size, max_points, submitted_at)
     VALUES ($1, $2, 'l6', $3, 'application/pdf', 9, 'submitted', 1, 'application/pdf', 9, 100, now()) RETURNING id`,
    [agency.id, enrollmentId, newObjectKey(agency.id, 'assignment-submissions', '.pdf')],
  );
  if (!row) throw new Error('the submission was not written');
  return row.id;
}
