"""Use the demo platform the way a notebook on the Rubin Science Platform uses the real one: pyvo
with a bearer-token session, through the gateway only.

    python3 demo/check_pyvo.py        (any Python with pyvo; exit 0 when every step works)

Checks TAP (sync, async, tables), SIAv2, DataLink from an SIAv2 row, a SODA cutout, the cone
search, and that every URL a response hands back lies under the gateway's /api/.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import astropy.units as u
import pyvo
import requests
from astropy.io import fits
from pyvo.dal.adhoc import DatalinkResults, SodaQuery

DEMO = Path(__file__).resolve().parent
CONFIG = dict(
    line.split("=", 1)
    for line in (DEMO / "config.env").read_text().splitlines()
    if "=" in line and not line.startswith("#")
)
GATEWAY = CONFIG["DEMO_GATEWAY_URL"]
API = f"{GATEWAY}/api/"
session = requests.Session()
session.headers["Authorization"] = f"Bearer {CONFIG['DEMO_TOKEN']}"


def under_gateway(url: str, what: str) -> None:
    assert url.startswith(API), f"{what} is not under {API}: {url}"


def step(name: str) -> None:
    print(f"  ok    {name}")


def main() -> None:
    tap = pyvo.dal.TAPService(f"{GATEWAY}/api/tap", session=session)
    result = tap.search(
        "SELECT TOP 5 objectId, coord_ra, coord_dec, r_cModelFlux FROM dp02_dc2_catalogs.Object"
    )
    table = result.to_table()
    assert len(table) == 5 and table["objectId"].dtype.kind == "i"
    step(f"TAP sync: {len(table)} Objects, objectId {table['objectId'][0]}")

    job = tap.submit_job(
        "SELECT o.objectId, s.sourceId, s.band, s.psfFlux FROM dp02_dc2_catalogs.Object AS o"
        " JOIN dp02_dc2_catalogs.Source AS s ON s.objectId = o.objectId"
        " WHERE o.r_cModelMag < 20",
        maxrec=1000,
    )
    under_gateway(job.url, "the async job")
    job.run()
    job.wait(phases=["COMPLETED", "ERROR"], timeout=120)
    job.raise_if_error()
    under_gateway(job.result_uri, "the async result")
    rows = job.fetch_result().to_table()
    job.delete()
    step(f"TAP async: job {job.job_id} -> {len(rows)} rows, result at {job.result_uri}")

    table = tap.run_async(
        "SELECT TOP 3 ccdVisitId, band, seeing FROM dp02_dc2_catalogs.CcdVisit"
    ).to_table()
    assert len(table) == 3
    step("TAP run_async")

    tables = tap.tables  # VOSI tables with detail=min: names only
    names = list(tables.keys())
    assert "dp02_dc2_catalogs.object" in names, names
    # A table's columns come from /tables/<name>. pyvo up to 1.9.1 asks for it without the session,
    # so without the token (astropy/pyvo#772): 401 then. Fetch it with the session instead.
    response = session.get(f"{GATEWAY}/api/tap/tables/dp02_dc2_catalogs.object")
    response.raise_for_status()
    columns = response.text.count("<column>")
    assert columns > 250, columns
    try:
        n = len(tables["dp02_dc2_catalogs.object"].columns)
        pyvo_note = f"pyvo's own per-table fetch works ({n} columns)"
    except pyvo.dal.DALServiceError:
        pyvo_note = "pyvo's own per-table fetch gets 401: no session (astropy/pyvo#772)"
    step(f"TAP tables: {len(names)} tables, Object has {columns} columns; {pyvo_note}")
    keys = tap.search(
        "SELECT from_table, target_table FROM tap_schema.keys WHERE from_table LIKE 'dp02%'"
    ).to_table()
    assert len(keys) == 2
    step("TAP_SCHEMA.keys: Source -> Object, Source -> CcdVisit")

    sia = pyvo.dal.SIA2Service(f"{GATEWAY}/api/sia/dp02", session=session)
    images = sia.search(
        pos=(55.83 * u.deg, -32.14 * u.deg, 0.02 * u.deg), band=(6.0e-7, 6.5e-7), calib_level=2
    )
    assert len(images) >= 1, "no r-band image"
    record = images[0]
    access_url = record.access_url
    under_gateway(access_url, "SIAv2 access_url")
    assert (
        record["dataproduct_subtype"] == "lsst.calexp" and record["obs_collection"] == "LSST.DP02"
    )
    step(f"SIAv2: {len(images)} r-band calexps, access_url {access_url[:70]}...")

    links = DatalinkResults.from_result_url(access_url, session=session)
    this = next(links.bysemantics("#this", include_narrower=False))
    under_gateway(this.access_url, "the #this link")
    head = session.get(this.access_url, stream=True)
    assert head.status_code == 200 and head.raw.read(9) == b"SIMPLE  ="
    head.close()
    step(f"DataLink: #this {this.access_url}")

    services = list(links.iter_adhocservices())
    assert services, "no service descriptor"
    soda = SodaQuery.from_resource(links, services[0], session=session)
    under_gateway(soda.baseurl, "the SODA service")
    soda.circle = (record["s_ra"] * u.deg, record["s_dec"] * u.deg, 20 * u.arcsec)
    data = soda.execute_stream().read()
    cutout = fits.open(io.BytesIO(data))
    shape = cutout[0].data.shape
    assert max(shape) < 200, shape
    step(f"SODA cutout at {soda.baseurl}: {shape[1]}x{shape[0]} pixels")

    for row in images:
        for datalink in [row.getdatalink()]:
            under_gateway(
                next(datalink.bysemantics("#this", include_narrower=False)).access_url,
                "a #this link",
            )
    step("DataLink of every SIAv2 row through record.getdatalink()")

    scs = pyvo.dal.SCSService(f"{GATEWAY}/api/scs/object", session=session)
    cone = scs.search(pos=(55.83, -32.14), radius=0.01)
    assert len(cone) > 10
    step(f"cone search: {len(cone)} Objects within 36 arcsec")

    response = session.get(f"{GATEWAY}/api/hips/v2/dp02/deep_coadd/color_gri/properties")
    assert response.ok and "hips_order" in response.text
    assert requests.get(f"{GATEWAY}/api/tap/availability").status_code == 401
    step("HiPS properties with the token, 401 without")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        print(f"  FAIL  {type(error).__name__}: {error}")
        sys.exit(1)
    print("[demo] pyvo: everything works")
