"""A third-party service that tells on its clients: every request's headers are recorded.

It stands for an external archive a user added (auth ``none``): the platform token must never
reach it. Behind it is the demo platform itself, which the canary reaches with credentials of its
own (as a real archive has its own data), so a client can browse, query, run jobs and cut out
images through it while the canary writes down what each request carried. The demo's absolute
URLs in headers and text bodies are rewritten to the canary's, so clients stay on the canary.

    python -m jupyterlab_rsp_api.tests.canary [--port N]   # prints "canary <url>" when ready

``GET /__canary/requests`` answers the record (method, path, headers) as JSON;
``DELETE /__canary/requests`` clears it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .demo import DEMO, GATEWAY

_TEXT_TYPES = ("xml", "json", "text/", "html")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class _Canary(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.record: list[dict[str, object]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: _Canary
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.path.startswith("/__canary/requests"):
            if self.command == "DELETE":
                with self.server.lock:
                    self.server.record.clear()
            with self.server.lock:
                answer = json.dumps(self.server.record).encode()
            self._answer(200, answer, "application/json")
            return
        with self.server.lock:
            self.server.record.append(
                {"method": self.command, "path": self.path, "headers": dict(self.headers.items())}
            )
        self._forward(body)

    def _forward(self, body: bytes | None) -> None:
        gateway = urlsplit(GATEWAY)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers.pop("Authorization", None)
        headers["Authorization"] = f"Bearer {DEMO['DEMO_TOKEN']}"
        # Bodies are rewritten, so they must arrive plain.
        headers["Accept-Encoding"] = "identity"
        connection = http.client.HTTPConnection(gateway.hostname or "", gateway.port, timeout=120)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except OSError as error:
            self._answer(502, f"canary: the demo did not answer ({error})".encode(), "text/plain")
            return
        finally:
            connection.close()
        content_type = response.getheader("Content-Type", "")
        if any(kind in content_type for kind in _TEXT_TYPES):
            content = content.replace(GATEWAY.encode(), self.server.url.encode())
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() in _HOP_BY_HOP:
                continue
            self.send_header(name, value.replace(GATEWAY, self.server.url))
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = _handle
    do_POST = _handle
    do_HEAD = _handle
    do_DELETE = _handle


def authorization_headers(record: list[dict[str, object]]) -> list[str]:
    """The requests of a record that carried any credential, as 'METHOD path' lines."""
    found = []
    for entry in record:
        headers = entry["headers"]
        assert isinstance(headers, dict)
        names = {str(name).lower() for name in headers}
        if names & {"authorization", "cookie", "x-xsrftoken"}:
            found.append(f"{entry['method']} {entry['path']}")
    return found


@contextmanager
def running_canary(host: str = "127.0.0.1", port: int = 0) -> Iterator[_Canary]:
    canary = _Canary((host, port))
    thread = threading.Thread(target=canary.serve_forever, daemon=True)
    thread.start()
    try:
        yield canary
    finally:
        canary.shutdown()
        canary.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    canary = _Canary((options.host, options.port))
    print(f"canary {canary.url}", flush=True)
    canary.serve_forever()


if __name__ == "__main__":
    main()
