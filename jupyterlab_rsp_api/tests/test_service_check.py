"""A URL a user types is checked to be a TAP service before it is kept: POST user-services/check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPResponse

from ..discovery import user_url_problem
from ..service_check import capability_ids, is_available
from .conftest import TOKEN
from .upstream import AVAILABILITY, SIA_CAPABILITIES, TAP_CAPABILITIES, Upstream

FIXTURES = Path(__file__).parents[2] / "src" / "vo" / "__tests__" / "fixtures"


async def check(jp_fetch: Any, url: object) -> HTTPResponse:
    response: HTTPResponse = await jp_fetch(
        "jupyterlab-rsp-api",
        "user-services",
        "check",
        method="POST",
        body=json.dumps({"url": url}),
        raise_error=False,
    )
    return response


async def verdict(jp_fetch: Any, url: object) -> dict[str, Any]:
    response = await check(jp_fetch, url)
    assert response.code == 200
    assert TOKEN not in response.body.decode()
    answer: dict[str, Any] = json.loads(response.body)
    return answer


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "Type the URL"),
        ("http://127.0.0.1:9/my tap", "space"),
        ("https://example.org/tap https://example.org/other", "space"),
        ("ftp://example.org/tap", "starts with http"),
        ("example.org/tap", "starts with http"),
        ("https://user:secret@example.org/tap", "user names and passwords"),
        ("https://:secret@example.org/tap", "user names and passwords"),
        ("https:///tap", "names no host"),
        ("https://example.org:99999/tap", "port"),
        ("https://example.org/tap?REQUEST=doQuery", "without a ?query"),
        ("https://example.org/tap#top", "#fragment"),
        ("https://example.org/" + "x" * 2100, "too long"),
    ],
)
def test_urls_that_cannot_be_a_service_are_refused_with_a_reason(url: str, says: str) -> None:
    problem = user_url_problem(url)
    assert problem is not None and says in problem


@pytest.mark.parametrize(
    "url", ["https://example.org/tap", " http://127.0.0.1:8080/tap/ ", "HTTPS://Example.org/x"]
)
def test_service_urls_pass(url: str) -> None:
    assert user_url_problem(url) is None


def test_capabilities_are_read_for_their_standard_ids() -> None:
    demo = (FIXTURES / "demo-tap-capabilities.xml").read_bytes()
    assert "ivo://ivoa.net/std/TAP" in (capability_ids(demo) or [])
    assert capability_ids(TAP_CAPABILITIES.encode()) == [
        "ivo://ivoa.net/std/VOSI#availability",
        "ivo://ivoa.net/std/TAP",
    ]
    assert capability_ids(SIA_CAPABILITIES.encode()) == ["ivo://ivoa.net/std/SIA#query-2.0"]
    assert capability_ids(b"<html><body>capabilities</body></html>") is None
    assert capability_ids(b"not xml") is None
    assert capability_ids(AVAILABILITY.encode()) is None
    assert is_available(AVAILABILITY.encode()) is True
    assert is_available(TAP_CAPABILITIES.encode()) is None


def test_documents_with_a_dtd_are_not_read() -> None:
    # Entity expansion needs a DTD; no VOSI document has one.
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE capabilities [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<capabilities><capability standardID="ivo://ivoa.net/std/TAP">&b;</capability>'
        b"</capabilities>"
    )
    assert capability_ids(laughs) is None


async def test_a_tap_service_passes(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f" {upstream.base}/tap/ ")
    assert answer == {
        "ok": True,
        "url": f"{upstream.base}/tap",
        "message": "A TAP service: its capabilities declare TAP.",
    }


async def test_a_redirect_inside_the_service_is_followed(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/moved")
    assert answer["ok"] is True
    assert upstream.requests_to("/moved/tap-capabilities")


async def test_a_compressed_answer_is_read(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/gzipped")
    assert answer["ok"] is True
    assert upstream.requests_to("/gzipped/capabilities")[-1].headers["Accept-Encoding"] == (
        "identity"
    )


async def test_a_compressed_answer_does_not_unfold_without_bound(
    jp_fetch: Any, upstream: Upstream
) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/bomb")
    assert answer["ok"] is True  # its availability answers
    assert "availability answered" in answer["message"]


async def test_another_kind_of_vo_service_is_named(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/sia")
    assert answer["ok"] is False
    assert "not a TAP service" in answer["message"]
    assert "ivo://ivoa.net/std/SIA#query-2.0" in answer["message"]


async def test_without_capabilities_availability_decides(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/nocaps")
    assert answer["ok"] is True
    assert "availability answered" in answer["message"]


async def test_a_web_site_is_not_a_tap_service(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/website")
    assert answer["ok"] is False
    assert answer["message"] == (
        f"Not added: {upstream.base}/website does not answer as a TAP service does: its "
        "capabilities are not a VOSI capabilities document; its availability is not a VOSI "
        "availability document."
    )


async def test_nothing_there_is_said_once(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/nothing/here")
    assert answer["ok"] is False
    assert (
        "it has no capabilities (HTTP 404); it has no availability (HTTP 404)"
        in (answer["message"])
    )


async def test_a_service_asking_for_credentials_is_not_kept(
    jp_fetch: Any, upstream: Upstream
) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/secured")
    assert answer["ok"] is False
    assert answer["message"] == (
        f"Not added: {upstream.base}/secured asks for credentials (HTTP 401), and a service "
        "added here is reached without any."
    )
    assert not upstream.requests_to("/secured/availability")


async def test_unreachable_is_said_in_words_not_class_names(jp_fetch: Any) -> None:
    answer = await verdict(jp_fetch, "http://127.0.0.1:9/tap")
    assert answer == {
        "ok": False,
        "url": "http://127.0.0.1:9/tap",
        "message": "Not added: http://127.0.0.1:9/tap could not be reached: nothing accepts "
        "connections at 127.0.0.1:9 (refused); check the host and port.",
    }


async def test_a_silent_service_is_given_up_on(jp_fetch: Any, upstream: Upstream) -> None:
    answer = await verdict(jp_fetch, f"{upstream.base}/hang")
    assert answer["ok"] is False
    assert "did not answer in time" in answer["message"]


async def test_a_bad_url_is_judged_without_a_request(jp_fetch: Any, upstream: Upstream) -> None:
    before = len(upstream.seen)
    answer = await verdict(jp_fetch, f"{upstream.base}/my tap")
    assert answer["ok"] is False and "space" in answer["message"]
    assert len(upstream.seen) == before


async def test_the_token_is_never_sent_even_to_the_platform_origin(
    jp_fetch: Any, upstream: Upstream
) -> None:
    # "svc" is token-protected on this origin; the same URL typed by a user gets no token.
    answer = await verdict(jp_fetch, f"{upstream.base}/svc")
    assert answer["ok"] is True
    seen = upstream.requests_to("/svc/capabilities")[-1]
    assert "Authorization" not in seen.headers
    assert TOKEN not in json.dumps(seen.headers)


async def test_checking_needs_user_services_allowed_and_json(
    jp_fetch: Any, jp_serverapp: Any
) -> None:
    response = await jp_fetch(
        "jupyterlab-rsp-api",
        "user-services",
        "check",
        method="POST",
        body=b"not json",
        raise_error=False,
    )
    assert response.code == 400
    jp_serverapp.web_app.settings["rsp_api_state"].config.allow_user_services = False
    response = await check(jp_fetch, "https://example.org/tap")
    assert response.code == 403
