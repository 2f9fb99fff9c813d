#!/usr/bin/env bash
# Everything the project needs on a fresh Debian-like machine, idempotent and quick on a re-run:
# system packages, the Python environment, node packages, the built extension, the browser tests' deps.
# The demo platform (DaCHS + nginx) has its own script, demo/setup.sh.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
# jupyter's subcommands call further tools (jupyter-builder) by name.
export PATH="$repo/.venv/bin:$PATH"
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- system packages -------------------------------------------------------------------------
need=()
command -v git >/dev/null || need+=(git)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
  need+=(nodejs npm)
fi
if ! command -v python3 >/dev/null; then need+=(python3 python3-venv python3-pip); fi
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then need+=(python3-venv); fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- Python environment ----------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  python3 -m venv .venv
fi
stamp=.venv/.rsp-api-installed
want="$(cat pyproject.toml package.json | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing Python packages (editable, with test and kernel extras)"
  .venv/bin/python -m pip install -q --upgrade pip
  # The frontend is built below with npm; the build hook would only do it twice.
  HATCH_JUPYTER_BUILDER_SKIP_NPM=1 .venv/bin/python -m pip install -q -e ".[test,kernel]"
  echo "$want" > "$stamp"
fi

# --- frontend --------------------------------------------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "building the extension"
npm run --silent build
if [ ! -L "$(.venv/bin/python -c 'import sys; print(sys.prefix)')/share/jupyter/labextensions/jupyterlab-rsp-api" ]; then
  .venv/bin/jupyter labextension develop --overwrite . >/dev/null
fi
.venv/bin/jupyter server extension enable jupyterlab_rsp_api --sys-prefix >/dev/null 2>&1 || true

if [ ! -d ui-tests/node_modules ] || [ ui-tests/package-lock.json -nt ui-tests/node_modules/.package-lock.json ]; then
  log "installing browser-test packages (Galata; the browser is Debian's chromium)"
  (cd ui-tests && npm ci --no-audit --no-fund --loglevel=error)
fi
log "ready"
