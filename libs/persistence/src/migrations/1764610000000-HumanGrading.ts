import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grading by people (issue 6): one grading item per essay answer awaiting a person, with its grade,
 * rubric selections and feedback; and the rubrics graders grade with, kept beside the immutable
 * published course versions (keyed by course and question), so a rubric can be written after publishing.
 */
export class HumanGrading1764610000000 implements MigrationInterface {
  name = 'HumanGrading1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grading_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('essay')),
        attempt_id uuid NOT NULL,
        question_id text NOT NULL CHECK (length(question_id) BETWEEN 1 AND 100),
        enrollment_id uuid NOT NULL,
        course_id uuid NOT NULL REFERENCES course(id),
        max_points numeric(10,2) NOT NULL CHECK (max_points >= 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'graded')),
        points numeric(10,2) CHECK (points >= 0 AND points <= max_points),
        -- [{criterionId, levelId, points}] as selected, copied so a later rubric edit never changes a grade.
        rubric_selections jsonb CHECK (rubric_selections IS NULL OR jsonb_typeof(rubric_selections) = 'array'),
        feedback text CHECK (length(feedback) <= 5000),
        -- Optimistic concurrency: 0 until graded; every grade or re-grade adds 1.
        revision integer NOT NULL DEFAULT 0,
        graded_by uuid,
        graded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (attempt_id, question_id),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, attempt_id) REFERENCES quiz_attempt(tenant_id, id),
        FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollment(tenant_id, id),
        CHECK ((status = 'graded') = (points IS NOT NULL AND graded_at IS NOT NULL))
      )`);
    // The inbox: pending items of a tenant, oldest first (optionally of one course).
    await q.query(`CREATE INDEX grading_item_inbox_idx ON grading_item (tenant_id, created_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX grading_item_course_idx ON grading_item (tenant_id, course_id, created_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE grading_rubric (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        course_id uuid NOT NULL REFERENCES course(id),
        question_id text NOT NULL CHECK (length(question_id) BETWEEN 1 AND 100),
        -- [{id, title, levels: [{id, title, points}]}], validated by libs/course rubric.ts
        criteria jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'array'),
        max_points numeric(10,2) NOT NULL,
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, course_id, question_id)
      )`);

    // Attempts already left awaiting review before this migration get their items.
    await q.query(`
      INSERT INTO grading_item (tenant_id, kind, attempt_id, question_id, enrollment_id, course_id, max_points, created_at)
      SELECT a.tenant_id, 'essay', a.id, r->>'questionId', a.enrollment_id, e.course_id, (r->>'points')::numeric, coalesce(a.submitted_at, a.started_at)
      FROM quiz_attempt a JOIN enrollment e ON e.id = a.enrollment_id, jsonb_array_elements(a.results) r
      WHERE a.status = 'awaiting_review' AND r->>'outcome' = 'pending_review'
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS grading_rubric`);
    await q.query(`DROP TABLE IF EXISTS grading_item`);
  }
}
