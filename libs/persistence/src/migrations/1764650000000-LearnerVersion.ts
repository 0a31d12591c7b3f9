import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number per learner that changes with every write to their enrollments or lesson
 * progress, whoever writes (the API, the worker's fan-out, completion, grading, expiry). Readers
 * of "my courses" key an answer cache by it: one primary-key read tells whether a cached page is
 * still true. Kept by statement-level triggers, so no writer can forget it; rows are locked in
 * employee order, so two bulk statements cannot deadlock on them.
 */
export class LearnerVersion1764650000000 implements MigrationInterface {
  name = 'LearnerVersion1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE learner_version (
        employee_id uuid PRIMARY KEY,
        version bigint NOT NULL DEFAULT 1
      )`);
    await q.query(`
      CREATE FUNCTION bump_learner_version_by_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO learner_version (employee_id)
          SELECT DISTINCT employee_id FROM changed ORDER BY employee_id
        ON CONFLICT (employee_id) DO UPDATE SET version = learner_version.version + 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION bump_learner_version_by_progress() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO learner_version (employee_id)
          SELECT DISTINCT e.employee_id FROM changed c JOIN enrollment e ON e.id = c.enrollment_id ORDER BY e.employee_id
        ON CONFLICT (employee_id) DO UPDATE SET version = learner_version.version + 1;
        RETURN NULL;
      END $$`);
    for (const [table, fn] of [['enrollment', 'bump_learner_version_by_enrollment'], ['lesson_progress', 'bump_learner_version_by_progress']]) {
      await q.query(`CREATE TRIGGER ${table}_learner_version_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER ${table}_learner_version_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER ${table}_learner_version_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['enrollment', 'lesson_progress']) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER IF EXISTS ${table}_learner_version_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS bump_learner_version_by_enrollment()`);
    await q.query(`DROP FUNCTION IF EXISTS bump_learner_version_by_progress()`);
    await q.query(`DROP TABLE IF EXISTS learner_version`);
  }
}
