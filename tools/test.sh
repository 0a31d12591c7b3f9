#!/usr/bin/env bash
# `npm test`: every tier. Type check and lint, the unit tests (no services, no build: they fail
# fast), then local services and the build, then the integration and end-to-end tests against
# the real PostgreSQL, Redis and S3 endpoint (see tools/jest/global-setup.js).
# `npm test -- <jest arguments>` (a path, -t <name>, ...) does the same checks, then one Jest run
# over the root config's three tiers with those arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "[test] type check"
npx tsc -p tsconfig.json --noEmit
echo "[test] lint (module boundaries)"
npx nx run-many -t lint --outputStyle=static
if (($#)); then
  bash tools/services.sh
  echo "[test] build"
  npx tsc -p tsconfig.build.json
  echo "[test] jest $*"
  npx jest --ci "$@"
  exit
fi
echo "[test] unit"
npx jest -c jest-unit.config.js --ci
bash tools/services.sh
echo "[test] build"
npx tsc -p tsconfig.build.json
echo "[test] integration"
npx jest -c jest-integration.config.js --ci
echo "[test] end-to-end"
npx jest -c jest-e2e.config.js --ci
