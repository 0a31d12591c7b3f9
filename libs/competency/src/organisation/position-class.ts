import type { CompetencyLevel } from '../competency/competency-level';

/** Position classes (kelas jabatan) of the ASN career system. */
export const POSITION_CLASSES = [
  'jpt_madya',
  'jpt_pratama',
  'administrator',
  'pengawas',
  'pelaksana',
  'fungsional',
] as const;
export type PositionClass = (typeof POSITION_CLASSES)[number];

/**
 * Usual managerial target level by class (PermenPANRB 38/2017); functional positions
 * set their own standard, so they have no default.
 */
export const DEFAULT_MANAGERIAL_TARGET: Record<PositionClass, CompetencyLevel | null> = {
  jpt_madya: 5,
  jpt_pratama: 4,
  administrator: 3,
  pengawas: 2,
  pelaksana: 1,
  fungsional: null,
};
