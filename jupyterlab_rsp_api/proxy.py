"""The streaming upstream client behind ``proxy/<service-id>/<path>``.

Everything that decides where a request may go and what it carries lives here, free of tornado:
the route hands over a ProxyRequest and a ResponseSink. Rules (DESIGN.md, security model):
- only configured services, by id; the path may never climb out of the service's base;
- the token goes only to token-protected services on the origins they were configured with;
- a redirect inside the service is handed back to the browser as a proxy URL, any other redirect
  is followed here without the token;
- bodies stream chunk by chunk with back-pressure, so memory stays flat for any size.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote, unquote, urljoin, urlsplit

import aiohttp

from .discovery import Discovery, Service, origin_of
from .platform_token import TokenState

log = logging.getLogger("jupyterlab_rsp_api.proxy")

CHUNK_SIZE = 256 * 1024

# Request headers worth passing on; everything else (cookies, the browser's Authorization,
# Jupyter's XSRF token) stays behind.
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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ProxyError(Exception):
    """A failure the proxy itself reports, as JSON with ``X-RSP-API-Error: <kind>``."""

    def __init__(self, kind: str, status: int, message: str, upstream_status: int | None = None):
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
    async def write(self, chunk: bytes) -> None: ...


@dataclass
class ProxySettings:
    connect_timeout: float = 10.0
    request_timeout: float = 300.0
    max_redirects: int = 5


def _decode_fully(segment: str) -> str:
    """Undo %-encoding until nothing changes, so double-encoded tricks show their real face."""
    for _ in range(5):
        decoded = unquote(segment)
        if decoded == segment:
            return decoded
        segment = decoded
    raise ProxyError("bad_path", 400, "The path is encoded too many times to be trusted.")


def safe_relative_path(raw_path: str) -> str:
    """Check a client-supplied path and return it, still encoded, ready to append to a base.

    Refused: traversal (``..`` in any encoding), empty segments (``//host``), backslashes,
    encoded slashes, control characters, and anything that looks like a URL of its own.
    """
    if raw_path == "":
        return ""
    if _CONTROL.search(raw_path) or "\\" in raw_path:
        raise ProxyError("bad_path", 400, "The path contains characters a URL path may not hold.")
    segments = raw_path.split("/")
    for index, segment in enumerate(segments):
        is_last = index == len(segments) - 1
        if segment == "" and not is_last:
            raise ProxyError("bad_path", 400, "The path has an empty segment ('//').")
        decoded = _decode_fully(segment)
        if decoded in (".", ".."):
            raise ProxyError("bad_path", 400, "The path may not climb out of the service ('..').")
        if "/" in decoded or "\\" in decoded or _CONTROL.search(decoded):
            raise ProxyError(
                "bad_path", 400, "The path hides a slash, backslash or control character."
            )
        if index == 0 and ":" in decoded:
            raise ProxyError("bad_path", 400, "The path looks like a URL of its own.")
    return raw_path


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
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return False
    if origin_of(url) != service.origin:
        return False
    base_path = urlsplit(service.url).path.rstrip("/")
    return parts.path == base_path or parts.path.startswith(base_path + "/")


def relative_to_service(service: Service, url: str) -> str:
    """The part of an inside URL after the service base, path and query."""
    parts = urlsplit(url)
    base_path = urlsplit(service.url).path.rstrip("/")
    rest = parts.path[len(base_path) :].lstrip("/")
    return rest + ("?" + parts.query if parts.query else "")


def token_may_go_to(url: str, service: Service, discovery: Discovery) -> bool:
    return service.auth == "platform-token" and origin_of(url) in discovery.token_origins()


@dataclass
class _Hop:
    url: str
    method: str
    body: bytes | None
    with_token: bool
    headers: dict[str, str] = field(default_factory=dict)


class Proxy:
    def __init__(self, settings: ProxySettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                # No limit on the whole transfer (a large result may stream for long), only on
                # silence: waiting for the answer, or between two chunks of it.
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    sock_connect=self.settings.connect_timeout,
                    sock_read=self.settings.request_timeout,
                ),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

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
        url = target_url(service, request.raw_path, request.query)
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
        hop = _Hop(url, request.method.upper(), request.body, wants_token, headers)
        for _ in range(self.settings.max_redirects + 1):
            outcome = await self._one_hop(hop, service, discovery, token, request, sink)
            if outcome is None:
                return
            hop = outcome
        raise ProxyError(
            "too_many_redirects",
            502,
            f"{service.title} redirected more than {self.settings.max_redirects} times.",
        )

    async def _one_hop(
        self,
        hop: _Hop,
        service: Service,
        discovery: Discovery,
        token: TokenState,
        request: ProxyRequest,
        sink: ResponseSink,
    ) -> _Hop | None:
        headers = dict(hop.headers)
        if hop.with_token and token.secret is not None:
            headers["Authorization"] = "Bearer " + token.secret.reveal()
        try:
            async with self._client().request(
                hop.method,
                hop.url,
                headers=headers,
                data=hop.body,
                allow_redirects=False,
            ) as response:
                if response.status in _REDIRECTS and "Location" in response.headers:
                    return self._redirect(hop, response, service, discovery, request, sink)
                await self._stream(response, sink)
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
                f"{service.title} could not be reached ({_host(hop.url)}: "
                f"{error.__class__.__name__}).",
            ) from error
        except aiohttp.ClientError as error:
            raise ProxyError(
                "upstream_error",
                502,
                f"{service.title} sent a response that could not be read "
                f"({error.__class__.__name__}).",
            ) from error

    def _redirect(
        self,
        hop: _Hop,
        response: aiohttp.ClientResponse,
        service: Service,
        discovery: Discovery,
        request: ProxyRequest,
        sink: ResponseSink,
    ) -> _Hop | None:
        location = urljoin(hop.url, response.headers["Location"])
        if is_inside(service, location):
            # The browser follows it itself, through the proxy again, so every hop is checked.
            rest = relative_to_service(service, location)
            sink.set_status(response.status)
            sink.set_header(
                "Location",
                request.proxy_prefix + quote(service.id, safe="") + "/" + rest,
            )
            return None
        log.info("following a redirect of %s to %s without the token", service.id, _host(location))
        if urlsplit(location).scheme not in ("http", "https"):
            raise ProxyError("upstream_error", 502, f"{service.title} redirected to a non-web URL.")
        keep_method = response.status in (307, 308)
        return _Hop(
            url=location,
            method=hop.method if keep_method else ("HEAD" if hop.method == "HEAD" else "GET"),
            body=hop.body if keep_method else None,
            with_token=False,
            headers={
                k: v for k, v in hop.headers.items() if keep_method or k.lower() != "content-type"
            },
        )

    async def _stream(self, response: aiohttp.ClientResponse, sink: ResponseSink) -> None:
        sink.set_status(response.status, response.reason)
        for name in _FORWARD_RESPONSE_HEADERS:
            value = response.headers.get(name)
            if value is not None:
                sink.set_header(name, value)
        if response.status >= 400:
            sink.set_header("X-RSP-API-Upstream-Status", str(response.status))
        async for chunk in response.content.iter_chunked(CHUNK_SIZE):
            await sink.write(chunk)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]
