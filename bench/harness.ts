import { writeFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  budget?: string;
  note?: string;
}

const results: BenchResult[] = [];

/** Prints `BENCH <name> <value> <unit>` and keeps the figure for bench-results.json. */
export function report(result: BenchResult): void {
  results.push(result);
  console.log(`BENCH ${result.name} ${result.value} ${result.unit}`);
}

export function writeResults(path: string, meta: Record<string, unknown>): void {
  writeFileSync(path, JSON.stringify({ ...meta, results }, null, 2) + '\n');
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
