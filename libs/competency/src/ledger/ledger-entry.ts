import type { CompetencyLevel } from '../competency/competency-level';

export const LEDGER_SOURCES = ['course_completion', 'assessment', 'manual', 'import', 'prior_learning', 'revocation', 'adjustment'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/** Sources that correct an earlier entry through targetEntryId instead of stating a fresh fact. */
export const CORRECTION_SOURCES = ['revocation', 'adjustment'] as const satisfies readonly LedgerSource[];

export function isLedgerSource(value: unknown): value is LedgerSource {
  return typeof value === 'string' && (LEDGER_SOURCES as readonly string[]).includes(value);
}

/** The facts of an entry the profile rules need. level is null only for a revocation. */
export interface LedgerFact {
  id: string;
  competencyId: string;
  level: CompetencyLevel | null;
  source: LedgerSource;
  /** For revocation and adjustment: the entry they cancel or replace. */
  targetEntryId: string | null;
  occurredAt: Date;
  validUntil: Date | null;
}

export interface HeldCompetency {
  competencyId: string;
  level: CompetencyLevel;
  entryId: string;
  occurredAt: Date;
  validUntil: Date | null;
}
