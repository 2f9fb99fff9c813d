"""Names the server and the frontend must spell alike, read from both halves' sources.

The Python side names them once (typed Literals); the TypeScript side once (unions, a record);
these tests parse the TypeScript where it declares them, so a name added on one side only fails
here rather than in a user's lab.
"""

from __future__ import annotations

import re
from typing import get_args

from .. import discovery, proxy, reflection
from ..kernel_session import LSST_RSP_TAP_NAMES
from .demo import REPO

TOKENS_TS = REPO / "src" / "tokens.ts"
ERRORS_TS = REPO / "src" / "services" / "errors.ts"
CLIENT_TS = REPO / "src" / "services" / "client.ts"


def _declaration(path_text: str, start: str, end: str) -> str:
    """The text of a declaration from its start to the first ``end`` after it."""
    begin = path_text.index(start)
    return path_text[begin : path_text.index(end, begin)]


def _string_union(source: str, type_name: str) -> list[str]:
    """The members of ``export type <name> = 'a' | 'b';``, in order."""
    body = _declaration(source, f"export type {type_name} =", ";")
    return re.findall(r"'([^']*)'", body.split("=", 1)[1])


def _string_constant(source: str, name: str) -> str:
    match = re.search(rf"export const {name} = '([^']*)';", source)
    assert match, f"no `export const {name} = '...'` found"
    return match.group(1)


def test_service_kinds_and_auth_modes_are_the_same_on_both_sides() -> None:
    tokens = TOKENS_TS.read_text(encoding="utf-8")
    assert _string_union(tokens, "ServiceKind") == list(discovery.KINDS)
    assert _string_union(tokens, "ServiceAuth") == list(discovery.AUTH_MODES)


def test_every_kind_has_a_title_for_discovered_services() -> None:
    assert set(discovery._KIND_TITLES) == set(discovery.KINDS)


def test_the_frontend_reads_every_proxy_error_kind() -> None:
    errors = ERRORS_TS.read_text(encoding="utf-8")
    record = _declaration(errors, "const PROXY_KINDS", "};")
    frontend = re.findall(r"^\s+([a-z_]+):", record, flags=re.MULTILINE)
    assert sorted(frontend) == sorted(get_args(proxy.ProxyErrorKind))


def test_the_proxy_headers_have_one_name() -> None:
    client = CLIENT_TS.read_text(encoding="utf-8")
    assert _string_constant(client, "ERROR_HEADER") == proxy.ERROR_HEADER
    assert _string_constant(client, "WARNING_HEADER") == reflection.WARNING_HEADER


def test_lsst_rsp_tap_names_are_tap_services_of_the_discovery_document() -> None:
    # Generated code calls get_tap_service(<id>) for these ids: each must be a name the
    # platform's discovery document gives a TAP service, so the id the lab shows is lsst.rsp's.
    for name in LSST_RSP_TAP_NAMES:
        assert discovery._DISCOVERY_KINDS.get(name) == "tap", name
