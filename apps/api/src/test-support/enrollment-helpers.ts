import type { DataSource } from 'typeorm';
import type { CourseDocument } from '@mahir/course';
import { insertPublishedCourse, publishableCourse } from './course-fixtures';
import type { Agency, TestApp } from './test-app';

/**
 * Helpers for the enrollment, assignment and dashboard tests: courses written straight into the
 * database (authoring is tested elsewhere), and polling for the worker's fan-out.
 */

/** A published course of the agency, open by default; `fields` override the document. */
export function courseOf(db: DataSource, agency: Agency, fields: Partial<CourseDocument> = {}): Promise<string> {
  return insertPublishedCourse(db, agency.id, publishableCourse({ competencies: [{ competencyId: agency.competencyId, level: 1, validityMonths: null }], ...fields }));
}

/** Polls an assignment (every 50 ms, up to 10 s) until the worker has finished it. */
export async function waitForAssignment(t: TestApp, auth: string, id: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await t.http().get(`/api/v1/assignments/${id}`).set('Authorization', auth);
    if (res.status !== 200) throw new Error(`assignment ${id} answered ${res.status}: ${res.text}`);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    if (Date.now() > deadline) throw new Error(`assignment ${id} still ${res.body.status} after 10 s: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The live and finished enrollments of a course, by employee id, as the database holds them. */
export async function enrollmentsOf(db: DataSource, courseId: string) {
  const rows: { employee_id: string; status: string; origin: string; mandatory: boolean; course_version: number | null; due_at: Date | null; assignment_id: string | null }[] =
    await db.query(`SELECT employee_id, status, origin, mandatory, course_version, due_at, assignment_id FROM enrollment WHERE course_id = $1 ORDER BY employee_id, requested_at`, [courseId]);
  return rows;
}

/** What the bad-input table acts on: a published open course and a request awaiting approval by the agency's admins. */
export async function enrollmentFixtures(db: DataSource, agency: Agency): Promise<{ publishedCourseId: string; requestId: string }> {
  const publishedCourseId = await courseOf(db, agency);
  const approvalCourse = await courseOf(db, agency, { enrollmentPolicy: 'approval' });
  const [request] = await db.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, status, origin) VALUES ($1, $2, $3, 'requested', 'self') RETURNING id`,
    [agency.id, agency.people.learner.employeeId, approvalCourse],
  );
  return { publishedCourseId, requestId: request.id };
}
