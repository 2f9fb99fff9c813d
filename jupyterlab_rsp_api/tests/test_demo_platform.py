"""The server extension against the demo platform (DaCHS behind the nginx gateway), as in a lab."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest

from .demo import DEMO, REPO, STATE, demo_mark

pytestmark = demo_mark()


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    # A copy of the platform's token file that a test may rotate under the running server.
    path = tmp_path / "token"
    path.write_text((STATE / "secrets" / "token").read_text())
    return path


@pytest.fixture
def jp_server_config(token_file: Path) -> dict[str, Any]:
    # How `make demo` starts the lab: the platform's discovery document and token file.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_rsp_api": True}},
        "RSPApi": {
            "discovery_path": str(STATE / "discovery" / "v1.json"),
            "token_path": str(token_file),
        },
    }


async def fetch(jp_fetch: Any, *parts: str, **kwargs: Any) -> Any:
    return await jp_fetch("jupyterlab-rsp-api", *parts, raise_error=False, **kwargs)


async def test_services_are_discovered_from_the_platform_files(jp_fetch: Any) -> None:
    response = await fetch(jp_fetch, "services")
    data = json.loads(response.body)
    ids = {s["id"] for s in data["services"]}
    assert {"tap", "sia", "cutout", "datalink", "hips", "scs"} <= ids
    assert data["onPlatform"] is True
    assert data["token"]["available"] is True
    assert DEMO["DEMO_TOKEN"] not in response.body.decode()


@pytest.mark.parametrize("service", ["tap", "sia", "datalink", "cutout", "scs"])
async def test_every_service_is_available_through_the_proxy(jp_fetch: Any, service: str) -> None:
    response = await fetch(jp_fetch, "proxy", service, "availability")
    assert response.code == 200, response.body[:300]
    assert b"available>true<" in response.body


async def test_hips_list_through_the_proxy(jp_fetch: Any) -> None:
    response = await fetch(jp_fetch, "proxy", "hips", "list")
    assert response.code == 200
    assert b"hips_service_url" in response.body


async def post_query(jp_fetch: Any, endpoint: str, query: str, **kwargs: Any) -> Any:
    """A TAP query posted as a form through the proxy, as the browser's preview does."""
    return await fetch(
        jp_fetch,
        "proxy",
        "tap",
        endpoint,
        method="POST",
        body=urlencode({"REQUEST": "doQuery", "LANG": "ADQL", "QUERY": query}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        **kwargs,
    )


async def test_tap_sync_query(jp_fetch: Any) -> None:
    response = await post_query(
        jp_fetch, "sync", "SELECT TOP 5 objectId, coord_ra FROM dp02_dc2_catalogs.Object"
    )
    assert response.code == 200
    assert b"<VOTABLE" in response.body
    assert b'name="QUERY_STATUS" value="OK"' in response.body


async def test_tap_error_arrives_as_a_votable(jp_fetch: Any) -> None:
    response = await post_query(jp_fetch, "sync", "SELEKT nothing")
    assert b"QUERY_STATUS" in response.body and b"ERROR" in response.body


async def test_async_job_redirect_stays_in_the_proxy(jp_fetch: Any, jp_base_url: str) -> None:
    response = await post_query(
        jp_fetch, "async", "SELECT TOP 1 * FROM dp02_dc2_catalogs.CcdVisit", follow_redirects=False
    )
    assert response.code == 303
    location = response.headers["Location"]
    assert location.startswith(f"{jp_base_url}jupyterlab-rsp-api/proxy/tap/async/")
    job = location.split("/proxy/tap/", 1)[1]
    response = await fetch(jp_fetch, "proxy", "tap", *job.split("/"))
    assert response.code == 200 and b"PENDING" in response.body
    response = await fetch(
        jp_fetch, "proxy", "tap", *job.split("/"), method="DELETE", follow_redirects=False
    )
    assert response.code == 303
    assert response.headers["Location"] == f"{jp_base_url}jupyterlab-rsp-api/proxy/tap/async"


async def test_cutout_streams_fits(jp_fetch: Any) -> None:
    did = "ivo://rsp.demo/~?demo/images/calexp_1000000_0.fits"
    response = await fetch(
        jp_fetch, "proxy", "cutout", params={"ID": did, "CIRCLE": "55.748 -32.213 0.01"}
    )
    assert response.code == 200
    assert response.body.startswith(b"SIMPLE  =")


async def test_an_expired_token_shows_as_the_services_401(jp_fetch: Any, token_file: Path) -> None:
    response = await fetch(jp_fetch, "proxy", "tap", "availability")
    assert response.code == 200
    # The platform rewrites the token file; the server reads the new (here: rejected) value.
    token_file.write_text("expired-token-0000000000\n")
    response = await fetch(jp_fetch, "proxy", "tap", "availability")
    assert response.code == 401
    assert response.headers["X-RSP-API-Upstream-Status"] == "401"
    assert "X-RSP-API-Error" not in response.headers
    assert b"401 Unauthorized" in response.body


# --- what the demo carries on purpose: names and values as real services publish them -----------
# (demo/dachs/quirks.rd; see demo/README.md). Each test says the quirk is live, so that a change
# of DaCHS or of the demo data that loses one shows here rather than as tests that pass for
# nothing.


def _demo_data() -> ModuleType:
    """demo/generate_data.py, which wrote the table: its rules are what the service must give."""
    spec = importlib.util.spec_from_file_location("generate_data", REPO / "demo/generate_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DATA = _demo_data()
ODDITIES = "quirks.oddities"
# The TAP 1.1 form: DaCHS publishes its delimited identifiers with their quotes.
DELIMITED = ['"size"', '"distance"', '"select"', '"MixedCase"', '"Mixed Case"']
BEYOND_2_53 = DATA.oddity_id(0)  # the first id: odd, so no double holds it exactly
LARGEST_BIGINT = DATA.oddity_id(DATA.N_ODDITIES - 1)


async def td_query(jp_fetch: Any, query: str) -> list[list[str]]:
    """The rows of a TABLEDATA result as the texts the service wrote (no number parsing)."""
    import xml.etree.ElementTree as ElementTree

    response = await fetch(
        jp_fetch,
        "proxy",
        "tap",
        "sync",
        method="POST",
        body=urlencode(
            {"REQUEST": "doQuery", "LANG": "ADQL", "FORMAT": "votable/td", "QUERY": query}
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.code == 200, response.body[:300]
    assert b'name="QUERY_STATUS" value="OK"' in response.body, response.body[:600]
    root = ElementTree.fromstring(response.body)
    return [
        [cell.text or "" for cell in row]
        for row in root.iter()
        if row.tag.endswith("}TR") or row.tag == "TR"
    ]


async def test_delimited_names_are_published_with_their_quotes(jp_fetch: Any) -> None:
    response = await fetch(jp_fetch, "proxy", "tap", "tables", ODDITIES)
    assert response.code == 200
    vosi = response.body.decode()
    for name in DELIMITED:
        assert f"<name>{name}</name>" in vosi
    # A reserved word defined without quoted/ is published bare: clients must quote it.
    assert "<name>value</name>" in vosi
    rows = await td_query(
        jp_fetch, f"SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = '{ODDITIES}'"
    )
    published = {row[0] for row in rows}
    assert set(DELIMITED) | {"value", "label", "id"} <= published


async def test_names_written_once_quoted_run_and_triple_quoted_do_not(jp_fetch: Any) -> None:
    rows = await td_query(
        jp_fetch,
        f'SELECT TOP 1 "size", "distance", "select", "MixedCase", "Mixed Case", "value" '
        f"FROM {ODDITIES}",
    )
    assert len(rows) == 1 and len(rows[0]) == 6
    # What the browser wrote before: the published name quoted again.
    response = await post_query(jp_fetch, "sync", f'SELECT TOP 1 """size""" FROM {ODDITIES}')
    assert b"No such field known" in response.body
    # DaCHS folds an unquoted name to lower case: a case-sensitive name needs its quotes.
    response = await post_query(jp_fetch, "sync", f"SELECT TOP 1 MixedCase FROM {ODDITIES}")
    assert b"No such field known" in response.body


async def test_ids_beyond_2_53_arrive_exactly(jp_fetch: Any) -> None:
    rows = await td_query(
        jp_fetch, f"SELECT id FROM {ODDITIES} WHERE id IN ({BEYOND_2_53}, {LARGEST_BIGINT})"
    )
    assert sorted(int(row[0]) for row in rows) == [BEYOND_2_53, LARGEST_BIGINT]
    # A double would have rounded it: the text is the exact integer.
    assert float(BEYOND_2_53) != BEYOND_2_53
    assert str(BEYOND_2_53) in {row[0] for row in rows}


async def test_labels_outside_the_bmp_are_in_the_first_rows(jp_fetch: Any) -> None:
    rows = await td_query(jp_fetch, f"SELECT id, label, label_ascii FROM {ODDITIES} ORDER BY id")
    labels = [DATA.oddity_label(k) for k in range(DATA.N_ODDITIES)]
    assert [row[1] for row in rows] == labels
    assert any(ord(char) > 0xFFFF for char in rows[0][1])
    # DaCHS writes a text column as char: every non-ASCII character becomes "?".
    assert [row[2] for row in rows] == [
        "".join(char if ord(char) < 0x80 else "?" for char in label) for label in labels
    ]


def test_dachs_binary2_misreads_non_bmp_text() -> None:
    """DaCHS 2.7 writes BINARY2 string lengths in code points: after the first emoji, the stream
    is misaligned and astropy returns fewer rows than the service sent, without a warning."""
    import io
    import urllib.request
    import warnings

    from astropy.io.votable import parse

    query = f"SELECT TOP 100 id, label FROM {ODDITIES} ORDER BY id"
    request = urllib.request.Request(
        f"{DEMO['DEMO_GATEWAY_URL']}/api/tap/sync",
        data=urlencode(
            {"REQUEST": "doQuery", "LANG": "ADQL", "FORMAT": "votable/b2", "QUERY": query}
        ).encode(),
        headers={"Authorization": f"Bearer {DEMO['DEMO_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    assert b"<BINARY2>" in body and b'datatype="unicodeChar"' in body
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        table = parse(io.BytesIO(body)).get_first_table().to_table()
    assert len(table) < 100


def test_pyvo_runs_the_browsers_query_with_delimited_names() -> None:
    """The ADQL of the browser's %%adql cell (the codegen's jest tests keep the fixture true),
    run with pyvo and a session carrying the token, as generated code does in a kernel.

    In TABLEDATA: in pyvo's default BINARY2, DaCHS's fault above leaves 1 row of the 5 (the
    first label has an emoji); test_magic.py shows what that does to the %%adql magic."""
    import pyvo
    import requests

    cell = (
        Path(__file__).parents[2] / "src/codegen/__tests__/fixtures/oddities-adql-cell.txt"
    ).read_text()
    query = cell.split("\n", 1)[1]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {DEMO['DEMO_TOKEN']}"
    service = pyvo.dal.TAPService(f"{DEMO['DEMO_GATEWAY_URL']}/api/tap", session=session)
    table = service.search(query, maxrec=5, format="votable/td").to_table()
    assert len(table) == 5
    # The browser's cell selects every column but the ASCII copy of the labels.
    assert table.colnames == [name for name in DATA.ODDITIES_HEADER if name != "label_ascii"]
    assert int(table["id"][0]) == BEYOND_2_53


async def test_tap_examples_through_the_proxy(jp_fetch: Any) -> None:
    # The browser reads the DALI examples page as it reads capabilities: through the proxy.
    response = await fetch(jp_fetch, "proxy", "tap", "examples")
    assert response.code == 200, response.body[:300]
    body = response.body.decode()
    assert body.count('typeof="example"') == 5
    assert 'property="query"' in body
    assert DEMO["DEMO_TOKEN"] not in body
