#!/usr/bin/env bash
# `npm start`: local services, build, database + migrations + demo data, then the three apps.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/services.sh
exec node tools/start.js
