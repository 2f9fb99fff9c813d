#!/usr/bin/env bash
# The distributions as users get them. Builds the sdist and, from it, the wheel (python -m build:
# npm install and the production build run inside a temporary copy of the tree, so the checkout and
# its node_modules are left alone and no earlier build is reused), checks what both archives carry
# (version, licence metadata and texts, tests or not), installs the wheel with JupyterLab into a
# clean venv and asks Jupyter what it sees, then installs the same tree editable and checks that the
# npm scripts leave its version in place. Ends with one line: "wheel: N passed, N failed".
# Takes five to ten minutes on two cores, most of it npm install and the production build.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/rsp-api-wheel.XXXXXX")"
passed=0
failed=0
finished=
began=$SECONDS

ok() {
  passed=$((passed + 1))
  printf '  ok    %s\n' "$1"
}
bad() {
  failed=$((failed + 1))
  printf '  FAIL  %s\n' "$1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/        /'
  return 0
}
expect_eq() { # description, actual, expected
  if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "got:  $2"$'\n'"want: $3"; fi
}
expect_line() { # description, text, a line it must contain (fixed string)
  if grep -qF -- "$3" <<<"$2"; then ok "$1"; else bad "$1" "no line with '$3' in:"$'\n'"$2"; fi
}
report() {
  echo "(took $((SECONDS - began)) s)"
  echo "wheel: $passed passed, $failed failed"
  if [ -n "${RSP_API_TEST_RESULTS:-}" ]; then
    echo "wheel: $passed passed, $failed failed" >"$RSP_API_TEST_RESULTS/wheel.txt"
  fi
}
finish() {
  finished=1
  report
  [ "$failed" -eq 0 ]
  exit
}
# An unexpected stop (a command missing, an unset variable) still counts, as a failure.
on_exit() {
  local status=$?
  if [ -z "$finished" ]; then
    bad "the script stopped early (exit status $status)"
    report
    status=1
  fi
  rm -rf "$work"
  exit "$status"
}
trap on_exit EXIT
step() { printf '\n\033[1m[wheel]\033[0m %s\n' "$*"; }
# Jupyter colours its listings even into a pipe.
plain() { sed 's/\x1b\[[0-9;]*m//g'; }

version="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$repo/package.json")"
licence_expression="BSD-3-Clause AND GPL-3.0-only"
licence_files=(LICENSE LICENSES/GPL-3.0-only.txt THIRD-PARTY-NOTICES.md)

# --- build ---------------------------------------------------------------------------------------
step "copying the tree's files (tracked and new, not ignored) to $work/src"
mkdir -p "$work/src" "$work/dist" "$work/run"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do
    # A worktree's node_modules is an untracked symlink; a deleted file is still in the index.
    [ "$f" != node_modules ] && [ -e "$f" ] && printf '%s\0' "$f"
  done | tar --null -T - -cf -) | tar -xf - -C "$work/src"

step "building sdist and wheel (python -m build: npm install, production build)"
start=$SECONDS
"$python" -m venv "$work/build-env"
"$work/build-env/bin/pip" install -q build >"$work/build.log" 2>&1
if npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false \
  "$work/build-env/bin/python" -m build --outdir "$work/dist" "$work/src" >>"$work/build.log" 2>&1; then
  ok "python -m build ($((SECONDS - start)) s)"
else
  bad "python -m build" "$(tail -40 "$work/build.log")"
  finish
fi
wheel="$(ls "$work"/dist/*.whl)"
sdist="$(ls "$work"/dist/*.tar.gz)"
expect_eq "the wheel's file name carries package.json's version" \
  "$(basename "$wheel")" "jupyterlab_rsp_api-$version-py3-none-any.whl"

# --- the wheel's contents ------------------------------------------------------------------------
step "what the wheel carries"
dist_info="jupyterlab_rsp_api-$version.dist-info"
share="jupyterlab_rsp_api-$version.data/data/share/jupyter/labextensions/jupyterlab-rsp-api"
listing="$(unzip -Z1 "$wheel")"
metadata="$(unzip -p "$wheel" "$dist_info/METADATA" | sed '/^$/q')"
expect_eq "METADATA Version" "$(sed -n 's/^Version: //p' <<<"$metadata")" "$version"
expect_eq "METADATA License-Expression" \
  "$(sed -n 's/^License-Expression: //p' <<<"$metadata")" "$licence_expression"
