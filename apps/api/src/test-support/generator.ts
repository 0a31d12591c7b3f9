import { join } from 'node:path';

// tools/jest/app-process.js is plain JavaScript shared with the Jest global setup.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAppProcess } = require(join(__dirname, '../../../../tools/jest/app-process.js')) as {
  startAppProcess(app: 'certificates', env: Record<string, string>, options?: { timeoutMs?: number }): Promise<{ stop(): Promise<unknown>; output(): string }>;
};

/** The certificate generator's environment: the test run's services, QR codes pointing at a fixed public URL. */
export function generatorEnv(): Record<string, string> {
  const keys = ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'HOME'];
  const env: Record<string, string> = { LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL || 'warn', PUBLIC_URL: 'https://mahir.example.go.id' };
  for (const key of keys) if (process.env[key]) env[key] = process.env[key] as string;
  return env;
}

/** The certificate generator as a real process on the shared queues (it consumes every test file's certificate jobs meanwhile). */
export function startGenerator(): Promise<{ stop(): Promise<unknown>; output(): string }> {
  return startAppProcess('certificates', generatorEnv(), { timeoutMs: 45_000 });
}
