#!/usr/bin/env bash
# `npm run bench`: builds, then runs the benchmarks against real services on loopback.
# Prints `BENCH <name> <value> <unit>` lines and writes bench-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/services.sh
npx tsc -p tsconfig.build.json
node -r ./tools/paths.js dist/bench/main.js "$@"
