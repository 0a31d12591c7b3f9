import fc from 'fast-check';
import type { CompetencyLevel } from '../competency/competency-level';
import { gapOf, type Gap } from '../gap/gap';
import { recommendCourses, type CourseOffer } from './recommend';

const L = (n: number) => n as CompetencyLevel;
const offer = (courseId: string, jpMinutes: number, grants: Record<string, number>): CourseOffer => ({
  courseId,
  title: `Kursus ${courseId}`,
  jpMinutes,
  grants: Object.entries(grants).map(([competencyId, level]) => ({ competencyId, level: L(level) })),
});
const gapFrom = (held: Record<string, number>, standard: Record<string, number>): Gap =>
  gapOf(new Map(Object.entries(held)), new Map(Object.entries(standard).map(([k, v]) => [k, L(v)])));

/** The gaps (shortfall > 0) an offer closes. */
const closedBy = (gap: Gap, o: CourseOffer) =>
  gap.items.filter((g) => g.shortfall > 0 && o.grants.some((x) => x.competencyId === g.competencyId && x.level >= g.required)).map((g) => g.competencyId);
const coversAll = (gap: Gap, chosen: CourseOffer[], targets: string[]) => {
  const closed = new Set(chosen.flatMap((o) => closedBy(gap, o)));
  return targets.every((t) => closed.has(t));
};

