"""The routes end to end: a real Jupyter server with the extension, a real upstream over HTTP."""

from __future__ import annotations

import asyncio
import errno
import json
import socket
import ssl
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
from tornado.httpclient import HTTPClientError, HTTPResponse
from tornado.simple_httpclient import SimpleAsyncHTTPClient

from ..proxy import connection_failure
from .conftest import TOKEN
from .upstream import Upstream, json_body


async def get(jp_fetch: Any, path: str, **kwargs: Any) -> HTTPResponse:
    return await jp_fetch("jupyterlab-rsp-api", *path.split("/"), raise_error=False, **kwargs)


def assert_no_token(response: HTTPResponse) -> None:
    assert TOKEN not in (response.body or b"").decode("utf-8", "replace")
    for name, value in response.headers.get_all():
        assert TOKEN not in value, name


async def test_services_lists_without_the_token(jp_fetch: Any, upstream: Upstream) -> None:
    response = await get(jp_fetch, "services")
    assert response.code == 200
    assert_no_token(response)
    data = json.loads(response.body)
    by_id = {s["id"]: s for s in data["services"]}
    assert set(by_id) == {"svc", "open", "down"}
    assert by_id["svc"]["tokenApplies"] is True
    assert by_id["open"]["tokenApplies"] is False
    assert data["token"]["available"] is True
    assert data["token"]["source"].startswith("file:")
    assert data["onPlatform"] is False


