"""Where URLs land (containment.py), on the cases the frontend's upstreamToProxyUrl shares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_rsp_api.containment import (
    UnusableUrl,
    path_problem,
    proxy_path_for,
    resolve,
)

FIXTURE = json.loads(
    (Path(__file__).parent / "data" / "containment-cases.json").read_text(encoding="utf-8")
)
SERVICES = {s["id"]: s["url"] for s in FIXTURE["services"]}


def test_the_fixture_is_substantial() -> None:
    assert len(FIXTURE["cases"]) > 80
    assert sum(c["proxied"] is None for c in FIXTURE["cases"]) > 40


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=[c["why"] for c in FIXTURE["cases"]])
def test_shared_containment_cases(case: dict[str, Any]) -> None:
    service_url = SERVICES[case["service"]]
    if case.get("unusable"):
        with pytest.raises(UnusableUrl):
            proxy_path_for(service_url, case["url"], case.get("base"))
    else:
        assert proxy_path_for(service_url, case["url"], case.get("base")) == case["proxied"]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("../b", "https://h.example/b"),
        ("%2e%2e/%2E%2e/x", "https://h.example/x"),
        ("\\\\other.example\\x", "https://other.example/x"),
        ("HTTPS://H.EXAMPLE:443/a", "https://h.example/a"),
        ("http://h.example:8080/a/./b/../c", "http://h.example:8080/a/c"),
        ("?q", "https://h.example/a/b?q"),
    ],
)
def test_resolution_follows_the_url_standard(reference: str, expected: str) -> None:
    assert resolve(reference, "https://h.example/a/b").href() == expected


def test_non_web_schemes_are_reported_as_such() -> None:
    assert resolve("javascript:alert(1)", "https://h.example/").scheme == "javascript"


@pytest.mark.parametrize(
    "path", ["..;/x", "a/..;jsessionid=1/b", "%2e%2e;/x", "..%3b/x", ".. /x", "\uff0e\uff0e/x"]
)
def test_tomcat_and_friends_climbs_are_problems(path: str) -> None:
    assert path_problem(path) is not None


@pytest.mark.parametrize("path", ["async;jsessionid=1", "a..b", "...x", "tables/dp02.Object"])
def test_ordinary_segments_pass(path: str) -> None:
    assert path_problem(path) is None
