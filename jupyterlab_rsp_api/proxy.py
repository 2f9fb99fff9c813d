"""The streaming upstream client behind ``proxy/<service-id>/<path>``.

Everything that decides where a request may go and what it carries lives here, free of tornado:
the route hands over a ProxyRequest and a ResponseSink. Rules (DESIGN.md, security model):
- only configured services, by id; the path may never climb out of the service's base, judged
  as the browser and the upstream will read it (containment.py);
- the token goes only to token-protected services on the origins they were configured with;
- a redirect is judged the same way, after resolving it as a browser would: inside the service
  it is handed back to the browser as a proxy URL, anywhere else it is followed here without
  the token;
- nothing sent back carries the token, even if an upstream echoes it (reflection.py), and
  Jupyter's own credentials (``token``, ``_xsrf``) are never sent on;
- each service has a bounded number of upstream requests open at once, so one silent service
  cannot hold every connection; a request whose browser went away is cancelled (routes.py);
- bodies stream chunk by chunk with back-pressure, so memory stays flat for any size.
"""

from __future__ import annotations

import asyncio
import errno
import http
import logging
import os
import re
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import quote, unquote_plus, urlsplit

import aiohttp

from .containment import UnusableUrl, path_problem, proxy_path_for, resolve
from .discovery import Discovery, Service, origin_of
from .platform_token import TokenState
from .reflection import WARNING_HEADER, TokenGuard, is_utf16

log = logging.getLogger("jupyterlab_rsp_api.proxy")

# aiohttp's body buffer for one upstream response: reading from the upstream pauses once twice
# this is held, so it bounds memory per request. The event loop's socket reads are as large;
# a buffer of 1 MiB relayed no faster (bench/proxy) and held 4 MB more.
READ_BUFFER = 256 * 1024

# Request headers worth passing on; everything else (cookies, the browser's Authorization,
# Jupyter's XSRF token) stays behind. Accept-Encoding only goes to services that do not get the
# token: a token-bearing answer must arrive readable, to be checked for the token.
_FORWARD_REQUEST_HEADERS = (
    "accept",
    "accept-encoding",
    "accept-language",
    "content-type",
    "range",
    "if-none-match",
    "if-modified-since",
)
# Response headers a browser needs; hop-by-hop headers, cookies and anything else are dropped.
_FORWARD_RESPONSE_HEADERS = (
    "content-type",
    "content-length",
    "content-disposition",
    "content-encoding",
    "content-range",
    "accept-ranges",
    "last-modified",
    "etag",
    "cache-control",
    "expires",
    "retry-after",
)
_REDIRECTS = (301, 302, 303, 307, 308)
# Control characters in a header value (CR and LF above all) are refused; tornado would refuse
# even a tab, which HTTP allows but no service of ours sends.
_HEADER_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Jupyter's credentials, as query or form fields: they authenticate to this server only.
JUPYTER_CREDENTIALS = ("token", "_xsrf")
# The first bytes of a body are read before the response headers go out, so that a token echoed
# in an error page or a header dump (they are small) can be masked and the warning still set.
HOLD_BYTES = 64 * 1024


# What the proxy says went wrong when it answers itself; src/services/errors.ts turns each into
# a message for the user (tests/test_contract.py keeps the two lists the same).
ProxyErrorKind = Literal[
    "bad_path",
    "cross_site",
    "no_token",
    "service_busy",
    "token_reflected",
    "too_many_redirects",
    "unknown_service",
    "upstream_bad_answer",
    "upstream_error",
    "upstream_timeout",
    "upstream_unreachable",
]
# The header that marks an answer as the proxy's own error, its value a ProxyErrorKind.
ERROR_HEADER = "X-RSP-API-Error"


class ProxyError(Exception):
    """A failure the proxy itself reports, as JSON with ``X-RSP-API-Error: <kind>``."""

    def __init__(
        self,
        kind: ProxyErrorKind,
        status: int,
        message: str,
        upstream_status: int | None = None,
    ):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.message = message
        self.upstream_status = upstream_status

    def to_json(self, service_id: str | None) -> dict[str, object]:
        error: dict[str, object] = {"type": self.kind, "message": self.message}
        if service_id is not None:
            error["service"] = service_id
        if self.upstream_status is not None:
            error["status"] = self.upstream_status
        return {"error": error}


