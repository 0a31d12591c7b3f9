import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase, loadReferenceData } from '@mahir/persistence';

/*
 * A fault drill breaks processes on purpose, so it never touches what other test files share: it
 * gets a database, a queue prefix and worker processes of its own, and removes them afterwards.
 */

const root = resolve(__dirname, '../../../../..');

export interface AppProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

// tools/jest/app-process.js is plain JavaScript shared with the Jest global setup.
const appProcess = require(join(root, 'tools/jest/app-process.js')) as {
  startAppProcess(app: 'api' | 'worker', env: Record<string, string>, options?: { timeoutMs?: number }): Promise<AppProcess>;
  freePort(): Promise<number>;
};
export const freePort = appProcess.freePort;

export interface DrillEnvironment {
  db: DataSource;
  /** The environment a process of this drill runs with (its database, its queue prefix). */
  env: Record<string, string>;
  startWorker(overrides?: Record<string, string>): Promise<AppProcess>;
  startApi(overrides?: Record<string, string>): Promise<AppProcess>;
  /** Stops every process this drill started and drops its database. */
  close(): Promise<void>;
}

export async function createDrillEnvironment(name: string): Promise<DrillEnvironment> {
  const run = `${name}_${Date.now().toString(36)}${process.pid.toString(36)}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL || 'warn',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/mahir_drill_${run}`,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: process.env.REDIS_URL!,
    QUEUE_PREFIX: `{mahir-drill-${run.replace(/_/g, '-')}}`,
    // The S3 endpoint of the test run: the worker's readiness includes storage.
    S3_ENDPOINT: process.env.S3_ENDPOINT!,
    S3_REGION: process.env.S3_REGION ?? 'us-east-1',
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY!,
    S3_SECRET_KEY: process.env.S3_SECRET_KEY!,
    S3_BUCKET: process.env.S3_BUCKET!,
    // A killed worker's jobs come back after the lock lapses: keep that short for a drill.
    JOB_LOCK_SECONDS: '2',
    OUTBOX_POLL_SECONDS: '1',
    // For a drill that drives the API as a process: learners sign in from one address.
    JWT_SECRET: `drill-${run}-0123456789abcdefghijklmnopqrstuvwxyz`,
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
  };
  await ensureDatabase(env.DATABASE_URL);
  const db = await createDataSource({ url: env.DATABASE_URL, poolSize: 4 }).initialize();
  await db.runMigrations({ transaction: 'each' });
  await loadReferenceData(db);

  const started: AppProcess[] = [];
  return {
    db,
    env,
    async startWorker(overrides = {}) {
      const worker = await appProcess.startAppProcess('worker', { ...env, ...overrides });
      started.push(worker);
      return worker;
    },
    async startApi(overrides = {}) {
      const api = await appProcess.startAppProcess('api', { ...env, ...overrides });
      started.push(api);
      return api;
    },
    async close() {
      // Gracefully, but a process stuck on a dead service (a failed drill) is killed after 5 s.
      await Promise.all(started.map((p) => Promise.race([p.stop(), new Promise((r) => setTimeout(r, 5000).unref()).then(() => p.kill())])));
      await db.destroy();
      await dropDatabase(env.DATABASE_URL);
    },
  };
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL: a crash, not a clean shutdown. */
  stop(): Promise<void>;
  /** Again on the same port, from its append-only file. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A redis-server of the drill's own on a free loopback port. It keeps what it acknowledged in an
 * append-only file synced on every write, as production Redis must for BullMQ (docs/decisions/0013):
 * a crash then loses no job Redis accepted, and the outbox holds everything Redis never accepted.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mahir-drill-redis-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    const until = Date.now() + 5000;
    for (;;) {
      if (await answersPing(port)) return;
      if (Date.now() > until) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answersPing(port: number): Promise<boolean> {
  const { Socket } = await import('node:net');
  return new Promise((resolvePing) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolvePing(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}
