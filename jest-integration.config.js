// Integration tier (`npm run test:integration`): *.integration-spec.ts, a whole Nest app (or a
// component) in process against the real PostgreSQL, Redis and S3 endpoint of the global setup.
const { base, services, run } = require('./jest.base');

module.exports = {
  ...base,
  ...services,
  ...run,
  displayName: 'integration',
  testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
};