@dataclass
class ProxyRequest:
    service_id: str
    # The path after ``proxy/<service-id>/`` exactly as the browser sent it (still %-encoded).
    raw_path: str
    query: str
    method: str
    headers: Mapping[str, str]
    body: bytes | None = None
    # Where the proxy is mounted (``/user/x/jupyterlab-rsp-api/proxy/``), to rewrite Locations.
    proxy_prefix: str = "/jupyterlab-rsp-api/proxy/"


class ResponseSink(Protocol):
    def set_status(self, status: int, reason: str | None = None) -> None: ...
    def set_header(self, name: str, value: str) -> None: ...

    async def write(self, chunk: bytes) -> None:
        """Send ``chunk``; may return before it is sent, but waits while the browser has not
        taken what came before (back-pressure: memory stays flat for any size)."""
        ...


@dataclass
class ProxySettings:
    connect_timeout: float = 10.0
    request_timeout: float = 300.0
    max_redirects: int = 5
    # Upstream requests open at once per service; more wait up to connect_timeout for a slot.
    max_requests_per_service: int = 16


def safe_relative_path(raw_path: str) -> str:
    """Check a client-supplied path and return it, still encoded, ready to append to a base.

    Refused (containment.path_problem): traversal (``..`` in any encoding, also Tomcat's
    ``..;params``), empty segments (``//host``), backslashes, encoded slashes, control
    characters, and anything that looks like a URL of its own.
    """
    problem = path_problem(raw_path)
    if problem is not None:
        raise ProxyError("bad_path", 400, problem)
    return raw_path


def without_jupyter_credentials(fields: str) -> tuple[str, list[str]]:
    """A query string (or form body) without Jupyter's ``token`` and ``_xsrf`` fields, byte for
    byte otherwise, and the names it dropped."""
    if not fields:
        return fields, []
    kept: list[str] = []
    dropped: list[str] = []
    for part in fields.split("&"):
        name = unquote_plus(part.split("=", 1)[0])
        if name in JUPYTER_CREDENTIALS:
            dropped.append(name)
        else:
            kept.append(part)
    return ("&".join(kept), dropped) if dropped else (fields, [])


def _base_with_slash(service: Service) -> str:
    return service.url if service.url.endswith("/") else service.url + "/"


def target_url(service: Service, raw_path: str, query: str) -> str:
    """The upstream URL for a path under a service; checked to lie inside the service's base."""
    path = safe_relative_path(raw_path)
    base = service.url.rstrip("/") if path == "" else _base_with_slash(service)
    url = base + path
    if query:
        url += "?" + query
    if not is_inside(service, url):  # belt and braces: the checks above should make this moot
        raise ProxyError("bad_path", 400, "The path leads outside the service.")
    return url


def is_inside(service: Service, url: str) -> bool:
    try:
        return proxy_path_for(service.url, url) is not None
    except UnusableUrl:
        return False


def token_may_go_to(url: str, service: Service, discovery: Discovery) -> bool:
    return service.auth == "platform-token" and origin_of(url) in discovery.token_origins()


@dataclass
class _Hop:
    url: str
    method: str
    body: bytes | None
    with_token: bool
    headers: dict[str, str] = field(default_factory=dict)


def _reason(status: int) -> str:
    """The standard reason phrase: the upstream's own is never passed on (it could carry
    anything, the token included, or bytes a status line may not hold)."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Upstream Status"


def _wire_value(value: str) -> str:
    """A header value as it came over the wire, one character per byte (aiohttp decodes header
    bytes as UTF-8, tornado encodes them as Latin-1): non-ASCII bytes pass unchanged."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("latin-1")


