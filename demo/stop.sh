#!/usr/bin/env bash
# Stops the demo platform's nginx gateway and DaCHS (PostgreSQL keeps running).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
state="$repo/.demo-state"
if [ -f "$state/nginx.pid" ]; then nginx -c "$state/nginx.conf" -p "$state" -s stop 2>/dev/null; fi
dachs serve stop >/dev/null 2>&1 || true
echo "[demo] stopped"
