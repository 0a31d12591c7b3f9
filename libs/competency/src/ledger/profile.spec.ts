import fc from 'fast-check';
import type { CompetencyLevel } from '../competency/competency-level';
import type { LedgerFact, LedgerSource } from './ledger-entry';
import { effectiveEntries, heldLevels, profileAsOf } from './profile';

const T0 = Date.UTC(2026, 0, 1);
const at = (hour: number) => new Date(T0 + hour * 3_600_000);

function fact(id: string, competencyId: string, level: CompetencyLevel | null, hour: number, more: Partial<LedgerFact> = {}): LedgerFact {
  return { id, competencyId, level, source: 'course_completion', targetEntryId: null, occurredAt: at(hour), validUntil: null, ...more };
}
const revoke = (id: string, target: LedgerFact, hour: number): LedgerFact =>
  fact(id, target.competencyId, null, hour, { source: 'revocation', targetEntryId: target.id });
const adjust = (id: string, target: LedgerFact, level: CompetencyLevel, hour: number): LedgerFact =>
  fact(id, target.competencyId, level, hour, { source: 'adjustment', targetEntryId: target.id });
const levels = (entries: LedgerFact[], hour: number) => Object.fromEntries(heldLevels(profileAsOf(entries, at(hour))));
const ids = (entries: LedgerFact[]) => entries.map((e) => e.id);

const level = fc.constantFrom<CompetencyLevel>(1, 2, 3, 4, 5);
const FRESH_SOURCES: LedgerSource[] = ['course_completion', 'assessment', 'manual', 'import', 'prior_learning'];

/** A fresh (non-correction) entry, without id. */
const freshEntry = fc.record({
  competencyId: fc.constantFrom('c1', 'c2', 'c3'),
  level,
  source: fc.constantFrom(...FRESH_SOURCES),
  hour: fc.integer({ min: 0, max: 30 }),
  validFor: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
});
type Fresh = { competencyId: string; level: CompetencyLevel; source: LedgerSource; hour: number; validFor: number | null };
const toFact = (id: string, e: Fresh): LedgerFact =>
  fact(id, e.competencyId, e.level, e.hour, { source: e.source, validUntil: e.validFor === null ? null : at(e.hour + e.validFor) });

/**
 * A ledger as it grows: fresh entries, revocations and adjustments of earlier entries (sometimes of a
 * revocation, which must be ignored), each correction dated at or after what it corrects.
 */
const ledger: fc.Arbitrary<LedgerFact[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom('fresh', 'fresh', 'revocation', 'adjustment'),
      fresh: freshEntry,
      pick: fc.nat(),
      delay: fc.integer({ min: 0, max: 10 }),
      level,
    }),
    { maxLength: 14 },
  )
  .map((ops) => {
    const out: LedgerFact[] = [];
    ops.forEach((op, i) => {
      const id = `e${String(i).padStart(2, '0')}`;
      if (op.kind === 'fresh' || out.length === 0) return void out.push(toFact(id, op.fresh));
      const target = out[op.pick % out.length];
      const hour = (target.occurredAt.getTime() - T0) / 3_600_000 + op.delay;
      out.push(op.kind === 'revocation' ? revoke(id, target, hour) : adjust(id, target, op.level, hour));
    });
    return out;
  });
const asOfHour = fc.integer({ min: -2, max: 45 });

describe('effectiveEntries', () => {
  const a = fact('a', 'c1', 3, 1);
  const b = fact('b', 'c1', 2, 2);

  it('counts entries at or before asOf, sorted by time, never revocations', () => {
    const r = revoke('r', b, 4);
    expect(ids(effectiveEntries([r, b, a], at(0)))).toEqual([]);
    expect(ids(effectiveEntries([r, b, a], at(1)))).toEqual(['a']);
    expect(ids(effectiveEntries([r, b, a], at(3)))).toEqual(['a', 'b']);
    expect(ids(effectiveEntries([r, b, a], at(4)))).toEqual(['a']);
  });

  it('an adjustment replaces its target from its own date on', () => {
    const adj = adjust('adj', a, 1, 5);
    expect(ids(effectiveEntries([a, adj], at(4)))).toEqual(['a']);
    expect(ids(effectiveEntries([a, adj], at(5)))).toEqual(['adj']);
  });

  it('revoking an adjustment brings back the entry it replaced', () => {
    const adj = adjust('adj', a, 1, 5);
    const r = revoke('r', adj, 7);
    expect(ids(effectiveEntries([a, adj, r], at(6)))).toEqual(['adj']);
    expect(ids(effectiveEntries([a, adj, r], at(7)))).toEqual(['a']);
  });

  it('an adjustment of an adjustment keeps the original replaced', () => {
    const adj1 = adjust('adj1', a, 1, 5);
    const adj2 = adjust('adj2', adj1, 2, 6);
    expect(ids(effectiveEntries([a, adj1, adj2], at(6)))).toEqual(['adj2']);
    // Revoking the second correction brings back the first, not the original.
    expect(ids(effectiveEntries([a, adj1, adj2, revoke('r', adj2, 7)], at(7)))).toEqual(['adj1']);
  });

  it('ignores a revocation of a revocation, and corrections of unknown entries', () => {
    const r = revoke('r', a, 3);
    const rr = fact('rr', 'c1', null, 4, { source: 'revocation', targetEntryId: 'r' });
    const stray = fact('s', 'c1', null, 4, { source: 'revocation', targetEntryId: 'nope' });
    expect(ids(effectiveEntries([a, r, rr, stray], at(9)))).toEqual([]);
  });
});

