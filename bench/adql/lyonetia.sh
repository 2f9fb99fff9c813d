#!/usr/bin/env bash
# Compile the lyonetia agreement runner with the vo core as CommonJS for Node, then run it on the
# suite at $1 (a checkout of github.com/ivoa/lyonetia or its git directory).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
suite="$(cd "${1:?usage: lyonetia.sh <lyonetia checkout or git dir> [--quiet]}" && pwd)"
shift
cd "$repo"
npx tsc -p bench/adql/tsconfig.json
node .bench-build/bench/adql/lyonetia.js "$suite" "$@"
