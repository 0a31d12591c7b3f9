import fc from 'fast-check';
import type { CompetencyLevel } from '../competency/competency-level';
import { gapOf, type Standard } from './gap';

const level = fc.constantFrom<CompetencyLevel>(1, 2, 3, 4, 5);
const ids = ['integritas', 'kerja_sama', 'komunikasi', 'perekat_bangsa', 'teknis_01', 'teknis_02'];
const standard: fc.Arbitrary<Standard> = fc.dictionary(fc.constantFrom(...ids), level).map((d) => new Map(Object.entries(d)));
const held = fc.dictionary(fc.constantFrom(...ids, 'outside_standard'), fc.integer({ min: 0, max: 5 })).map((d) => new Map(Object.entries(d)));

describe('gapOf', () => {
  it('lists met, below and missing competencies, worst first', () => {
    const gap = gapOf(
      new Map([['integritas', 3], ['komunikasi', 1], ['hobby', 5]]),
      new Map<string, CompetencyLevel>([['integritas', 3], ['komunikasi', 3], ['kerja_sama', 2], ['perekat_bangsa', 2]]),
    );
    expect(gap).toEqual({
      items: [
        { competencyId: 'kerja_sama', required: 2, held: 0, shortfall: 2, status: 'missing' },
        { competencyId: 'komunikasi', required: 3, held: 1, shortfall: 2, status: 'below' },
        { competencyId: 'perekat_bangsa', required: 2, held: 0, shortfall: 2, status: 'missing' },
        { competencyId: 'integritas', required: 3, held: 3, shortfall: 0, status: 'met' },
      ],
      missing: ['kerja_sama', 'perekat_bangsa'],
      totalShortfall: 6,
      matchScore: 40, // (3 + 1) / (3 + 3 + 2 + 2)
    });
  });

  it('scores an empty standard 100 and rounds down to one decimal', () => {
    expect(gapOf(new Map(), new Map()).matchScore).toBe(100);
    expect(gapOf(new Map([['a', 2]]), new Map<string, CompetencyLevel>([['a', 3]])).matchScore).toBe(66.6);
    expect(gapOf(new Map([['a', 5]]), new Map<string, CompetencyLevel>([['a', 3]])).items[0]).toMatchObject({ held: 5, shortfall: 0, status: 'met' });
  });

  it('refuses levels outside the scale', () => {
    expect(() => gapOf(new Map(), new Map([['a', 6 as CompetencyLevel]]))).toThrow(RangeError);
    expect(() => gapOf(new Map([['a', 2.5]]), new Map<string, CompetencyLevel>([['a', 3]]))).toThrow(RangeError);
    expect(() => gapOf(new Map([['a', -1]]), new Map<string, CompetencyLevel>([['a', 3]]))).toThrow(RangeError);
  });

  describe('properties', () => {
    it('shortfall is max(0, required - held), one item per standard competency, sorted', () => {
      fc.assert(
        fc.property(held, standard, (h, s) => {
          const gap = gapOf(h, s);
          expect(gap.items.map((i) => i.competencyId).sort()).toEqual([...s.keys()].sort());
          for (const item of gap.items) {
            expect(item.held).toBe(h.get(item.competencyId) ?? 0);
            expect(item.shortfall).toBe(Math.max(0, item.required - item.held));
            expect(item.status).toBe(item.shortfall === 0 ? 'met' : item.held === 0 ? 'missing' : 'below');
          }
          for (let i = 1; i < gap.items.length; i++) {
            const [a, b] = [gap.items[i - 1], gap.items[i]];
            expect(a.shortfall > b.shortfall || (a.shortfall === b.shortfall && a.competencyId < b.competencyId)).toBe(true);
          }
          expect(gap.missing).toEqual(gap.items.filter((i) => i.held === 0).map((i) => i.competencyId));
          expect(gap.totalShortfall).toBe(gap.items.reduce((sum, i) => sum + i.shortfall, 0));
        }),
      );
    });

    it('matchScore lies in [0, 100] with one decimal, and is 100 exactly when nothing falls short', () => {
      fc.assert(
        fc.property(held, standard, (h, s) => {
          const { matchScore, totalShortfall } = gapOf(h, s);
          expect(matchScore).toBeGreaterThanOrEqual(0);
          expect(matchScore).toBeLessThanOrEqual(100);
          expect(Math.round(matchScore * 10) / 10).toBe(matchScore);
          expect(matchScore === 100).toBe(totalShortfall === 0);
        }),
      );
    });

    it('100 means no shortfall even for very large standards', () => {
      const big = new Map<string, CompetencyLevel>(Array.from({ length: 1000 }, (_, i) => [`c${i}`, 5]));
      const almost = new Map(Array.from({ length: 1000 }, (_, i) => [`c${i}`, i === 0 ? 4 : 5]));
      expect(gapOf(almost, big).matchScore).toBe(99.9);
    });
  });
});
