"""How code running in a kernel reaches a token-protected service: the one source of truth.

The section between the two markers below is pasted verbatim into every notebook cell the
frontend generates for a platform-token service (``src/codegen/kernel-code.json`` is written from
this file by ``python -m jupyterlab_rsp_api.kernel_session``, and a test keeps the two equal), is
what ``%%adql --dry-run`` prints, and is what the magic itself runs. So the rule the proxy follows
(the token goes only to the origins of the platform's token-protected services) is the rule every
line of generated code follows, and the text cannot drift between Python and TypeScript.

The kernel may be another Python than the server's (on the platform it is), so the pasted code
uses only the standard library and requests.
"""

from __future__ import annotations

# --- pasted into notebooks: begin ---
import os
from pathlib import Path
from urllib.parse import urlsplit

import requests


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _platform_token() -> str:
    # The platform's order: its token file, the runtime mounts' copy, then the environment.
    mounts = Path(os.environ.get("NUBLADO_RUNTIME_MOUNTS_DIR") or "/opt/lsst/software/jupyterlab")
    files = (Path("/etc/nublado/secrets/token"), mounts / "secrets" / "token")
    found = [path.read_text() for path in files if path.is_file()]
    found += [os.environ.get("NUBLADO_TOKEN") or "", os.environ.get("ACCESS_TOKEN") or ""]
    for token in (text.strip() for text in found):
        # A bearer token is printable ASCII without spaces; anything else would break the header.
        if token and token.isascii() and token.isprintable() and " " not in token:
            return token
    raise PermissionError(
        "No usable platform token: looked in /etc/nublado/secrets/token, "
        "$NUBLADO_RUNTIME_MOUNTS_DIR/secrets/token, $NUBLADO_TOKEN and $ACCESS_TOKEN."
    )


def rsp_session(token_origins: list[str]) -> requests.Session:
    """A requests session that adds the platform token, read now (never stored in the notebook),
    only to requests for the platform's own hosts: any other host gets no token."""
    token = _platform_token()
    allowed = {_origin(origin) for origin in token_origins}

    def add_token(request: requests.PreparedRequest) -> requests.PreparedRequest:
        if _origin(request.url or "") in allowed:
            request.headers["Authorization"] = f"Bearer {token}"
        return request

    session = requests.Session()
    # Called for each request the session makes; requests itself drops the header on a
    # redirect to another host.
    session.auth = add_token
    return session


# --- pasted into notebooks: end ---

# lsst.rsp's get_tap_service and retrieve_query know these TAP services by name on the platform.
LSST_RSP_TAP_NAMES: tuple[str, ...] = ("tap", "ssotap", "live", "obstap")

_BEGIN = "# --- pasted into notebooks: begin ---\n"
_END = "# --- pasted into notebooks: end ---\n"

KERNEL_CODE_JSON = Path("src") / "codegen" / "kernel-code.json"


def pasted_section(module_file: str) -> str:
    """The part of a module between its two 'pasted into notebooks' markers, as cells carry it."""
    text = Path(module_file).read_text(encoding="utf-8")
    start = text.index(_BEGIN) + len(_BEGIN)
    return text[start : text.index(_END)].strip() + "\n"


def session_helper_source() -> str:
    """The token session exactly as generated code carries it."""
    return pasted_section(__file__)


def results_check_source() -> str:
    """The results check (results_check.py) exactly as generated code carries it."""
    from . import results_check

    return pasted_section(results_check.__file__)


def kernel_code() -> dict[str, object]:
    """What the frontend's code generator reads (src/codegen/kernel-code.json)."""
    return {
        "sessionHelper": session_helper_source(),
        "resultsCheck": results_check_source(),
        "lsstRspTapNames": list(LSST_RSP_TAP_NAMES),
    }


def kernel_code_json() -> str:
    import json

    return json.dumps(kernel_code(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else KERNEL_CODE_JSON
    target.write_text(kernel_code_json(), encoding="utf-8")
    print(f"wrote {target}")
