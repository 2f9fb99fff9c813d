#!/usr/bin/env bash
# Builds and starts the demo platform: a small copy of the Rubin Science Platform's API aspect on
# real VO software (GAVO DaCHS on PostgreSQL) behind an nginx gateway that, like the platform's,
# refuses every request without the bearer token. Idempotent: a re-run skips what is unchanged.
set -euo pipefail
demo="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$demo/.." && pwd)"
# shellcheck source=config.env
source "$demo/config.env"
state="$repo/.demo-state"
inputs=/var/gavo/inputs/demo
log() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[demo] %s\033[0m\n' "$*" >&2; exit 1; }
started=$(date +%s)
mkdir -p "$state"

# --- system packages ---------------------------------------------------------------------------
packages=(gavodachs2-server nginx aladin curl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # DaCHS's post-install needs a running database; it is finished below once PostgreSQL runs.
  apt-get install -y -qq "${missing[@]}" >/dev/null || true
fi

# --- PostgreSQL and DaCHS's database -----------------------------------------------------------
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')
[ -n "$cluster" ] || die "no PostgreSQL cluster found (is postgresql installed?)"
read -r pg_version pg_name pg_status <<<"$cluster"
if [ "$pg_status" != online ]; then
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_name" start
fi
if ! su postgres -c "psql -lqt" | cut -d'|' -f1 | grep -qw gavo || ! dachs --version >/dev/null 2>&1; then
  log "finishing the DaCHS installation (needs the running database)"
  DEBIAN_FRONTEND=noninteractive dpkg --configure -a
fi
command -v dachs >/dev/null || die "dachs is not installed"

# --- DaCHS configuration ----------------------------------------------------------------------
gavo_rc=$(cat <<RC
[general]
[web]
bindAddress: 127.0.0.1
serverPort: $DEMO_DACHS_PORT
# Every URL DaCHS writes points at the gateway; nginx maps its paths onto the platform's.
serverURL: $DEMO_GATEWAY_URL
[ivoa]
authority: rsp.demo
RC
)
if [ "$(cat /etc/gavo.rc 2>/dev/null)" != "$gavo_rc" ]; then
  log "writing /etc/gavo.rc"
  printf '%s\n' "$gavo_rc" > /etc/gavo.rc
  restart_dachs=1
fi

# --- data and resource descriptor ---------------------------------------------------------------
build="$state/build"
rm -rf "$build" && mkdir -p "$build"
/usr/bin/python3 "$demo/generate_data.py" "$build" >/dev/null
fingerprint=$( (cd "$build" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)
rows=$(su postgres -c "psql -d gavo -tAc 'select count(*) from dp02_dc2_catalogs.object'" 2>/dev/null || echo 0)
if [ "$(cat "$state/data.stamp" 2>/dev/null)" != "$fingerprint" ] || [ "${rows:-0}" -lt 1000 ]; then
  log "importing the catalogs and images into DaCHS"
  rm -rf "$inputs" && mkdir -p "$inputs" && cp -r "$build"/. "$inputs"/
  chmod -R a+rX "$inputs"
  (cd "$inputs" && dachs imp //obscore) >>"$state/import.log" 2>&1 || die "dachs imp //obscore failed; see $state/import.log"
  (cd "$inputs" && dachs imp q create) >>"$state/import.log" 2>&1 || die "dachs imp q create failed; see $state/import.log"
  su postgres -c "cd '$inputs' && psql -q -d gavo -f fill.sql" >/dev/null
  (cd "$inputs" && dachs imp q import_images) >>"$state/import.log" 2>&1 || die "importing the images failed; see $state/import.log"
  echo "$fingerprint" > "$state/data.stamp"
  rm -f "$state/hips.stamp"
  restart_dachs=1
else
  log "catalogs and images unchanged"
fi

# --- HiPS survey from the images (Hipsgen from Debian's aladin) ---------------------------------
hips="$state/hips"
if [ "$(cat "$state/hips.stamp" 2>/dev/null)" != "$fingerprint" ] || [ ! -f "$hips/band_r/properties" ]; then
  log "building the HiPS survey with Hipsgen"
  rm -rf "$hips" && mkdir -p "$hips"
  java -Xmx2g -jar /usr/share/java/aladin.jar -hipsgen in="$inputs/images" out="$hips/band_r" \
    creator_did=ivo://rsp.demo/P/dp02/deep_coadd/band_r obs_title="DP0.2 demo r band" \
    > "$state/hipsgen.log" 2>&1 || die "Hipsgen failed; see $state/hipsgen.log"
  echo "$fingerprint" > "$state/hips.stamp"
fi
{
  grep -v '^#' "$hips/band_r/properties" | grep -v '^\s*$'
  echo "hips_service_url     = $DEMO_GATEWAY_URL/api/hips/v2/dp02/band_r"
} > "$hips/list"

# --- the platform's files in a lab: discovery document and token ------------------------------
mkdir -p "$state/discovery" "$state/secrets"
cat > "$state/discovery/v1.json" <<JSON
{
  "datasets": {
    "dp02": {
      "services": {
        "tap": {"url": "$DEMO_GATEWAY_URL/api/tap"},
        "sia": {"url": "$DEMO_GATEWAY_URL/api/sia/dp02"},
        "cutout": {
          "url": "$DEMO_GATEWAY_URL/api/cutout/dp02",
          "versions": {"soda-sync-1.0": {"url": "$DEMO_GATEWAY_URL/api/cutout/dp02/sync"}}
        },
        "datalink": {"url": "$DEMO_GATEWAY_URL/api/datalink"},
        "hips": {"url": "$DEMO_GATEWAY_URL/api/hips/v2/dp02"},
        "scs": {"url": "$DEMO_GATEWAY_URL/api/scs/object"}
      }
    }
  }
}
JSON
printf '%s\n' "$DEMO_TOKEN" > "$state/secrets/token"
chmod 600 "$state/secrets/token"

# --- DaCHS server -------------------------------------------------------------------------------
dachs_up() { curl -sf -o /dev/null "http://127.0.0.1:$DEMO_DACHS_PORT/tap/availability"; }
if dachs_up && [ -n "${restart_dachs:-}" ]; then
  log "restarting DaCHS"
  dachs serve restart >/dev/null 2>&1 || true
elif ! dachs_up; then
  log "starting DaCHS"
  dachs serve start >/dev/null 2>&1 || true
fi

# --- nginx gateway ------------------------------------------------------------------------------
mkdir -p "$state/nginx-tmp"
sed -e "s#@STATE@#$state#g" -e "s#@TOKEN@#$DEMO_TOKEN#g" -e "s#@GATEWAY@#$DEMO_GATEWAY_URL#g" \
  -e "s#@GATEWAY_PORT@#$DEMO_GATEWAY_PORT#g" -e "s#@DACHS@#http://127.0.0.1:$DEMO_DACHS_PORT#g" \
  "$demo/nginx.conf.in" > "$state/nginx.conf"
nginx -t -q -c "$state/nginx.conf" -p "$state" 2>&1 | grep -v "^$" || true
if [ -f "$state/nginx.pid" ] && kill -0 "$(cat "$state/nginx.pid")" 2>/dev/null; then
  nginx -c "$state/nginx.conf" -p "$state" -s reload
else
  # A gateway left by another checkout would hold the port: only demo gateways are stopped.
  if pkill -f 'nginx: master process nginx -c .*/\.demo-state/nginx\.conf' 2>/dev/null; then
    log "stopped a demo gateway of another checkout"
    sleep 1
  fi
  log "starting the nginx gateway on $DEMO_GATEWAY_URL"
  nginx -c "$state/nginx.conf" -p "$state"
fi

# --- wait until it answers as the platform would -------------------------------------------------
for _ in $(seq 1 60); do
  if curl -sf -o /dev/null -H "Authorization: Bearer $DEMO_TOKEN" "$DEMO_GATEWAY_URL/api/tap/availability"; then
    break
  fi
  sleep 1
done
bash "$demo/status.sh" || die "the demo platform does not answer as it should (see above)"
log "ready in $(( $(date +%s) - started )) s: $DEMO_GATEWAY_URL/api/... (token in $state/secrets/token)"
