import type { ImportMode } from './import-query.dto';
import type { RowError } from './row-errors';

/** What every CSV import answers: counts by outcome, whether it wrote, and the broken rows. */
export interface ImportReport {
  mode: ImportMode;
  dryRun: boolean;
  /** Rows of the file, and how many are valid (written unless dryRun or refused). */
  rows: number;
  valid: number;
  invalid: number;
  /** Records of the valid rows, by what the import does to them. */
  created: number;
  updated: number;
  unchanged: number;
  written: boolean;
  errors: RowError[];
}
