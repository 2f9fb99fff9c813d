"""Where the demo platform is and whether it answers; shared by the tests that use it.

Started by ``make demo-platform``; ``make test`` sets RSP_API_REQUIRE_DEMO so these tests fail
rather than skip when the platform is missing.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STATE = REPO / ".demo-state"


def _config() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (REPO / "demo" / "config.env").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


DEMO = _config()
GATEWAY = DEMO["DEMO_GATEWAY_URL"]


def _gateway_up() -> bool:
    try:
        urllib.request.urlopen(f"{GATEWAY}/api/tap/availability", timeout=3)
    except urllib.error.HTTPError as error:
        return error.code == 401  # it answers, and refuses without the token: it is up
    except OSError:
        return False
    return True


def demo_mark() -> pytest.MarkDecorator:
    """The module mark of a test file that needs the demo: run, skip, or fail the whole run."""
    if _gateway_up():
        return pytest.mark.demo
    if os.environ.get("RSP_API_REQUIRE_DEMO"):
        raise RuntimeError(
            f"The demo platform does not answer at {GATEWAY}: run make demo-platform"
        )
    return pytest.mark.skip(reason=f"demo platform not running at {GATEWAY}")
