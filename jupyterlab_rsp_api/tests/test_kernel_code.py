"""The kernel-side token session: one source for Python and TypeScript, and the rule it keeps."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from .. import kernel_session
from ..kernel_session import KERNEL_CODE_JSON, kernel_code, kernel_code_json, rsp_session
from .demo import REPO


def test_the_frontend_carries_the_same_text_and_names() -> None:
    written = (REPO / KERNEL_CODE_JSON).read_text(encoding="utf-8")
    assert written == kernel_code_json(), (
        "src/codegen/kernel-code.json is stale: run python -m jupyterlab_rsp_api.kernel_session"
    )
    assert json.loads(written)["lsstRspTapNames"] == ["tap", "ssotap", "live", "obstap"]


def test_the_pasted_helper_stands_alone() -> None:
    # Generated cells run in kernels without this package (the platform's): the helper may use
    # only the standard library and requests.
    namespace: dict[str, object] = {}
    exec(compile(str(kernel_code()["sessionHelper"]), "<cell>", "exec"), namespace)
    assert callable(namespace["rsp_session"])
    source = str(kernel_code()["sessionHelper"])
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == [
        "import os",
        "from pathlib import Path",
        "from urllib.parse import urlsplit",
        "import requests",
    ]


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = self.headers.get("Host", "")
        type(self).seen.append((host + self.path, self.headers.get("Authorization")))
        if self.path == "/bounce":
            # To the same server under another name: another origin, so no token.
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{port}/landed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def recorder() -> Iterator[int]:
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_platform_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NUBLADO_RUNTIME_MOUNTS_DIR", str(tmp_path))
    monkeypatch.delenv("NUBLADO_TOKEN", raising=False)
    monkeypatch.setattr(kernel_session, "Path", _NoPlatformFile)


class _NoPlatformFile(type(Path())):  # type: ignore[misc]
    """Path, except that the platform's own token file is absent on a developer's machine."""

    def is_file(self) -> bool:
        return str(self) != "/etc/nublado/secrets/token" and super().is_file()


@pytest.mark.usefixtures("no_platform_files")
def test_the_token_goes_to_the_given_origins_only(
    recorder: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCESS_TOKEN", "secret-1")
    session = rsp_session([f"http://127.0.0.1:{recorder}"])
    for url in (
        f"http://127.0.0.1:{recorder}/tap",
        f"http://localhost:{recorder}/tap",  # same server, another origin
        f"http://127.0.0.1:{recorder}/bounce",  # a redirect to another origin
    ):
        assert session.get(url, timeout=5).status_code == 200
    assert _Recorder.seen == [
        (f"127.0.0.1:{recorder}/tap", "Bearer secret-1"),
        (f"localhost:{recorder}/tap", None),
        (f"127.0.0.1:{recorder}/bounce", "Bearer secret-1"),
        (f"127.0.0.2:{recorder}/landed", None),
    ]


@pytest.mark.usefixtures("no_platform_files")
def test_the_platform_order_and_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACCESS_TOKEN", raising=False)
    with pytest.raises(PermissionError, match="No usable platform token"):
        rsp_session(["http://x:80"])
    monkeypatch.setenv("ACCESS_TOKEN", "from-env")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "token").write_text("  \n")  # empty: the next source is used
    assert kernel_session._platform_token() == "from-env"
    (tmp_path / "secrets" / "token").write_text("from-file\n")
    assert kernel_session._platform_token() == "from-file"
    monkeypatch.setenv("ACCESS_TOKEN", "two words")
    (tmp_path / "secrets" / "token").write_text("")
    with pytest.raises(PermissionError):
        kernel_session._platform_token()
