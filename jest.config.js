// One Jest run for unit (*.spec.ts) and integration (*.integration-spec.ts) tests.
// Integration tests use the real PostgreSQL, Redis and S3 endpoint prepared by the global setup.
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

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // These ship ES modules only (jose; htmlparser2 and its family under sanitize-html): compile them to CommonJS for Jest.
    [`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
