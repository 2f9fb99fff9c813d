"""Thin tornado handlers under ``<base_url>/jupyterlab-rsp-api/``: parse, delegate, write."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado.iostream import StreamClosedError

from .config import RSPApi
from .discovery import (
    Discovery,
    Service,
    discover,
    environment,
    services_from_user,
    with_user_services,
)
from .platform_token import TokenProvider
from .proxy import ERROR_HEADER, Proxy, ProxyError, ProxyRequest, ProxySettings
from .service_check import CHECK_SECONDS, Verdict, check_tap_service

NAMESPACE = "jupyterlab-rsp-api"


@dataclass
class ExtensionState:
    """What every handler shares: config, the token provider, the proxy, a discovery cache."""

    config: RSPApi
    tokens: TokenProvider
    proxy: Proxy
    _cache_key: object = None
    _discovery: Discovery | None = field(default=None, repr=False)
    # TAP URLs the user added in the browser (kept in their settings, sent on every page load).
    user_services: list[Service] = field(default_factory=list)

    def discovery(self) -> Discovery:
        return with_user_services(self._platform_discovery(), self.user_services)

    def _platform_discovery(self) -> Discovery:
        # Re-discover only when the discovery document changes: a stat instead of a parse per call.
        path = Path(self.config.discovery_path)
        try:
            stat = path.stat()
            key: object = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        if self._discovery is None or key != self._cache_key:
            self._discovery = discover(
                self.config.services, path, environment(), self.config.on_platform
            )
            self._cache_key = key
        return self._discovery


class _Base(APIHandler):
    @property
    def state(self) -> ExtensionState:
        state: ExtensionState = self.settings["rsp_api_state"]
        return state


def _services_body(state: ExtensionState) -> str:
    discovery = state.discovery()
    origins = discovery.token_origins()
    return json.dumps(
        {
            "services": [
                s.to_json(s.auth == "platform-token" and s.origin in origins)
                for s in discovery.services
            ],
            "onPlatform": discovery.on_platform,
            # Not secret, and what generated code needs to send the token nowhere else.
            "tokenOrigins": sorted(origins),
            "token": state.tokens.current().to_json(),
            "problems": [p.to_json() for p in discovery.problems],
            "userServicesAllowed": state.config.allow_user_services,
        }
    )


class ServicesHandler(_Base):
    @tornado.web.authenticated
    def get(self) -> None:
        self.finish(_services_body(self.state))


class UserServicesHandler(_Base):
    """PUT the whole list of user-added TAP URLs; answers like GET services."""

    @tornado.web.authenticated
    def put(self) -> None:
        if not self.state.config.allow_user_services:
            raise tornado.web.HTTPError(
                403, reason="The administrator does not allow adding services."
            )
        try:
            body = json.loads(self.request.body or b"null")
        except ValueError as error:
            raise tornado.web.HTTPError(400, reason="The body is not JSON.") from error
        entries = body.get("services") if isinstance(body, dict) else None
        services, problems = services_from_user(entries)
        if problems and not services and entries:
            raise tornado.web.HTTPError(400, reason=problems[0].message)
        self.state.user_services = services
        for problem in problems:
            self.log.info("rsp-api user services: %s", problem.message)
        self.finish(_services_body(self.state))


class UserServiceCheckHandler(_Base):
    """POST ``{"url": ...}``: whether it is a TAP service that answers (service_check.py), asked
    before the browser keeps the URL. Answers a verdict, ``{"ok", "url", "message"}``."""

    _checking: asyncio.Future[Verdict] | None = None

    def on_connection_close(self) -> None:
        # The user cancelled (or left): so does the check, and its request to the service.
        super().on_connection_close()
        if self._checking is not None:
            self._checking.cancel()

    @tornado.web.authenticated
    async def post(self) -> None:
        config = self.state.config
        if not config.allow_user_services:
            raise tornado.web.HTTPError(
                403, reason="The administrator does not allow adding services."
            )
        try:
            body = json.loads(self.request.body or b"null")
        except ValueError as error:
            raise tornado.web.HTTPError(400, reason="The body is not JSON.") from error
        url = body.get("url") if isinstance(body, dict) else None
        timeout = min(CHECK_SECONDS, config.connect_timeout + config.request_timeout)
        self._checking = asyncio.ensure_future(check_tap_service(self.state.proxy, url, timeout))
        try:
            verdict = await self._checking
        except asyncio.CancelledError:
            self._finished = True  # nobody is waiting for the answer
            return
        finally:
            self._checking = None
        self.log.info("rsp-api user service check: %s -> %s", verdict.url[:200], verdict.ok)
        self.finish(json.dumps(verdict.to_json()))


def cross_site_refusal(
    headers: Mapping[str, str], host: str | None, token_authenticated: bool, xsrf_header: bool
) -> str | None:
    """Why a proxy request may not have come from the lab's own page, or None when it did.

    Jupyter checks XSRF on POST and DELETE only, so a page on another site could otherwise make
    the user's browser send token-bearing GETs (a TAP sync query, say) by navigation or <img>.
    The rule, first that applies:
    1. ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` passes, and ``none``
       (the user typed or bookmarked the URL); ``same-site`` and ``cross-site`` are refused.
       Same-origin image and fetch loads (Aladin Lite's HiPS tiles) pass.
    2. ``Origin``: passes when its host is this server's (Host), as Jupyter compares them.
    3. Neither (a non-browser client, or a browser without Fetch Metadata): passes when Jupyter
       authenticated the request by its token rather than a cookie (a cross-site page cannot
       know it), or when it carries a valid ``X-XSRFToken`` (only the lab's own pages can read
       the _xsrf cookie; JupyterLab sends it on every request), or a Referer on this server.
    """
    site = headers.get("Sec-Fetch-Site")
    if site is not None:
        if site.strip().lower() in ("same-origin", "none"):
            return None
        return (
            f"The browser says this request came from another site (Sec-Fetch-Site: "
            f"{site[:20]}); the proxy only serves the lab's own pages."
        )
    origin = headers.get("Origin")
    if origin is not None:
        if host and urlsplit(origin.strip().lower()).netloc == host.lower():
            return None
        return "This request came from another origin; the proxy only serves the lab's own pages."
    if token_authenticated or xsrf_header:
        return None
    referer = headers.get("Referer")
    if referer and host and urlsplit(referer.strip().lower()).netloc == host.lower():
        return None
    return (
        "This request carries no sign that it came from the lab's own page (no Sec-Fetch-Site, "
        "Origin, X-XSRFToken or same-server Referer) and was authenticated by cookie."
    )


class _TornadoSink:
    """Hands each chunk to the socket and returns without waiting for it to be sent: the wait
    comes before the next chunk, so the upstream's next bytes are read and checked while these
    go out, and at most one chunk waits in tornado whatever the browser's pace.

    (Waiting for the newest flush only after several is no bound: tornado resolves a flush's
    future as soon as any earlier write completes.)
    """

    def __init__(self, handler: ProxyHandler) -> None:
        self._handler = handler
        self._sending: asyncio.Future[None] | None = None

    def set_status(self, status: int, reason: str | None = None) -> None:
        self._handler.set_status(status, reason or "Upstream Status")

    def set_header(self, name: str, value: str) -> None:
        self._handler.set_header(name, value)

    async def write(self, chunk: bytes) -> None:
        if self._sending is not None:
            await self._sending
        self._handler.write(chunk)
        self._sending = self._handler.flush()


_PROXY_PATH = re.compile(r".*?/" + re.escape(NAMESPACE) + r"/proxy/([^/?]+)(?:/([^?]*))?$")


class ProxyHandler(_Base):
    _forwarding: asyncio.Future[None] | None = None
    _client_gone = False

    def set_default_headers(self) -> None:
        super().set_default_headers()
        # The proxy answers with the upstream's type; APIHandler's JSON default would mislabel it.
        self.clear_header("Content-Type")

    def on_connection_close(self) -> None:
        # The browser went away (a cancelled fetch, a closed tab): so does the upstream request,
        # which frees its connection and its service's slot at once instead of after
        # request_timeout.
        super().on_connection_close()
        self._client_gone = True
        if self._forwarding is not None:
            self._forwarding.cancel()

    def _xsrf_header_valid(self) -> bool:
        if "X-XSRFToken" not in self.request.headers:
            return False
        try:
            # tornado's own comparison of header and cookie; Jupyter's override would accept a
            # Referer on GET, which rule 3 of cross_site_refusal judges itself.
            tornado.web.RequestHandler.check_xsrf_cookie(self)
        except tornado.web.HTTPError:
            return False
        return True

    def _refuse(self, error: ProxyError, service_id: str | None) -> None:
        guard = self.state.proxy.guard_for(self.state.tokens.current())
        message = error.message if guard is None else guard.scrub(error.message)
        self.log.info("rsp-api proxy: %s -> %s", service_id, error.kind)
        self.clear()
        self.set_status(error.status)
        self.set_header("Content-Type", "application/json")
        self.set_header(ERROR_HEADER, error.kind)
        error.message = message
        self.finish(json.dumps(error.to_json(service_id)))

    async def _forward(self) -> None:
        # tornado decodes the route's groups; the proxy must judge the path as it was sent.
        match = _PROXY_PATH.match(self.request.path)
        if match is None:
            raise tornado.web.HTTPError(404)
        service_id = tornado.escape.url_unescape(match.group(1))
        refusal = cross_site_refusal(
            self.request.headers,
            self.request.headers.get("Host"),
            self.token_authenticated,
            self._xsrf_header_valid(),
        )
        if refusal is not None:
            self._refuse(ProxyError("cross_site", 403, refusal), service_id)
            return
        request = ProxyRequest(
            service_id=service_id,
            raw_path=match.group(2) or "",
            query=self.request.query,
            method=self.request.method or "GET",
            headers=dict(self.request.headers.items()),
            body=self.request.body if self.request.method in ("POST", "PUT") else None,
            proxy_prefix=url_path_join(self.base_url, NAMESPACE, "proxy") + "/",
        )
        self._forwarding = asyncio.ensure_future(
            self.state.proxy.forward(
                request, self.state.discovery(), self.state.tokens.current(), _TornadoSink(self)
            )
        )
        try:
            await self._forwarding
        except asyncio.CancelledError:
            if self._client_gone:
                self._finished = True  # nobody to answer: tornado must not try
                return
            raise
        except ProxyError as error:
            if self._headers_written:
                # Too late for a clean error: cut the response so the client sees it is truncated.
                self.log.warning("rsp-api proxy: %s failed mid-stream: %s", service_id, error.kind)
                # Closing the socket, not finishing, tells the client the body is incomplete.
                stream = getattr(self.request.connection, "stream", None)
                if stream is not None:
                    stream.close()
                self._finished = True
                return
            self._refuse(error, service_id)
            return
        except StreamClosedError:
            return  # the browser went away while the answer was being written
        finally:
            self._forwarding = None
        self.finish()

    @tornado.web.authenticated
    async def get(self, *args: str) -> None:
        await self._forward()

    @tornado.web.authenticated
    async def head(self, *args: str) -> None:
        await self._forward()

    @tornado.web.authenticated
    async def post(self, *args: str) -> None:
        await self._forward()

    @tornado.web.authenticated
    async def delete(self, *args: str) -> None:
        await self._forward()


def setup_handlers(web_app: tornado.web.Application, config: RSPApi) -> ExtensionState:
    state = ExtensionState(
        config=config,
        tokens=TokenProvider(token_path=config.token_path, token_env=config.token_env),
        proxy=Proxy(
            ProxySettings(
                connect_timeout=config.connect_timeout,
                request_timeout=config.request_timeout,
                max_redirects=config.max_redirects,
                max_requests_per_service=config.max_requests_per_service,
            )
        ),
    )
    web_app.settings["rsp_api_state"] = state
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base_url, NAMESPACE, "services"), ServicesHandler),
            (url_path_join(base_url, NAMESPACE, "user-services"), UserServicesHandler),
            (
                url_path_join(base_url, NAMESPACE, "user-services", "check"),
                UserServiceCheckHandler,
            ),
            (url_path_join(base_url, NAMESPACE, "proxy", r"([^/]+)(?:/(.*))?"), ProxyHandler),
        ],
    )
    return state
