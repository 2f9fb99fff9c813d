#!/usr/bin/env bash
# Exit 0 when every demo service answers through the gateway with the token, and refuses without.
set -uo pipefail
demo="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=config.env
source "$demo/config.env"
ok=0
check() {
  local path="$1" want="$2" auth="$3" code
  if [ "$auth" = token ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DEMO_TOKEN" "$DEMO_GATEWAY_URL$path")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' "$DEMO_GATEWAY_URL$path")
  fi
  if [ "$code" = "$want" ]; then
    printf '  ok   %-45s %s (%s)\n' "$path" "$code" "$auth"
  else
    printf '  FAIL %-45s %s, expected %s (%s)\n' "$path" "$code" "$want" "$auth"
    ok=1
  fi
}
check /api/tap/availability 200 token
check /api/tap/availability 401 none
check /api/tap/capabilities 200 token
check /api/sia/dp02/availability 200 token
check "/api/sia/dp02/query?POS=CIRCLE+56+-32+0.05" 200 token
check /api/datalink/availability 200 token
check /api/cutout/dp02/sync/availability 200 token
check /api/scs/object/availability 200 token
check "/api/scs/object?RA=56&DEC=-32&SR=0.01" 200 token
check /api/hips/v2/dp02/list 200 token
check /api/hips/v2/dp02/band_r/properties 200 token
check /api/hips/v2/dp02/band_r/properties 401 none
exit $ok
