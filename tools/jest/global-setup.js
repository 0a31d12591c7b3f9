// Prepares the real services for one test run: a fresh database (migrated once),
// an s3rver endpoint on a free loopback port with its own folder and bucket, and a
// Redis key prefix of its own. Needs the compiled tree (npm test builds it first).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('../paths');
const { startS3 } = require('../s3');
const { startSmtpSink } = require('./smtp-sink');

module.exports = async () => {
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const bucket = 'mahir-test';
  const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahir-s3-'));
  const s3 = await startS3({ port: 0, directory: s3dir, buckets: [bucket] });
  // Mail from the shared worker lands in a sink on loopback; tests read it back from this folder.
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahir-mail-'));
  const smtp = await startSmtpSink({ port: 0, directory: mailDir });

  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'silent',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/mahir_test_${run}`,
    REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `{mahir-test-${run}}`,
    S3_ENDPOINT: `http://127.0.0.1:${s3.port}`,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    S3_BUCKET: bucket,
    JWT_SECRET: `test-secret-${run}-0123456789abcdefghijklmnop`,
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    SMTP_URL: smtp.url,
    SMTP_TIMEOUT_MS: '1500',
    MAIL_SINK_DIR: mailDir,
    // Tests speak plain HTTP on loopback; production keeps the portal's cookies Secure.
    PORTAL_SECURE_COOKIES: 'false',
  };
  Object.assign(process.env, env);

  const { createDataSource, ensureDatabase, loadReferenceData } = require('../../dist/libs/persistence/src/index.js');
  await ensureDatabase(env.DATABASE_URL);
  const ds = await createDataSource({ url: env.DATABASE_URL, poolSize: 1 }).initialize();
  await ds.runMigrations({ transaction: 'each' });
  await loadReferenceData(ds);
  await ds.destroy();

  // The course-delivery worker as a real process: it relays the outbox and runs the spine's jobs
  // for every test file. Fault drills start workers of their own, on databases of their own.
  const { startAppProcess } = require('./app-process');
  const worker = await startAppProcess('worker', { ...env, LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL || 'warn', JOB_LOCK_SECONDS: '10', OUTBOX_POLL_SECONDS: '3600' });

  globalThis.__MAHIR_TEST__ = { s3, s3dir, env, worker, smtp, mailDir };
};
