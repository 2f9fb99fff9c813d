"""The %%adql magic: its pure parts directly, and its behaviour in a real IPython kernel against
the demo platform (DaCHS behind the token-checking gateway)."""

from __future__ import annotations

import ast
import json
import os
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..kernel_session import session_helper_source
from ..magic import AdqlMagicError, dry_run_code, parse_request, resolve_service
from .demo import GATEWAY, REPO, STATE, demo_mark
from .kernel import TOKEN, Kernel

OBJECT = "dp02_dc2_catalogs.Object"

# --- pure parts ---------------------------------------------------------------------------------


def test_options_and_query() -> None:
    request = parse_request(
        "--service ssotap --async --maxrec 10 -o t --pandas --upload mine=targets "
        "-u other=df --dry-run",
        f"SELECT TOP 3 * FROM {OBJECT}\n",
    )
    assert request.service == "ssotap"
    assert request.run_async and request.pandas and request.dry_run
    assert request.maxrec == 10 and request.out == "t"
    assert request.uploads == {"mine": "targets", "other": "df"}
    assert request.query == f"SELECT TOP 3 * FROM {OBJECT}"


def test_line_magic_keeps_the_query_verbatim() -> None:
    request = parse_request("-m 5 SELECT * FROM t WHERE name = 'a  b' AND x > 1", None)
    assert request.maxrec == 5
    assert request.query == "SELECT * FROM t WHERE name = 'a  b' AND x > 1"


@pytest.mark.parametrize(
    ("line", "cell", "message"),
    [
        ("", "  ", "no query"),
        ("--maxrec many", "SELECT 1", "invalid int"),
        ("--out 1x", "SELECT 1", "not a Python variable"),
        ("--upload nope", "SELECT 1", "NAME=VARIABLE"),
        ("--bogus", "SELECT 1", "unrecognized"),
        ("stray words", "SELECT 1", "first line only holds options"),
        ("--service 'unclosed", "SELECT 1", "cannot read the options"),
    ],
)
def test_bad_input_is_a_clear_error(line: str, cell: str, message: str) -> None:
    with pytest.raises(AdqlMagicError, match=message):
        parse_request(line, cell)


def _env(**values: str) -> dict[str, str]:
    return {"RSP_API_DISCOVERY_PATH": str(STATE / "discovery" / "v1.json"), **values}


def test_platform_names_use_lsst_rsp_and_urls_keep_the_token_home() -> None:
    env = _env(EXTERNAL_INSTANCE_URL=GATEWAY)
    resolved = resolve_service("tap", env, lambda: True)
    assert resolved.lsst_rsp_name == "tap"
    # Without lsst.rsp, the discovered URL with the token.
    resolved = resolve_service("tap", env, lambda: False)
    assert resolved.url == f"{GATEWAY}/api/tap" and resolved.send_token
    # A URL on the platform's host gets the token; any other host never does.
    assert resolve_service(f"{GATEWAY}/api/tap", env).send_token
    assert not resolve_service("http://127.0.0.1:8080/tap", env).send_token
    assert not resolve_service("https://tap.example.org/tap", env).send_token


def test_unknown_services_are_named() -> None:
    with pytest.raises(AdqlMagicError, match=r"no TAP service 'nope'.*found: tap"):
        resolve_service("nope", _env(EXTERNAL_INSTANCE_URL=GATEWAY))
    with pytest.raises(AdqlMagicError, match="is a sia service, not TAP"):
        resolve_service("sia", _env(EXTERNAL_INSTANCE_URL=GATEWAY))
    with pytest.raises(AdqlMagicError, match="not an http"):
        resolve_service("ftp://x/tap", _env())


@pytest.mark.parametrize("mode", ["lsst.rsp", "token", "open"])
def test_dry_run_code_is_python_without_the_token(mode: str) -> None:
    env = _env(EXTERNAL_INSTANCE_URL=GATEWAY, ACCESS_TOKEN=TOKEN)
    service = {"lsst.rsp": "tap", "token": f"{GATEWAY}/api/tap", "open": "http://x.org/tap"}[mode]
    request = parse_request(
        f"-s {service} --async -m 7 -u mine=targets --pandas -o res",
        'SELECT "odd""name", \'it\'\'s\' FROM t\n-- a comment with """ quotes\\',
    )
    code = dry_run_code(request, resolve_service(service, env, lambda: True))
    ast.parse(code)
    assert TOKEN not in code
    assert "submit_job(query, maxrec=7, uploads=uploads)" in code
    assert ("get_tap_service" in code) == (mode == "lsst.rsp")
    assert ("rsp_session(" in code) == (mode == "token")
    if mode == "token":
        # The same helper as the browser's generated code, scoped to the platform's origin.
        assert session_helper_source().rstrip() in code
        assert f"session=rsp_session(['{GATEWAY}'])" in code