class _Answer:
    """What is sent back for one proxied request: status, headers, warnings, then the body.

    Headers are held until the first body bytes have been checked for the token, so that a
    masked echo can still be announced with X-RSP-API-Warning.
    """

    def __init__(self, sink: ResponseSink, guard: TokenGuard | None, title: str) -> None:
        self._sink = sink
        self._guard = guard
        self._title = title
        self.warnings: list[str] = []
        self._headers: list[tuple[str, str]] = []
        self._status = 200
        self.started = False

    def status(self, status: int) -> None:
        self._status = status

    def header(self, name: str, value: str) -> None:
        if self._guard is not None and self._guard.text_contains(value):
            value = self._guard.scrub(value)
            self.masked(f"its {name} header")
        self._headers.append((name, value))

    def masked(self, where: str) -> None:
        log.warning(
            "rsp-api proxy: %s echoed the platform token in %s; it was masked",
            self._title,
            where,
        )
        self.warnings.append(
            f"{self._title} echoed the platform token in {where}; the proxy replaced it with "
            "a mask of the same length, so this answer is not exactly what the service sent"
        )

    def start(self) -> None:
        if self.started:
            return
        self._sink.set_status(self._status, _reason(self._status))
        for name, value in self._headers:
            self._sink.set_header(name, value)
        if self.warnings:
            self._sink.set_header(WARNING_HEADER, " | ".join(self.warnings))
        self.started = True

    async def write(self, data: bytes) -> None:
        self.start()
        if data:
            await self._sink.write(data)


