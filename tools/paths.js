// Resolves the @mahir/* aliases of tsconfig.base.json against the compiled tree in
// dist/, so the built apps run with plain `node -r ./tools/paths.js dist/...`.
const path = require('node:path');
const { register } = require('tsconfig-paths');
const base = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');
const paths = {};
for (const [alias, targets] of Object.entries(base.compilerOptions.paths)) {
  paths[alias] = targets.map((t) => t.replace(/\.ts$/, ''));
}
register({ baseUrl: path.join(root, 'dist'), paths });
