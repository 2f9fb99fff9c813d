"""The server extension against the demo platform (DaCHS behind the nginx gateway), as in a lab."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from .demo import DEMO, STATE, demo_mark

pytestmark = demo_mark()


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    # A copy of the platform's token file that a test may rotate under the running server.
    path = tmp_path / "token"
    path.write_text((STATE / "secrets" / "token").read_text())
    return path


@pytest.fixture
def jp_server_config(token_file: Path) -> dict[str, Any]:
    # How `make demo` starts the lab: the platform's discovery document and token file.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_rsp_api": True}},
        "RSPApi": {
            "discovery_path": str(STATE / "discovery" / "v1.json"),
            "token_path": str(token_file),
        },
    }


async def fetch(jp_fetch: Any, *parts: str, **kwargs: Any) -> Any:
    return await jp_fetch("jupyterlab-rsp-api", *parts, raise_error=False, **kwargs)


async def test_services_are_discovered_from_the_platform_files(jp_fetch: Any) -> None:
    response = await fetch(jp_fetch, "services")
    data = json.loads(response.body)
    ids = {s["id"] for s in data["services"]}
    assert {"tap", "sia", "cutout", "datalink", "hips", "scs"} <= ids
    assert data["onPlatform"] is True
    assert data["token"]["available"] is True
    assert DEMO["DEMO_TOKEN"] not in response.body.decode()


@pytest.mark.parametrize("service", ["tap", "sia", "datalink", "cutout", "scs"])
async def test_every_service_is_available_through_the_proxy(jp_fetch: Any, service: str) -> None:
    response = await fetch(jp_fetch, "proxy", service, "availability")
    assert response.code == 200, response.body[:300]
    assert b"available>true<" in response.body


async def test_hips_list_through_the_proxy(jp_fetch: Any) -> None:
    response = await fetch(jp_fetch, "proxy", "hips", "list")
    assert response.code == 200
    assert b"hips_service_url" in response.body


async def post_query(jp_fetch: Any, endpoint: str, query: str, **kwargs: Any) -> Any:
    """A TAP query posted as a form through the proxy, as the browser's preview does."""
    return await fetch(
        jp_fetch,
        "proxy",
        "tap",
        endpoint,
        method="POST",
        body=urlencode({"REQUEST": "doQuery", "LANG": "ADQL", "QUERY": query}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        **kwargs,
    )


async def test_tap_sync_query(jp_fetch: Any) -> None:
    response = await post_query(
        jp_fetch, "sync", "SELECT TOP 5 objectId, coord_ra FROM dp02_dc2_catalogs.Object"
    )
    assert response.code == 200
    assert b"<VOTABLE" in response.body
    assert b'name="QUERY_STATUS" value="OK"' in response.body


async def test_tap_error_arrives_as_a_votable(jp_fetch: Any) -> None:
    response = await post_query(jp_fetch, "sync", "SELEKT nothing")
    assert b"QUERY_STATUS" in response.body and b"ERROR" in response.body


async def test_async_job_redirect_stays_in_the_proxy(jp_fetch: Any, jp_base_url: str) -> None:
    response = await post_query(
        jp_fetch, "async", "SELECT TOP 1 * FROM dp02_dc2_catalogs.CcdVisit", follow_redirects=False
    )
    assert response.code == 303
    location = response.headers["Location"]
    assert location.startswith(f"{jp_base_url}jupyterlab-rsp-api/proxy/tap/async/")
    job = location.split("/proxy/tap/", 1)[1]
    response = await fetch(jp_fetch, "proxy", "tap", *job.split("/"))
    assert response.code == 200 and b"PENDING" in response.body
    response = await fetch(
        jp_fetch, "proxy", "tap", *job.split("/"), method="DELETE", follow_redirects=False
    )
    assert response.code == 303
    assert response.headers["Location"] == f"{jp_base_url}jupyterlab-rsp-api/proxy/tap/async"


async def test_cutout_streams_fits(jp_fetch: Any) -> None:
    did = "ivo://rsp.demo/~?demo/images/calexp_1000000_0.fits"
    response = await fetch(
        jp_fetch, "proxy", "cutout", params={"ID": did, "CIRCLE": "55.748 -32.213 0.01"}
    )
    assert response.code == 200
    assert response.body.startswith(b"SIMPLE  =")


async def test_an_expired_token_shows_as_the_services_401(jp_fetch: Any, token_file: Path) -> None:
    response = await fetch(jp_fetch, "proxy", "tap", "availability")
    assert response.code == 200
    # The platform rewrites the token file; the server reads the new (here: rejected) value.
    token_file.write_text("expired-token-0000000000\n")
    response = await fetch(jp_fetch, "proxy", "tap", "availability")
    assert response.code == 401
    assert response.headers["X-RSP-API-Upstream-Status"] == "401"
    assert "X-RSP-API-Error" not in response.headers
    assert b"401 Unauthorized" in response.body
