#!/usr/bin/env bash
# The JupyterLab that Galata drives: the project's venv, pointed at the demo platform exactly as
# `make demo` does, on its own port and with a throw-away root directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=../demo/lab-env.sh
source "$repo/demo/lab-env.sh"
root="$here/.lab-root"
rm -rf "$root" && mkdir -p "$root"
exec "$repo/.venv/bin/jupyter" lab \
  --config "$here/jupyter_server_test_config.py" \
  --ServerApp.port="${RSP_API_TEST_LAB_PORT:-8899}" \
  --ServerApp.root_dir="$root" \
  "${RSP_API_LAB_ARGS[@]}"
