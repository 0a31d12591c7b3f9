import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Courses as documents: one editable draft per course (with a revision for optimistic
 * concurrency) and immutable published versions. Enrollments will pin a version.
 */
export class Courses1764200000000 implements MigrationInterface {
  name = 'Courses1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE course (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        -- The open draft's state; NULL when the latest published version is all there is.
        draft_state text CHECK (draft_state IN ('editing', 'in_review')),
        published_version integer NOT NULL DEFAULT 0 CHECK (published_version >= 0),
        archived_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        CHECK (draft_state IS NOT NULL OR published_version > 0)
      )`);
    await q.query(`
      CREATE TABLE course_draft (
        course_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        based_on_version integer NOT NULL DEFAULT 0,
        document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, course_id) REFERENCES course(tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE course_version (
        course_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        tenant_id uuid NOT NULL,
        title text NOT NULL,
        document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
        published_by uuid,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (course_id, version),
        FOREIGN KEY (tenant_id, course_id) REFERENCES course(tenant_id, id)
      )`);
    await q.query(`CREATE INDEX course_tenant_idx ON course (tenant_id, updated_at DESC)`);
    // Published versions are what learners were enrolled on: never changed, never deleted.
    await q.query(`
      CREATE TRIGGER course_version_append_only BEFORE UPDATE OR DELETE ON course_version
      FOR EACH ROW EXECUTE FUNCTION mahir_refuse_change()`);
    await q.query(`
      CREATE TRIGGER course_version_no_truncate BEFORE TRUNCATE ON course_version
      FOR EACH STATEMENT EXECUTE FUNCTION mahir_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['course_version', 'course_draft', 'course']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
