#!/usr/bin/env bash
# Builds and starts the demo platform: a small copy of the Rubin Science Platform's API aspect on
# real VO software (GAVO DaCHS on PostgreSQL), behind an nginx gateway that, like the platform's,
# refuses every request without the bearer token and shows every service under /api/.
#
#   bash demo/setup.sh        (as root; Debian 12; idempotent: a re-run skips what is unchanged)
#
# What it touches outside the repository: Debian packages, the PostgreSQL cluster, /etc/gavo.rc,
# /var/gavo/inputs/demo (DaCHS's copy of demo/dachs and the generated data) and the DaCHS server.
# Everything else lives in .demo-state/ (gitignored).
set -euo pipefail
demo="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$demo/.." && pwd)"
# shellcheck source=config.env
source "$demo/config.env"
state="$repo/.demo-state"
inputs=/var/gavo/inputs/demo
gateway="$DEMO_GATEWAY_URL"
dachs_local="http://127.0.0.1:$DEMO_DACHS_PORT"
started=$(date +%s)

log() { printf '\033[1m[demo %3ss]\033[0m %s\n' "$(( $(date +%s) - started ))" "$*"; }
die() { printf '\033[31m[demo] FAILED: %s\033[0m\n' "$*" >&2; exit 1; }
trap 'die "line $LINENO: \"$BASH_COMMAND\" exited with $?"' ERR

[ "$(id -u)" = 0 ] || die "run as root (it installs Debian packages and configures DaCHS)"
mkdir -p "$state"

# --- Debian packages ---------------------------------------------------------------------------
packages=(gavodachs2-server nginx aladin curl python3-numpy python3-astropy)
missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  # Without systemd, DaCHS's post-install step fails for lack of a running database: that is
  # finished below with dpkg --configure -a once PostgreSQL runs. Packages must be unpacked, though.
  apt-get install -y -q "${missing[@]}" >"$state/apt.log" 2>&1 \
    || log "apt-get install reported errors; checking what it left (log: $state/apt.log)"
  for p in "${missing[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qE 'install ok (installed|unpacked|half-configured)' \
      || { tail -20 "$state/apt.log" >&2; die "apt-get could not install $p (log: $state/apt.log)"; }
  done
fi

# --- PostgreSQL and DaCHS's database -----------------------------------------------------------
read -r pg_version pg_name pg_status < <(pg_lsclusters --no-header | awk 'NR==1 {print $1, $2, $4}') \
  || die "no PostgreSQL cluster (pg_lsclusters shows none)"
if [ "$pg_status" != online ]; then
  log "starting PostgreSQL $pg_version/$pg_name"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_name" start \
    || die "PostgreSQL $pg_version/$pg_name does not start (see /var/log/postgresql/)"
fi
for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
pg_isready -q || die "PostgreSQL does not accept connections"
gavo_db() { su postgres -c "psql -tAc \"select 1 from pg_database where datname = 'gavo'\"" 2>/dev/null; }
if [ "$(dpkg-query -W -f='${Status}' gavodachs2-server)" != "install ok installed" ] || [ "$(gavo_db)" != 1 ]; then
  log "finishing the DaCHS installation (dpkg --configure -a, needs the running database)"
  DEBIAN_FRONTEND=noninteractive dpkg --configure -a >"$state/dpkg-configure.log" 2>&1 \
    || { tail -20 "$state/dpkg-configure.log" >&2; die "dpkg --configure -a failed (log: $state/dpkg-configure.log)"; }
  [ "$(gavo_db)" = 1 ] || die "DaCHS's database 'gavo' is still missing after dpkg --configure -a"
fi
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p")" = "install ok installed" ] || die "Debian package $p is not configured"
done

# --- DaCHS configuration -----------------------------------------------------------------------
# serverURL carries the gateway's /api prefix: every absolute URL DaCHS writes (capabilities,
# UWS jobs, DataLink, SODA, ObsCore access_url, even inside BINARY2 rows) is then a gateway URL.
gavo_rc="[general]
# Written by demo/setup.sh of jupyterlab-rsp-api.
[web]
bindAddress: 127.0.0.1
serverPort: $DEMO_DACHS_PORT
serverURL: $gateway/api
sitename: Rubin Science Platform demo (DaCHS)
[ivoa]
authority: rsp.demo
[async]
# Aborting a job leaves its PostgreSQL query running until this timeout (3600 s by default):
# the tests' aborted CROSS JOINs would use both cores for an hour.
defaultExecTime: 120"
if [ "$(cat /etc/gavo.rc 2>/dev/null)" != "$gavo_rc" ]; then
  log "writing /etc/gavo.rc (authority rsp.demo, 127.0.0.1:$DEMO_DACHS_PORT, serverURL $gateway/api)"
  printf '%s\n' "$gavo_rc" > /etc/gavo.rc
  restart_dachs=1