expect_eq "METADATA License-File lines" \
  "$(sed -n 's/^License-File: //p' <<<"$metadata" | sort)" "$(printf '%s\n' "${licence_files[@]}" | sort)"
expect_eq "no legacy License field nor licence classifier beside the expression" \
  "$(grep -E '^(License: |Classifier: License ::)' <<<"$metadata")" ""
for f in "${licence_files[@]}"; do
  if unzip -p "$wheel" "$dist_info/licenses/$f" 2>/dev/null | cmp -s - "$work/src/$f"; then
    ok "licence file $dist_info/licenses/$f is the tree's"
  else
    bad "licence file $dist_info/licenses/$f is the tree's"
  fi
done
if unzip -p "$wheel" "$share/THIRD-PARTY-NOTICES.md" 2>/dev/null | cmp -s - "$work/src/THIRD-PARTY-NOTICES.md"; then
  ok "THIRD-PARTY-NOTICES.md next to the bundle"
else
  bad "THIRD-PARTY-NOTICES.md next to the bundle"
fi
expect_eq "_version.py says package.json's version" \
  "$(unzip -p "$wheel" jupyterlab_rsp_api/_version.py 2>/dev/null | sed -n "s/^__version__ = VERSION = '\(.*\)'$/\1/p")" \
  "$version"
expect_eq "no tests in the wheel" "$(grep '^jupyterlab_rsp_api/tests/' <<<"$listing")" ""
expect_eq "the prebuilt extension's package.json version" \
  "$(unzip -p "$wheel" "$share/package.json" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["version"])')" \
  "$version"
# Only the production build writes the bundled packages' licences; a development build must not ship.
if unzip -p "$wheel" "$share/static/third-party-licenses.json" >"$work/third-party-licenses.json" 2>/dev/null; then
  ok "production build (static/third-party-licenses.json present)"
  if problems="$("$python" - "$work/third-party-licenses.json" "$work/src/THIRD-PARTY-NOTICES.md" <<'EOF'
import json
import re
import sys

permissive = {"MIT", "ISC", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "0BSD"}
packages = json.load(open(sys.argv[1]))["packages"]
notices = open(sys.argv[2]).read()
problems = []
for package in packages:
    name, licence = package["name"], package["licenseId"]
    if f"`{name}`" not in notices and name != "aladin-lite":
        problems.append(f"{name} ({licence}) is bundled but THIRD-PARTY-NOTICES.md does not name it")
    if name == "aladin-lite":
        if not re.search(rf"Version {re.escape(package['versionInfo'])}\b", notices):
            problems.append(f"aladin-lite {package['versionInfo']} is bundled; the notice names another")
    elif licence not in permissive:
        problems.append(f"{name} is bundled under {licence}, which the notice does not cover")
if not any(p["name"] == "aladin-lite" for p in packages):
    problems.append("aladin-lite is not in the bundle: the GPL part of the licence is then wrong")
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
)"; then
    ok "every bundled package is in THIRD-PARTY-NOTICES.md under the licence it says"
  else
    bad "every bundled package is in THIRD-PARTY-NOTICES.md under the licence it says" "$problems"
  fi
else
  bad "production build (static/third-party-licenses.json present)"
fi

# --- the sdist's contents ------------------------------------------------------------------------
step "what the sdist carries"
top="jupyterlab_rsp_api-$version"
sdist_listing="$(tar -tzf "$sdist")"
for f in "${licence_files[@]}"; do
  expect_line "sdist has $f" "$sdist_listing" "$top/$f"
done
expect_eq "PKG-INFO License-Expression" \
  "$(tar -xOzf "$sdist" "$top/PKG-INFO" | sed '/^$/q' | sed -n 's/^License-Expression: //p')" \
  "$licence_expression"
# The version hook writes _version.py before the npm build runs; the build must not delete it.
expect_line "sdist has _version.py (the npm build kept it)" "$sdist_listing" "$top/jupyterlab_rsp_api/_version.py"
expect_line "sdist has the tests" "$sdist_listing" "$top/jupyterlab_rsp_api/tests/conftest.py"
expect_line "sdist has the prebuilt extension" "$sdist_listing" \
  "$top/jupyterlab_rsp_api/labextension/static/third-party-licenses.json"

