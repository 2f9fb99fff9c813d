from __future__ import annotations

import pytest

from jupyterlab_rsp_api.discovery import Service
from jupyterlab_rsp_api.proxy import ProxyError, target_url

SERVICE = Service("tap", "TAP", "tap", "https://data.example.org/api/tap", "platform-token", "test")

ATTACKS = [
    "../ssotap/sync",
    "..",
    "async/../../ssotap",
    "%2e%2e/ssotap",
    "%2E%2E/ssotap",
    ".%2e/ssotap",
    "%252e%252e/ssotap",
    "%25252e%25252e/ssotap",
    "..%2fssotap",
    "async%2f..%2f..%2fssotap",
    "%2f%2fevil.example.com/x",
    "//evil.example.com/x",
    "https://evil.example.com/x",
    "http:%2f%2fevil.example.com",
    "..\\ssotap",
    "async\\..\\..\\x",
    "%5c..%5cssotap",
    "async/%00/x",
    "async/\x00",
    "async/\r\nHost: evil",
    "async//x",
]


@pytest.mark.parametrize("path", ATTACKS)
def test_attacks_are_refused(path: str) -> None:
    with pytest.raises(ProxyError) as caught:
        target_url(SERVICE, path, "")
    assert caught.value.kind == "bad_path" and caught.value.status == 400


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("", "", "https://data.example.org/api/tap"),
        (
            "sync",
            "REQUEST=doQuery&LANG=ADQL",
            "https://data.example.org/api/tap/sync?REQUEST=doQuery&LANG=ADQL",
        ),
        ("tables/dp02.Object", "", "https://data.example.org/api/tap/tables/dp02.Object"),
        ("async/", "", "https://data.example.org/api/tap/async/"),
        ("a%20b", "", "https://data.example.org/api/tap/a%20b"),
        ("@evil.example.com/x", "", "https://data.example.org/api/tap/@evil.example.com/x"),
        ("..a/b..", "", "https://data.example.org/api/tap/..a/b.."),
    ],
)
def test_legitimate_paths_stay_under_the_base(path: str, query: str, expected: str) -> None:
    assert target_url(SERVICE, path, query) == expected
