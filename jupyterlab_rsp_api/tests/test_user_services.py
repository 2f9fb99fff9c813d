"""TAP services a user adds by URL: reachable through the proxy, never given the token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tornado.httpclient import HTTPResponse

from ..discovery import (
    Discovery,
    Service,
    origin_of,
    services_from_user,
    user_service_id,
    with_user_services,
)
from .conftest import TOKEN
from .upstream import Upstream, json_body


async def put_user_services(jp_fetch: Any, entries: object) -> HTTPResponse:
    response: HTTPResponse = await jp_fetch(
        "jupyterlab-rsp-api",
        "user-services",
        method="PUT",
        body=json.dumps({"services": entries}),
        raise_error=False,
    )
    return response


def test_user_entries_are_validated() -> None:
    services, problems = services_from_user(
        [
            {"url": "https://tap.example.org/tap/", "title": " Example "},
            {"url": "https://tap.example.org/tap"},  # the same service once more
            {"url": "file:///etc/passwd"},
            {"url": "https://user:secret@tap.example.org/tap"},
            {"url": "javascript:alert(1)"},
            "https://not-a-dict.example.org",
        ]
    )
    assert [(s.url, s.title, s.auth, s.kind, s.source) for s in services] == [
        ("https://tap.example.org/tap", "Example", "none", "tap", "user")
    ]
    assert services[0].id == user_service_id("https://tap.example.org/tap")
    assert len(problems) == 4
    assert services_from_user("nope")[1]


def test_user_entries_never_replace_platform_services() -> None:
    platform = Service(
        "tap", "Catalogs", "tap", "https://rsp.example/api/tap", "platform-token", "x"
    )
    user = services_from_user([{"url": "https://rsp.example/api/tap"}])[0]
    merged = with_user_services(Discovery(services=[platform]), user)
    assert [s.id for s in merged.services] == ["tap", user[0].id]
    assert merged.token_origins() == frozenset({platform.origin})


async def test_added_service_is_listed_and_reached_without_the_token(
    jp_fetch: Any, upstream: Upstream
) -> None:
    # Same origin as the token-protected service "svc": the token must still stay home.
    url = f"{upstream.base}/svc"
    response = await put_user_services(jp_fetch, [{"url": url, "title": "Mine"}])
    assert response.code == 200
    data = json.loads(response.body)
    added = [s for s in data["services"] if s["source"] == "user"]
    assert [(s["title"], s["auth"], s["tokenApplies"]) for s in added] == [("Mine", "none", False)]
    assert data["userServicesAllowed"] is True
    # Generated code reads the same two facts: no token for this one, and where the token may go.
    assert origin_of(upstream.base) in data["tokenOrigins"]

    reply = await jp_fetch("jupyterlab-rsp-api", "proxy", added[0]["id"], "echo", raise_error=False)
    assert reply.code == 200
    assert json_body(reply.body)["hadAuthorization"] is False
    assert "Authorization" not in upstream.requests_to("/svc/echo")[-1].headers
    assert TOKEN not in reply.body.decode()

    # Removing it: the next PUT carries the whole list.
    response = await put_user_services(jp_fetch, [])
    assert [s for s in json.loads(response.body)["services"] if s["source"] == "user"] == []
    reply = await jp_fetch("jupyterlab-rsp-api", "proxy", added[0]["id"], "echo", raise_error=False)
    assert reply.code == 404


@pytest.mark.parametrize("body", [b"not json", json.dumps({"services": [{"url": "ftp://x"}]})])
async def test_bad_lists_are_refused(jp_fetch: Any, body: object) -> None:
    response = await jp_fetch(
        "jupyterlab-rsp-api", "user-services", method="PUT", body=body, raise_error=False
    )
    assert response.code == 400


async def test_administrator_can_forbid_adding_services(jp_fetch: Any, jp_serverapp: Any) -> None:
    jp_serverapp.web_app.settings["rsp_api_state"].config.allow_user_services = False
    response = await put_user_services(jp_fetch, [{"url": "https://tap.example.org/tap"}])
    assert response.code == 403
    listed = json.loads((await jp_fetch("jupyterlab-rsp-api", "services")).body)
    assert listed["userServicesAllowed"] is False
