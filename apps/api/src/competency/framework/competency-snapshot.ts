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

/** Levels in a stable form (by level, trimmed texts), so two sets compare by value. */
export function normalisedLevels(levels: { level: number; description: string; indicators?: string[] }[]): LevelContent[] {
  return [...levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({ level: l.level, description: l.description, indicators: [...(l.indicators ?? [])] }));
}
