/** Competency types of PermenPANRB 38/2017. */
export const COMPETENCY_TYPES = ['teknis', 'manajerial', 'sosial_kultural'] as const;
export type CompetencyType = (typeof COMPETENCY_TYPES)[number];

export const COMPETENCY_LEVELS = [1, 2, 3, 4, 5] as const;
export type CompetencyLevel = (typeof COMPETENCY_LEVELS)[number];

export function isCompetencyLevel(n: unknown): n is CompetencyLevel {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;
}

/** One JP (jam pelajaran) is 45 minutes; JP are stored as minutes to stay integral. */
export const MINUTES_PER_JP = 45;
/** Every ASN must receive at least 20 JP of competency development per calendar year. */
export const YEARLY_JP_OBLIGATION = 20;
