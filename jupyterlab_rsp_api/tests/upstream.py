"""A real HTTP upstream for the proxy tests: aiohttp in a thread of its own, recording requests.

Besides well-behaved endpoints it plays the upstreams an attacker would like to meet: ones that
redirect anywhere (``redirect?b64=<base64url Location>&status=<code>``), echo the Authorization
header in every form and place (``echo-auth?form=...&where=...``), stay silent (``hang``,
counting the connections still open), and, on a second raw socket server, answer with bytes no
HTTP library would produce (``RawUpstream``).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import html
import json
import random
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from aiohttp import web

AVAILABILITY = (
    '<?xml version="1.0"?><vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">'
    "<vosi:available>true</vosi:available></vosi:availability>"
)

# What a TAP service and an image (SIAv2) service answer at /capabilities.
TAP_CAPABILITIES = (
    '<?xml version="1.0"?><vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0">'
    '<capability standardID="ivo://ivoa.net/std/VOSI#availability"/>'
    '<capability standardID="ivo://ivoa.net/std/TAP"><interface/></capability>'
    "</vosi:capabilities>"
)
SIA_CAPABILITIES = (
    '<capabilities><capability standardID="ivo://ivoa.net/std/SIA#query-2.0"/></capabilities>'
)
# A site that answers every path with a page of its own: a URL that is no VO service.
WEB_PAGE = "<!DOCTYPE html><html><head><title>Welcome</title></head><body>Hi</body></html>"


# Starts listening on 127.0.0.1 in the running loop; gives the port and how to close again.
Listen = Callable[[], Awaitable[tuple[int, Callable[[], Awaitable[None]]]]]


class LoopThread:
    """A server's event loop in a thread of its own, so that the Jupyter server under test (in
    the tests' loop) can call it while the test waits for the answer."""

    def __init__(self, listen: Listen) -> None:
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self.port, close = loop.run_until_complete(listen())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(close())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


def _b64(text: str, pad: int, alphabet: Callable[[bytes], bytes] = base64.b64encode) -> str:
    return alphabet(b"x" * pad + text.encode()).decode("ascii")


# How an echoing upstream may spell the Authorization header it received.
ECHO_FORMS: dict[str, Callable[[str], str]] = {
    "raw": lambda value: value,
    "json": lambda value: json.dumps({"authorization": value}),
    "json-slash": lambda value: json.dumps({"authorization": value}).replace("/", "\\/"),
    "html": lambda value: "<p>" + html.escape(value) + "</p>",
    "html-noquote": lambda value: "<p>" + html.escape(value, quote=False) + "</p>",
    "percent": lambda value: "next=" + quote(value, safe=""),
    "percent-lower": lambda value: (
        "next=" + re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(value, safe=""))
    ),
    "base64-0": lambda value: _b64("Authorization: " + value, 0),
    "base64-1": lambda value: _b64("Authorization: " + value, 1),
    "base64-2": lambda value: _b64("Authorization: " + value, 2),
    "base64url-0": lambda value: _b64(value, 0, base64.urlsafe_b64encode),
    "base64url-1": lambda value: _b64(value, 1, base64.urlsafe_b64encode),
    "base64url-2": lambda value: _b64(value, 2, base64.urlsafe_b64encode),
    "basic": lambda value: (
        "Basic " + base64.b64encode((value.split(" ", 1)[-1] + ":x-oauth-basic").encode()).decode()
    ),
}


