import type { ReviewedAttempt, ReviewedResult } from './apply-reviews';

/** A grade as the attempt row stores it, its numeric columns already read as numbers. */
export interface StoredGrade {
  scorePoints: number;
  scorePercent: number;
  passed: boolean | null;
  results: readonly ReviewedResult[] | null;
}

/** JSON with keys sorted: jsonb does not keep the key order it was given. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** Whether two per-question results say the same, whatever order jsonb gave their keys. */
export function sameResults(stored: readonly ReviewedResult[] | null, next: readonly ReviewedResult[]): boolean {
  return canonical(stored) === canonical(next);
}

/**
 * Whether a recomputed grade equals the stored one (score, percent, verdict and results), so
 * that a replayed or duplicate grading job changes and announces nothing.
 */
export function sameGrade(stored: StoredGrade, next: ReviewedAttempt): boolean {
  return stored.scorePoints === next.scorePoints && stored.scorePercent === next.scorePercent && stored.passed === next.passed && sameResults(stored.results, next.results);
}
