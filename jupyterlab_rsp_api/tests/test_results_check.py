"""The results check: a binary stream walked by its own lengths, on streams astropy writes and on
DaCHS's real fault (code-point lengths for text outside the BMP)."""

from __future__ import annotations

import base64
import io
import re
import urllib.parse
import urllib.request

import numpy as np
import pytest
from astropy.io.votable import parse
from astropy.io.votable.tree import VOTableFile
from astropy.table import Table

from ..results_check import _stream_rows, checked_results
from .demo import GATEWAY, demo_mark
from .kernel import TOKEN


def _written(table: Table, serialization: str) -> bytes:
    votable = VOTableFile.from_table(table)
    out = io.BytesIO()
    votable.to_xml(out, tabledata_format=serialization)
    return out.getvalue()


def _stream(raw: bytes) -> tuple[bytes, bool]:
    found = re.search(rb"<(BINARY2?)>\s*<STREAM[^>]*>([^<]*)</STREAM>", raw)
    assert found is not None
    return base64.b64decode(found.group(2)), found.group(1) == b"BINARY2"


def _table() -> Table:
    return Table(
        {
            "id": np.array([2**53 + 1, 2, 3], dtype=np.int64),
            "ra": [1.5, 2.5, np.nan],
            "flag": [True, False, True],
            "name": ["a", "longer name", ""],
            "label": np.array(["star 😀", "ü", "x"], dtype="U8"),
            "vec": np.array([[1, 2], [3, 4], [5, 6]], dtype=np.int16),
        }
    )


@pytest.mark.parametrize("serialization", ["binary", "binary2"])
def test_a_sound_stream_walks_to_its_end(serialization: str) -> None:
    raw = _written(_table(), serialization)
    data, binary2 = _stream(raw)
    fields = parse(io.BytesIO(raw)).get_first_table().fields
    assert _stream_rows(data, fields, binary2) == 3


@pytest.mark.parametrize("serialization", ["binary", "binary2"])
def test_a_length_that_points_past_the_end_is_caught(serialization: str) -> None:
    raw = _written(_table(), serialization)
    data, binary2 = _stream(raw)
    fields = parse(io.BytesIO(raw)).get_first_table().fields
    # Cut the stream inside the last row: what a miscounted length amounts to.
    assert _stream_rows(data[:-3], fields, binary2) is None


def _platform_query(query: str, fmt: str | None = None) -> object:
    import pyvo
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    service = pyvo.dal.TAPService(f"{GATEWAY}/api/tap", session=session)
    extra = {} if fmt is None else {"responseformat": fmt}
    return service.create_query(query, maxrec=100, **extra)


@demo_mark()
def test_dachs_code_point_lengths_are_an_error_not_fewer_rows() -> None:
    query = "SELECT TOP 100 * FROM quirks.oddities"
    # What astropy makes of it on its own: fewer rows, not a word.
    body = urllib.parse.urlencode({"LANG": "ADQL", "QUERY": query}).encode()
    request = urllib.request.Request(
        f"{GATEWAY}/api/tap/sync", data=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert len(parse(io.BytesIO(response.read())).get_first_table().array) < 100
    for fmt in (None, "votable/b2"):
        with pytest.raises(ValueError, match=r"cannot be read to its end.*TABLEDATA"):
            checked_results(_platform_query(query, fmt))  # type: ignore[arg-type]
    tabledata = "application/x-votable+xml;serialization=TABLEDATA"
    assert len(checked_results(_platform_query(query, tabledata))) == 100  # type: ignore[arg-type]
    ascii_only = "SELECT TOP 100 id, label_ascii FROM quirks.oddities"
    assert len(checked_results(_platform_query(ascii_only))) == 100  # type: ignore[arg-type]
