import type { CompetencyLevel } from '../competency/competency-level';
import type { Gap, GapItem } from '../gap/gap';

export interface CourseOffer {
  courseId: string;
  title: string;
  jpMinutes: number;
  grants: readonly { competencyId: string; level: CompetencyLevel }[];
}

export interface ClosedGap {
  competencyId: string;
  from: 0 | CompetencyLevel;
  to: CompetencyLevel;
  required: CompetencyLevel;
}

export interface Recommendation {
  rank: number;
  courseId: string;
  title: string;
  jpMinutes: number;
  /** Why: the gaps this course closes (to >= required). */
  closes: ClosedGap[];
}

export interface RecommendationResult {
  courses: Recommendation[];
  /** CompetencyIds no offered course closes, in the order of gap.items. */
  uncovered: string[];
  totalJpMinutes: number;
}

/** Above this many relevant courses the exact search may blow up, so greedy set cover takes over. */
export const EXACT_COVER_LIMIT = 25;

interface Candidate {
  offer: CourseOffer;
  closes: ClosedGap[];
  /** Bit b set when the course closes the b-th closable gap. */
  mask: bigint;
  shortfallClosed: number;
}

interface Cover {
  picks: number[]; // candidate indices, ascending = courseId order
  jp: number;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function popcount(mask: bigint): number {
  let n = 0;
  for (let m = mask; m !== 0n; m &= m - 1n) n++;
  return n;
}

/** Smaller set, then less JP, then the lexicographically smaller list of courseIds. */
function better(a: Cover, b: Cover | null): boolean {
  if (b === null) return true;
  if (a.picks.length !== b.picks.length) return a.picks.length < b.picks.length;
  if (a.jp !== b.jp) return a.jp < b.jp;
  const pa = [...a.picks].sort((x, y) => x - y);
  const pb = [...b.picks].sort((x, y) => x - y);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i];
  return false;
}

function candidatesFor(gaps: GapItem[], offers: readonly CourseOffer[]): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const offer of offers) {
    if (!Number.isSafeInteger(offer.jpMinutes) || offer.jpMinutes < 0) {
      throw new RangeError(`course ${offer.courseId}: jpMinutes must be a non-negative integer, got ${String(offer.jpMinutes)}`);
    }
    if (seen.has(offer.courseId)) continue; // a course is listed once: the first offer of an id wins
    seen.add(offer.courseId);
    const granted = new Map<string, CompetencyLevel>();
    for (const g of offer.grants) granted.set(g.competencyId, Math.max(granted.get(g.competencyId) ?? 0, g.level) as CompetencyLevel);
    const closes: ClosedGap[] = [];
    let shortfallClosed = 0;
    for (const gap of gaps) {
      const to = granted.get(gap.competencyId);
      if (to === undefined || to < gap.required) continue;
      closes.push({ competencyId: gap.competencyId, from: gap.held, to, required: gap.required });
      shortfallClosed += gap.shortfall;
    }
    if (closes.length > 0) candidates.push({ offer, closes, mask: 0n, shortfallClosed });
  }
  return candidates.sort((a, b) => compareIds(a.offer.courseId, b.offer.courseId));
}

/** Courses with the same closes as a better one never appear in an optimal cover; dropping them keeps search small. */
function distinctByCoverage(candidates: Candidate[]): number[] {
  const bestByMask = new Map<bigint, number>();
  candidates.forEach((c, i) => {
    const j = bestByMask.get(c.mask);
    if (j === undefined || c.offer.jpMinutes < candidates[j].offer.jpMinutes) bestByMask.set(c.mask, i);
  });
  return [...bestByMask.values()].sort((a, b) => a - b);
}

/** Greedy set cover, then drop any course the others make redundant (so the result is irredundant). */
function greedyCover(candidates: Candidate[], pool: number[], universe: bigint): Cover {
  const picks: number[] = [];
  let uncovered = universe;
  while (uncovered !== 0n) {
    let best = -1;
    let bestGain = 0;
    for (const i of pool) {
      const gain = popcount(candidates[i].mask & uncovered);
      if (gain === 0) continue;
      const jp = candidates[i].offer.jpMinutes;
      if (best < 0 || gain > bestGain || (gain === bestGain && jp < candidates[best].offer.jpMinutes)) {
        best = i;
        bestGain = gain;
      }
    }
    picks.push(best);
    uncovered &= ~candidates[best].mask;
  }
  const dearestFirst = [...picks].sort((a, b) => candidates[b].offer.jpMinutes - candidates[a].offer.jpMinutes || b - a);
  const kept = new Set(picks);
  for (const i of dearestFirst) {
    let others = 0n;
    for (const j of kept) if (j !== i) others |= candidates[j].mask;
    if ((others & universe) === universe) kept.delete(i);
  }
  const chosen = [...kept].sort((a, b) => a - b);
  return { picks: chosen, jp: chosen.reduce((sum, i) => sum + candidates[i].offer.jpMinutes, 0) };
}

