#!/usr/bin/env bash
# Compile the benchmark with the vo core as CommonJS, run it in Node, then in Chromium.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
npx tsc -p bench/schema/tsconfig.json
node --max-old-space-size=4096 .bench-build/bench/schema/run.js
# The same in Chromium, the engine the lab runs in (needs the browser tests' Playwright).
if [ -d ui-tests/node_modules/playwright-core ]; then
  npx webpack --config bench/schema/webpack.config.js --stats errors-only
  node bench/schema/chromium.js
else
  echo "Chromium run skipped: ui-tests/node_modules is missing (make setup installs it)"
fi
