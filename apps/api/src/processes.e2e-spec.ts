import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The three apps as real processes, from the compiled tree (npm test builds it):
 * they refuse a bad configuration naming the variable, and stop cleanly on SIGTERM.
 */
const root = resolve(__dirname, '../../..');
const paths = join(root, 'tools/paths.js');
const main = (app: string) => join(root, `dist/apps/${app}/src/main.js`);
// A working directory without a .env file, so only the environment given here counts.
const cwd = mkdtempSync(join(tmpdir(), 'mahir-proc-'));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runApp(app: string, env: Record<string, string | undefined>, onReady?: (child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['-r', paths, main(app)], { cwd, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (onReady && /listening|running/.test(stdout)) {
        const ready = onReady;
        onReady = undefined;
        ready(child);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A port the OS says is free now (a random guess could hit one a parallel test holds). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

const env = (extra: Record<string, string | undefined>) => ({ PATH: process.env.PATH, ...pick(process.env), ...extra });
function pick(e: NodeJS.ProcessEnv) {
  const keys = ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'JWT_SECRET'];
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}

describe('app processes', () => {
  it.each([
    ['api', { JWT_SECRET: undefined }, 'JWT_SECRET is missing'],
    ['api', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL is invalid: must be a postgres:// URL'],
    ['worker', { REDIS_URL: undefined }, 'REDIS_URL is missing'],
    ['certificates', { S3_BUCKET: 'Not_A_Bucket' }, 'S3_BUCKET is invalid: must be a valid bucket name'],
  ])('%s refuses to start and names the bad variable (%o)', async (app, extra, message) => {
    const result = await runApp(app, env(extra));
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['api', 'API_PORT'],
    ['worker', 'WORKER_PORT'],
    ['certificates', 'CERTIFICATES_PORT'],
  ])('%s logs JSON lines and exits 0 on SIGTERM', async (app, portVar) => {
    const result = await runApp(app, env({ [portVar]: String(await freePort()), LOG_LEVEL: 'info' }), (child) =>
      child.kill('SIGTERM'),
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => typeof l.level === 'string' && typeof l.time === 'string' && l.service === app)).toBe(true);
  });
});
