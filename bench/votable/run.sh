#!/usr/bin/env bash
# Compile the benchmark with the vo core as CommonJS, run it in Node beside astropy, then in
# Chromium. Usage: bash bench/votable/run.sh [rows]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
rows="${1:-100000}"
npx tsc -p bench/votable/tsconfig.json
mkdir -p .bench-build/votable
node --max-old-space-size=4096 .bench-build/bench/votable/run.js "$rows" | tee .bench-build/votable/node.txt
# The same in Chromium, the engine the lab runs in (needs the browser tests' Playwright).
playwright="${RSP_API_PLAYWRIGHT:-ui-tests/node_modules}"
if [ -d "$playwright/playwright-core" ]; then
  npx webpack --config bench/votable/webpack.config.js --stats errors-only
  # astropy's rows/s from the Node run, for the ratio.
  RSP_API_ASTROPY_RATES="$(sed -n 's/^astropy rows\/s, for the Chromium ratios: //p' .bench-build/votable/node.txt)" \
    RSP_API_PLAYWRIGHT="$playwright" node bench/votable/chromium.js "$rows"
else
  echo "Chromium run skipped: $playwright/playwright-core is missing (make setup installs it)"
fi
