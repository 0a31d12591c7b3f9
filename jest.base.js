// What every Jest tier shares: SWC for TypeScript (decorator metadata on), the @mahir/* aliases
// of tsconfig.base.json, and the ES-module-only packages compiled to CommonJS.
// The tiers: jest-unit.config.js, jest-integration.config.js, jest-e2e.config.js;
// jest.config.js combines them for `npx jest <path>`.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = `<rootDir>/${target}`;
}

/** Packages published as ES modules only; Node 20.19+ requires them natively, Jest does not. */
const ESM_ONLY = ['jose', 'htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'domelementtype', 'entities', 'archiver', 'zip-stream', 'compress-commons', 'crc32-stream', 'is-stream'];

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** One project's options; each tier adds its testMatch (and the global setup when it needs services). */
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // These ship ES modules only (jose; htmlparser2 and its family under sanitize-html): compile them to CommonJS for Jest.
    [`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};

/**
 * The integration and end-to-end tiers: a fresh database migrated once, an s3rver endpoint, a
 * Redis key prefix and the shared worker process (tools/jest/global-setup.js). They need the
 * compiled tree (`npm run build`) and the local services (tools/services.sh).
 */
const services = {
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.js',
};

/** Run-wide options (Jest reads them from the top-level config only, not from a project). */
const run = { testTimeout: 60000, maxWorkers: 2 };

module.exports = { base, services, run };