class Proxy:
    def __init__(self, settings: ProxySettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._guard: TokenGuard | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                # The bound is per service (_slot), not per host: the platform serves every
                # service from one host, and one silent service must not hold the others' turn.
                connector=aiohttp.TCPConnector(limit=0, limit_per_host=0),
                # No limit on the whole transfer (a large result may stream for long), only on
                # silence: waiting for the answer, or between two chunks of it. aiohttp re-arms
                # that timer on every socket read, which costs ~1.5 % of relaying a large body:
                # too little for a timer of our own.
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    sock_connect=self.settings.connect_timeout,
                    sock_read=self.settings.request_timeout,
                ),
                read_bufsize=READ_BUFFER,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def guard_for(self, token: TokenState) -> TokenGuard | None:
        """The reflection guard for the current token (rebuilt when the token file changes)."""
        if token.secret is None:
            return None
        secret = token.secret.reveal()
        if self._guard is None or self._guard.token != secret:
            self._guard = TokenGuard(secret)
        return self._guard

    async def _acquire_slot(self, service: Service) -> asyncio.Semaphore:
        slot = self._slots.get(service.id)
        if slot is None:
            slot = self._slots[service.id] = asyncio.Semaphore(
                self.settings.max_requests_per_service
            )
        # Not wait_for(slot.acquire()): when the wait is cancelled (the browser went away) or
        # times out just as a slot is handed over, wait_for loses that slot for good, and after
        # enough abandoned requests the service is "busy" until the server restarts.
        acquiring = asyncio.ensure_future(slot.acquire())

        def give_back_if_taken(task: asyncio.Future[Any]) -> None:
            if not task.cancelled() and task.exception() is None:
                slot.release()

        try:
            done, _ = await asyncio.wait({acquiring}, timeout=self.settings.connect_timeout)
        except asyncio.CancelledError:
            acquiring.cancel()
            acquiring.add_done_callback(give_back_if_taken)
            raise
        if not done:
            acquiring.cancel()
            acquiring.add_done_callback(give_back_if_taken)
            raise ProxyError(
                "service_busy",
                503,
                f"{service.title} already has {self.settings.max_requests_per_service} requests "
                "open that it has not finished answering; try again once they end.",
            )
        return slot

    async def forward(
        self,
        request: ProxyRequest,
        discovery: Discovery,
        token: TokenState,
        sink: ResponseSink,
    ) -> None:
        service = discovery.find(request.service_id)
        if service is None:
            raise ProxyError(
                "unknown_service", 404, f"No service with id {request.service_id!r} is configured."
            )
        query, dropped = without_jupyter_credentials(request.query)
        body = request.body
        content_type = next(
            (v for k, v in request.headers.items() if k.lower() == "content-type"), ""
        )
        if body and content_type.lower().startswith("application/x-www-form-urlencoded"):
            form, dropped_from_form = without_jupyter_credentials(body.decode("latin-1"))
            if dropped_from_form:
                body = form.encode("latin-1")
                dropped += dropped_from_form
        url = target_url(service, request.raw_path, query)
        wants_token = token_may_go_to(url, service, discovery)
        if wants_token and not token.available:
            raise ProxyError(
                "no_token",
                401,
                f"{service.title} needs the platform token, and none is available: {token.message}",
            )
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in _FORWARD_REQUEST_HEADERS
        }
        guard = self.guard_for(token)
        answer = _Answer(sink, guard, service.title)
        if dropped:
            answer.warnings.append(
                f"the request's {', '.join(sorted(set(dropped)))} field was not sent to "
                f"{service.title}: those names carry Jupyter's own credentials"
            )
        hop = _Hop(url, request.method.upper(), body, wants_token, headers)
        slot = await self._acquire_slot(service)
        try:
            for _ in range(self.settings.max_redirects + 1):
                outcome = await self._one_hop(hop, service, token, guard, request, answer)
                if outcome is None:
                    return
                hop = outcome
        finally:
            slot.release()
        raise ProxyError(
            "too_many_redirects",
            502,
            f"{service.title} redirected more than {self.settings.max_redirects} times.",
        )

    async def _one_hop(
        self,
        hop: _Hop,
        service: Service,
        token: TokenState,
        guard: TokenGuard | None,
        request: ProxyRequest,
        answer: _Answer,
    ) -> _Hop | None:
        headers = dict(hop.headers)
        if hop.with_token and token.secret is not None:
            headers["Authorization"] = "Bearer " + token.secret.reveal()
            # Asked for an answer the proxy can read, to check it for the token.
            headers = {k: v for k, v in headers.items() if k.lower() != "accept-encoding"}
            headers["Accept-Encoding"] = "identity"
        try:
            async with self._client().request(
                hop.method,
                hop.url,
                headers=headers,
                data=hop.body,
                allow_redirects=False,
            ) as response:
                if response.status in _REDIRECTS and "Location" in response.headers:
                    return self._redirect(hop, response, service, guard, request, answer)
                await self._stream(hop, response, service, guard, answer)
                return None
        except ProxyError:
            raise
        except asyncio.TimeoutError as error:
            raise ProxyError(
                "upstream_timeout",
                504,
                f"{service.title} did not answer in time ({_host(hop.url)}).",
            ) from error
        except aiohttp.ClientConnectionError as error:
            # The error text may name the host, never the headers; say what a user can act on.
            raise ProxyError(
                "upstream_unreachable",
                502,
                f"{service.title} could not be reached: {connection_failure(error, hop.url)}",
            ) from error
        except aiohttp.ClientPayloadError as error:
            raise ProxyError(
                "upstream_error", 502, f"{service.title}'s answer broke off before its end."
            ) from error
        except aiohttp.ClientError as error:
            raise ProxyError(
                "upstream_error",
                502,
                f"{service.title} sent an answer that is not readable HTTP.",
            ) from error
        except ValueError as error:
            # yarl and aiohttp refuse some URLs (a redirect's) with a plain ValueError.
            raise ProxyError(
                "upstream_bad_answer",
                502,
                f"{service.title} led to a URL that cannot be requested ({_host(hop.url)}).",
            ) from error

    def _redirect(
        self,
        hop: _Hop,
        response: aiohttp.ClientResponse,
        service: Service,
        guard: TokenGuard | None,
        request: ProxyRequest,
        answer: _Answer,
    ) -> _Hop | None:
        location = response.headers["Location"]
        if guard is not None and guard.text_contains(location):
            log.warning("rsp-api proxy: %s redirected to a URL carrying the token", service.id)
            raise ProxyError(
                "token_reflected",
                502,
                f"{service.title} redirected to a URL that carries the platform token; the "
                "redirect was not followed, so the token stays on the server.",
            )
        try:
            rest = proxy_path_for(service.url, location, base=hop.url)
            resolved = resolve(location, hop.url)
        except UnusableUrl as error:
            raise ProxyError(
                "upstream_bad_answer",
                502,
                f"{service.title} redirected to a URL no browser could follow ({error}).",
            ) from error
        if rest is not None:
            # Inside the service as the browser will resolve it: the browser follows it itself,
            # through the proxy again, so every hop is checked and gets the token if due.
            answer.status(response.status)
            answer.header(
                "Location", request.proxy_prefix + quote(service.id, safe="") + "/" + rest
            )
            answer.start()
            return None
        if resolved.scheme not in ("http", "https"):
            raise ProxyError(
                "upstream_bad_answer", 502, f"{service.title} redirected to a non-web URL."
            )
        log.info("following a redirect of %s to %s without the token", service.id, resolved.host)
        keep_method = response.status in (307, 308)
        return _Hop(
            url=resolved.href(),
            method=hop.method if keep_method else ("HEAD" if hop.method == "HEAD" else "GET"),
            body=hop.body if keep_method else None,
            with_token=False,
            headers={
                k: v for k, v in hop.headers.items() if keep_method or k.lower() != "content-type"
            },
        )

    async def _stream(
        self,
        hop: _Hop,
        response: aiohttp.ClientResponse,
        service: Service,
        guard: TokenGuard | None,
        answer: _Answer,
    ) -> None:
        answer.status(response.status)
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if hop.with_token and encoding not in ("", "identity"):
            raise ProxyError(
                "upstream_bad_answer",
                502,
                f"{service.title} answered compressed ({encoding[:20]}) though asked not to; "
                "the proxy cannot check such an answer for the platform token, so it is not "
                "passed on.",
            )
        for name in _FORWARD_RESPONSE_HEADERS:
            value = response.headers.get(name)
            if value is None:
                continue
            if _HEADER_CONTROL.search(value):
                raise ProxyError(
                    "upstream_bad_answer",
                    502,
                    f"{service.title} sent a {name} header with control characters; the "
                    "answer is not passed on.",
                )
            answer.header(name, _wire_value(value))
        if response.status >= 400:
            answer.header("X-RSP-API-Upstream-Status", str(response.status))
        body = response.content
        if guard is None:
            while chunk := await body.readany():
                await answer.write(chunk)
            answer.start()
            return
        first = await _read_at_least(body, HOLD_BYTES)
        scanner = guard.body(is_utf16(response.headers.get("content-type"), first))
        data = scanner.feed(first)
        while scanner.pending:
            # The held bytes could begin the token: settle that before the headers go.
            more = await body.readany()
            if not more:
                break
            data += scanner.feed(more)
        if scanner.found:
            answer.masked("its answer")
        answer.start()
        await answer.write(data)
        # readany: whatever has arrived, in one piece (socket reads gather while the last piece
        # is relayed), rather than pieces of a fixed size cut out of it.
        while chunk := await body.readany():
            found = scanner.found
            data = scanner.feed(chunk)
            if scanner.found != found:
                # The headers are gone, so the user cannot be told the body was altered: the
                # answer is cut here (the client sees a truncated body), the token withheld.
                log.warning(
                    "rsp-api proxy: %s echoed the platform token late in its answer; "
                    "the answer was cut",
                    service.id,
                )
                raise ProxyError(
                    "token_reflected",
                    502,
                    f"{service.title} echoed the platform token in its answer; it was cut.",
                )
            await answer.write(data)
        await answer.write(scanner.finish())


