import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learner-facing catalog: one row per course whose latest published version is live
 * (published, not archived), derived from that version by the API in the publish and archive
 * transactions. Drafts never reach it. The search vector holds every text twice: stemmed for
 * Bahasa Indonesia ('pelayanan', 'melayani' → 'layan') and as exact tokens ('simple'), which
 * prefix search while typing needs ('pelay:*' finds 'pelayanan').
 */
export class CourseCatalog1764300000000 implements MigrationInterface {
  name = 'CourseCatalog1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // One source for the vector: the API's catalog writer and bulk loads (the benchmark) both call it.
    await q.query(`
      CREATE FUNCTION mahir_course_search(title text, summary text, category text, description text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('indonesian', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(title, '')), 'A')
            || setweight(to_tsvector('indonesian', coalesce(summary, '')), 'B') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B')
            || setweight(to_tsvector('indonesian', coalesce(category, '')), 'B') || setweight(to_tsvector('simple', coalesce(category, '')), 'B')
            || setweight(to_tsvector('indonesian', coalesce(description, '')), 'C') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')
      $$`);
    await q.query(`
      CREATE TABLE course_catalog (
        course_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        visibility text NOT NULL CHECK (visibility IN ('tenant', 'national')),
        title text NOT NULL,
        summary text NOT NULL,
        category text,
        language text NOT NULL CHECK (language IN ('id', 'en')),
        -- JP in minutes (1 JP = 45 minutes).
        jp_minutes integer NOT NULL CHECK (jp_minutes >= 0),
        enrollment_policy text NOT NULL CHECK (enrollment_policy IN ('open', 'approval', 'assigned')),
        -- [{competencyId, level, validityMonths}] as published; competency_ids for the GIN filter.
        competencies jsonb NOT NULL CHECK (jsonb_typeof(competencies) = 'array'),
        competency_ids uuid[] NOT NULL,
        published_at timestamptz NOT NULL,
        search tsvector NOT NULL,
        FOREIGN KEY (tenant_id, course_id) REFERENCES course(tenant_id, id),
        FOREIGN KEY (course_id, version) REFERENCES course_version(course_id, version)
      )`);
    await q.query(`CREATE INDEX course_catalog_search_idx ON course_catalog USING gin (search)`);
    await q.query(`CREATE INDEX course_catalog_competency_idx ON course_catalog USING gin (competency_ids)`);
    await q.query(`CREATE INDEX course_catalog_tenant_idx ON course_catalog (tenant_id, published_at DESC)`);
    await q.query(`CREATE INDEX course_catalog_national_idx ON course_catalog (published_at DESC) WHERE visibility = 'national'`);
    // Newest first is the default order: the first page is read from this index, not by sorting the catalog.
    await q.query(`CREATE INDEX course_catalog_newest_idx ON course_catalog (published_at DESC, course_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS course_catalog`);
    await q.query(`DROP FUNCTION IF EXISTS mahir_course_search(text, text, text, text)`);
  }
}
