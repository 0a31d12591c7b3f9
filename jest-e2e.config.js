// End-to-end tier (`npm run test:e2e`): *.e2e-spec.ts, the apps as real processes from the
// compiled tree (and the portal in real Chromium), with the same global setup as integration.
const { base, services, run } = require('./jest.base');

module.exports = {
  ...base,
  ...services,
  ...run,
  displayName: 'e2e',
  testMatch: ['<rootDir>/{apps,libs}/**/*.e2e-spec.ts'],
};
