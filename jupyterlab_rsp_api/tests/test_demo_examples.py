"""The demo's TAP examples: published as DALI examples (XHTML+RDFa) and every one of them, and
every example the frontend generates from the demo's metadata, runs on its DaCHS."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .demo import DEMO, GATEWAY, demo_mark

pytestmark = demo_mark()

GENERATED = Path(__file__).parent / "data" / "generated-examples.json"


def _get(path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"{GATEWAY}{path}", headers={"Authorization": f"Bearer {DEMO['DEMO_TOKEN']}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _published() -> list[dict[str, object]]:
    status, body = _get("/api/tap/examples")
    assert status == 200
    root = ET.fromstring(body)
    examples: list[dict[str, object]] = []
    for element in root.iter():
        if element.get("typeof") != "example":
            continue
        by_property: dict[str, list[str]] = {}
        for part in element.iter():
            for name in (part.get("property") or "").split():
                by_property.setdefault(name, []).append(_text(part).strip())
        examples.append(
            {
                "id": element.get("id"),
                "name": by_property["name"][0],
                "query": by_property["query"][0],
                "tables": by_property.get("table", []),
            }
        )
    return examples


def _run(query: str, maxrec: int = 1000) -> str:
    data = urllib.parse.urlencode(
        {
            "REQUEST": "doQuery",
            "LANG": "ADQL",
            "QUERY": query,
            "MAXREC": str(maxrec),
            "RESPONSEFORMAT": "application/x-votable+xml;serialization=TABLEDATA",
        }
    ).encode()
    request = urllib.request.Request(
        f"{GATEWAY}/api/tap/sync",
        data=data,
        headers={"Authorization": f"Bearer {DEMO['DEMO_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return str(response.read().decode())


def _rows(votable: str) -> int:
    assert 'name="QUERY_STATUS" value="ERROR"' not in votable, votable[-600:]
    return votable.count("<TR>")


def test_the_tap_service_publishes_examples_in_its_capabilities() -> None:
    _, capabilities = _get("/api/tap/capabilities")
    assert 'standardID="ivo://ivoa.net/std/DALI#examples"' in capabilities
    assert f"{GATEWAY}/api/tap/examples</accessURL>" in capabilities


def test_the_examples_page_names_queries_and_tables() -> None:
    examples = _published()
    assert [e["name"] for e in examples] == [
        "Objects in a cone",
        "Light curve of one object",
        "Bright point sources",
        "Images covering a position",
        "Flux columns of Object",
    ]
    assert examples[1]["tables"] == ["dp02_dc2_catalogs.source", "dp02_dc2_catalogs.ccdvisit"]
    # The fixture the jest tests read is this very page.
    fixture = Path(__file__).parents[2] / "src/vo/__tests__/fixtures/demo-tap-examples.html"
    assert [e["query"] for e in examples] == [
        e["query"] for e in _published_from(fixture.read_text())
    ]


def _published_from(body: str) -> list[dict[str, str]]:
    root = ET.fromstring(body)
    return [
        {"query": _text(part).strip()}
        for part in root.iter()
        if "query" in (part.get("property") or "").split()
    ]


@pytest.mark.parametrize("index", range(5))
def test_each_published_example_runs_and_finds_rows(index: int) -> None:
    example = _published()[index]
    assert _rows(_run(str(example["query"]))) > 0, example["name"]


def _generated() -> list[dict[str, str]]:
    return list(json.loads(GENERATED.read_text()))


@pytest.mark.parametrize("example", _generated(), ids=lambda e: e["id"])
def test_each_generated_example_runs(example: dict[str, str]) -> None:
    votable = _run(example["query"], maxrec=100)
    rows = _rows(votable)
    if example["id"].startswith("count:"):
        assert rows == 1
    elif example["id"].startswith(("join:", "columns:", "tap_schema:", "obscore:", "cone:")):
        assert rows > 0, example["query"]


def test_vosi_tables_give_the_sizes_the_large_table_hints_read() -> None:
    _, table = _get("/api/tap/tableMetadata/dp02_dc2_catalogs.object")
    assert "<nrows>100000</nrows>" in table
