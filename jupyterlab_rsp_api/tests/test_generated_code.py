"""Generated code, run in a real kernel: the platform's services work with the token, and a third
party (the canary, which records every header it receives) never sees it.

The snippets are written by the frontend's code generator (src/codegen/__tests__/token.spec.ts
keeps jupyterlab_rsp_api/tests/data/generated-code.json current), so this is the browser's code.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..kernel_session import session_helper_source
from .canary import authorization_headers, running_canary
from .demo import GATEWAY, demo_mark
from .kernel import TOKEN, Kernel

pytestmark = demo_mark()

SNIPPETS: dict[str, str] = json.loads(
    (Path(__file__).parent / "data" / "generated-code.json").read_text(encoding="utf-8")
)


def _platform(path: str, data: dict[str, str] | None = None) -> tuple[str, bytes]:
    request = urllib.request.Request(
        f"{GATEWAY}{path}",
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.url, response.read()


@pytest.fixture(scope="module")
def places() -> dict[str, str]:
    """An image of the demo (its DataLink id and centre) and a finished job, for the snippets."""
    _, body = _platform(
        "/api/tap/sync",
        {
            "LANG": "ADQL",
            "RESPONSEFORMAT": "csv",
            "QUERY": "SELECT TOP 1 access_url, s_ra, s_dec FROM ivoa.obscore",
        },
    )
    row = next(csv.DictReader(io.StringIO(body.decode())))
    datalink_id = row["access_url"].split("ID=", 1)[1]
    job_url, _ = _platform(
        "/api/tap/async",
        {"LANG": "ADQL", "QUERY": "SELECT TOP 3 objectId FROM dp02_dc2_catalogs.Object"},
    )
    _platform(urllib.parse.urlsplit(job_url).path + "/phase", {"PHASE": "RUN"})
    return {
        "__DATALINK_ID__": datalink_id,
        "11.111111": row["s_ra"],
        "-22.222222": row["s_dec"],
        "__JOB_ID__": job_url.rstrip("/").rsplit("/", 1)[1],
    }


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    # The lab's environment: the token is there for the kernel to read, as on the platform.
    started = Kernel(ACCESS_TOKEN=TOKEN)
    folder = tmp_path_factory.mktemp("cells")
    assert started.run(f"import os; os.chdir({str(folder)!r})").status == "ok"
    yield started
    started.stop()


def _cell(name: str, places: dict[str, str], canary_url: str) -> str:
    code = SNIPPETS[name].replace("http://canary.test", canary_url)
    for placeholder, value in places.items():
        code = code.replace(placeholder, value)
    return code


KINDS = (
    "sync",
    "sync-tabledata",
    "sync-lsst.rsp",
    "async",
    "async-tabledata",
    "cone",
    "reattach",
    "cutout",
)


@pytest.mark.parametrize("kind", KINDS)
def test_a_third_party_never_sees_the_token(
    kind: str, kernel: Kernel, places: dict[str, str]
) -> None:
    with running_canary() as canary:
        reply = kernel.run(_cell(f"{kind}-canary", places, canary.url))
        assert reply.status == "ok", reply.text
        assert canary.record, "the code did not reach the canary at all"
        assert authorization_headers(canary.record) == []
    assert "Table length=" in reply.text or "Filename:" in reply.text, reply.text


@pytest.mark.parametrize("kind", KINDS)
def test_the_platform_gets_it(kind: str, kernel: Kernel, places: dict[str, str]) -> None:
    if kind == "sync-lsst.rsp":
        # lsst.rsp exists only on the platform; the text is checked by the frontend's tests.
        assert "get_tap_service(" in SNIPPETS[f"{kind}-platform"]
        return
    reply = kernel.run(_cell(f"{kind}-platform", places, "http://unused.invalid"))
    assert reply.status == "ok", reply.text
    assert "Table length=" in reply.text or "Filename:" in reply.text, reply.text
    assert TOKEN not in SNIPPETS[f"{kind}-platform"]


def test_the_canary_would_tell(kernel: Kernel) -> None:
    """The control: code that does send the token to the canary is caught."""
    with running_canary() as canary:
        helper = session_helper_source()
        assert helper in SNIPPETS["sync-platform"]
        availability = canary.url + "/api/tap/availability"
        reply = kernel.run(f"{helper}\nrsp_session([{canary.url!r}]).get({availability!r})")
        assert reply.status == "ok", reply.text
        assert authorization_headers(canary.record) == ["GET /api/tap/availability"]


def test_no_row_is_lost_to_a_broken_binary_stream(kernel: Kernel) -> None:
    """DaCHS miscounts the lengths of text outside the BMP in binary answers; astropy alone would
    give 0 of 100 rows without a word."""
    reply = kernel.run(SNIPPETS["emoji-tabledata-platform"] + "\nprint(len(oddities_table))")
    assert reply.status == "ok", reply.text
    assert reply.stdout.strip().splitlines()[-1] == "100"
    reply = kernel.run(SNIPPETS["emoji-checked-platform"])
    assert reply.status == "error"
    assert "cannot be read to its end" in reply.error and "TABLEDATA" in reply.error


def test_the_cutout_shows_inline_with_the_pixels_it_wrote(
    kernel: Kernel, places: dict[str, str]
) -> None:
    """Where the lab loads jupyterlab_rsp_api, the cutout cell's last line shows the image: the
    output's FITS holds the very pixels of the file the code wrote, and a PNG for other
    frontends."""
    import numpy as np
    from astropy.io import fits

    assert kernel.run("%load_ext jupyterlab_rsp_api").status == "ok"
    reply = kernel.run(_cell("cutout-platform", places, "http://unused.invalid"))
    assert reply.status == "ok", reply.text
    assert "Filename:" in reply.stdout  # cutout.info() still prints the HDUs
    (bundle,) = [b for b in reply.bundles if "application/fits" in b]
    assert bundle["image/png"] and bundle["text/plain"].startswith("FITS image ")
    folder = kernel.run("import os; print(os.getcwd())").stdout.strip()
    shown = fits.open(io.BytesIO(base64.b64decode(bundle["application/fits"])))
    written = fits.open(Path(folder) / "cutout-platform.fits")
    assert shown[0].data.shape == written[0].data.shape
    assert np.array_equal(shown[0].data, written[0].data, equal_nan=True)
    assert shown[0].header["CRVAL1"] == written[0].header["CRVAL1"]
