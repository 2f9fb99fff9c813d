#!/usr/bin/env bash
# Exit 0 when every demo service answers through the gateway with the token, refuses without it,
# and writes gateway URLs; otherwise list what fails and exit 1.
set -uo pipefail
demo="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=config.env
source "$demo/config.env"
g="$DEMO_GATEWAY_URL"
failures=0
auth=(-H "Authorization: Bearer $DEMO_TOKEN")
body=$(mktemp)
trap 'rm -f "$body"' EXIT

# check NAME EXPECTED_STATUS [curl arguments...]: the HTTP status; the body is kept for body_has.
check() {
  local name="$1" want="$2" got
  shift 2
  got=$(curl -s -o "$body" -w '%{http_code}' --max-time 20 "$@")
  if [ "$got" = "$want" ]; then
    printf '  ok    %-58s %s\n' "$name" "$got"
  else
    printf '  FAIL  %-58s %s, expected %s\n' "$name" "$got" "$want"
    failures=$((failures + 1))
  fi
}
# body_has NAME PATTERN: the last body contains PATTERN.
body_has() {
  if grep -q -- "$2" "$body"; then
    printf '  ok    %-58s\n' "$1"
  else
    printf '  FAIL  %-58s (no %s in the body)\n' "$1" "$2"
    failures=$((failures + 1))
  fi
}

echo "[demo] $g"
check "no token: 401" 401 "$g/api/tap/availability"
check "wrong token: 401" 401 -H "Authorization: Bearer wrong" "$g/api/hips/v2/dp02/list"
for path in tap sia/dp02 datalink cutout/dp02 scs/object; do
  check "/api/$path/availability" 200 "${auth[@]}" "$g/api/$path/availability"
  body_has "  ... says available" "available>true<"
  check "/api/$path/capabilities" 200 "${auth[@]}" "$g/api/$path/capabilities"
  if grep -o '<accessURL[^>]*>[^<]*' "$body" | grep -v ">$g/api/" | grep -q .; then
    printf '  FAIL  %-58s\n' "  ... an accessURL outside $g/api/"
    failures=$((failures + 1))
  fi
done
check "/api/cutout/dp02/sync/availability" 200 "${auth[@]}" "$g/api/cutout/dp02/sync/availability"
check "/api/tap/tables" 200 "${auth[@]}" "$g/api/tap/tables"
body_has "  ... lists dp02_dc2_catalogs.object" "dp02_dc2_catalogs.object"
check "/api/tap/examples" 200 "${auth[@]}" "$g/api/tap/examples"
body_has "  ... has DALI examples" 'typeof="example"'
check "TAP sync query" 200 "${auth[@]}" "$g/api/tap/sync" -d REQUEST=doQuery -d LANG=ADQL \
  --data-urlencode "QUERY=SELECT COUNT(*) AS n FROM dp02_dc2_catalogs.Object"
body_has "  ... QUERY_STATUS OK" 'name="QUERY_STATUS" value="OK"'
check "SIAv2 query" 200 "${auth[@]}" "$g/api/sia/dp02/query?POS=CIRCLE+55.83+-32.14+0.05"
body_has "  ... QUERY_STATUS OK" 'name="QUERY_STATUS" value="OK"'
did="ivo%3A%2F%2Frsp.demo%2F~%3Fdemo%2Fimages%2Fcalexp_1000000_0.fits"
check "DataLink links" 200 "${auth[@]}" "$g/api/datalink/links?ID=$did"
body_has "  ... SODA descriptor at /api/cutout/dp02/sync" "$g/api/cutout/dp02/sync"
check "SODA cutout" 200 "${auth[@]}" "$g/api/cutout/dp02/sync?ID=$did&CIRCLE=55.748+-32.213+0.01"
body_has "  ... is FITS" "^SIMPLE  ="
check "cone search" 200 "${auth[@]}" "$g/api/scs/object?RA=55.83&DEC=-32.14&SR=0.01"
body_has "  ... has rows" "<STREAM encoding=\"base64\">[A-Za-z0-9+/]"
check "HiPS list" 200 "${auth[@]}" "$g/api/hips/v2/dp02/list"
body_has "  ... names the surveys" "hips_service_url"
check "HiPS properties (color_gri)" 200 "${auth[@]}" "$g/api/hips/v2/dp02/deep_coadd/color_gri/properties"
check "HiPS properties without token: 401" 401 "$g/api/hips/v2/dp02/deep_coadd/band_r/properties"

if [ "$failures" -gt 0 ]; then
  echo "[demo] $failures check(s) failed"
  exit 1
fi
echo "[demo] everything answers"
