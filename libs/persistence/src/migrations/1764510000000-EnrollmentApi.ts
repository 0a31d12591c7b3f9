import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the enrollment API and the assignment fan-out need beyond the delivery spine: a resume
 * point for the fan-out, and an index to resolve position targets without scanning employees.
 */
export class EnrollmentApi1764510000000 implements MigrationInterface {
  name = 'EnrollmentApi1764510000000';

  async up(q: QueryRunner): Promise<void> {
    // The last employee id (in id order) whose batch committed: a retried or restarted job resumes
    // after it, so no batch is counted twice.
    await q.query(`ALTER TABLE course_assignment ADD COLUMN cursor_employee_id uuid`);
    await q.query(`CREATE INDEX employee_position_idx ON employee (tenant_id, position_id)`);
    await q.query(`CREATE INDEX course_assignment_course_idx ON course_assignment (tenant_id, course_id, created_at DESC)`);
    // Requests waiting for a decision, oldest first: the approval inbox and the 30-day expiry read it.
    await q.query(`CREATE INDEX enrollment_requested_idx ON enrollment (requested_at) WHERE status = 'requested'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS enrollment_requested_idx`);
    await q.query(`DROP INDEX IF EXISTS course_assignment_course_idx`);
    await q.query(`DROP INDEX IF EXISTS employee_position_idx`);
    await q.query(`ALTER TABLE course_assignment DROP COLUMN IF EXISTS cursor_employee_id`);
  }
}