# --- installed into a clean venv -----------------------------------------------------------------
step "pip install <wheel> jupyterlab into a clean venv"
env="$work/env"
"$python" -m venv "$env"
# Nothing of the checkout or of the user's Jupyter and Python set-up may leak in.
export JUPYTER_CONFIG_DIR="$work/jupyter-config" JUPYTER_DATA_DIR="$work/jupyter-data"
export JUPYTER_RUNTIME_DIR="$work/jupyter-runtime" IPYTHONDIR="$work/ipython" PYTHONNOUSERSITE=1
unset PYTHONPATH JUPYTER_PATH JUPYTER_CONFIG_PATH
cd "$work/run"
start=$SECONDS
if "$env/bin/pip" install -q "$wheel" "jupyterlab>=4.3,<5" >"$work/install.log" 2>&1; then
  ok "pip install ($((SECONDS - start)) s)"
else
  bad "pip install" "$(tail -20 "$work/install.log")"
  finish
fi
if out="$("$env/bin/pip" check 2>&1)"; then ok "pip check"; else bad "pip check" "$out"; fi

labextensions="$("$env/bin/jupyter" labextension list 2>&1 | plain)"
expect_line "jupyter labextension list" "$labextensions" \
  "jupyterlab-rsp-api v$version enabled OK (python, jupyterlab-rsp-api)"
serverextensions="$("$env/bin/jupyter" server extension list 2>&1 | plain)"
expect_line "jupyter server extension list: enabled" "$serverextensions" "jupyterlab_rsp_api enabled"
expect_line "jupyter server extension list: version, loads" "$serverextensions" "jupyterlab_rsp_api $version OK"
expect_eq "jupyterlab_rsp_api.__version__, imported from the venv" \
  "$("$env/bin/python" -c 'import jupyterlab_rsp_api as m; print(m.__version__, m.__file__)' 2>&1)" \
  "$version $("$env/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/jupyterlab_rsp_api/__init__.py"
if out="$("$env/bin/python" -c 'import jupyterlab_rsp_api.magic' 2>&1)"; then
  ok "import jupyterlab_rsp_api.magic (without the kernel extra)"
else
  bad "import jupyterlab_rsp_api.magic (without the kernel extra)" "$out"
fi
expect_eq "%load_ext jupyterlab_rsp_api registers %%adql" \
  "$("$env/bin/ipython" --quick --no-banner -c $'%load_ext jupyterlab_rsp_api\nprint("adql" in get_ipython().magics_manager.magics["cell"])' 2>&1 | tail -1)" \
  "True"
expect_eq "jupyterlab_rsp_api.tests is not installed" \
  "$("$env/bin/python" -c 'import jupyterlab_rsp_api.tests' 2>&1 | tail -1)" \
  "ModuleNotFoundError: No module named 'jupyterlab_rsp_api.tests'"

# --- editable install of the same tree -----------------------------------------------------------
step "pip install -e of the built copy; npm run clean must leave its version"
"$env/bin/pip" uninstall -q -y jupyterlab-rsp-api >>"$work/install.log" 2>&1
start=$SECONDS
if HATCH_JUPYTER_BUILDER_SKIP_NPM=1 "$env/bin/pip" install -q -e "$work/src" >>"$work/install.log" 2>&1; then
  ok "pip install -e ($((SECONDS - start)) s)"
  (cd "$work/src" && npm run --silent clean >>"$work/install.log" 2>&1)
  expect_eq "editable jupyterlab_rsp_api.__version__ after npm run clean" \
    "$("$env/bin/python" -c 'import jupyterlab_rsp_api as m; print(m.__version__, m.__file__)' 2>&1)" \
    "$version $work/src/jupyterlab_rsp_api/__init__.py"
  expect_line "editable: jupyter server extension list" \
    "$("$env/bin/jupyter" server extension list 2>&1 | plain)" "jupyterlab_rsp_api $version OK"
else
  bad "pip install -e" "$(tail -20 "$work/install.log")"
fi

finish
