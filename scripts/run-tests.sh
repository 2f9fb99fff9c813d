#!/usr/bin/env bash
# Every test of the project, in order from fastest to slowest; a summary at the end.
# With an argument (lint, js, py, wheel, ui) runs only that part. Expects scripts/setup.sh and
# demo/setup.sh to have run (make test does both).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export PATH="$repo/.venv/bin:$PATH"
# The demo-backed tests must fail, not skip, when the demo platform is missing.
export RSP_API_REQUIRE_DEMO=1
only="${1:-all}"
failed=()
passed=()

run() {
  local name="$1"; shift
  if [ "$only" != all ] && [ "$only" != "$name" ]; then return; fi
  printf '\n\033[1m=== %s ===\033[0m\n' "$name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

lint() {
  ruff check jupyterlab_rsp_api bench &&
    ruff format --check jupyterlab_rsp_api bench &&
    mypy jupyterlab_rsp_api &&
    npx tsc --noEmit -p tsconfig.test.json &&
    npm run --silent lint:check
}

results="$repo/.test-results"
rm -rf "$results" && mkdir -p "$results"
export RSP_API_TEST_RESULTS="$results"

run lint lint
run js npx jest --ci --json --outputFile="$results/jest.json"
run py pytest -q -p no:cacheprovider --junitxml="$results/pytest.xml"
run wheel bash scripts/test-wheel.sh
run ui bash -c 'cd ui-tests && npx playwright test'

echo
echo "suites passed: ${passed[*]:-none}; suites failed: ${failed[*]:-none}"
python3 "$repo/scripts/summarize_tests.py" "$results"
[ ${#failed[@]} -eq 0 ]
