#!/usr/bin/env bash
# `npm test`: local services, type check, lint, build, then every Jest test against
# the real PostgreSQL, Redis and S3 endpoint (see tools/jest/global-setup.js).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/services.sh
echo "[test] type check"
npx tsc -p tsconfig.json --noEmit
echo "[test] lint (module boundaries)"
npx nx run-many -t lint --outputStyle=static
echo "[test] build"
npx tsc -p tsconfig.build.json
echo "[test] jest"
npx jest --ci "$@"
