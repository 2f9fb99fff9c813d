# Sourced (not run) by `make demo` and the Galata server: the environment a lab on the demo
# platform sees, shaped like a Rubin Science Platform lab (see ../shared/reference/rsp-platform.md).
_demo_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=config.env
source "$_demo_repo/demo/config.env"
export EXTERNAL_INSTANCE_URL="$DEMO_GATEWAY_URL"
# Kernels read the token at run time, as on the platform (lsst.rsp and generated pyvo code).
export ACCESS_TOKEN="$DEMO_TOKEN"
# The %%adql magic in kernels reads the same discovery document as the server extension.
export RSP_API_DISCOVERY_PATH="$_demo_repo/.demo-state/discovery/v1.json"
# The platform mounts these two files into every lab; the demo keeps them under .demo-state.
RSP_API_LAB_ARGS=(
  "--RSPApi.discovery_path=$_demo_repo/.demo-state/discovery/v1.json"
  "--RSPApi.token_path=$_demo_repo/.demo-state/secrets/token"
)
unset _demo_repo
