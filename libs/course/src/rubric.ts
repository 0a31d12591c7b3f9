/*
 * Rubrics for work a person grades (essays): criteria × levels, each level worth some points.
 * A grade by rubric picks one level per criterion; the points are the sum of the picked levels.
 */

export interface RubricLevel {
  id: string;
  title: string;
  /** >= 0, at most 2 decimals */
  points: number;
}

export interface RubricCriterion {
  id: string;
  title: string;
  levels: RubricLevel[];
}

export interface RubricSelection {
  criterionId: string;
  levelId: string;
}

/** A selection with the points of its level at grading time (kept with the grade). */
export interface ScoredSelection extends RubricSelection {
  points: number;
}

/** One broken rule, with the path of the offending part (e.g. `criteria.1.levels.0.points`). */
export interface RubricProblem {
  path: string;
  rule: 'rubric.empty' | 'rubric.tooMany' | 'rubric.duplicateId' | 'rubric.badId' | 'rubric.badTitle' | 'rubric.badPoints' | 'rubric.aboveMaximum' | 'rubric.noLevels';
}

export const RUBRIC_LIMITS = { criteria: 20, levels: 10, idLength: 50, titleLength: 200 } as const;

const ID = /^[A-Za-z0-9_-]+$/;
const validId = (id: unknown): id is string => typeof id === 'string' && id.length >= 1 && id.length <= RUBRIC_LIMITS.idLength && ID.test(id);
const validTitle = (t: unknown) => typeof t === 'string' && t.trim().length >= 1 && t.length <= RUBRIC_LIMITS.titleLength;
const validPoints = (p: unknown): p is number => typeof p === 'number' && Number.isFinite(p) && p >= 0 && Math.round(p * 100) === p * 100;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The most a rubric can award: the best level of every criterion. */
export function rubricMaximum(criteria: readonly RubricCriterion[]): number {
  return round2(criteria.reduce((sum, c) => sum + Math.max(0, ...c.levels.map((l) => l.points)), 0));
}

/**
 * Every problem of a rubric at once: 1–20 criteria of 1–10 levels, ids unique (criteria among
 * themselves, levels within their criterion), titles given, points >= 0 with at most 2 decimals,
 * and the best levels together no more than `maxPoints` (the question's points).
 */
export function rubricProblems(criteria: readonly RubricCriterion[], maxPoints: number): RubricProblem[] {
  const problems: RubricProblem[] = [];
  if (criteria.length === 0) return [{ path: 'criteria', rule: 'rubric.empty' }];
  if (criteria.length > RUBRIC_LIMITS.criteria) problems.push({ path: 'criteria', rule: 'rubric.tooMany' });
  const criterionIds = new Set<string>();
  criteria.forEach((c, i) => {
    const at = `criteria.${i}`;
    if (!validId(c.id)) problems.push({ path: `${at}.id`, rule: 'rubric.badId' });
    else if (criterionIds.has(c.id)) problems.push({ path: `${at}.id`, rule: 'rubric.duplicateId' });
    else criterionIds.add(c.id);
    if (!validTitle(c.title)) problems.push({ path: `${at}.title`, rule: 'rubric.badTitle' });
    if (c.levels.length === 0) problems.push({ path: `${at}.levels`, rule: 'rubric.noLevels' });
    if (c.levels.length > RUBRIC_LIMITS.levels) problems.push({ path: `${at}.levels`, rule: 'rubric.tooMany' });
    const levelIds = new Set<string>();
    c.levels.forEach((l, j) => {
      const lat = `${at}.levels.${j}`;
      if (!validId(l.id)) problems.push({ path: `${lat}.id`, rule: 'rubric.badId' });
      else if (levelIds.has(l.id)) problems.push({ path: `${lat}.id`, rule: 'rubric.duplicateId' });
      else levelIds.add(l.id);
      if (!validTitle(l.title)) problems.push({ path: `${lat}.title`, rule: 'rubric.badTitle' });
      if (!validPoints(l.points)) problems.push({ path: `${lat}.points`, rule: 'rubric.badPoints' });
    });
  });
  if (problems.length === 0 && rubricMaximum(criteria) > maxPoints + 1e-9) problems.push({ path: 'criteria', rule: 'rubric.aboveMaximum' });
  return problems;
}

export type RubricScore =
  | { ok: true; points: number; selections: ScoredSelection[] }
  /** `path` indexes the selections sent (e.g. `rubric.2.levelId`), or `rubric` for a criterion left out. */
  | { ok: false; problems: { path: string; rule: 'rubric.unknownCriterion' | 'rubric.unknownLevel' | 'rubric.duplicateCriterion' | 'rubric.missingCriterion' }[] };

/** Scores a grade by rubric: exactly one known level for every criterion, in any order. */
export function scoreRubric(criteria: readonly RubricCriterion[], picked: readonly RubricSelection[]): RubricScore {
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const problems: Extract<RubricScore, { ok: false }>['problems'] = [];
  const selections: ScoredSelection[] = [];
  picked.forEach((s, i) => {
    const criterion = byId.get(s.criterionId);
    if (!criterion) return problems.push({ path: `rubric.${i}.criterionId`, rule: 'rubric.unknownCriterion' });
    if (seen.has(s.criterionId)) return problems.push({ path: `rubric.${i}.criterionId`, rule: 'rubric.duplicateCriterion' });
    seen.add(s.criterionId);
    const level = criterion.levels.find((l) => l.id === s.levelId);
    if (!level) return problems.push({ path: `rubric.${i}.levelId`, rule: 'rubric.unknownLevel' });
    selections.push({ criterionId: s.criterionId, levelId: s.levelId, points: level.points });
    return undefined;
  });
  if (criteria.some((c) => !seen.has(c.id))) problems.push({ path: 'rubric', rule: 'rubric.missingCriterion' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, points: round2(selections.reduce((sum, s) => sum + s.points, 0)), selections };
}
