"""astropy's side of bench/votable: time astropy.io.votable.parse on the same documents.

Usage: python astropy_parse.py DIR NAME... ; reads DIR/NAME.xml, prints one JSON line per
document with the best of three parse times, and writes DIR/NAME.astropy.json with every cell
(masked cells and NaN as null) for the cell-by-cell comparison in run.ts.
"""

import json
import math
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import votable


def cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def columns(table: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    array = table.array
    for name in array.dtype.names:
        column = array[name]
        mask = np.ma.getmaskarray(column)
        values = column.data.tolist()
        out[name] = [None if masked else cell(v) for v, masked in zip(values, mask, strict=True)]
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    for name in sys.argv[2:]:
        path = folder / f"{name}.xml"
        times = []
        table = None
        for _ in range(3):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                table = votable.parse(str(path)).get_first_table()
            times.append(time.perf_counter() - start)
        assert table is not None
        (folder / f"{name}.astropy.json").write_text(json.dumps(columns(table)))
        print(json.dumps({"name": name, "seconds": min(times), "rows": len(table.array)}))


if __name__ == "__main__":
    main()
