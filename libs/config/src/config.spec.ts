import { ConfigError, loadApiConfig, loadWorkerConfig } from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mahir',
  REDIS_URL: 'redis://127.0.0.1:6379',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_ACCESS_KEY: 'k',
  S3_SECRET_KEY: 's',
  S3_BUCKET: 'mahir',
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies documented defaults', () => {
    const config = loadApiConfig({ ...base, JWT_SECRET: 'x'.repeat(32) });
    expect(config.API_PORT).toBe(3000);
    expect(config.QUEUE_PREFIX).toBe('{mahir}');
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it('names a missing variable', () => {
    expect(problemsOf(() => loadApiConfig({ ...base }))).toEqual(['JWT_SECRET is missing']);
  });

  it('names every wrong variable with its rule', () => {
    const problems = problemsOf(() =>
      loadApiConfig({ ...base, JWT_SECRET: 'short', API_PORT: '70000', DATABASE_URL: 'mysql://x', QUEUE_PREFIX: 'mahir' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'JWT_SECRET is invalid: must be at least 32 characters',
        expect.stringMatching(/^API_PORT is invalid/),
        'DATABASE_URL is invalid: must be a postgres:// URL',
        'QUEUE_PREFIX is invalid: must look like {mahir}',
      ]),
    );
  });

  it('does not ask the worker for API secrets', () => {
    expect(loadWorkerConfig({ ...base }).WORKER_PORT).toBe(3001);
  });
});