/** Branch and bound: branch on the uncovered gap with the fewest courses that close it. */
function exactCover(candidates: Candidate[], pool: number[], universe: bigint, start: Cover): Cover {
  let best = start;
  const gapCount = popcount(universe);
  const coursesFor: number[][] = Array.from({ length: gapCount }, (_, g) =>
    pool
      .filter((i) => (candidates[i].mask >> BigInt(g)) & 1n)
      .sort((a, b) => candidates[a].offer.jpMinutes - candidates[b].offer.jpMinutes || a - b),
  );

  const search = (uncovered: bigint, picks: number[], jp: number, banned: Set<number>): void => {
    if (uncovered === 0n) {
      const cover = { picks: [...picks], jp };
      if (better(cover, best)) best = cover;
      return;
    }
    let widest = 0;
    let pivot = -1;
    let pivotChoices = Infinity;
    for (let g = 0; g < gapCount; g++) {
      if (!((uncovered >> BigInt(g)) & 1n)) continue;
      const choices = coursesFor[g].filter((i) => !banned.has(i));
      if (choices.length === 0) return; // this branch banned every course for gap g
      if (choices.length < pivotChoices) [pivot, pivotChoices] = [g, choices.length];
      for (const i of choices) widest = Math.max(widest, popcount(candidates[i].mask & uncovered));
    }
    const needed = picks.length + Math.ceil(popcount(uncovered) / widest);
    if (needed > best.picks.length || (needed === best.picks.length && jp > best.jp)) return;

    const tried = new Set(banned);
    for (const i of coursesFor[pivot]) {
      if (banned.has(i)) continue;
      picks.push(i);
      search(uncovered & ~candidates[i].mask, picks, jp + candidates[i].offer.jpMinutes, tried);
      picks.pop();
      tried.add(i); // later branches skip i: every cover holding i was seen in this one
    }
  };
  search(universe, [], 0, new Set());
  return best;
}

/**
 * The SMALLEST set of courses that closes every closable gap (a course closes a gap when it grants that competency at a level >= required).
 * Among smallest sets, the one with the least total JP; then deterministic by courseId. Exact (branch and bound) when at most 25
 * courses are relevant, greedy set cover beyond that. Ranked: the course closing the most gaps first, then larger total shortfall
 * closed, then less JP, then courseId. Gaps with shortfall 0 are ignored. A course is listed once; `closes` lists only gaps it closes.
 *
 * "Deterministic by courseId" = the lexicographically smallest sorted list of courseIds. Courses that close
 * exactly the same gaps count once towards the limit of 25. A course offered twice under one id: the first offer counts.
 */
export function recommendCourses(gap: Gap, offers: readonly CourseOffer[]): RecommendationResult {
  const open: GapItem[] = [];
  for (const g of gap.items) if (g.shortfall > 0 && !open.some((o) => o.competencyId === g.competencyId)) open.push(g);
  const candidates = candidatesFor(open, offers);

  // Bit b of a mask stands for the b-th closable gap, so the universe is a dense bit range.
  const bit = new Map<string, bigint>();
  for (const g of open) if (candidates.some((c) => c.closes.some((x) => x.competencyId === g.competencyId))) bit.set(g.competencyId, BigInt(bit.size));
  for (const c of candidates) c.mask = c.closes.reduce((mask, x) => mask | (1n << (bit.get(x.competencyId) as bigint)), 0n);
  const universe = (1n << BigInt(bit.size)) - 1n;
  const uncovered = open.filter((g) => !bit.has(g.competencyId)).map((g) => g.competencyId);

  let cover: Cover = { picks: [], jp: 0 };
  if (universe !== 0n) {
    const pool = distinctByCoverage(candidates);
    cover = greedyCover(candidates, pool, universe);
    if (pool.length <= EXACT_COVER_LIMIT) cover = exactCover(candidates, pool, universe, cover);
  }

  const chosen = cover.picks
    .map((i) => candidates[i])
    .sort(
      (a, b) =>
        b.closes.length - a.closes.length ||
        b.shortfallClosed - a.shortfallClosed ||
        a.offer.jpMinutes - b.offer.jpMinutes ||
        compareIds(a.offer.courseId, b.offer.courseId),
    );
  return {
    courses: chosen.map((c, i) => ({ rank: i + 1, courseId: c.offer.courseId, title: c.offer.title, jpMinutes: c.offer.jpMinutes, closes: c.closes })),
    uncovered,
    totalJpMinutes: cover.jp,
  };
}
