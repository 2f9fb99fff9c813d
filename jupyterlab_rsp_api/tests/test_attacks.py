"""An attacker's battery against the proxy: crafted paths, ids, methods, redirects of every kind,
upstreams that echo the token, Tomcat path parameters, Jupyter's own credentials, cross-site and
unauthenticated requests, malformed upstream answers.

Every request goes over a raw socket (so nothing normalises it on the way) to a real Jupyter
server, whose proxy talks to real upstreams on loopback (upstream.py). After each one the same
three invariants are checked, whatever the case expected:
- no escape: the token reached the upstream only under the path of the service asked for, and a
  redirect handed to the browser, followed as a browser follows it, stays there too;
- no reflection: no form of the token in the status line, a header or the body;
- nothing sent on: Jupyter's token and _xsrf never reach an upstream; a refused request reaches
  no upstream at all.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from jupyterlab_rsp_api.containment import resolve
from jupyterlab_rsp_api.reflection import token_forms, utf16_form

from .conftest import tap_service
from .upstream import RawUpstream, Upstream, json_body

# A token with every character an escape could change: JSON, HTML, percent-encoding, base64's
# '+' and '/'.
TOKEN = 'gt-Batt3ry/Tok+en="x"&<y>\\z~0123456789'
FORMS = [*token_forms(TOKEN), utf16_form(TOKEN), TOKEN.encode(), quote(TOKEN).encode()]
XSRF = "battery-xsrf-value"


@pytest.fixture(scope="module")
def raw_upstream() -> Iterator[RawUpstream]:
    server = RawUpstream().start()
    yield server
    server.stop()


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def configured_services(upstream: Upstream, raw_upstream: RawUpstream) -> list[dict[str, str]]:
    return [
        tap_service("svc", f"{upstream.base}/svc"),
        # What an escape from svc would reach: another token service on the same host.
        tap_service("other", f"{upstream.base}/other"),
        tap_service("open", f"{upstream.base}/open", auth="none"),
        # A user-added service elsewhere: Jupyter's credentials must never reach it.
        tap_service("foreign", f"{upstream.other_origin}/foreign", auth="none"),
        tap_service("hang", f"{upstream.base}/hang"),
        tap_service("raw", f"{raw_upstream.base}/raw"),
    ]


# --- a raw HTTP/1.1 client --------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    truncated: bool
    raw: bytes = field(repr=False, default=b"")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


async def send(
    port: int,
    method: str,
    target: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 15.0,
) -> Answer:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {len(body)}")
    writer.write("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body)
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), timeout)
    writer.close()
    return parse(raw, method)


def parse(raw: bytes, method: str) -> Answer:
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    headers = [tuple(line.split(": ", 1)) for line in header_lines if ": " in line]
    answer = Answer(int(parts[1]), parts[2] if len(parts) > 2 else "", headers, b"", False, raw)  # type: ignore[arg-type]
    if method == "HEAD" or answer.status in (204, 304):
        return answer
    if (answer.header("Transfer-Encoding") or "").lower() == "chunked":
        body = b""
        while True:
            size_line, sep, rest = rest.partition(b"\r\n")
            if not sep:
                answer.truncated = True
                break
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            if len(rest) < size + 2:
                body += rest[:size]
                answer.truncated = True
                break
            body += rest[:size]
            rest = rest[size + 2 :]
        answer.body = body
    else:
        length = answer.header("Content-Length")
        answer.body = rest
        answer.truncated = length is not None and len(rest) < int(length)
    return answer


# --- the invariants ---------------------------------------------------------------------------


@dataclass
class Battery:
    port: int
    base_url: str
    lab_token: str
    upstream: Upstream
    cookie: str = ""

    @property
    def proxy(self) -> str:
        return f"{self.base_url}jupyterlab-rsp-api/proxy/"

    async def login(self) -> str:
        """A browser session: the login cookie Jupyter sets once the token is presented."""
        if not self.cookie:
            login = await send(
                self.port, "GET", f"{self.base_url}api/status?token={self.lab_token}"
            )
            cookies = [v.split(";", 1)[0] for k, v in login.headers if k.lower() == "set-cookie"]
            assert cookies, "Jupyter set no login cookie"
            self.cookie = "; ".join([*cookies, f"_xsrf={XSRF}"])
        return self.cookie

    def auth(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"token {self.lab_token}", **(extra or {})}

    async def request(
        self,
        method: str,
        target: str,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        service_path: str = "/svc/",
        follow: bool = True,
    ) -> Answer:
        before = len(self.upstream.seen)
        answer = await send(self.port, method, target, headers, body)
        self.check_no_reflection(answer)
        if follow and 300 <= answer.status < 400 and answer.header("Location"):
            await self.follow(answer, method, target, headers, body, service_path)
        self.check_upstream(before, service_path)
        return answer

    def check_no_reflection(self, answer: Answer) -> None:
        payloads = [answer.raw, answer.body]
        if (answer.header("Content-Encoding") or "") == "gzip" and answer.body:
            payloads.append(gzip.decompress(answer.body))
        for payload in payloads:
            for form in FORMS:
                assert form not in payload, f"the token reached the browser ({form[:12]!r}...)"

    def check_upstream(self, before: int, service_path: str) -> None:
        for seen in self.upstream.seen[before:]:
            if seen.headers.get("Authorization") == f"Bearer {TOKEN}":
                assert seen.path.startswith(service_path), f"escape: the token went to {seen.path}"
            blob = seen.query + seen.body.decode("latin-1") + json.dumps(seen.headers)
            assert self.lab_token not in blob, "Jupyter's token reached an upstream"
            assert XSRF not in blob, "Jupyter's _xsrf reached an upstream"

    async def follow(
        self,
        answer: Answer,
        method: str,
        target: str,
        headers: dict[str, str] | None,
        body: bytes,
        service_path: str,
    ) -> None:
        """Do what a browser does with a redirect: resolve the Location against the page's URL,
        and request it (with the same credentials: it is the same origin)."""
        location = answer.header("Location") or ""
        resolved = resolve(location, f"http://127.0.0.1:{self.port}{target}")
        assert resolved.origin == f"http://127.0.0.1:{self.port}", (
            f"redirect off the lab: {location}"
        )
        service = service_path.strip("/")
        assert resolved.path.startswith(self.proxy + service + "/") or resolved.path == (
            self.proxy + service
        ), f"a redirect handed to the browser leaves {service}: {location}"
        keep = answer.status in (307, 308)
        next_target = resolved.path + ("" if resolved.query is None else "?" + resolved.query)
        again = await send(
            self.port, method if keep else "GET", next_target, headers, body if keep else b""
        )
        self.check_no_reflection(again)


CASES: list[str] = []


def cases(category: str, values: list[Any]) -> list[Any]:
    CASES.extend(f"{category}:{v!r}" for v in values)
    return values


@pytest.fixture
def battery(
    jp_serverapp: Any,
    jp_http_port: int,
    jp_base_url: str,
    http_server_client: Any,  # requested for the server it starts on jp_http_port
    upstream: Upstream,
) -> Battery:
    return Battery(jp_http_port, jp_base_url, jp_serverapp.identity_provider.token, upstream)


# --- A. request paths -------------------------------------------------------------------------

PATHS = cases(
    "path",
    [
        "../other/echo",
        "..",
        "echo/../../other/echo",
        "%2e%2e/other/echo",
        "%2E%2E/other/echo",
        ".%2e/other/echo",
        "%2e./other/echo",
        "%252e%252e/other/echo",
        "%25252e%25252e/other/echo",
        "..%2fother/echo",
        "echo%2f..%2f..%2fother%2fecho",
        "%2f%2flocalhost/other/echo",
        "//localhost/other/echo",
        "http://localhost/other/echo",
        "http:%2f%2flocalhost/other/echo",
        "..\\other\\echo",
        "x\\..\\..\\other\\echo",
        "%5c..%5cother/echo",
        "echo/%00/x",
        "echo//x",
        "..;/other/echo",
        "..;jsessionid=x/other/echo",
        "%2e%2e;/other/echo",
        "%2e%2e%3b/other/echo",
        ".;/echo",
        ";x/echo",
        "x/..;/..;/other/echo",
        "..;a=b;c=d/other/echo",
        "%252e%252e;/other/echo",
        "%EF%BC%8E%EF%BC%8E/other/echo",
        "..%20/other/echo",
        "..%09/other/echo",
        "%2e%2e%00/other/echo",
        "x/%2e%2e%5c%2e%2e%5cother/echo",
        "%C0%AE%C0%AE/other/echo",
    ],
)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", PATHS)
async def test_crafted_paths_are_refused(battery: Battery, path: str, method: str) -> None:
    before = len(battery.upstream.seen)
    answer = await battery.request(method, battery.proxy + "svc/" + path, battery.auth())
    assert answer.status in (400, 404), answer.status
    new = battery.upstream.seen[before:]
    assert all(s.path.startswith("/svc/") for s in new), [s.path for s in new]


# --- B. service ids ---------------------------------------------------------------------------

IDS = cases(
    "id",
    [
        "..",
        "%2e%2e",
        ".",
        "svc%2f..%2fother",
        "svc%2F..",
        "nope",
        "SVC",
        "svc%00",
        "svc;x",
        "svc%3bx",
        "%73vc%2f%2e%2e",
        "open%2f..%2fsvc",
        "svc%20",
        "..%5csvc",
    ],
)


@pytest.mark.parametrize("service_id", IDS)
async def test_crafted_ids_reach_no_other_service(battery: Battery, service_id: str) -> None:
    before = len(battery.upstream.seen)
    answer = await battery.request(
        "GET", f"{battery.proxy}{service_id}/echo", battery.auth(), service_path="/svc/"
    )
    assert answer.status in (400, 404), answer.status
    assert len(battery.upstream.seen) == before


# --- C. methods -------------------------------------------------------------------------------

METHODS = cases("method", ["PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECT"])


@pytest.mark.parametrize("method", METHODS)
async def test_other_methods_are_refused(battery: Battery, method: str) -> None:
    before = len(battery.upstream.seen)
    answer = await battery.request(method, battery.proxy + "svc/echo", battery.auth())
    # OPTIONS is Jupyter's own CORS answer (APIHandler), never proxied.
    assert answer.status in ((200, 204) if method == "OPTIONS" else (400, 405)), answer.status
    assert len(battery.upstream.seen) == before


# --- D. redirects -----------------------------------------------------------------------------


def redirect_target(battery: Battery, location: str, status: int) -> str:
    encoded = base64.urlsafe_b64encode(location.encode()).decode()
    return f"{battery.proxy}svc/redirect?b64={encoded}&status={status}"


# {base}, {other}: the upstream's origin, and the same server under another name.
LOCATIONS = cases(
    "location",
    [
        "/svc/../other/echo",
        "/svc/%2e%2e/other/echo",
        "/svc/%2E%2E/other/echo",
        "/svc/.%2e/other/echo",
        "/svc/%2e./other/echo",
        "/svc\\..\\other\\echo",
        "\\svc\\..\\other\\echo",
        "/svc/..;/other/echo",
        "/svc/..;jsessionid=x/other/echo",
        "/svc/%2e%2e;/other/echo",
        "/svc/%2e%2e%3b/other/echo",
        "../other/echo",
        "%2e%2e/other/echo",
        "..\\other\\echo",
        "./../other/echo",
        "/svc/x/../../other/echo",
        "/svc/%252e%252e/other/echo",
        "/svc/..%2fother/echo",
        "/svc/%2e%2e%2fother/echo",
        "/svc//other/echo",
        "/svc/%5c..%5cother/echo",
        "/svc/\t../other/echo",
        "/svc/\uff0e\uff0e/other/echo",
        "/svc/.. /other/echo",
        "//localhost:{port}/other/echo",
        "\\\\localhost:{port}/other/echo",
        "/\\localhost:{port}/other/echo",
        "http:/\\localhost:{port}/other/echo",
        "{base}/svc/../other/echo",
        "{base}/svc/%2e%2e/other/echo",
        "{other}/other/echo",
        "http://user:pw@127.0.0.1:{port}/svc/echo",
        "http://0x7f.1:{port}/other/echo",
        "http://2130706433:{port}/svc/echo",
        "HTTP://127.0.0.1:{port}/svc/../other/echo",
        "/svc/echo?from=inside",
        "echo?from=relative",
        "{base}/svc/echo?from=absolute",
        "/svc/echo?token=planted&_xsrf=planted",
        "/svc/%2e%2e",
        "/svc/..",
        "?only=query",
    ],
)


@pytest.mark.parametrize("template", LOCATIONS)
async def test_redirects_never_escape(battery: Battery, template: str) -> None:
    location = template.format(
        port=battery.upstream.port, base=battery.upstream.base, other=battery.upstream.other_origin
    )
    answer = await battery.request("GET", redirect_target(battery, location, 302), battery.auth())
    assert answer.status < 500 or answer.header("X-RSP-API-Error"), answer.status


REDIRECT_STATUSES = cases(
    "status",
    [
        (status, location)
        for status in (301, 303, 307, 308)
        for location in ("/svc/../other/echo", "/svc/..;/other/echo", "{other}/other/echo")
    ],
)


@pytest.mark.parametrize(("status", "template"), REDIRECT_STATUSES)
async def test_every_redirect_status_is_judged_alike(
    battery: Battery, status: int, template: str
) -> None:
    location = template.format(other=battery.upstream.other_origin)
    await battery.request("GET", redirect_target(battery, location, status), battery.auth())


REPLAYS = cases(
    "replay",
    [
        (status, location)
        for status in (307, 308)
        for location in (
            "/svc/../other/echo",
            "/svc/%2e%2e/other/echo",
            "/svc/..;/other/echo",
            "{other}/other/echo",
            "/svc/echo",
        )
    ],
)


@pytest.mark.parametrize(("status", "template"), REPLAYS)
async def test_replayed_posts_never_escape(battery: Battery, status: int, template: str) -> None:
    location = template.format(other=battery.upstream.other_origin)
    before = len(battery.upstream.seen)
    await battery.request(
        "POST",
        redirect_target(battery, location, status),
        battery.auth({"Content-Type": "application/x-www-form-urlencoded"}),
        b"REQUEST=doQuery&QUERY=SELECT+1",
    )
    replayed = [s for s in battery.upstream.seen[before:] if s.path == "/other/echo"]
    assert all("Authorization" not in s.headers for s in replayed)


# --- E. upstreams that echo the token ---------------------------------------------------------

ECHO_BODY = cases(
    "echo-body",
    [
        "raw",
        "json",
        "json-slash",
        "html",
        "html-noquote",
        "percent",
        "percent-lower",
        "base64-0",
        "base64-1",
        "base64-2",
        "base64url-0",
        "base64url-1",
        "base64url-2",
        "basic",
    ],
)


@pytest.mark.parametrize("form", ECHO_BODY)
async def test_an_echo_in_the_body_is_masked_and_announced(battery: Battery, form: str) -> None:
    answer = await battery.request(
        "GET", f"{battery.proxy}svc/echo-auth?form={form}", battery.auth()
    )
    assert answer.status == 200
    assert "echoed the platform token" in (answer.header("X-RSP-API-Warning") or "")
    assert int(answer.header("Content-Length") or -1) == len(answer.body)


ECHO_PLACES = cases(
    "echo-place",
    [
        ("header", "raw", "Content-Disposition"),
        ("header", "percent", "Content-Disposition"),
        ("header", "base64-1", "ETag"),
        ("header", "raw", "Cache-Control"),
        ("header", "json", "Last-Modified"),
        ("header", "html", "Expires"),
        ("content-type", "raw", ""),
        ("reason", "raw", ""),
        ("reason", "base64-2", ""),
        ("status401", "raw", ""),
        ("status401", "json", ""),
        ("utf16", "raw", ""),
    ],
)


@pytest.mark.parametrize(("where", "form", "header"), ECHO_PLACES)
async def test_an_echo_anywhere_else_never_reaches_the_browser(
    battery: Battery, where: str, form: str, header: str
) -> None:
    answer = await battery.request(
        "GET",
        f"{battery.proxy}svc/echo-auth?form={form}&where={where}&header={header}",
        battery.auth(),
    )
    assert answer.status in (200, 401)
    if where == "reason":
        assert answer.reason == "OK"
    else:
        assert "echoed the platform token" in (answer.header("X-RSP-API-Warning") or "")


STRADDLES = cases(
    "straddle",
    # 65519: the echo begins 10 bytes before the end of the bytes read ahead of the headers.
    [(offset, piece) for offset in (0, 3, 30000, 65519) for piece in (1, 7, 4096)],
)


@pytest.mark.parametrize(("offset", "piece"), STRADDLES)
async def test_an_echo_across_chunks_is_found(battery: Battery, offset: int, piece: int) -> None:
    answer = await battery.request(
        "GET",
        f"{battery.proxy}svc/echo-auth?where=chunks&offset={offset}&piece={piece}",
        battery.auth(),
    )
    assert answer.status == 200
    assert not answer.truncated and answer.header("X-RSP-API-Warning")


LATE = cases("late", [(200_000, 4096), (100_000, 1000), (70_000, 13)])


@pytest.mark.parametrize(("offset", "piece"), LATE)
async def test_a_late_echo_cuts_the_answer(battery: Battery, offset: int, piece: int) -> None:
    answer = await battery.request(
        "GET",
        f"{battery.proxy}svc/echo-auth?where=late&offset={offset}&piece={piece}",
        battery.auth(),
    )
    assert answer.truncated, "the body was altered after its headers had gone, silently"
    assert len(answer.body) <= offset + len("Bearer ")


async def test_a_compressed_echo_is_refused(battery: Battery) -> None:
    CASES.append("echo:gzip")
    answer = await battery.request(
        "GET", f"{battery.proxy}svc/echo-auth?where=gzip", battery.auth({"Accept-Encoding": "gzip"})
    )
    assert answer.status == 502 and answer.header("X-RSP-API-Error") == "upstream_bad_answer"
    seen = battery.upstream.requests_to("/svc/echo-auth")[-1]
    assert seen.headers["Accept-Encoding"] == "identity"


TOKEN_LOCATIONS = cases(
    "token-location",
    [
        "/svc/echo?auth={token}",
        "/svc/echo?auth={quoted}",
        "{other}/other/echo?auth={quoted}",
        "{other}/other/echo#{quoted}",
        "http://{b64}.invalid/x",
    ],
)


@pytest.mark.parametrize("template", TOKEN_LOCATIONS)
async def test_a_redirect_carrying_the_token_is_refused(battery: Battery, template: str) -> None:
    location = template.format(
        token=TOKEN,
        quoted=quote(TOKEN, safe=""),
        other=battery.upstream.other_origin,
        b64=base64.urlsafe_b64encode(b"x" + TOKEN.encode()).decode().rstrip("="),
    )
    before = len(battery.upstream.seen)
    answer = await battery.request("GET", redirect_target(battery, location, 302), battery.auth())
    assert answer.status == 502 and answer.header("X-RSP-API-Error") == "token_reflected"
    assert [s.path for s in battery.upstream.seen[before:]] == ["/svc/redirect"]


# --- F. credentials: Jupyter's, cross-site, none ----------------------------------------------

JUPYTER_CREDENTIALS = cases(
    "jupyter-credentials",
    [
        ("GET", "token={lab}&x=1", b""),
        ("GET", "_xsrf={xsrf}&x=1", b""),
        ("GET", "x=1&token={lab}&_xsrf={xsrf}&y=2", b""),
        ("GET", "%74oken={lab}", b""),
        ("GET", "token={lab}&token={lab}", b""),
        ("POST", "", b"token={lab}&QUERY=SELECT+1"),
        ("POST", "", b"QUERY=SELECT+1&_xsrf={xsrf}"),
        ("POST", "token={lab}", b"_xsrf={xsrf}&token={lab}"),
    ],
)


@pytest.mark.parametrize("service", ["open", "foreign"])
@pytest.mark.parametrize(("method", "query", "body"), JUPYTER_CREDENTIALS)
async def test_jupyter_credentials_stay_on_the_server(
    battery: Battery, service: str, method: str, query: str, body: bytes
) -> None:
    fill = {"lab": battery.lab_token, "xsrf": XSRF}
    headers = battery.auth({"Content-Type": "application/x-www-form-urlencoded"})
    answer = await battery.request(
        method,
        f"{battery.proxy}{service}/echo-credentials?{query.format(**fill)}",
        headers,
        body.decode().format(**fill).encode(),
        service_path=f"/{service}/",
    )
    assert answer.status == 200, answer.status
    echoed = json_body(answer.body)
    assert battery.lab_token not in echoed["query"] + echoed["body"]
    assert "Jupyter's own credentials" in (answer.header("X-RSP-API-Warning") or "")


async def test_the_lab_token_as_query_authentication_is_not_sent_on(battery: Battery) -> None:
    CASES.append("jupyter-credentials:query-auth")
    answer = await battery.request(
        "GET",
        f"{battery.proxy}foreign/echo-credentials?token={battery.lab_token}&q=1",
        service_path="/foreign/",
    )
    assert answer.status == 200
    assert json_body(answer.body)["query"] == "q=1"


# (headers, cookie-authenticated?, allowed?)
BROWSERS = cases(
    "browser",
    [
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image"}, True, True),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}, True, True),
        ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, True, True),
        ({"Origin": "http://127.0.0.1:{port}"}, True, True),
        ({"Referer": "http://127.0.0.1:{port}/a%40b/lab"}, True, True),
        ({"X-XSRFToken": XSRF}, True, True),
        ({}, False, True),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, True, False),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}, True, False),
        ({"Sec-Fetch-Site": "same-site"}, True, False),
        ({"Sec-Fetch-Site": "cross-site"}, False, False),
        ({"Sec-Fetch-Site": "CROSS-SITE"}, True, False),
        ({"Origin": "http://evil.example"}, True, False),
        ({"Origin": "null"}, True, False),
        ({"Origin": "http://127.0.0.1:{port}.evil.example"}, True, False),
        ({"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1:{port}"}, True, False),
        ({"Referer": "http://evil.example/a%40b/lab"}, True, False),
        ({"Referer": "http://127.0.0.1:{port}@evil.example/"}, True, False),
        ({"X-XSRFToken": "forged"}, True, False),
        ({}, True, False),
    ],
)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(("extra", "by_cookie", "allowed"), BROWSERS)
async def test_only_same_origin_requests_are_served(
    battery: Battery, method: str, extra: dict[str, str], by_cookie: bool, allowed: bool
) -> None:
    headers = {k: v.format(port=battery.port) for k, v in extra.items()}
    headers.update({"Cookie": await battery.login()} if by_cookie else battery.auth())
    before = len(battery.upstream.seen)
    answer = await battery.request(method, f"{battery.proxy}svc/echo", headers)
    if allowed:
        assert answer.status == 200, answer.status
    else:
        # Jupyter itself answers 404 to a cookie request whose Origin is foreign (check_origin);
        # the proxy's own refusal is a 403 that says why.
        assert answer.status in (403, 404), answer.status
        if answer.status == 403:
            assert answer.header("X-RSP-API-Error") == "cross_site"
        assert len(battery.upstream.seen) == before


UNAUTHENTICATED = cases(
    "unauthenticated",
    [
        {},
        {"Authorization": "token wrong"},
        {"Authorization": "Bearer wrong"},
        {"Cookie": "username-127-0-0-1=forged"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Authorization": f"Bearer {TOKEN}"},
    ],
)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("headers", UNAUTHENTICATED)
async def test_unauthenticated_requests_are_refused(
    battery: Battery, method: str, headers: dict[str, str]
) -> None:
    before = len(battery.upstream.seen)
    answer = await battery.request(method, f"{battery.proxy}svc/echo?token=wrong", headers)
    assert answer.status == 403, answer.status
    assert len(battery.upstream.seen) == before


# --- G. malformed upstream answers ------------------------------------------------------------

MALFORMED = cases(
    "malformed",
    [
        ("bad-location", 502),
        ("bad-port", 502),
        ("control-header", 502),
        ("bad-status", 502),
        ("javascript-location", 502),
        ("empty-host-location", 502),  # http:///x is host x to a browser: unreachable
        ("reason-bytes", 200),
        ("utf8-header", 200),
        ("latin1-header", 200),
    ],
)


@pytest.mark.parametrize(("name", "status"), MALFORMED)
async def test_malformed_answers_give_typed_errors(
    battery: Battery, all_logs: list[str], name: str, status: int
) -> None:
    answer = await battery.request("GET", f"{battery.proxy}raw/{name}", battery.auth())
    assert answer.status == status, (answer.status, answer.body)
    if status == 502:
        assert answer.header("X-RSP-API-Error") in (
            "upstream_bad_answer",
            "upstream_error",
            "upstream_unreachable",
        )
        assert json.loads(answer.body)["error"]["message"]
    assert not [line for line in all_logs if "Traceback" in line or "Uncaught" in line]


async def test_header_bytes_pass_unchanged(battery: Battery) -> None:
    answer = await battery.request("GET", f"{battery.proxy}raw/utf8-header", battery.auth())
    assert 'filename="M\u00fcnchen.fits"'.encode() in answer.raw
    answer = await battery.request("GET", f"{battery.proxy}raw/latin1-header", battery.auth())
    assert b'filename="caf\xe9.fits"' in answer.raw


async def test_a_short_body_is_an_error_not_a_short_answer(battery: Battery) -> None:
    # Cut before the bytes read ahead of the headers: a clean typed error (later, a cut body).
    answer = await battery.request("GET", f"{battery.proxy}raw/short-body", battery.auth())
    assert answer.status == 502 and answer.header("X-RSP-API-Error") == "upstream_error"


# --- the battery as a whole -------------------------------------------------------------------


def test_the_battery_is_large() -> None:
    parametrized = (
        2 * len(PATHS)
        + len(IDS)
        + len(METHODS)
        + len(LOCATIONS)
        + len(REDIRECT_STATUSES)
        + len(REPLAYS)
        + len(ECHO_BODY)
        + len(ECHO_PLACES)
        + len(STRADDLES)
        + len(LATE)
        + len(TOKEN_LOCATIONS)
        + 2 * len(JUPYTER_CREDENTIALS)
        + 2 * len(BROWSERS)
        + 2 * len(UNAUTHENTICATED)
        + len(MALFORMED)
    )
    assert parametrized >= 150, parametrized


# --- starvation -------------------------------------------------------------------------------


async def _until(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Wait for a condition of the servers (they share this event loop): no fixed sleeps, so a
    loaded machine is slower, not wrong."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


async def test_abandoned_requests_to_a_silent_service_starve_nobody(battery: Battery) -> None:
    assert await _until(lambda: battery.upstream.hanging == 0)
    battery.upstream.hanging_peak = 0
    writers = []
    for _ in range(100):
        _, writer = await asyncio.open_connection("127.0.0.1", battery.port)
        writer.write(
            (
                f"GET {battery.proxy}hang/wait HTTP/1.1\r\nHost: 127.0.0.1:{battery.port}\r\n"
                f"Authorization: token {battery.lab_token}\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        writers.append(writer)
    # The silent service is really called, through no more than its 16 slots...
    assert await _until(lambda: battery.upstream.hanging == 16)
    # ...and then every browser goes away.
    for writer in writers:
        writer.close()
    assert battery.upstream.hanging_peak == 16
    start = time.monotonic()
    answer = await send(battery.port, "GET", f"{battery.proxy}svc/echo", battery.auth())
    assert answer.status == 200
    assert time.monotonic() - start < 1.0
    # The upstream requests were cancelled with their browsers, not left to time out.
    for _ in range(50):
        if battery.upstream.hanging == 0:
            break
        await asyncio.sleep(0.05)
    assert battery.upstream.hanging == 0


async def test_a_silent_service_holds_only_its_own_slots(battery: Battery) -> None:
    # The slots of the test before are given back when its upstream calls end.
    assert await _until(lambda: battery.upstream.hanging == 0)
    waiting = [
        asyncio.ensure_future(
            send(battery.port, "GET", f"{battery.proxy}hang/wait", battery.auth(), timeout=10)
        )
        for _ in range(100)
    ]
    assert await _until(lambda: battery.upstream.hanging == 16)
    start = time.monotonic()
    answer = await send(battery.port, "GET", f"{battery.proxy}other/echo", battery.auth())
    assert answer.status == 200 and time.monotonic() - start < 1.0
    answers = await asyncio.gather(*waiting)
    statuses = {a.status for a in answers}
    # Past its slots, the silent service's requests are told it is busy; the rest time out.
    assert statuses <= {503, 504}, statuses
    busy = [a for a in answers if a.status == 503]
    assert busy and all(a.header("X-RSP-API-Error") == "service_busy" for a in busy)
