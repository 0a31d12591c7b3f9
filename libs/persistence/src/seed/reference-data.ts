import type { DataSource } from 'typeorm';
import { NATIONAL_DICTIONARY, NATIONAL_DICTIONARY_VERSION } from './national-dictionary';

/**
 * Loads the national managerial and socio-cultural dictionary (PermenPANRB 38/2017),
 * shared by every tenant and read-only for them. Runs after migrations on every start;
 * upserts by code, so it is idempotent and carries text corrections to existing rows.
 */
export async function loadReferenceData(db: DataSource): Promise<{ competencies: number }> {
  await db.transaction(async (tx) => {
    for (const c of NATIONAL_DICTIONARY) {
      const [row] = await tx.query(
        `INSERT INTO competency (tenant_id, type, code, name, description) VALUES (NULL, $1, $2, $3, $4)
         ON CONFLICT (code) WHERE tenant_id IS NULL DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
           updated_at = CASE WHEN (competency.name, competency.description) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description)
                             THEN now() ELSE competency.updated_at END
         RETURNING id, (xmax = 0) AS inserted`,
        [c.type, c.code, c.name, c.description],
      );
      await tx.query(
        `INSERT INTO competency_level (competency_id, level, description, indicators)
         SELECT $1, l.level, l.description, l.indicators FROM jsonb_to_recordset($2::jsonb) AS l(level smallint, description text, indicators jsonb)
         ON CONFLICT (competency_id, level) DO UPDATE SET description = EXCLUDED.description, indicators = EXCLUDED.indicators`,
        [row.id, JSON.stringify(c.levels)],
      );
      if (row.inserted) {
        await tx.query(
          `INSERT INTO competency_revision (competency_id, revision, framework_version, change, snapshot) VALUES ($1, 1, 0, 'created', $2)`,
          [row.id, JSON.stringify({ ...c, dictionary: NATIONAL_DICTIONARY_VERSION })],
        );
      }
    }
  });
  return { competencies: NATIONAL_DICTIONARY.length };
}
