#!/usr/bin/env bash
# JupyterLab with the extension, pointed at the demo platform like a lab on the Rubin Science Platform.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../demo/lab-env.sh
source "$repo/demo/lab-env.sh"
mkdir -p "$repo/notebooks"
echo "JupyterLab with jupyterlab-rsp-api: http://localhost:${DEMO_LAB_PORT}/lab (Ctrl-C stops it)"
exec "$repo/.venv/bin/jupyter" lab \
  --no-browser \
  --ServerApp.port="$DEMO_LAB_PORT" \
  --ServerApp.ip=127.0.0.1 \
  --ServerApp.root_dir="$repo/notebooks" \
  --IdentityProvider.token="${RSP_API_LAB_TOKEN:-}" \
  --ServerApp.allow_root=True \
  "${RSP_API_LAB_ARGS[@]}"
