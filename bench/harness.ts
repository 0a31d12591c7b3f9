import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

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

/** A loopback port that is free now (for an app process the bench starts). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits up to 30 s for a URL (a health check) to answer 2xx. */
export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never became ready`);
}