fi

# --- generated data ----------------------------------------------------------------------------
# The data depend only on the generator (fixed seed): regenerated when it changes. The stamps of
# what is in /var/gavo live there too: another checkout's run may have changed it.
data_stamp=$(sha256sum < "$demo/generate_data.py" | cut -d' ' -f1)
if [ "$(cat "$inputs/data/stamp" 2>/dev/null)" != "$data_stamp" ]; then
  log "generating the data (100,000 objects, 16 images; fixed seed)"
  rm -rf "$inputs/data" "$inputs/images"
  mkdir -p "$inputs"
  /usr/bin/python3 "$demo/generate_data.py" "$inputs" | sed 's/^/       /'
  echo "$data_stamp" > "$inputs/data/stamp"
fi

# --- resource descriptor and import ------------------------------------------------------------
# q.rd: the DP0.2-like catalogs and images; quirks.rd: what real services publish that clients
# trip over (delimited names, non-BMP text, ids above 2**53, 300 small tables).
rds=(q quirks)
mkdir -p "$inputs/res"
for rd in "${rds[@]}"; do cp "$demo/dachs/$rd.rd" "$inputs/$rd.rd"; done
cp "$demo/dachs/res/sdm.py" "$demo/dachs/res/quirks.py" "$inputs/res/"
chown -R root:gavo "$inputs" && chmod -R a+rX,g+w "$inputs"
import_stamp=$(printf '%s\n%s\n' "$data_stamp" "$gavo_rc" \
  | cat - "$demo/dachs/q.rd" "$demo/dachs/res/sdm.py" "$demo/dachs/quirks.rd" "$demo/dachs/res/quirks.py" \
  | sha256sum | cut -d' ' -f1)
gavo_sql() { su postgres -c "psql -d gavo -tAc \"$1\"" 2>/dev/null || true; }
if [ "$(gavo_sql "select to_regclass('ivoa.obscore') is not null")" != t ]; then
  log "creating ivoa.ObsCore (dachs imp //obscore)"
  dachs imp //obscore >"$state/import.log" 2>&1 || die "dachs imp //obscore failed (log: $state/import.log)"
fi
rows=$(gavo_sql "select count(*) from dp02_dc2_catalogs.object")
if [ "$(cat "$inputs/import.stamp" 2>/dev/null)" != "$import_stamp" ] || [ "${rows:-0}" != 100000 ]; then
  log "importing the catalogs, images and quirks into DaCHS (dachs imp demo/q demo/quirks)"
  rm -f "$inputs/import.stamp"
  : >"$state/import.log"
  : >"$state/val.log"
  for rd in "${rds[@]}"; do
    # Dropping first clears what an earlier version of the RD published (TAP_SCHEMA rows too).
    (cd "$inputs" && dachs drop "$rd") >>"$state/import.log" 2>&1 || true
    (cd "$inputs" && dachs imp "$rd") >>"$state/import.log" 2>&1 \
      || { tail -20 "$state/import.log" >&2; die "dachs imp $rd failed (log: $state/import.log)"; }
    # Table sizes (VOSI nrows), as a production DaCHS publishes them: the ADQL editor's
    # large-table hints read them.
    if [ "$rd" = q ]; then
      (cd "$inputs" && dachs limits -t "$rd") >>"$state/import.log" 2>&1 \
        || { tail -20 "$state/import.log" >&2; die "dachs limits $rd failed (log: $state/import.log)"; }
    fi
    # dachs val exits 0 even when it finds problems: read what it says.
    (cd "$inputs" && dachs val "$rd") >"$state/val-$rd.log" 2>&1 || true
    cat "$state/val-$rd.log" >>"$state/val.log"
    if grep -q '\[ERROR\]' "$state/val-$rd.log" || ! tail -1 "$state/val-$rd.log" | grep -q 'OK$'; then
      cat "$state/val-$rd.log" >&2
      die "dachs val finds the resource descriptor $rd invalid (log: $state/val-$rd.log)"
    fi
  done
  grep -q '\[WARNING\]' "$state/val.log" && log "dachs val warnings: $(grep -c '\[WARNING\]' "$state/val.log") (see $state/val.log)"
  echo "$import_stamp" > "$inputs/import.stamp"
  restart_dachs=1
