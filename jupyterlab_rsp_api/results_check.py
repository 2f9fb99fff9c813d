"""No row lost without a word: a query's VOTable, with its binary stream checked to its end.

The section between the markers is pasted into generated cells for services that offer no
TABLEDATA (see kernel_session.py, which the frontend's copy is written from) and is what the
%%adql magic runs. It needs pyvo and astropy, which any kernel that runs pyvo code has.
"""

from __future__ import annotations

# --- pasted into notebooks: begin ---
import base64
import io
import math
import re
import warnings

import pyvo
from astropy.io.votable import parse as parse_votable
from astropy.io.votable.tree import Field

# Bytes per element in a BINARY/BINARY2 stream (bit arrays are packed eight to a byte).
_ELEMENT_BYTES = {
    "boolean": 1,
    "unsignedByte": 1,
    "short": 2,
    "int": 4,
    "long": 8,
    "char": 1,
    "unicodeChar": 2,
    "float": 4,
    "double": 8,
    "floatComplex": 8,
    "doubleComplex": 16,
}


def _stream_rows(data: bytes, fields: list[Field], binary2: bool) -> int | None:
    """The rows of a binary stream walked by its own lengths; None when it ends inside a row."""
    position, rows = 0, 0
    null_flags = (len(fields) + 7) // 8 if binary2 else 0
    while position < len(data):
        position += null_flags
        for field in fields:
            *fixed, last = (field.arraysize or "1").split("x")
            items = math.prod(int(size) for size in fixed)
            if last.endswith("*"):
                items *= int.from_bytes(data[position : position + 4], "big")
                position += 4
            else:
                items *= int(last)
            if field.datatype == "bit":
                position += (items + 7) // 8
            else:
                position += items * _ELEMENT_BYTES[field.datatype]
        if position > len(data):
            return None
        rows += 1
    return rows


def checked_results(source: pyvo.dal.DALQuery | pyvo.dal.AsyncTAPJob) -> pyvo.dal.TAPResults:
    """The results of a query (or of a finished job), read so that no row goes missing quietly.

    astropy reads a binary stream whose lengths do not add up (DaCHS before 2.8 counts text
    outside the BMP, such as emoji, in code points) as fewer rows, or none, without a word. Here
    the stream is walked by its own lengths first, and any difference is an error.
    """
    if isinstance(source, pyvo.dal.AsyncTAPJob):
        url = source.result_uri
        # The job's own session (pyvo keeps it private) carries its authentication.
        response = source._session.get(url)
        response.raise_for_status()
        raw = response.content
    else:
        url = source.queryurl
        raw = source.execute_stream().read()
    results = pyvo.dal.TAPResults(parse_votable(io.BytesIO(raw)), url=url)
    table = results.votable.get_first_table()
    found = re.search(rb"<(BINARY2?)>\s*<STREAM[^>]*>([^<]*)</STREAM>", raw)
    if found is not None:
        walked = _stream_rows(
            base64.b64decode(found.group(2)), table.fields, found.group(1) == b"BINARY2"
        )
        if walked != len(table.array):
            raise ValueError(
                f"The service's {found.group(1).decode()} result cannot be read to its end: its "
                f"lengths do not add up, and astropy read only {len(table.array)} rows of it. "
                "Rows would be missing. Ask for TABLEDATA instead: responseformat="
                '"application/x-votable+xml;serialization=TABLEDATA".'
            )
    if results.query_status == "OVERFLOW":
        warnings.warn("OVERFLOW: the service stopped at MAXREC; there are more rows.", stacklevel=2)
    return results


# --- pasted into notebooks: end ---
