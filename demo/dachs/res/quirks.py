"""Filling the tables of demo/dachs/quirks.rd from the CSV files generate_data.py writes.

Loaded by DaCHS (utils.loadPythonModule) inside the import; runs with DaCHS's Python.
"""

from __future__ import annotations

import csv
import os
from typing import Any


def _sql_name(column: Any) -> str:
    # A delimited name (name="quoted/...") prints as its SQL form, quotes included; a regular
    # one is folded to lower case by PostgreSQL either way.
    return str(column.name)


def _bare(column: Any) -> str:
    return getattr(column.name, "name", column.name)


def fill_from_csv(table: Any, resdir: str, filename: str) -> None:
    """COPY a CSV whose header names the table's columns (bare, as the RD spells them)."""
    by_bare = {_bare(c): _sql_name(c) for c in table.tableDef.columns}
    with open(os.path.join(resdir, "data", filename), encoding="utf-8", newline="") as source:
        header = next(csv.reader([source.readline()]))
        columns = ", ".join(by_bare[name] for name in header)
        cursor = table.connection.cursor()
        cursor.copy_expert(
            f"COPY {table.tableDef.getQName()} ({columns}) FROM STDIN WITH (FORMAT csv)", source
        )
        cursor.close()


def fill_field(table: Any, resdir: str) -> None:
    """The rows of one field table (field_NNN) from data/fields.csv (its `field` column)."""
    field = table.tableDef.id.rsplit("_", 1)[1]
    with open(os.path.join(resdir, "data", "fields.csv"), encoding="utf-8", newline="") as source:
        rows = [row for row in csv.DictReader(source) if row["field"] == field]
    cursor = table.connection.cursor()
    cursor.executemany(
        f"INSERT INTO {table.tableDef.getQName()} (id, ra, dec, mag) VALUES (%s, %s, %s, %s)",
        [(int(r["id"]), float(r["ra"]), float(r["dec"]), float(r["mag"])) for r in rows],
    )
    cursor.close()
