import type { CompetencyLevel } from '../competency/competency-level';
import type { HeldCompetency, LedgerFact } from './ledger-entry';

type LevelFact = LedgerFact & { level: CompetencyLevel };

/** Only level-bearing entries can be cancelled: a revocation of a revocation is ignored. */
function bearsLevel(entry: LedgerFact | undefined): entry is LevelFact {
  return entry !== undefined && entry.source !== 'revocation' && entry.level !== null;
}

function byOccurrence(a: LedgerFact, b: LedgerFact): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Entries that count as of `asOf`: occurred at or before asOf, and not cancelled by an effective
 * revocation or adjustment (occurred at or before asOf) that targets them. A revocation targeting an
 * adjustment undoes that adjustment, so the entry it replaced counts again (the rule is recursive).
 * Revocations themselves are never "effective entries" in the result; adjustments are (they carry a level).
 *
 * An adjustment that is itself replaced by a later adjustment still keeps its own target replaced:
 * the later one continues the correction, it does not bring the original back. Only a revocation
 * undoes a correction, so revoking a level-bearing entry is the same as it never having existed.
 * Result is sorted by occurredAt, then id. Ids are assumed unique.
 */
export function effectiveEntries(entries: readonly LedgerFact[], asOf: Date): LedgerFact[] {
  const t = asOf.getTime();
  const seen = entries.filter((e) => e.occurredAt.getTime() <= t);
  const byId = new Map(seen.map((e) => [e.id, e]));
  const targetOf = (e: LedgerFact): string | null =>
    e.targetEntryId !== null && e.targetEntryId !== e.id && bearsLevel(byId.get(e.targetEntryId)) ? e.targetEntryId : null;

  // Revocations cannot themselves be cancelled, so one pass settles them; adjustments depend only on them.
  const revoked = new Set<string>();
  for (const e of seen) {
    const target = e.source === 'revocation' ? targetOf(e) : null;
    if (target !== null) revoked.add(target);
  }
  const replaced = new Set<string>();
  for (const e of seen) {
    const target = e.source === 'adjustment' && !revoked.has(e.id) ? targetOf(e) : null;
    if (target !== null) replaced.add(target);
  }
  return seen.filter((e) => bearsLevel(e) && !revoked.has(e.id) && !replaced.has(e.id)).sort(byOccurrence);
}

function outranks(a: LevelFact, b: HeldCompetency): boolean {
  if (a.level !== b.level) return a.level > b.level;
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  return dt !== 0 ? dt > 0 : a.id > b.entryId;
}

/**
 * Per competency the level held at asOf: the highest level among effective entries that are valid
 * at asOf (validUntil null or validUntil > asOf). Competencies with no valid entry are absent. Ties on
 * level: the entry with the later occurredAt (then larger id) is reported. Iterates in competencyId order.
 */
export function profileAsOf(entries: readonly LedgerFact[], asOf: Date): Map<string, HeldCompetency> {
  const t = asOf.getTime();
  const best = new Map<string, HeldCompetency>();
  for (const e of effectiveEntries(entries, asOf) as LevelFact[]) {
    if (e.validUntil !== null && e.validUntil.getTime() <= t) continue;
    const current = best.get(e.competencyId);
    if (current === undefined || outranks(e, current)) {
      best.set(e.competencyId, { competencyId: e.competencyId, level: e.level, entryId: e.id, occurredAt: e.occurredAt, validUntil: e.validUntil });
    }
  }
  return new Map([...best].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The level per competency of a profile, the shape gapOf takes. */
export function heldLevels(profile: ReadonlyMap<string, HeldCompetency>): Map<string, CompetencyLevel> {
  return new Map([...profile].map(([id, held]) => [id, held.level]));
}