describe('profileAsOf', () => {
  it('reports the highest valid level per competency, with the entry behind it', () => {
    const entries = [
      fact('a', 'c1', 2, 1),
      fact('b', 'c1', 4, 2, { validUntil: at(10) }),
      fact('c', 'c2', 3, 3, { source: 'assessment' }),
    ];
    expect(profileAsOf(entries, at(5))).toEqual(
      new Map([
        ['c1', { competencyId: 'c1', level: 4, entryId: 'b', occurredAt: at(2), validUntil: at(10) }],
        ['c2', { competencyId: 'c2', level: 3, entryId: 'c', occurredAt: at(3), validUntil: null }],
      ]),
    );
    // validUntil is exclusive: at that instant the entry has expired.
    expect(levels(entries, 10)).toEqual({ c1: 2, c2: 3 });
  });

  it('breaks level ties by the later entry, then the larger id', () => {
    expect(profileAsOf([fact('z', 'c1', 3, 1), fact('a', 'c1', 3, 2)], at(5)).get('c1')?.entryId).toBe('a');
    expect(profileAsOf([fact('a', 'c1', 3, 2), fact('b', 'c1', 3, 2)], at(5)).get('c1')?.entryId).toBe('b');
  });

  it('follows a downward adjustment and its revocation', () => {
    const a = fact('a', 'c1', 4, 1);
    const adj = adjust('adj', a, 2, 3);
    expect(levels([a, adj], 2)).toEqual({ c1: 4 });
    expect(levels([a, adj], 3)).toEqual({ c1: 2 });
    expect(levels([a, adj, revoke('r', adj, 4)], 4)).toEqual({ c1: 4 });
    expect(levels([a, revoke('r', a, 4)], 4)).toEqual({});
  });

  it('iterates in competencyId order', () => {
    const entries = [fact('a', 'c3', 1, 1), fact('b', 'c1', 1, 1), fact('c', 'c2', 1, 1)];
    expect([...profileAsOf(entries, at(2)).keys()]).toEqual(['c1', 'c2', 'c3']);
  });

  describe('properties', () => {
    it('adding a fresh entry never lowers any held level', () => {
      fc.assert(
        fc.property(ledger, freshEntry, asOfHour, (entries, extra, hour) => {
          const added = toFact('new', extra);
          const before = profileAsOf(entries, at(hour));
          const after = profileAsOf([...entries, added], at(hour));
          for (const [id, held] of before) expect(after.get(id)?.level ?? 0).toBeGreaterThanOrEqual(held.level);
          const counts = extra.hour <= hour && (added.validUntil === null || added.validUntil > at(hour));
          if (counts) expect(after.get(extra.competencyId)?.level ?? 0).toBeGreaterThanOrEqual(extra.level);
        }),
      );
    });

    it('revoking a level-bearing entry is the same as it never having existed', () => {
      fc.assert(
        fc.property(ledger, fc.nat(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 }), (entries, pick, revokedAt, after) => {
          const bearing = entries.filter((e) => e.source !== 'revocation');
          fc.pre(bearing.length > 0);
          const victim = bearing[pick % bearing.length];
          const r = revoke('rev', victim, revokedAt);
          const asOf = at(revokedAt + after);
          const without = entries.filter((e) => e !== victim);
          expect(effectiveEntries([...entries, r], asOf)).toEqual(effectiveEntries(without, asOf));
          expect(profileAsOf([...entries, r], asOf)).toEqual(profileAsOf(without, asOf));
          // Revoking the revocation is not supported and changes nothing.
          const rr = fact('rev2', victim.competencyId, null, revokedAt, { source: 'revocation', targetEntryId: 'rev' });
          expect(effectiveEntries([...entries, r, rr], asOf)).toEqual(effectiveEntries(without, asOf));
        }),
      );
    });

    it('is empty as of a date before every entry', () => {
      fc.assert(
        fc.property(ledger, (entries) => {
          const first = Math.min(...entries.map((e) => e.occurredAt.getTime()));
          const before = new Date(Number.isFinite(first) ? first - 1 : T0);
          expect(profileAsOf(entries, before).size).toBe(0);
          expect(effectiveEntries(entries, before)).toEqual([]);
        }),
      );
    });

    it('never reports an expired entry, and reports the best valid effective one', () => {
      fc.assert(
        fc.property(ledger, asOfHour, (entries, hour) => {
          const asOf = at(hour);
          const profile = profileAsOf(entries, asOf);
          for (const held of profile.values()) expect(held.validUntil === null || held.validUntil > asOf).toBe(true);
          // Reference: the maximum over effective entries still valid at asOf.
          const expected = new Map<string, number>();
          for (const e of effectiveEntries(entries, asOf)) {
            if (e.validUntil !== null && e.validUntil <= asOf) continue;
            expected.set(e.competencyId, Math.max(expected.get(e.competencyId) ?? 0, e.level ?? 0));
          }
          expect(heldLevels(profile)).toEqual(expected);
          // At (and after) an entry's validUntil it is never the reported evidence.
          for (const e of entries.filter((x) => x.validUntil !== null)) {
            for (const later of [0, 1, 7].map((d) => new Date((e.validUntil as Date).getTime() + d * 3_600_000))) {
              expect(profileAsOf(entries, later).get(e.competencyId)?.entryId).not.toBe(e.id);
            }
          }
        }),
      );
    });

    it('does not depend on the order of the input', () => {
      fc.assert(
        fc.property(
          ledger.chain((l) => fc.tuple(fc.constant(l), fc.shuffledSubarray(l, { minLength: l.length }))),
          asOfHour,
          ([entries, shuffled], hour) => {
            expect(profileAsOf(shuffled, at(hour))).toEqual(profileAsOf(entries, at(hour)));
            expect(effectiveEntries(shuffled, at(hour))).toEqual(effectiveEntries(entries, at(hour)));
          },
        ),
      );
    });
  });
});
