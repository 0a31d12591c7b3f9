import { isCompetencyLevel, type CompetencyLevel } from '../competency/competency-level';

export type Standard = ReadonlyMap<string, CompetencyLevel>; // competencyId → required level

export interface GapItem {
  competencyId: string;
  required: CompetencyLevel;
  held: 0 | CompetencyLevel;
  shortfall: number;
  status: 'met' | 'below' | 'missing';
}

export interface Gap {
  /** One per competency of the standard, sorted by shortfall desc then competencyId. */
  items: GapItem[];
  /** CompetencyIds of the standard held at no level, in the order of `items`. */
  missing: string[];
  /** Sum of shortfalls. */
  totalShortfall: number;
  /** 100 * sum(min(held, required)) / sum(required), one decimal; 100 for an empty standard. */
  matchScore: number;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * held: competencyId → level held (e.g. from profileAsOf, mapped to levels). Competencies held but not in the standard are ignored.
 * A held level of 0 (or no entry) means missing. Throws RangeError for a required level outside 1–5
 * or a held level outside 0–5. matchScore is rounded down, so 100 means exactly "no shortfall".
 */
export function gapOf(held: ReadonlyMap<string, number>, standard: Standard): Gap {
  const items: GapItem[] = [];
  let sumRequired = 0;
  let sumMet = 0;
  for (const [competencyId, required] of standard) {
    if (!isCompetencyLevel(required)) throw new RangeError(`required level of ${competencyId} must be 1–5, got ${String(required)}`);
    const raw = held.get(competencyId) ?? 0;
    if (raw !== 0 && !isCompetencyLevel(raw)) throw new RangeError(`held level of ${competencyId} must be 0–5, got ${String(raw)}`);
    const level = raw as 0 | CompetencyLevel;
    const shortfall = Math.max(0, required - level);
    items.push({ competencyId, required, held: level, shortfall, status: shortfall === 0 ? 'met' : level === 0 ? 'missing' : 'below' });
    sumRequired += required;
    sumMet += Math.min(level, required);
  }
  items.sort((a, b) => b.shortfall - a.shortfall || compareIds(a.competencyId, b.competencyId));
  return {
    items,
    missing: items.filter((i) => i.status === 'missing').map((i) => i.competencyId),
    totalShortfall: items.reduce((sum, i) => sum + i.shortfall, 0),
    // Integer division first, so a whole score is exact and never rounds up to 100.
    matchScore: sumRequired === 0 ? 100 : Math.floor((1000 * sumMet) / sumRequired) / 10,
  };
}
