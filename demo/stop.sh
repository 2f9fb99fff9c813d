#!/usr/bin/env bash
# Stops the demo platform: this checkout's nginx gateway and the DaCHS server. PostgreSQL keeps
# running, and the imported data stay: demo/setup.sh starts everything again in seconds.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
state="$repo/.demo-state"
pid=$(cat "$state/nginx.pid" 2>/dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  nginx -c "$state/nginx.conf" -p "$state" -s quit || kill "$pid"
  for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  echo "[demo] gateway stopped"
else
  echo "[demo] gateway not running (from this checkout)"
fi
if command -v dachs >/dev/null; then
  dachs serve stop >/dev/null 2>&1 && echo "[demo] DaCHS stopped" || echo "[demo] DaCHS not running"
fi