async def test_token_is_sent_to_its_service_only(jp_fetch: Any, upstream: Upstream) -> None:
    response = await get(jp_fetch, "proxy/svc/echo", params={"LANG": "ADQL"})
    assert response.code == 200
    assert json_body(response.body)["hadAuthorization"] is True
    assert upstream.requests_to("/svc/echo")[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    assert_no_token(response)

    response = await get(jp_fetch, "proxy/open/echo")
    assert response.code == 200
    assert json_body(response.body)["hadAuthorization"] is False


async def test_browser_credentials_are_not_forwarded(jp_fetch: Any, upstream: Upstream) -> None:
    await get(jp_fetch, "proxy/open/echo", headers={"Cookie": "_xsrf=abc", "X-Extra": "1"})
    seen = upstream.requests_to("/open/echo")[-1].headers
    assert "Cookie" not in seen and "X-Extra" not in seen
    assert "Authorization" not in seen  # not even the Jupyter token of the test client


async def test_form_and_multipart_posts_pass(jp_fetch: Any, upstream: Upstream) -> None:
    response = await jp_fetch(
        "jupyterlab-rsp-api",
        "proxy",
        "svc",
        "echo",
        method="POST",
        body="REQUEST=doQuery&LANG=ADQL&QUERY=SELECT+1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    data = json_body(response.body)
    assert data["method"] == "POST" and data["bodyLength"] == 40
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="QUERY"\r\n\r\nSELECT 1\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="t"; filename="t.xml"\r\n'
        f"Content-Type: text/xml\r\n\r\n<VOTABLE/>\r\n--{boundary}--\r\n"
    )
    response = await jp_fetch(
        "jupyterlab-rsp-api",
        "proxy",
        "svc",
        "echo",
        method="POST",
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    data = json_body(response.body)
    assert data["contentType"] == f"multipart/form-data; boundary={boundary}"
    assert data["bodyLength"] == len(body.encode())


async def test_delete_passes(jp_fetch: Any, upstream: Upstream) -> None:
    response = await jp_fetch("jupyterlab-rsp-api", "proxy", "svc", "echo", method="DELETE")
    assert json_body(response.body)["method"] == "DELETE"


async def test_redirect_inside_the_service_is_rewritten(
    jp_fetch: Any, upstream: Upstream, jp_base_url: str
) -> None:
    for name in ("redirect-inside", "redirect-relative"):
        response = await get(jp_fetch, f"proxy/svc/{name}", follow_redirects=False)
        assert response.code in (302, 303)
        location = response.headers["Location"]
        assert location.startswith(f"{jp_base_url}jupyterlab-rsp-api/proxy/svc/echo?from=")
        assert str(upstream.port) not in location


async def test_redirect_elsewhere_is_followed_without_the_token(
    jp_fetch: Any, upstream: Upstream
) -> None:
    for name, path in (
        ("redirect-outside", "/storage/echo"),
        ("redirect-outside-path", "/storage/echo"),
    ):
        before = len(upstream.requests_to(path))
        response = await get(jp_fetch, f"proxy/svc/{name}")
        assert response.code == 200
        assert json_body(response.body)["hadAuthorization"] is False
        assert len(upstream.requests_to(path)) == before + 1
        assert "Authorization" not in upstream.requests_to(path)[-1].headers


async def test_redirect_loops_end(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/redirect-loop")
    assert response.code == 502
    assert response.headers["X-RSP-API-Error"] == "too_many_redirects"


async def test_unknown_service_is_404(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/nope/echo")
    assert response.code == 404
    assert json.loads(response.body)["error"]["type"] == "unknown_service"


@pytest.mark.parametrize(
    "raw",
    [
        "..%2fopen/echo",
        "%2e%2e/other/echo",
        "%252e%252e/other/echo",
        "%2f%2flocalhost/svc/echo",
        "http:%2f%2flocalhost/echo",
        "x%5c..%5c..%5cother/echo",
    ],
)
async def test_traversal_never_leaves_the_service(
    jp_fetch: Any,
    upstream: Upstream,
    raw: str,
    jp_http_port: int,
    jp_base_url: str,
    http_server_client: Any,
    jp_auth_header: dict[str, str],
) -> None:
    before = len(upstream.seen)
    url = f"{jp_base_url}jupyterlab-rsp-api/proxy/svc/{raw}"
    response = await http_server_client.fetch(url, headers=jp_auth_header, raise_error=False)
    assert response.code in (400, 404)
    assert all(s.path.startswith("/svc/") for s in upstream.seen[before:])


async def test_upstream_401_passes_through_readably(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/unauthorized")
    assert response.code == 401
    assert response.headers["X-RSP-API-Upstream-Status"] == "401"
    assert "X-RSP-API-Error" not in response.headers
    assert b"Token expired" in response.body
    assert "WWW-Authenticate" not in response.headers


async def test_tap_error_document_passes_through(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/tap-error")
    assert response.code == 400
    assert response.headers["Content-Type"].startswith("application/x-votable+xml")
    assert b"QUERY_STATUS" in response.body


async def test_html_error_page_passes_with_status(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/html-error")
    assert response.code == 502
    assert response.headers["X-RSP-API-Upstream-Status"] == "502"
    assert "X-RSP-API-Error" not in response.headers


async def test_unreachable_and_slow_services_give_typed_errors(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/down/availability")
    assert response.code == 502
    error = json.loads(response.body)["error"]
    assert error["type"] == "upstream_unreachable"
    assert error["message"] == (
        "Down service could not be reached: nothing accepts connections at 127.0.0.1:9 "
        "(refused); check the host and port."
    )

    response = await get(jp_fetch, "proxy/svc/slow", params={"s": "5"})
    assert response.code == 504
    assert response.headers["X-RSP-API-Error"] == "upstream_timeout"


async def test_cookies_and_hop_headers_are_dropped(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/cookies")
    assert response.code == 200
    # Jupyter sets its own _xsrf cookie; the upstream's must not come through.
    assert not [c for c in response.headers.get_list("Set-Cookie") if "upstream-cookie" in c]
    assert "X-Secret" not in response.headers


async def test_download_headers_pass(jp_fetch: Any) -> None:
    response = await get(jp_fetch, "proxy/svc/download")
    assert response.headers["Content-Type"] == "application/fits"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cutout.fits"'


async def test_no_token_is_a_clear_error(
    jp_fetch: Any, token_file: Path, upstream: Upstream
) -> None:
    token_file.write_text("")
    response = await get(jp_fetch, "proxy/svc/echo")
    assert response.code == 401
    error = json.loads(response.body)["error"]
    assert error["type"] == "no_token" and "empty" in error["message"]
    # auth: none services keep working
    response = await get(jp_fetch, "proxy/open/echo")
    assert response.code == 200


async def test_unauthenticated_requests_are_refused(
    http_server_client: Any, jp_http_port: int, jp_base_url: str
) -> None:
    for path in ("services", "proxy/svc/echo"):
        url = f"{jp_base_url}jupyterlab-rsp-api/{path}"
        with pytest.raises(HTTPClientError) as caught:
            await http_server_client.fetch(url)
        assert caught.value.code == 403


async def test_post_without_xsrf_from_a_browser_session_is_refused(
    http_server_client: Any, jp_http_port: int, jp_base_url: str, jp_serverapp: Any
) -> None:
    # A cookie-authenticated request (as a browser makes) must carry the XSRF token to POST.
    url = f"{jp_base_url}jupyterlab-rsp-api/proxy/svc/echo"
    response = await http_server_client.fetch(
        url,
        method="POST",
        body="x=1",
        headers={"Cookie": "username-localhost-0=forged"},
        raise_error=False,
    )
    assert response.code == 403


async def test_the_token_never_reaches_the_logs(
    jp_fetch: Any, all_logs: list[str], upstream: Upstream
) -> None:
    for path in (
        "services",
        "proxy/svc/echo",
        "proxy/svc/redirect-outside",
        "proxy/svc/unauthorized",
        "proxy/down/x",
        "proxy/svc/%2e%2e/x",
    ):
        response = await get(jp_fetch, path)
        assert_no_token(response)
    assert all_logs, "the server logged nothing: the capture is broken"
    assert not [line for line in all_logs if TOKEN in line]


async def test_large_responses_stream_with_flat_memory(
    http_server_client: Any,
    jp_http_port: int,
    jp_base_url: str,
    jp_auth_header: dict[str, str],
    jp_serverapp: Any,
) -> None:
    def rss_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    megabytes = 300
    received = 0
    peak_growth = 0.0
    baseline = rss_mb()

    def on_chunk(chunk: bytes) -> None:
        nonlocal received, peak_growth
        received += len(chunk)
        peak_growth = max(peak_growth, rss_mb() - baseline)

    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url}jupyterlab-rsp-api/proxy/svc/big?mb={megabytes}"
    # The shared test client refuses bodies over 100 MB even when streamed.
    client = SimpleAsyncHTTPClient(force_instance=True, max_body_size=2**31)
    response = await client.fetch(
        url,
        headers=jp_auth_header,
        streaming_callback=on_chunk,
        request_timeout=120,
    )
    client.close()
    assert response.code == 200
    assert received == megabytes * 2**20
    # The upstream, the proxy and the client share this process: all three must stay flat.
    assert peak_growth < 80, f"memory grew by {peak_growth:.0f} MB for {megabytes} MB"


async def test_a_slow_browser_holds_the_upstream_back(
    http_server_client: Any,
    jp_http_port: int,
    jp_base_url: str,
    jp_auth_header: dict[str, str],
    upstream: Upstream,
) -> None:
    """The proxy reads from the upstream only as fast as the browser takes the answer: while
    the browser reads nothing, only what fits in the buffers on the way has left the upstream."""
    megabytes = 256
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", jp_http_port))
    reader, writer = await asyncio.open_connection(sock=sock)
    sent_before = upstream.big_sent
    path = f"{jp_base_url}jupyterlab-rsp-api/proxy/svc/big?mb={megabytes}"
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{jp_http_port}\r\n"
        f"Authorization: {jp_auth_header['Authorization']}\r\nConnection: close\r\n\r\n"
    )
    writer.write(request.encode())
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    await reader.readexactly(2**20)
    # The browser stops reading; wait until the upstream stops sending too.
    sent, unchanged = -1, 0
    for _ in range(75):
        await asyncio.sleep(0.2)
        unchanged = unchanged + 1 if upstream.big_sent == sent else 0
        sent = upstream.big_sent
        if unchanged == 3:
            break
    # Socket buffers on both sides (autotuned), aiohttp's buffer and a chunk or two in the
    # proxy: tens of MB at most, where reading without back-pressure would take it all.
    assert sent - sent_before < megabytes * 2**20 / 2, f"{(sent - sent_before) / 2**20:.0f} MB"
    received = 2**20
    while chunk := await reader.read(2**20):
        received += len(chunk)
    writer.close()
    assert received == megabytes * 2**20


def test_quote_helper_sanity() -> None:
    assert quote("a b") == "a%20b"


def _failure(
    cause: BaseException | None, error: aiohttp.ClientConnectionError | None = None
) -> str:
    error = error or aiohttp.ClientOSError()
    error.__cause__ = cause
    return connection_failure(error, "https://tap.example.org:8443/tap")


def test_connection_failures_are_told_in_words() -> None:
    # The kind travels in X-RSP-API-Error; the sentence is for the user, never a class name.
    said = {
        "dns": _failure(socket.gaierror(-2, "Name or service not known")),
        "certificate": _failure(ssl.SSLCertVerificationError(1, "self-signed")),
        "tls": _failure(ssl.SSLError(1, "wrong version number")),
        "refused": _failure(ConnectionRefusedError(111, "Connect call failed")),
        "route": _failure(OSError(errno.EHOSTUNREACH, "No route to host")),
        "reset": _failure(OSError(errno.ECONNRESET, "Connection reset by peer")),
        "closed": _failure(None, aiohttp.ServerDisconnectedError()),
        "unknown": _failure(None),
    }
    assert said == {
        "dns": "no host named tap.example.org was found (DNS).",
        "certificate": "the TLS certificate of tap.example.org:8443 could not be verified.",
        "tls": "a secure (TLS) connection to tap.example.org:8443 could not be made; is it http "
        "rather than https?",
        "refused": "nothing accepts connections at tap.example.org:8443 (refused); check the "
        "host and port.",
        "route": "there is no network route to tap.example.org:8443.",
        "reset": "the connection to tap.example.org:8443 failed (connection reset by peer).",
        "closed": "tap.example.org:8443 closed the connection without answering.",
        "unknown": "the connection to tap.example.org:8443 failed.",
    }
    for sentence in said.values():
        assert "Error" not in sentence and "aiohttp" not in sentence