describe('recommendCourses', () => {
  const gap = gapFrom({ integritas: 1, komunikasi: 2 }, { integritas: 3, komunikasi: 3, kerja_sama: 2, perekat_bangsa: 2, pelayanan_publik: 1 });

  it('picks the fewest courses, explains each, and names what no course closes', () => {
    const offers = [
      offer('A', 900, { integritas: 3, komunikasi: 3 }),
      offer('B', 450, { integritas: 4 }),
      offer('C', 450, { komunikasi: 3 }),
      offer('D', 270, { kerja_sama: 2, komunikasi: 2 }), // komunikasi 2 does not reach 3
      offer('E', 90, { kerja_sama: 5 }),
      offer('F', 180, { integritas: 3, komunikasi: 4, kerja_sama: 2 }),
    ];
    const result = recommendCourses(gap, offers);
    expect(result).toEqual({
      courses: [
        {
          rank: 1,
          courseId: 'F',
          title: 'Kursus F',
          jpMinutes: 180,
          closes: [
            { competencyId: 'integritas', from: 1, to: 3, required: 3 },
            { competencyId: 'kerja_sama', from: 0, to: 2, required: 2 },
            { competencyId: 'komunikasi', from: 2, to: 4, required: 3 },
          ],
        },
      ],
      uncovered: ['perekat_bangsa', 'pelayanan_publik'],
      totalJpMinutes: 180,
    });
  });

  it('prefers less JP among equally small sets, then smaller courseIds', () => {
    const offers = [offer('X', 900, { integritas: 3, komunikasi: 3 }), offer('B', 450, { integritas: 3 }), offer('C', 450, { komunikasi: 3 })];
    const g = gapFrom({ integritas: 1, komunikasi: 2 }, { integritas: 3, komunikasi: 3 });
    expect(recommendCourses(g, offers).courses.map((c) => c.courseId)).toEqual(['X']);
    const twins = [offer('Q', 450, { integritas: 3 }), offer('P', 450, { integritas: 5 }), offer('R', 300, { komunikasi: 3 })];
    expect(recommendCourses(g, twins)).toMatchObject({ courses: [{ courseId: 'P' }, { courseId: 'R' }], totalJpMinutes: 750 });
  });

  it('ranks by gaps closed, then shortfall closed, then less JP, then courseId', () => {
    const g = gapFrom({}, { a: 1, b: 3, c: 2, d: 2, e: 2, f: 2 });
    const offers = [
      offer('small', 45, { a: 1 }),
      offer('deep', 90, { b: 3 }),
      offer('pair2', 900, { e: 2, f: 2 }),
      offer('pair1', 90, { c: 2, d: 2 }),
    ];
    const ranked = recommendCourses(g, offers).courses.map((c) => [c.rank, c.courseId]);
    expect(ranked).toEqual([[1, 'pair1'], [2, 'pair2'], [3, 'deep'], [4, 'small']]);
  });

  it('ignores gaps already met and lists a course once', () => {
    const g = gapFrom({ a: 3 }, { a: 3, b: 2 });
    const offers = [offer('A', 45, { a: 5, b: 2 }), offer('A', 10, { b: 5 })];
    const result = recommendCourses(g, offers);
    expect(result.courses).toEqual([{ rank: 1, courseId: 'A', title: 'Kursus A', jpMinutes: 45, closes: [{ competencyId: 'b', from: 0, to: 2, required: 2 }] }]);
    expect(recommendCourses(gapFrom({ a: 3 }, { a: 3 }), offers)).toEqual({ courses: [], uncovered: [], totalJpMinutes: 0 });
    expect(recommendCourses(g, [])).toEqual({ courses: [], uncovered: ['b'], totalJpMinutes: 0 });
  });

  it('refuses a negative or fractional JP', () => {
    expect(() => recommendCourses(gap, [offer('A', -1, { integritas: 3 })])).toThrow(RangeError);
    expect(() => recommendCourses(gap, [offer('A', 1.5, { integritas: 3 })])).toThrow(RangeError);
  });

  it('stays exact with 25 overlapping courses over 30 gaps', () => {
    const standard = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 3]));
    const g = gapFrom({}, standard);
    // Course i closes gaps i..i+5 (mod 30): 5 courses suffice (0, 6, 12, 18, 24), and no fewer can.
    const offers = Array.from({ length: 25 }, (_, i) =>
      offer(`c${String(i).padStart(2, '0')}`, 45 * (1 + (i % 3)), Object.fromEntries(Array.from({ length: 6 }, (_, d) => [`k${String((i + d) % 30).padStart(2, '0')}`, 3]))),
    );
    const result = recommendCourses(g, offers);
    expect(result.courses).toHaveLength(5);
    expect(result.uncovered).toEqual([]);
    expect(coversAll(g, offers.filter((o) => result.courses.some((c) => c.courseId === o.courseId)), g.items.map((i) => i.competencyId))).toBe(true);
  });

  it('finds the optimum where greedy set cover goes wrong', () => {
    const g = gapFrom({}, Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${String(i + 1).padStart(2, '0')}`, 2])));
    const over = (id: string, jp: number, nums: number[]) => offer(id, jp, Object.fromEntries(nums.map((n) => [`k${String(n).padStart(2, '0')}`, 2])));
    const offers = [
      over('S1', 45, [1, 2, 3, 4, 8, 9, 10, 11]), // greedy takes the widest course first…
      over('S2', 45, [5, 6, 12, 13]),
      over('S3', 45, [7, 14]), // …and needs three
      over('X', 450, [1, 2, 3, 4, 5, 6, 7]),
      over('Y', 450, [8, 9, 10, 11, 12, 13, 14]),
    ];
    expect(recommendCourses(g, offers)).toMatchObject({ courses: [{ courseId: 'X' }, { courseId: 'Y' }], totalJpMinutes: 900 });

    // Same size, but greedy's pair costs more JP.
    const cheap = [over('G', 900, [1, 2, 3, 5, 6]), over('H', 900, [4, 7, 8]), over('X', 45, [1, 2, 3, 4]), over('Y', 45, [5, 6, 7, 8])];
    const g8 = gapFrom({}, Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k0${i + 1}`, 2])));
    expect(recommendCourses(g8, cheap)).toMatchObject({ courses: [{ courseId: 'X' }, { courseId: 'Y' }], totalJpMinutes: 90 });
  });

  it('drops courses made redundant on the greedy path (more than 25 relevant courses)', () => {
    const g8 = gapFrom({}, Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k0${i + 1}`, 2])));
    const over = (id: string, jp: number, nums: number[]) => offer(id, jp, Object.fromEntries(nums.map((n) => [`k0${n}`, 2])));
    const pairs = [];
    for (let a = 1; a <= 8; a++) for (let b = a + 1; b <= 8; b++) pairs.push(over(`P${a}${b}`, 900, [a, b]));
    // Greedy takes G (5 gaps), then Y, then X; G is then redundant and must go.
    const offers = [over('G', 45, [1, 2, 3, 5, 6]), over('X', 45, [1, 2, 3, 4]), over('Y', 45, [5, 6, 7, 8]), ...pairs];
    expect(recommendCourses(g8, offers)).toMatchObject({ courses: [{ courseId: 'X' }, { courseId: 'Y' }], totalJpMinutes: 90 });
  });

  describe('properties', () => {
    const competencies = ['a', 'b', 'c', 'd', 'e', 'f'];
    const level = fc.integer({ min: 1, max: 5 });
    const gapArb = fc
      .tuple(fc.dictionary(fc.constantFrom(...competencies), fc.integer({ min: 0, max: 5 })), fc.dictionary(fc.constantFrom(...competencies), level))
      .map(([held, standard]) => gapFrom(held, standard));
    const offersArb = (max: number) =>
      fc.uniqueArray(
        fc.record({
          courseId: fc.string({ minLength: 1, maxLength: 3 }),
          jpMinutes: fc.constantFrom(45, 90, 135, 180),
          grants: fc.dictionary(fc.constantFrom(...competencies), level, { maxKeys: 3 }),
        }),
        { maxLength: max, selector: (o) => o.courseId },
      ).map((list) => list.map((o) => offer(o.courseId, o.jpMinutes, o.grants)));

    it('matches brute force over every subset for up to 8 offers', () => {
      fc.assert(
        fc.property(gapArb, offersArb(8), (gap, offers) => {
          const result = recommendCourses(gap, offers);
          const open = gap.items.filter((g) => g.shortfall > 0).map((g) => g.competencyId);
          const closable = open.filter((id) => offers.some((o) => closedBy(gap, o).includes(id)));
          expect(result.uncovered).toEqual(open.filter((id) => !closable.includes(id)));

          // Best subset by (size, JP, sorted courseIds).
          const key = (s: CourseOffer[]) => [s.length, s.reduce((sum, o) => sum + o.jpMinutes, 0), s.map((o) => o.courseId).sort()] as const;
          let best: ReturnType<typeof key> | null = null;
          for (let bits = 0; bits < 1 << offers.length; bits++) {
            const subset = offers.filter((_, i) => bits & (1 << i));
            if (!coversAll(gap, subset, closable)) continue;
            const k = key(subset);
            if (best === null || k[0] < best[0] || (k[0] === best[0] && (k[1] < best[1] || (k[1] === best[1] && lexLess(k[2], best[2]))))) best = k;
          }
          const chosen = result.courses.map((c) => c.courseId);
          expect([chosen.length, result.totalJpMinutes, [...chosen].sort()]).toEqual(best);

          // Minimality: no proper subset closes every closable gap (removing any one course breaks it).
          const picked = offers.filter((o) => chosen.includes(o.courseId));
          for (const drop of picked) expect(coversAll(gap, picked.filter((o) => o !== drop), closable)).toBe(false);
          // Each course explains itself with exactly the gaps it closes.
          for (const c of result.courses) {
            const o = offers.find((x) => x.courseId === c.courseId) as CourseOffer;
            expect(c.closes.map((x) => x.competencyId)).toEqual(closedBy(gap, o));
            for (const x of c.closes) expect(x.to).toBeGreaterThanOrEqual(x.required);
          }
          expect(result.courses.map((c) => c.rank)).toEqual(result.courses.map((_, i) => i + 1));
        }),
        { numRuns: 300 },
      );
    });

    it('beyond 25 relevant courses the greedy cover still closes everything and is irredundant', () => {
      // Distinct grant sets, so more than 25 courses stay relevant after identical ones are merged.
      const many = fc.uniqueArray(fc.tuple(fc.constantFrom(45, 90, 450), fc.subarray(competencies.concat(['g', 'h', 'i', 'j']), { minLength: 1, maxLength: 4 })), {
        minLength: 26,
        maxLength: 40,
        selector: ([, ids]) => ids.join(','),
      });
      fc.assert(
        fc.property(many, (specs) => {
          const gap = gapFrom({}, { a: 2, b: 2, c: 2, d: 2, e: 2, f: 2, g: 2, h: 2, i: 2, j: 2 });
          const offers = specs.map(([jp, ids], i) => offer(`o${String(i).padStart(2, '0')}`, jp, Object.fromEntries(ids.map((id) => [id, 2]))));
          const result = recommendCourses(gap, offers);
          const closable = gap.items.map((g) => g.competencyId).filter((id) => offers.some((o) => closedBy(gap, o).includes(id)));
          const picked = offers.filter((o) => result.courses.some((c) => c.courseId === o.courseId));
          expect(coversAll(gap, picked, closable)).toBe(true);
          for (const drop of picked) expect(coversAll(gap, picked.filter((o) => o !== drop), closable)).toBe(false);
          expect(result.totalJpMinutes).toBe(picked.reduce((sum, o) => sum + o.jpMinutes, 0));
        }),
        { numRuns: 100 },
      );
    });
  });
});

function lexLess(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}