else
  log "catalogs and images unchanged ($rows objects)"
fi

# --- the TAP service's examples ----------------------------------------------------------------
# DaCHS 2.7 publishes TAP examples (/tap/examples) from the tapexamples stream of its userconfig.
userconfig=/var/gavo/etc/userconfig.rd
if ! cmp -s "$demo/dachs/userconfig.rd" "$userconfig"; then
  log "installing the TAP examples ($userconfig)"
  install -o root -g gavo -m 644 "$demo/dachs/userconfig.rd" "$userconfig"
  (cd /var/gavo/inputs && dachs val %) >"$state/val-userconfig.log" 2>&1 || true
  tail -1 "$state/val-userconfig.log" | grep -q 'OK$' \
    || { cat "$state/val-userconfig.log" >&2; die "dachs val finds $userconfig invalid (log: $state/val-userconfig.log)"; }
  restart_dachs=1
fi

# --- HiPS (Hipsgen from Debian's aladin) -------------------------------------------------------
hips="$state/hips"
jar=$(dpkg -L aladin | grep -m1 -E '/aladin\.jar$') || die "aladin.jar not found (dpkg -L aladin)"
hips_bands=(g r i z)
hips_params="order auto; pixel cut -20 400 asinh; PNG tiles; RGB i r g; target 55.832 -32.142 0.3"
hips_stamp=$(printf '%s\n%s\n%s\n' "$data_stamp" "$jar" "$hips_params" | sha256sum | cut -d' ' -f1)
hipsgen() { java -Xmx1g -jar "$jar" -hipsgen "$@"; }
if [ "$(cat "$state/hips.stamp" 2>/dev/null)" != "$hips_stamp" ] || [ ! -f "$hips/deep_coadd/color_gri/properties" ]; then
  log "building the HiPS (bands ${hips_bands[*]} and color_gri) with Hipsgen"
  rm -rf "$hips" "$state/hips-in" && mkdir -p "$hips/deep_coadd" "$state/hips-in"
  : > "$state/hipsgen.log"
  for band in "${hips_bands[@]}"; do
    mkdir -p "$state/hips-in/$band"
    awk -F, -v b="$band" 'NR > 1 && $2 == b {print $1}' "$inputs/data/images.csv" \
      | while read -r f; do ln -s "$inputs/images/$f" "$state/hips-in/$band/"; done
    hipsgen in="$state/hips-in/$band" out="$hips/deep_coadd/band_$band" \
      creator_did="ivo://rsp.demo/P/dp02/deep_coadd/band_$band" \
      obs_title="DP0.2 demo calexps, $band band" hips_pixel_cut="-20 400 asinh" \
      target="55.832 -32.142" targetRadius=0.3 \
      INDEX TILES PNG >>"$state/hipsgen.log" 2>&1 \
      || { tail -20 "$state/hipsgen.log" >&2; die "Hipsgen failed for band $band (log: $state/hipsgen.log)"; }
  done
  hipsgen out="$hips/deep_coadd/color_gri" inRed="$hips/deep_coadd/band_i" \
    inGreen="$hips/deep_coadd/band_r" inBlue="$hips/deep_coadd/band_g" \
    creator_did="ivo://rsp.demo/P/dp02/deep_coadd/color_gri" obs_title="DP0.2 demo calexps, gri colour" \
    target="55.832 -32.142" targetRadius=0.3 \
    RGB >>"$state/hipsgen.log" 2>&1 \
    || { tail -20 "$state/hipsgen.log" >&2; die "Hipsgen RGB failed (log: $state/hipsgen.log)"; }
  echo "$hips_stamp" > "$state/hips.stamp"
fi
# The HiPS list (the format of CDS's hipslist): each survey's properties plus where it is served.
{
  for survey in "${hips_bands[@]/#/band_}" color_gri; do
    printf 'ID                   = rsp.demo/P/dp02/deep_coadd/%s\n' "$survey"
    grep -v -e '^#' -e '^\s*$' -e '^hips_service_url' -e '^hipsgen_params' "$hips/deep_coadd/$survey/properties"
    printf 'hips_service_url     = %s/api/hips/v2/dp02/deep_coadd/%s\n\n' "$gateway" "$survey"
  done
} > "$hips/list"

