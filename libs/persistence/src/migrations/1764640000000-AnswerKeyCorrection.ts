import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of the answer key of a question of a published course version. Published versions are
 * immutable, so a wrong key is corrected by a record beside the version; grading applies the latest
 * correction per (course, version, question) on top of the version's document. Append-only: a later
 * correction supersedes an earlier one, and the history stays for the audit.
 */
export class AnswerKeyCorrection1764640000000 implements MigrationInterface {
  name = 'AnswerKeyCorrection1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE answer_key_correction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Orders corrections made in the same instant: the highest seq is the latest.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        course_id uuid NOT NULL,
        version integer NOT NULL,
        question_id text NOT NULL CHECK (length(question_id) BETWEEN 1 AND 100),
        -- The corrected fields of the question's kind (libs/course quiz/answer-key.ts AnswerKey).
        key jsonb NOT NULL CHECK (jsonb_typeof(key) = 'object'),
        reason text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (course_id, version) REFERENCES course_version(course_id, version)
      )`);
    await q.query(`CREATE INDEX answer_key_correction_latest_idx ON answer_key_correction (course_id, version, question_id, seq DESC)`);
    await q.query(`
      CREATE TRIGGER answer_key_correction_append_only BEFORE UPDATE OR DELETE ON answer_key_correction
      FOR EACH ROW EXECUTE FUNCTION mahir_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS answer_key_correction`);
  }
}
