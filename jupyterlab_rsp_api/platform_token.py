"""Where the user's platform token comes from. The value never leaves this module's objects except
as the Authorization header the proxy builds; it has no repr and no str."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["ok", "missing", "empty", "invalid", "unreadable"]

PLATFORM_TOKEN_FILE = Path("/etc/nublado/secrets/token")
DEFAULT_MOUNTS_DIR = Path("/opt/lsst/software/jupyterlab")

# Gafaelfawr tokens and bearer tokens in general are printable ASCII without spaces (RFC 6750's
# b64token and a little more); anything else would corrupt the header or leak into errors.
_TOKEN_PATTERN = re.compile(r"^[\x21-\x7e]+$")


class Secret:
    """A string that does not show itself: safe to hold in objects that may be logged."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret(****)"

    __str__ = __repr__


@dataclass(frozen=True)
class TokenState:
    status: Status
    source: str | None
    message: str
    secret: Secret | None = None

    @property
    def available(self) -> bool:
        return self.status == "ok" and self.secret is not None

    def to_json(self) -> dict[str, object]:
        return {
            "available": self.available,
            "status": self.status,
            "source": self.source,
            "message": self.message,
        }


@dataclass(frozen=True)
class _Candidate:
    kind: Literal["file", "env"]
    where: str

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.where}"


def _candidates(env: Mapping[str, str], token_path: str, token_env: str) -> list[_Candidate]:
    if token_path:
        return [_Candidate("file", token_path)]
    if token_env:
        return [_Candidate("env", token_env)]
    mounts = Path(env.get("NUBLADO_RUNTIME_MOUNTS_DIR") or DEFAULT_MOUNTS_DIR)
    return [
        _Candidate("file", str(PLATFORM_TOKEN_FILE)),
        _Candidate("file", str(mounts / "secrets" / "token")),
        _Candidate("env", "NUBLADO_TOKEN"),
        _Candidate("env", "ACCESS_TOKEN"),
    ]


def _judge(raw: str, source: str) -> TokenState:
    value = raw.strip()
    if not value:
        return TokenState("empty", source, f"The token source {source} is empty.")
    if not _TOKEN_PATTERN.match(value):
        return TokenState(
            "invalid",
            source,
            f"The token in {source} is not a valid bearer token (spaces, line breaks or "
            "non-ASCII characters); it is not used.",
        )
    return TokenState("ok", source, f"Token from {source}.", Secret(value))


class TokenProvider:
    """Finds the token in the platform's order and re-reads a token file when it changes.

    A stat per call is cheap, and it is what lets a refreshed token file (the platform rewrites
    it) take effect without restarting the server.
    """

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        token_path: str = "",
        token_env: str = "",
    ) -> None:
        self._env = env if env is not None else os.environ
        self._token_path = token_path
        self._token_env = token_env
        self._file_cache: dict[str, tuple[tuple[int, int], TokenState]] = {}

    def current(self) -> TokenState:
        tried: list[str] = []
        first_problem: TokenState | None = None
        for candidate in _candidates(self._env, self._token_path, self._token_env):
            tried.append(candidate.label)
            state = (
                self._from_file(candidate)
                if candidate.kind == "file"
                else self._from_env(candidate)
            )
            if state is None:
                continue
            if state.available:
                return state
            first_problem = first_problem or state
        if first_problem is not None:
            return first_problem
        return TokenState(
            "missing",
            None,
            "No access token found (tried " + ", ".join(tried) + "). Services that need the "
            "platform token will refuse requests.",
        )

    def _from_env(self, candidate: _Candidate) -> TokenState | None:
        raw = self._env.get(candidate.where)
        if raw is None:
            return None
        return _judge(raw, candidate.label)

    def _from_file(self, candidate: _Candidate) -> TokenState | None:
        path = Path(candidate.where)
        try:
            stat = path.stat()
        except FileNotFoundError:
            self._file_cache.pop(candidate.where, None)
            return None
        except OSError:
            return TokenState("unreadable", candidate.label, f"{candidate.label} is unreadable.")
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._file_cache.get(candidate.where)
        if cached and cached[0] == key:
            return cached[1]
        try:
            raw = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            state = TokenState(
                "invalid", candidate.label, f"{candidate.label} does not hold text; not used."
            )
        except OSError as error:
            reason = (error.strerror or "no reason given").lower()
            state = TokenState(
                "unreadable", candidate.label, f"{candidate.label} could not be read ({reason})."
            )
        else:
            state = _judge(raw, candidate.label)
        self._file_cache[candidate.where] = (key, state)
        return state