# --- the platform's files in a lab: discovery document and token -------------------------------
mkdir -p "$state/discovery" "$state/secrets"
cat > "$state/discovery/v1.json" <<JSON
{
  "datasets": {
    "dp02": {
      "services": {
        "tap": {"url": "$gateway/api/tap"},
        "sia": {"url": "$gateway/api/sia/dp02"},
        "cutout": {
          "url": "$gateway/api/cutout/dp02",
          "versions": {
            "soda-sync-1.0": {"url": "$gateway/api/cutout/dp02/sync"},
            "soda-async-1.0": {"url": "$gateway/api/cutout/dp02/jobs"}
          }
        },
        "datalink": {"url": "$gateway/api/datalink"},
        "hips": {"url": "$gateway/api/hips/v2/dp02"},
        "scs": {"url": "$gateway/api/scs/object"}
      }
    }
  }
}
JSON
printf '%s\n' "$DEMO_TOKEN" > "$state/secrets/token"
chmod 600 "$state/secrets/token"

# --- DaCHS server ------------------------------------------------------------------------------
dachs_up() { curl -sf -o /dev/null --max-time 5 "$dachs_local/tap/availability"; }
if dachs_up; then
  if [ -n "${restart_dachs:-}" ]; then
    log "restarting DaCHS (new configuration or data)"
    dachs serve restart >"$state/dachs-serve.log" 2>&1 || { cat "$state/dachs-serve.log" >&2; die "dachs serve restart failed"; }
  fi
else
  log "starting DaCHS on $dachs_local"
  dachs serve start >"$state/dachs-serve.log" 2>&1 || { cat "$state/dachs-serve.log" >&2; die "dachs serve start failed"; }
fi
for _ in $(seq 1 60); do dachs_up && break; sleep 1; done
dachs_up || { tail -20 /var/gavo/logs/dcErrors /var/gavo/logs/server.stderr >&2 2>/dev/null || true
  die "DaCHS does not answer at $dachs_local/tap/availability"; }

# --- nginx gateway -----------------------------------------------------------------------------
mkdir -p "$state/nginx-tmp"
sed -e "s#@STATE@#$state#g" -e "s#@TOKEN@#$DEMO_TOKEN#g" -e "s#@GATEWAY@#$gateway#g" \
  -e "s#@GATEWAY_PORT@#$DEMO_GATEWAY_PORT#g" -e "s#@DACHS@#$dachs_local#g" \
  "$demo/nginx.conf.in" > "$state/nginx.conf"
nginx -t -q -c "$state/nginx.conf" -p "$state" 2>"$state/nginx-test.log" \
  || { cat "$state/nginx-test.log" >&2; die "nginx rejects $state/nginx.conf"; }
our_pid=$(cat "$state/nginx.pid" 2>/dev/null || true)
if [ -n "$our_pid" ] && kill -0 "$our_pid" 2>/dev/null; then
  nginx -c "$state/nginx.conf" -p "$state" -s reload 2>>"$state/nginx-error.log" || die "nginx reload failed (see $state/nginx-error.log)"
else
  # The port may be held by a demo gateway whose pid file is gone or elsewhere: another checkout
  # of this repository, or an earlier clone at this very path (CI). Ours is not running, so
  # stop such an nginx master by its pid (one whose configuration, if still there, names our
  # port), and nothing else.
  port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$DEMO_GATEWAY_PORT") 2>/dev/null; }
  for cmdline in /proc/[0-9]*/cmdline; do
    port_taken || break
    args=$(tr '\0' ' ' < "$cmdline" 2>/dev/null) || continue
    conf=$(sed -n 's#^nginx: master process nginx -c \(/[^ ]*/\.demo-state/nginx\.conf\) .*#\1#p' <<<"$args")
    [ -n "$conf" ] || continue
    [ ! -e "$conf" ] || grep -qs "listen 127.0.0.1:$DEMO_GATEWAY_PORT;" "$conf" || continue
    pid=${cmdline//[^0-9]/}
    log "stopping a leftover demo gateway ($conf, pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  log "starting the nginx gateway on $gateway"
  nginx -c "$state/nginx.conf" -p "$state" 2>>"$state/nginx-error.log" \
    || die "nginx does not start: $(tail -1 "$state/nginx-error.log") (port $DEMO_GATEWAY_PORT taken?)"
fi

# --- wait until it answers as the platform would -----------------------------------------------
for _ in $(seq 1 30); do
  curl -sf -o /dev/null --max-time 5 -H "Authorization: Bearer $DEMO_TOKEN" "$gateway/api/tap/availability" && break
  sleep 1
done
bash "$demo/status.sh" >"$state/status.log" 2>&1 || { cat "$state/status.log" >&2; die "the demo platform does not answer as it should (above)"; }
log "ready: $gateway/api/... (token in $state/secrets/token, discovery in $state/discovery/v1.json)"
