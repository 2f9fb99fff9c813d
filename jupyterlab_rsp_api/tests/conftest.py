from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .upstream import Upstream

pytest_plugins = ["pytest_jupyter.jupyter_server"]

TOKEN = "SECRET-TOKEN-7c1e5b0a"


@pytest.fixture(scope="session")
def upstream() -> Iterator[Upstream]:
    server = Upstream().start()
    yield server
    server.stop()


@pytest.fixture
def token() -> str:
    """The platform token the server reads; a test module overrides it to try other characters."""
    return TOKEN


@pytest.fixture
def token_file(tmp_path: Path, token: str) -> Path:
    path = tmp_path / "token"
    path.write_text(token + "\n")
    return path


def tap_service(
    id: str, url: str, title: str | None = None, auth: str = "platform-token"
) -> dict[str, str]:
    """A TAP service as an administrator lists it in ``c.RSPApi.services``."""
    return {"id": id, "title": title or f"Service {id}", "kind": "tap", "url": url, "auth": auth}


@pytest.fixture
def configured_services(upstream: Upstream) -> list[dict[str, str]]:
    """The services of the test server; a test module overrides it with its own."""
    return [
        tap_service("svc", f"{upstream.base}/svc", "Test TAP"),
        tap_service("open", f"{upstream.base}/open", "Open service", auth="none"),
        tap_service("down", "http://127.0.0.1:9/x", "Down service"),
    ]


@pytest.fixture
def jp_server_config(
    token_file: Path, tmp_path: Path, configured_services: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_rsp_api": True}},
        "RSPApi": {
            "token_path": str(token_file),
            "discovery_path": str(tmp_path / "no-discovery.json"),
            "request_timeout": 2.0,
            "connect_timeout": 2.0,
            "max_redirects": 3,
            "services": configured_services,
        },
    }


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def all_logs() -> Iterator[list[str]]:
    """Every log line of the server, whatever logger it goes through."""
    handler = _Collect()
    names = ["", "ServerApp", "tornado.access", "tornado.application", "jupyterlab_rsp_api"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler.lines
    for logger, level in zip(loggers, levels):
        logger.removeHandler(handler)
        logger.setLevel(level)
