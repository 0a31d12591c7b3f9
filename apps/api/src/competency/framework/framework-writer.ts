import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type RevisionChange = 'created' | 'updated' | 'retired' | 'restored' | 'imported';

export interface LevelContent {
  level: number;
  description: string;
  indicators: string[];
}

/** What a revision snapshots: everything a reader of the framework sees of one competency. */
export interface CompetencySnapshot {
  code: string;
  type: 'teknis';
  name: string;
  description: string;
  levels: LevelContent[];
  retired: boolean;
}

/**
 * The writes every change of a tenant's framework shares: one lock per tenant, the version
 * bump, the level set and the append-only revision history. Set-based (jsonb_to_recordset),
 * so an import of hundreds of competencies costs a handful of statements, like one edit.
 */
@Injectable()
export class FrameworkWriter {
  /** Serialises the framework changes of one tenant: versions and revisions never interleave. */
  async lock(tx: EntityManager, tenantId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('competency-framework:' || $1))`, [tenantId]);
  }

  /** The next framework version of the tenant (the first change makes version 1). */
  async bump(tx: EntityManager, tenantId: string): Promise<number> {
    const [row] = await tx.query(
      `INSERT INTO competency_framework (tenant_id, version, updated_at) VALUES ($1, 1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET version = competency_framework.version + 1, updated_at = now()
       RETURNING version`,
      [tenantId],
    );
    return row.version as number;
  }

  /** Replaces the level set of each competency with the given one. */
  async replaceLevels(tx: EntityManager, items: { id: string; levels: LevelContent[] }[]): Promise<void> {
    if (!items.length) return;
    await tx.query(`DELETE FROM competency_level WHERE competency_id = ANY($1::uuid[])`, [items.map((i) => i.id)]);
    const rows = items.flatMap((i) => i.levels.map((l) => ({ id: i.id, level: l.level, description: l.description, indicators: l.indicators })));
    await tx.query(
      `INSERT INTO competency_level (competency_id, level, description, indicators)
       SELECT r.id, r.level, r.description, r.indicators FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, level smallint, description text, indicators jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  async recordRevisions(
    tx: EntityManager,
    items: { id: string; revision: number; change: RevisionChange; snapshot: CompetencySnapshot }[],
    frameworkVersion: number,
    changedBy: string,
  ): Promise<void> {
    if (!items.length) return;
    await tx.query(
      `INSERT INTO competency_revision (competency_id, revision, framework_version, change, snapshot, changed_by)
       SELECT r.id, r.revision, $2, r.change, r.snapshot, $3 FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, revision int, change text, snapshot jsonb)`,
      [JSON.stringify(items), frameworkVersion, changedBy],
    );
  }
}

/** Levels in a stable form (by level, trimmed texts), so two sets compare by value. */
export function normalisedLevels(levels: { level: number; description: string; indicators?: string[] }[]): LevelContent[] {
  return [...levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({ level: l.level, description: l.description, indicators: [...(l.indicators ?? [])] }));
}
