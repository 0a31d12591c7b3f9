import { existsSync } from 'node:fs';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  /** BullMQ key prefix; braces make it a Redis Cluster hash tag so one queue stays on one slot. */
  QUEUE_PREFIX: z.string().regex(/^\{[a-z0-9-]+\}$/, 'must look like {mahir}').default('{mahir}'),
  S3_ENDPOINT: z.url(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(1),
  S3_SECRET_KEY: z.string().min(1),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid bucket name'),
});

const apiSchema = baseSchema.extend({
  API_PORT: port(3000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: seconds(900),
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600),
  /** Failed logins allowed per account, then per address, within the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  LOGIN_WINDOW_SECONDS: seconds(900),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  IMPORT_LIMIT_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  /** Largest evidence file (PDF, PNG, JPEG) attached to a ledger entry. */
  EVIDENCE_LIMIT_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Portal sessions end after this long without a request, and after the absolute limit whatever happens. */
  PORTAL_SESSION_IDLE_SECONDS: seconds(8 * 3600),
  PORTAL_SESSION_MAX_SECONDS: seconds(12 * 3600),
  /** Marks the session cookie Secure; on by default, off only for plain-HTTP development and tests. */
  PORTAL_SECURE_COOKIES: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

const workerSchema = baseSchema.extend({
  WORKER_PORT: port(3001),
  /** Jobs run at once per queue. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
  /** A job whose worker stopped renewing its lock (a killed process) is handed to another worker after this long. */
  JOB_LOCK_SECONDS: seconds(30),
  /** The relay wakes on NOTIFY; this slow poll only covers a notification lost while reconnecting. */
  OUTBOX_POLL_SECONDS: seconds(5),
  /** Outgoing mail (notifications); the default is a local sink for development. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:1025'),
  /** Connect, greeting and socket timeouts of one SMTP conversation; a timeout fails the job, which BullMQ retries. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
  /** The sender when an agency names none of its own. */
  MAIL_FROM: z.string().min(3).default('Mahir <noreply@mahir.go.id>'),
});
const certificatesSchema = baseSchema.extend({
  CERTIFICATES_PORT: port(3002),
  /** Debian's chromium; the generator drives it with playwright-core. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Chromium pages kept warm, each printing one batch at a time. */
  CERTIFICATE_RENDER_PAGES: z.coerce.number().int().min(1).max(16).default(2),
  /** Most certificates one page prints at once when they queue up (one print costs ~20 ms whatever it holds). */
  CERTIFICATE_RENDER_BATCH: z.coerce.number().int().min(1).max(32).default(8),
  /** A tenant without a signing key gets a generated self-signed one (demo agencies); false leaves its PDFs unsigned. */
  CERTIFICATE_DEMO_KEYS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type BaseConfig = z.infer<typeof baseSchema>;
export type ApiConfig = z.infer<typeof apiSchema>;
export type WorkerConfig = z.infer<typeof workerSchema>;
export type CertificatesConfig = z.infer<typeof certificatesSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parse<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const missing = env[name] === undefined || env[name] === '';
    return missing ? `${name} is missing` : `${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** Reads `.env` from the working directory if present; real environment variables win. */
function environment(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

export const loadBaseConfig = (env: Env = environment()) => parse(baseSchema, env);
export const loadApiConfig = (env: Env = environment()) => parse(apiSchema, env);
export const loadWorkerConfig = (env: Env = environment()) => parse(workerSchema, env);
export const loadCertificatesConfig = (env: Env = environment()) => parse(certificatesSchema, env);