# --- in a real kernel against the demo ----------------------------------------------------------


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    started = Kernel()
    reply = started.run("%load_ext jupyterlab_rsp_api")
    assert reply.status == "ok", reply.text
    yield started
    started.stop()


def _job_phase(job_url: str) -> str:
    request = urllib.request.Request(
        f"{job_url}/phase", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        phase: str = response.read().decode().strip()
        return phase


pytestmark_demo = demo_mark()


@pytestmark_demo
def test_a_cell_returns_a_table(kernel: Kernel) -> None:
    reply = kernel.run(f"%%adql -o first\nSELECT TOP 5 objectId, coord_ra FROM {OBJECT}")
    assert reply.status == "ok", reply.text
    assert "<Table length=5>" in reply.plain[-1]
    assert kernel.run("print(len(first), first.colnames)").stdout.strip() == (
        "5 ['objectId', 'coord_ra']"
    )
    assert TOKEN not in reply.text


@pytestmark_demo
def test_line_magic_and_pandas(kernel: Kernel) -> None:
    reply = kernel.run(
        f"df = %adql --pandas SELECT TOP 3 objectId FROM {OBJECT} WHERE objectId > 0\n"
        "print(type(df).__name__, len(df))"
    )
    assert reply.status == "ok", reply.text
    assert reply.stdout.strip() == "DataFrame 3"


@pytestmark_demo
def test_overflow_is_a_warning(kernel: Kernel) -> None:
    reply = kernel.run(f"%%adql --maxrec 3\nSELECT TOP 10 objectId FROM {OBJECT}")
    assert reply.status == "ok", reply.text
    assert "<Table length=3>" in reply.plain[-1]
    assert "OVERFLOW" in reply.stderr and "MAXREC (3)" in reply.stderr


@pytestmark_demo
def test_a_bad_query_is_one_readable_block(kernel: Kernel) -> None:
    reply = kernel.run(f"%%adql\nSELECT TOP 3 no_such_column FROM {OBJECT}")
    assert reply.status == "error"
    assert "ADQL error from tap" in reply.error and "no_such_column" in reply.error
    assert "Traceback" not in reply.error and "site-packages" not in reply.error
    assert len(reply.error.splitlines()) <= 4
    # The kernel goes on.
    assert kernel.run("print(1 + 1)").stdout.strip() == "2"


@pytestmark_demo
def test_upload_joins_a_local_table(kernel: Kernel) -> None:
    setup = kernel.run(
        f"ids = %adql SELECT TOP 4 objectId FROM {OBJECT}\n"
        "from astropy.table import Table\n"
        "targets = Table({'oid': ids['objectId'], 'label': ['a', 'b', 'c', 'd']})"
    )
    assert setup.status == "ok", setup.text
    reply = kernel.run(
        "%%adql --upload mine=targets -o joined\n"
        f"SELECT m.label, o.objectId FROM TAP_UPLOAD.mine AS m JOIN {OBJECT} AS o "
        "ON o.objectId = m.oid"
    )
    assert reply.status == "ok", reply.text
    assert kernel.run("print(sorted(joined['label']))").stdout.strip() == "['a', 'b', 'c', 'd']"


@pytestmark_demo
def test_dry_run_prints_code_that_runs(kernel: Kernel) -> None:
    for service in ("tap", "http://127.0.0.1:8080/tap"):
        reply = kernel.run(
            f"%%adql --dry-run -s {service} -m 2\nSELECT TOP 2 objectId FROM {OBJECT}"
        )
        assert reply.status == "ok", reply.text
        code = reply.stdout
        assert TOKEN not in code
        ran = kernel.run(code + "\nprint('rows:', len(result))")
        assert ran.status == "ok", ran.text
        assert "rows: 2" in ran.stdout


@pytestmark_demo
def test_async_job_reports_its_phase(kernel: Kernel) -> None:
    reply = kernel.run(f"%%adql --async -o t\nSELECT TOP 6 objectId FROM {OBJECT}")
    assert reply.status == "ok", reply.text
    progress = "\n".join(reply.plain)
    assert "COMPLETED in" in progress and "/api/tap/async/" in progress
    assert "<Table length=6>" in reply.plain[-1]


@pytestmark_demo
def test_interrupting_an_async_job_aborts_it_on_the_service(kernel: Kernel) -> None:
    slow = f"SELECT COUNT(*) FROM {OBJECT} AS a CROSS JOIN {OBJECT} AS b"
    msg_id = kernel.client.execute(f"%%adql --async\n{slow}")
    job_url = ""
    deadline = time.monotonic() + 60
    while not job_url and time.monotonic() < deadline:
        message = kernel.client.get_iopub_msg(timeout=60)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        text = json.dumps(message["content"].get("data", {}))
        if "EXECUTING" in text:
            job_id = text.split("Job ")[1].split(" ")[0]
            job_url = f"{GATEWAY}/api/tap/async/{job_id}"
    assert job_url, "the job never reported EXECUTING"
    threading.Timer(0.5, kernel.manager.interrupt_kernel).start()
    outputs: list[str] = []
    while True:
        message = kernel.client.get_iopub_msg(timeout=60)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        outputs.append(json.dumps(message["content"]))
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    assert any("aborted on the service" in o for o in outputs), outputs[-5:]
    assert _job_phase(job_url) == "ABORTED"
    assert kernel.run("print('still here')").stdout.strip() == "still here"


def test_the_package_imports_without_the_server(tmp_path: Path) -> None:
    # In a kernel the magic needs IPython and pyvo only: no jupyter_server, tornado or aiohttp.
    script = (
        "import sys, jupyterlab_rsp_api, jupyterlab_rsp_api.magic\n"
        "bad = [m for m in ('jupyter_server', 'tornado', 'aiohttp') if m in sys.modules]\n"
        "print(bad)"
    )
    out = os.popen(f'cd {tmp_path} && PYTHONPATH={REPO} {sys.executable} -c "{script}"').read()
    assert out.strip() == "[]"


@pytestmark_demo
def test_text_outside_the_bmp_loses_no_row(kernel: Kernel) -> None:
    # DaCHS's binary answer would misalign after the first emoji; the magic asks for TABLEDATA,
    # which the service offers, and checks a binary answer to its end.
    for options in ("", "--async"):
        reply = kernel.run(f"%%adql {options} -o odd\nSELECT TOP 100 * FROM quirks.oddities")
        assert reply.status == "ok", reply.text
        assert "OVERFLOW" not in reply.text
        assert kernel.run("print(len(odd))").stdout.strip() == "100"


ODDITIES_CELL = REPO / "src/codegen/__tests__/fixtures/oddities-adql-cell.txt"


@pytestmark_demo
def test_the_browsers_cell_with_delimited_names_runs(kernel: Kernel) -> None:
    # The %%adql cell the browser inserts for quirks.oddities with its columns picked (the jest
    # tests of src/codegen keep the fixture equal to what the codegen writes): "size",
    # "select", "MixedCase" and "Mixed Case" quoted once, as DaCHS publishes them.
    cell = ODDITIES_CELL.read_text().replace("%%adql ", "%%adql -o odd ", 1)
    reply = kernel.run(cell)
    assert reply.status == "ok", reply.text
    assert "No such field" not in reply.text
    names = kernel.run("print(odd.colnames)").stdout.strip()
    assert names == (
        "['id', 'ra', 'dec', 'size', 'distance', 'select', 'MixedCase', 'Mixed Case', "
        "'value', 'label']"
    )


@pytestmark_demo
def test_the_browsers_cell_gets_every_row_despite_non_bmp_labels(kernel: Kernel) -> None:
    cell = ODDITIES_CELL.read_text().replace("%%adql ", "%%adql -o odd ", 1)
    reply = kernel.run(cell)
    assert reply.status == "ok", reply.text
    assert kernel.run("print(len(odd))").stdout.strip() == "5"