_TABLE_ROW = b"<TR><TD>1234567890123</TD><TD>62.04431</TD><TD>-37.2211</TD><TD>gt</TD></TR>\n"
# One MiB of each kind of body ``big`` can send: FITS-like bytes, VOTable TABLEDATA, or one byte.
BIG_FILLS = {
    "random": random.Random(12).randbytes(2**20),
    "text": (_TABLE_ROW * (2**20 // len(_TABLE_ROW) + 1))[: 2**20],
    "x": b"x" * 2**20,
}


@dataclass
class Upstream:
    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    # Requests to ``hang`` whose connection is still open (the proxy has not given up on them).
    hanging: int = 0
    hanging_peak: int = 0
    # Bytes of ``big`` bodies handed to the socket so far (back-pressure holds this back).
    big_sent: int = 0
    _thread: LoopThread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def other_origin(self) -> str:
        """The same server under another origin (another host name): a stand-in for another host."""
        return f"http://localhost:{self.port}"

    async def _record(self, request: web.Request) -> bytes:
        body = await request.read()
        self.seen.append(
            Seen(request.method, request.path, request.query_string, dict(request.headers), body)
        )
        return body

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
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
        prefix = request.match_info["prefix"]
        if prefix == "website":
            return web.Response(text=WEB_PAGE, content_type="text/html")
        if name == "capabilities" and prefix in ("svc", "open", "tap"):
            return web.Response(text=TAP_CAPABILITIES, content_type="text/xml")
        if name == "capabilities" and prefix == "sia":
            return web.Response(text=SIA_CAPABILITIES, content_type="text/xml")
        if name == "capabilities" and prefix == "moved":
            # Moved within the service: the proxy hands such a redirect back to be followed.
            raise web.HTTPMovedPermanently(f"{self.base}/moved/tap-capabilities")
        if name == "tap-capabilities":
            return web.Response(text=TAP_CAPABILITIES, content_type="text/xml")
        if name == "capabilities" and prefix == "gzipped":
            # As DaCHS does: compressed whatever the request's Accept-Encoding.
            return web.Response(
                body=gzip.compress(TAP_CAPABILITIES.encode()),
                headers={"Content-Type": "text/xml", "Content-Encoding": "gzip"},
            )
        if name == "capabilities" and prefix == "bomb":
            return web.Response(
                body=gzip.compress(b"<capabilities>" + b" " * (4 * 1024 * 1024)),
                headers={"Content-Type": "text/xml", "Content-Encoding": "gzip"},
            )
        if name == "capabilities" and prefix == "secured":
            return web.Response(status=401, text="log in first")
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
        if name == "redirect":
            location = base64.urlsafe_b64decode(request.query["b64"]).decode("utf-8")
            status = int(request.query.get("status", "302"))
            return web.Response(status=status, headers={"Location": location})
        if name == "echo-auth":
            return await self._echo_auth(request)
        if name == "echo-credentials":
            return web.json_response({"query": request.query_string, "body": body.decode()})
        if request.match_info["prefix"] == "hang":  # every path of the silent service
            self.hanging += 1
            self.hanging_peak = max(self.hanging_peak, self.hanging)
            try:
                while request.transport is not None and not request.transport.is_closing():
                    await asyncio.sleep(0.02)
            finally:
                self.hanging -= 1
            return web.Response(text="too late")
        if name == "slow":
            await asyncio.sleep(float(request.query.get("s", "5")))
            return web.Response(text="late")
        if name == "big":
            megabytes = int(request.query.get("mb", "1"))
            response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
            response.content_length = megabytes * 1024 * 1024
            await response.prepare(request)
            chunk = BIG_FILLS[request.query.get("fill", "x")]
            # MB/s at most, as over a network link; 0: as fast as the machine goes.
            rate = float(request.query.get("rate", "0"))
            start = asyncio.get_running_loop().time()
            for sent in range(1, megabytes + 1):
                await response.write(chunk)
                self.big_sent += len(chunk)
                if rate:
                    await asyncio.sleep(start + sent / rate - asyncio.get_running_loop().time())
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

    async def _echo_auth(self, request: web.Request) -> web.StreamResponse:
        """Reflect the Authorization header: ``form`` (ECHO_FORMS) and ``where`` (body, header,
        reason, utf16, chunks, late, gzip, status401)."""
        value = request.headers.get("Authorization", "(none)")
        text = ECHO_FORMS[request.query.get("form", "raw")](value)
        where = request.query.get("where", "body")
        if where == "header":
            name = request.query.get("header", "Content-Disposition")
            return web.Response(text="see the headers", headers={name: f'inline; x="{text}"'})
        if where == "content-type":
            return web.Response(body=b"x", headers={"Content-Type": f"text/plain; x={text}"})
        if where == "reason":
            return web.Response(text="see the status line", reason="Echo " + text[:200])
        if where == "status401":
            return web.Response(status=401, text=f"<html><title>Bad token {text}</title></html>")
        if where == "utf16":
            document = f'<?xml version="1.0" encoding="UTF-16"?><echo>{text}</echo>'
            return web.Response(
                body=document.encode("utf-16"),
                headers={"Content-Type": "text/xml; charset=UTF-16"},
            )
        if where == "gzip":
            return web.Response(
                body=gzip.compress(text.encode()),
                headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"},
            )
        if where in ("chunks", "late"):
            # The echo at an offset, written in small pieces: it straddles chunk boundaries.
            offset = int(request.query.get("offset", "100"))
            piece = int(request.query.get("piece", "7"))
            data = b"." * offset + text.encode() + b"." * 1000
            response = web.StreamResponse(headers={"Content-Type": "text/plain"})
            response.content_length = len(data)
            await response.prepare(request)
            for start in range(0, len(data), piece):
                await response.write(data[start : start + piece])
                if where == "late" and start < offset and start + piece >= offset:
                    await asyncio.sleep(0.05)  # the early part is surely on its way first
            await response.write_eof()
            return response
        return web.Response(text=f"You sent: {text}", content_type="text/plain")

    async def _listen(self) -> tuple[int, Callable[[], Awaitable[None]]]:
        app = web.Application()
        app.router.add_route("*", "/{prefix}/{name}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._record_only)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server  # aiohttp keeps the bound port only on the server object
        return server.sockets[0].getsockname()[1], runner.cleanup

    def start(self) -> Upstream:
        self._thread = LoopThread(self._listen)
        self.port = self._thread.port
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()

    async def _record_only(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.Response(status=404, text="nothing here")

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def json_body(body: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(body)
    return parsed


# Canned answers no HTTP library would send, by request path.
RAW_ANSWERS: dict[str, bytes] = {
    "/raw/bad-location": b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n"
    b"Content-Length: 0\r\n\r\n",
    "/raw/bad-port": b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:99999/x\r\n"
    b"Content-Length: 0\r\n\r\n",
    "/raw/control-header": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\x01x\r\n"
    b"Content-Length: 2\r\n\r\nok",
    "/raw/utf8-header": "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
    'filename="M\u00fcnchen.fits"\r\nContent-Length: 2\r\n\r\nok'.encode(),
    "/raw/latin1-header": b"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
    b'filename="caf\xe9.fits"\r\nContent-Length: 2\r\n\r\nok',
    "/raw/bad-status": b"HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n",
    "/raw/reason-bytes": b"HTTP/1.1 200 \xff\xfe\x01weird\r\nContent-Length: 2\r\n\r\nok",
    "/raw/short-body": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
    "/raw/javascript-location": b"HTTP/1.1 302 Found\r\nLocation: javascript:alert(1)\r\n"
    b"Content-Length: 0\r\n\r\n",
    "/raw/empty-host-location": b"HTTP/1.1 302 Found\r\nLocation: http:///x\r\n"
    b"Content-Length: 0\r\n\r\n",
}


@dataclass
class RawUpstream:
    """An upstream that answers with the exact bytes of RAW_ANSWERS, then closes."""

    port: int = 0
    _thread: LoopThread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        path = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
        writer.write(RAW_ANSWERS.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        await writer.drain()
        writer.close()

    async def _listen(self) -> tuple[int, Callable[[], Awaitable[None]]]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)

        async def close() -> None:
            server.close()

        return server.sockets[0].getsockname()[1], close

    def start(self) -> RawUpstream:
        self._thread = LoopThread(self._listen)
        self.port = self._thread.port
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
