// Unit tier (`npm run test:unit`): the pure *.spec.ts beside the code. No build, no global
// setup, no services: it passes with PostgreSQL and Redis down and finishes in seconds.
const { base, run } = require('./jest.base');

module.exports = {
  ...base,
  ...run,
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'],
};
