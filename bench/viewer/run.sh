#!/usr/bin/env bash
# The viewer's budgets in Debian's Chromium against a throw-away lab on the demo platform: the
# lab's initial JavaScript with and without this extension, and the time to show a 2048 x 2048
# float32 image once its bytes are in the browser, in a tab and inline in a notebook output.
# Prints figures; asserts nothing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
port="${RSP_API_BENCH_LAB_PORT:-8897}"
RSP_API_TEST_LAB_PORT="$port" bash ui-tests/start-lab.sh >/tmp/rsp-api-bench-lab.log 2>&1 &
lab=$!
trap 'kill $lab 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/lab" >/dev/null 2>&1 && break
  sleep 0.5
done
.venv/bin/python bench/viewer/make_image.py ui-tests/.lab-root/bench-2048.fits
PYTHONPATH="$repo" .venv/bin/python bench/viewer/make_notebook.py ui-tests/.lab-root/bench-inline.ipynb
node bench/viewer/chromium.js "http://localhost:$port" bench-2048.fits bench-inline.ipynb
