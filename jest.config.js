// Every tier in one config, for `npx jest <path>` while working on a test: Jest picks the tier
// from the file name, and runs the global setup (services, compiled tree) only when an
// integration or end-to-end test is selected. `npm test` runs the tiers one after another.
const { run } = require('./jest.base');

/** A tier's config as a project: run-wide options stay at the top level. */
function project(config) {
  const copy = { ...config };
  for (const option of Object.keys(run)) delete copy[option];
  return copy;
}

module.exports = {
  ...run,
  projects: ['./jest-unit.config', './jest-integration.config', './jest-e2e.config'].map((file) => project(require(file))),
};