def connection_failure(error: aiohttp.ClientConnectionError, url: str) -> str:
    """What went wrong on the way to ``url``, in words a scientist can act on: never a library's
    class name (the user cannot look it up), never the request's headers."""
    host = _host(url)
    hostname = urlsplit(url).hostname or host
    cause = getattr(error, "os_error", None) or error.__cause__
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return f"{host} closed the connection without answering."
    if isinstance(cause, socket.gaierror):
        return f"no host named {hostname} was found (DNS)."
    if isinstance(cause, ssl.SSLCertVerificationError) or isinstance(
        error, aiohttp.ClientConnectorCertificateError
    ):
        return f"the TLS certificate of {host} could not be verified."
    if isinstance(cause, ssl.SSLError) or isinstance(error, aiohttp.ClientSSLError):
        return (
            f"a secure (TLS) connection to {host} could not be made; is it http rather than https?"
        )
    if isinstance(cause, ConnectionRefusedError):
        return f"nothing accepts connections at {host} (refused); check the host and port."
    code = getattr(cause, "errno", None)
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"there is no network route to {host}."
    if code == errno.ETIMEDOUT:
        return f"{host} did not accept the connection in time."
    if isinstance(code, int) and code > 0:
        return f"the connection to {host} failed ({os.strerror(code).lower()})."
    return f"the connection to {host} failed."


async def _read_at_least(content: aiohttp.StreamReader, size: int) -> bytes:
    """At least ``size`` bytes (all that has arrived by then), fewer only at the end."""
    parts: list[bytes] = []
    total = 0
    while total < size:
        part = await content.readany()
        if not part:
            break
        parts.append(part)
        total += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]
