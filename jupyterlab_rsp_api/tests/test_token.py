from __future__ import annotations

import os
from pathlib import Path

import pytest

from jupyterlab_rsp_api import platform_token
from jupyterlab_rsp_api.platform_token import TokenProvider


@pytest.fixture(autouse=True)
def no_platform_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The real /etc/nublado path must never decide a test's outcome.
    monkeypatch.setattr(platform_token, "PLATFORM_TOKEN_FILE", tmp_path / "etc-token")


def test_lookup_order_file_then_mounts_then_env(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    (mounts / "secrets").mkdir(parents=True)
    env = {"NUBLADO_RUNTIME_MOUNTS_DIR": str(mounts), "NUBLADO_TOKEN": "nt", "ACCESS_TOKEN": "at"}
    provider = TokenProvider(env)
    assert provider.current().source == "env:NUBLADO_TOKEN"
    (mounts / "secrets" / "token").write_text("mounted\n")
    assert provider.current().source == f"file:{mounts}/secrets/token"
    (tmp_path / "etc-token").write_text("etc")
    state = provider.current()
    assert state.source == f"file:{tmp_path}/etc-token"
    assert state.secret is not None and state.secret.reveal() == "etc"


def test_access_token_last(tmp_path: Path) -> None:
    state = TokenProvider(
        {"NUBLADO_RUNTIME_MOUNTS_DIR": str(tmp_path), "ACCESS_TOKEN": "a"}
    ).current()
    assert state.available and state.source == "env:ACCESS_TOKEN"


def test_missing_says_what_was_tried(tmp_path: Path) -> None:
    state = TokenProvider({"NUBLADO_RUNTIME_MOUNTS_DIR": str(tmp_path)}).current()
    assert state.status == "missing" and not state.available
    assert "NUBLADO_TOKEN" in state.message and "ACCESS_TOKEN" in state.message


@pytest.mark.parametrize(
    ("content", "status"),
    [(b"", "empty"), (b"  \n", "empty"), (b"two words", "invalid"), (b"\xff\xfe\x00", "invalid")],
)
def test_bad_files_give_a_status(tmp_path: Path, content: bytes, status: str) -> None:
    path = tmp_path / "token"
    path.write_bytes(content)
    state = TokenProvider({}, token_path=str(path)).current()
    assert state.status == status and not state.available and state.message


def test_a_bad_file_does_not_hide_a_good_env_value(tmp_path: Path) -> None:
    (tmp_path / "etc-token").write_text("")
    state = TokenProvider(
        {"NUBLADO_RUNTIME_MOUNTS_DIR": str(tmp_path), "ACCESS_TOKEN": "good"}
    ).current()
    assert state.available and state.source == "env:ACCESS_TOKEN"


def test_file_is_reread_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("first")
    provider = TokenProvider({}, token_path=str(path))
    first = provider.current().secret
    assert first is not None and first.reveal() == "first"
    path.write_text("second-and-longer")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = provider.current().secret
    assert second is not None and second.reveal() == "second-and-longer"


def test_configured_env_source(tmp_path: Path) -> None:
    state = TokenProvider({"MY_TOKEN": "x"}, token_env="MY_TOKEN").current()
    assert state.available and state.source == "env:MY_TOKEN"


def test_the_value_never_shows_itself() -> None:
    state = TokenProvider({"ACCESS_TOKEN": "hush-hush"}, token_env="ACCESS_TOKEN").current()
    assert "hush-hush" not in repr(state)
    assert "hush-hush" not in str(state.secret)
    assert "hush-hush" not in str(state.to_json())
