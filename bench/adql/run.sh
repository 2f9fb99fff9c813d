#!/usr/bin/env bash
# Compile the benchmark with the vo core as CommonJS for Node, then run it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
npx tsc -p bench/adql/tsconfig.json
node --max-old-space-size=4096 .bench-build/bench/adql/run.js
