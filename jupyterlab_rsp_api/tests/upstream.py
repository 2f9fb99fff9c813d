"""A real HTTP upstream for the proxy tests: aiohttp in a thread of its own, recording requests."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

AVAILABILITY = (
    '<?xml version="1.0"?><vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">'
    "<vosi:available>true</vosi:available></vosi:availability>"
)


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Upstream:
    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def other_origin(self) -> str:
        """The same server under another origin (another host name): a stand-in for another host."""
        return f"http://localhost:{self.port}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(
            Seen(request.method, request.path, request.query_string, dict(request.headers), body)
        )
        name = request.match_info["name"]
        if name == "echo":
            return web.json_response(
                {
                    "method": request.method,
                    "path": request.path,
                    "query": request.query_string,
                    "hadAuthorization": "Authorization" in request.headers,
                    "contentType": request.headers.get("Content-Type"),
                    "bodyLength": len(body),
                }
            )
        if name == "availability":
            return web.Response(text=AVAILABILITY, content_type="text/xml")
        if name == "redirect-inside":
            raise web.HTTPSeeOther(f"{self.base}/svc/echo?from=redirect")
        if name == "redirect-relative":
            raise web.HTTPFound("echo?from=relative")
        if name == "redirect-outside":
            raise web.HTTPFound(f"{self.other_origin}/storage/echo?from=outside")
        if name == "redirect-outside-path":
            raise web.HTTPFound(f"{self.base}/storage/echo?from=outside-path")
        if name == "redirect-loop":
            raise web.HTTPFound(f"{self.other_origin}/storage/redirect-loop")
        if name == "slow":
            await asyncio.sleep(float(request.query.get("s", "5")))
            return web.Response(text="late")
        if name == "big":
            megabytes = int(request.query.get("mb", "1"))
            response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
            response.content_length = megabytes * 1024 * 1024
            await response.prepare(request)
            chunk = b"x" * (1024 * 1024)
            for _ in range(megabytes):
                await response.write(chunk)
            await response.write_eof()
            return response
        if name == "unauthorized":
            return web.Response(
                status=401,
                text="<html><head><title>Token expired</title></head></html>",
                content_type="text/html",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if name == "html-error":
            return web.Response(
                status=502,
                text="<html><head><title>Bad Gateway</title></head><body>nginx</body></html>",
                content_type="text/html",
            )
        if name == "tap-error":
            return web.Response(
                status=400,
                text='<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">'
                "Could not parse query</INFO></RESOURCE></VOTABLE>",
                content_type="application/x-votable+xml",
            )
        if name == "cookies":
            response = web.Response(text="ok", headers={"Connection": "close", "X-Secret": "no"})
            response.set_cookie("session", "upstream-cookie")
            return response
        if name == "download":
            return web.Response(
                body=b"SIMPLE  =                    T",
                headers={
                    "Content-Type": "application/fits",
                    "Content-Disposition": 'attachment; filename="cutout.fits"',
                },
            )
        return web.Response(status=404, text="no such thing")

    def start(self) -> Upstream:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            app = web.Application()
            app.router.add_route("*", "/{prefix}/{name}", self._handle)
            runner = web.AppRunner(app, access_log=None)
            self._runner = runner
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            server: Any = site._server  # aiohttp keeps the bound port only on the server object
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def json_body(body: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(body)
    return parsed
