import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A technical competency of an agency written straight into the database (fast, independent
 * of the competency routes), as the API would leave it: levels 1–3, revision 1 'created',
 * and one framework version more. Codes are random unless given.
 */
export async function insertCompetency(
  db: DataSource,
  tenantId: string,
  opts: { code?: string; name?: string; retired?: boolean } = {},
): Promise<{ id: string; code: string }> {
  const code = opts.code ?? `TK.${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const name = opts.name ?? `Kompetensi Teknis ${code}`;
  const levels = [1, 2, 3].map((level) => ({ level, description: `Level ${level} ${code}`, indicators: [`Indikator ${level}.1`, `Indikator ${level}.2`] }));
  const [{ id }] = await db.query(
    `INSERT INTO competency (tenant_id, type, code, name, description, revision, retired_at)
     VALUES ($1, 'teknis', $2, $3, $4, 1, CASE WHEN $5::boolean THEN now() END) RETURNING id`,
    [tenantId, code, name, `Deskripsi ${code}`, opts.retired ?? false],
  );
  await db.query(
    `INSERT INTO competency_level (competency_id, level, description, indicators)
     SELECT $1, l.level, l.description, l.indicators FROM jsonb_to_recordset($2::jsonb) AS l(level smallint, description text, indicators jsonb)`,
    [id, JSON.stringify(levels)],
  );
  const [{ version }] = await db.query(
    `INSERT INTO competency_framework (tenant_id, version) VALUES ($1, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET version = competency_framework.version + 1, updated_at = now() RETURNING version`,
    [tenantId],
  );
  await db.query(`INSERT INTO competency_revision (competency_id, revision, framework_version, change, snapshot) VALUES ($1, 1, $2, 'created', $3)`, [
    id,
    version,
    JSON.stringify({ code, type: 'teknis', name, description: `Deskripsi ${code}`, levels, retired: opts.retired ?? false }),
  ]);
  return { id: id as string, code };
}
