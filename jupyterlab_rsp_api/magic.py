"""The ``%%adql`` and ``%adql`` IPython magics: ADQL in a cell, an astropy Table back.

Kernel side only: it needs IPython and pyvo, never the Jupyter server. The token is read when a
query runs (as the platform's own ``lsst.rsp`` does) and is never printed, stored in the notebook
or sent to a service outside the platform.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .discovery import Discovery, discover, origin_of
from .kernel_session import LSST_RSP_TAP_NAMES, rsp_session, session_helper_source

if TYPE_CHECKING:
    import pyvo
    import requests
    from IPython.core.interactiveshell import InteractiveShell

DEFAULT_DISCOVERY_PATH = "/etc/nublado/discovery/v1.json"
FINAL_PHASES = frozenset({"COMPLETED", "ERROR", "ABORTED", "ARCHIVED"})


class AdqlMagicError(Exception):
    """A failure worded for the user; IPython shows these lines instead of a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[31m{line}\x1b[0m" for line in str(self).splitlines()]


# --- arguments ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would exit the kernel's process
        raise AdqlMagicError(f"%%adql: {message}\n{self.format_usage().strip()}")


def _parser() -> _Parser:
    parser = _Parser(
        prog="%%adql",
        description="Run the cell's ADQL on a TAP service and return an astropy Table.",
        add_help=False,
    )
    parser.add_argument(
        "-s", "--service", default="tap", help="a discovered service id (tap) or a TAP URL"
    )
    parser.add_argument(
        "-a",
        "--async",
        dest="run_async",
        action="store_true",
        help="run as a UWS job (interrupt the kernel to abort it)",
    )
    parser.add_argument("-m", "--maxrec", type=int, default=None, help="at most this many rows")
    parser.add_argument("-o", "--out", default=None, help="also store the result in this variable")
    parser.add_argument("--pandas", action="store_true", help="return a pandas DataFrame")
    parser.add_argument(
        "-u",
        "--upload",
        action="append",
        default=[],
        metavar="NAME=VAR",
        help="send a Table or DataFrame variable as TAP_UPLOAD.NAME",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the pyvo code instead of running it"
    )
    parser.add_argument("query", nargs="*", help="the ADQL (line magic)")
    return parser


@dataclass
class AdqlRequest:
    service: str
    query: str
    run_async: bool = False
    maxrec: int | None = None
    out: str | None = None
    pandas: bool = False
    uploads: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False


_QUERY_START = re.compile(r"(?i)(?:^|\s)((?:SELECT|WITH)\b.*)$", re.DOTALL)


def parse_request(line: str, cell: str | None) -> AdqlRequest:
    """The magic's line (options) and cell (the ADQL) → a request; clear errors for bad input."""
    if cell is None:
        # Line magic: the query starts at SELECT/WITH and is kept verbatim (its quotes too).
        match = _QUERY_START.search(line)
        if match:
            line, cell = line[: match.start(1)], match.group(1)
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise AdqlMagicError(f"%%adql: cannot read the options ({error}).") from None
    options = _parser().parse_args(words)
    query = (cell if cell is not None else " ".join(options.query)).strip()
    if cell is not None and options.query:
        raise AdqlMagicError(
            "%%adql: the query goes in the cell body; the first line only holds options "
            f"(unexpected: {' '.join(options.query)!r})."
        )
    if not query:
        raise AdqlMagicError("%%adql: there is no query to run.")
    if options.maxrec is not None and options.maxrec < 0:
        raise AdqlMagicError("%%adql: --maxrec must be 0 or more.")
    if options.out is not None and not options.out.isidentifier():
        raise AdqlMagicError(f"%%adql: --out {options.out!r} is not a Python variable name.")
    uploads: dict[str, str] = {}
    for item in options.upload:
        name, sep, variable = item.partition("=")
        if not sep or not name.isidentifier() or not variable.isidentifier():
            raise AdqlMagicError(
                f"%%adql: --upload {item!r} should read NAME=VARIABLE, e.g. --upload mine=targets."
            )
        uploads[name] = variable
    return AdqlRequest(
        service=options.service,
        query=query,
        run_async=options.run_async,
        maxrec=options.maxrec,
        out=options.out,
        pandas=options.pandas,
        uploads=uploads,
        dry_run=options.dry_run,
    )


# --- which service, which token ---------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedService:
    """How to reach a TAP service from this kernel."""

    label: str
    url: str | None
    # Use lsst.rsp.get_tap_service(name) (the platform's own client) instead of a URL.
    lsst_rsp_name: str | None
    # Where the token may go (the platform's token-protected origins); empty: nowhere.
    token_origins: tuple[str, ...] = ()

    @property
    def send_token(self) -> bool:
        return bool(self.token_origins)


def _discovery(env: Mapping[str, str]) -> Discovery:
    path = Path(env.get("RSP_API_DISCOVERY_PATH") or DEFAULT_DISCOVERY_PATH)
    return discover([], path, env)


def _lsst_rsp_available() -> bool:
    try:
        import lsst.rsp  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_service(
    service: str,
    env: Mapping[str, str] | None = None,
    lsst_rsp_available: Callable[[], bool] = _lsst_rsp_available,
) -> ResolvedService:
    """A discovered id or a URL → how to reach it, and whether the platform token goes along."""
    env = os.environ if env is None else env
    discovery = _discovery(env)
    token_origins = set(discovery.token_origins())
    if env.get("EXTERNAL_INSTANCE_URL", "").strip():
        token_origins.add(origin_of(env["EXTERNAL_INSTANCE_URL"].strip()))
    if "://" in service:
        if not service.startswith(("http://", "https://")):
            raise AdqlMagicError(f"%%adql: {service!r} is not an http(s) URL.")
        # The token only ever goes to the platform's own hosts, never to a third party.
        origins = tuple(sorted(token_origins)) if origin_of(service) in token_origins else ()
        return ResolvedService(service, service, None, origins)
    found = discovery.find(service)
    if (
        discovery.on_platform
        and service in LSST_RSP_TAP_NAMES
        and (found is None or found.auth == "platform-token")
        and lsst_rsp_available()
    ):
        return ResolvedService(service, None, service, tuple(sorted(token_origins)))
    if found is None:
        known = ", ".join(s.id for s in discovery.services if s.kind == "tap") or "none"
        raise AdqlMagicError(
            f"%%adql: no TAP service {service!r} here (TAP services found: {known}). "
            "Give its id or its URL with --service."
        )
    if found.kind != "tap":
        raise AdqlMagicError(f"%%adql: {service!r} is a {found.kind} service, not TAP.")
    sends = found.auth == "platform-token" and found.origin in token_origins
    return ResolvedService(found.id, found.url, None, tuple(sorted(token_origins)) if sends else ())


def token_session(resolved: ResolvedService) -> requests.Session | None:
    """The session generated code would use: the token for the platform's origins, or none."""
    if not resolved.send_token:
        return None
    try:
        return rsp_session(list(resolved.token_origins))
    except PermissionError as error:
        message = f"%%adql: {resolved.label} needs the platform token. {error}"
        raise AdqlMagicError(message) from None


def tap_service(resolved: ResolvedService) -> pyvo.dal.TAPService:
    if resolved.lsst_rsp_name is not None:
        from lsst.rsp import get_tap_service

        service: pyvo.dal.TAPService = get_tap_service(resolved.lsst_rsp_name)
        return service
    import pyvo

    assert resolved.url is not None
    return pyvo.dal.TAPService(resolved.url, session=token_session(resolved))


# --- the code --dry-run prints (the same shape as the browser's inserted code) ---------------


def _query_literal(query: str) -> str:
    if "\n" in query and '"""' not in query and not query.endswith(("\\", '"')):
        return '"""' + query.replace("\\", "\\\\") + '"""'
    return repr(query)


def dry_run_code(request: AdqlRequest, resolved: ResolvedService) -> str:
    """Runnable pyvo code for the request; reads the token at run time, never contains it."""
    lines: list[str] = []
    if resolved.lsst_rsp_name is not None:
        lines += [
            "from lsst.rsp import get_tap_service",
            "",
            f"service = get_tap_service({resolved.lsst_rsp_name!r})",
        ]
    elif resolved.send_token:
        origins = ", ".join(repr(origin) for origin in resolved.token_origins)
        lines += [
            "import pyvo",
            session_helper_source().rstrip(),
            "",
            "",
            f"service = pyvo.dal.TAPService({resolved.url!r}, session=rsp_session([{origins}]))",
        ]
    else:
        lines += ["import pyvo", "", f"service = pyvo.dal.TAPService({resolved.url!r})"]
    if request.uploads:
        pairs = ", ".join(f"{name!r}: {variable}" for name, variable in request.uploads.items())
        lines.append(f"uploads = {{{pairs}}}")
    lines += ["", f"query = {_query_literal(request.query)}"]
    arguments = "query"
    if request.maxrec is not None:
        arguments += f", maxrec={request.maxrec}"
    if request.uploads:
        arguments += ", uploads=uploads"
    convert = ".to_table().to_pandas()" if request.pandas else ".to_table()"
    result = request.out or "result"
    if request.run_async:
        lines += [
            f"job = service.submit_job({arguments})",
            "job.run()",
            'job.wait(phases=["COMPLETED", "ERROR", "ABORTED"])',
            "job.raise_if_error()",
            f"{result} = job.fetch_result(){convert}",
            "job.delete()",
        ]
    else:
        lines.append(f"{result} = service.search({arguments}){convert}")
    lines.append(result)
    return "\n".join(lines)


# --- running ----------------------------------------------------------------------------------


def _service_error(error: Exception, label: str) -> AdqlMagicError:
    """pyvo's DAL errors → one readable block: what the service said, not a traceback."""
    text = str(error).strip() or error.__class__.__name__
    code = getattr(error, "code", None)
    status = code if isinstance(code, int) else None
    if status is None:
        response = getattr(getattr(error, "cause", None), "response", None)
        status = getattr(response, "status_code", None)
    if status == 401:
        return AdqlMagicError(
            f"The service {label} refused the token (401): it is missing or has expired.\n{text}"
        )
    if status == 403:
        return AdqlMagicError(f"The service {label} does not allow this (403).\n{text}")
    kind = error.__class__.__name__
    if kind == "DALQueryError":
        return AdqlMagicError(f"ADQL error from {label}:\n{text}")
    return AdqlMagicError(f"The service {label} failed ({kind}):\n{text}")


def _upload_value(name: str, value: object) -> object:
    from astropy.table import Table

    if isinstance(value, Table):
        return value
    if type(value).__name__ == "DataFrame":
        return Table.from_pandas(value)
    raise AdqlMagicError(
        f"%%adql: --upload {name}: expected an astropy Table or a pandas DataFrame, "
        f"got {type(value).__name__}."
    )


class _Progress:
    """One line that updates in place while a job runs."""

    def __init__(self) -> None:
        from IPython.display import display

        # IPython's display is untyped.
        self._handle = display({"text/plain": ""}, raw=True, display_id=True)  # type: ignore[no-untyped-call]

    def show(self, text: str) -> None:
        if self._handle is not None:
            self._handle.update({"text/plain": text}, raw=True)


_TABLEDATA_IVOID = "ivo://ivoa.net/std/TAPRegExt#output-votable-td"
_tabledata_formats: dict[str, str | None] = {}


def tabledata_format(service: pyvo.dal.TAPService) -> str | None:
    """The service's TABLEDATA output format, if it offers one (TAPRegExt), else None.

    TABLEDATA is XML text that no miscounted binary length can misalign, so it is asked for
    wherever a service offers it; a binary answer is still checked to its end.
    """
    url = str(getattr(service, "baseurl", ""))
    if url not in _tabledata_formats:
        found: str | None = None
        try:
            for capability in service.capabilities:
                for output in getattr(capability, "outputformats", None) or []:
                    mime = str(getattr(output, "mime", "") or "")
                    if getattr(output, "ivo_id", None) == _TABLEDATA_IVOID or (
                        "serialization=tabledata" in mime.lower() and "version=" not in mime
                    ):
                        found = found or mime
        except Exception:  # no capabilities document: the default format, checked
            found = None
        _tabledata_formats[url] = found
    return _tabledata_formats[url]


def run_request(
    request: AdqlRequest, namespace: Mapping[str, object], service: pyvo.dal.TAPService, label: str
) -> object:
    from pyvo.dal.exceptions import DALAccessError, DALFormatError, DALServiceError

    from .results_check import checked_results

    uploads: dict[str, object] = {}
    for name, variable in request.uploads.items():
        if variable not in namespace:
            raise AdqlMagicError(f"%%adql: --upload {name}: there is no variable {variable!r}.")
        uploads[name] = _upload_value(name, namespace[variable])
    keywords: dict[str, Any] = {}
    if request.maxrec is not None:
        keywords["maxrec"] = request.maxrec
    if uploads:
        keywords["uploads"] = uploads
    tabledata = tabledata_format(service)
    if tabledata is not None:
        keywords["responseformat"] = tabledata
    try:
        if request.run_async:
            results = _run_job(service, request.query, keywords, label)
            if results is None:
                return None
        else:
            with warnings.catch_warnings():
                # The magic words its own OVERFLOW message below.
                warnings.filterwarnings("ignore", message="OVERFLOW")
                results = checked_results(service.create_query(request.query, **keywords))
    except (DALServiceError, DALFormatError, DALAccessError) as error:
        raise _service_error(error, label) from None
    except ValueError as error:  # the results check: rows would be missing
        raise AdqlMagicError(f"{label}: {error}") from None
    # Only the service's word: pyvo's own guess ("truncated by service limits") misleads when
    # astropy read fewer rows than were sent.
    overflow = results.query_status == "OVERFLOW"
    table = results.to_table()
    if request.maxrec is not None and len(table) > request.maxrec:
        # Some services (DaCHS) send one row past MAXREC to show there are more.
        table = table[: request.maxrec]
        overflow = True
    if overflow:
        limit = request.maxrec if request.maxrec is not None else "the service's default"
        print(
            f"Warning: OVERFLOW — the result stops at MAXREC ({limit}); there are more rows. "
            "Raise --maxrec, or add --async for large results.",
            file=sys.stderr,
        )
    return table.to_pandas() if request.pandas else table


def _run_job(service: pyvo.dal.TAPService, query: str, keywords: dict[str, Any], label: str) -> Any:
    job = service.submit_job(query, **keywords)
    progress = _Progress()
    start = time.monotonic()
    try:
        job.run()
        delay = 0.25
        while True:
            phase = job.phase
            progress.show(f"Job {job.job_id} on {label}: {phase}, {time.monotonic() - start:.0f} s")
            if phase in FINAL_PHASES:
                break
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)
    except KeyboardInterrupt:
        try:
            job.abort()
            outcome = "aborted on the service"
        except Exception as error:  # the service may already have finished it
            outcome = f"could not be aborted ({error.__class__.__name__}: {error})"
        progress.show(f"Interrupted: job {job.url} {outcome}.")
        return None
    if job.phase != "COMPLETED":
        summary = getattr(job, "_job", None)
        message = ""
        if summary is not None and getattr(summary, "errorsummary", None) is not None:
            message = str(getattr(summary.errorsummary, "message", "") or "")
        raise AdqlMagicError(f"Job {job.url} ended {job.phase} on {label}.\n{message}".strip())
    progress.show(
        f"Job {job.job_id} on {label}: COMPLETED in {time.monotonic() - start:.1f} s ({job.url})"
    )
    from .results_check import checked_results

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="OVERFLOW")
        return checked_results(job)


def adql(line: str, cell: str | None, shell: InteractiveShell) -> object:
    request = parse_request(line, cell)
    resolved = resolve_service(request.service)
    if request.dry_run:
        print(dry_run_code(request, resolved))
        return None
    result = run_request(request, shell.user_ns, tap_service(resolved), resolved.label)
    if request.out and result is not None:
        shell.user_ns[request.out] = result
    return result


def load_ipython_extension(shell: InteractiveShell) -> None:
    try:
        from .display import register_formatters
    except ImportError:
        # No numpy, so no astropy either: there are no HDUs to show, and the magic still loads.
        pass
    else:
        # FITS images (astropy HDUs and HDULists) shown inline, as the lab's viewer draws them.
        register_formatters(shell)

    def adql_magic(line: str, cell: str | None = None) -> object:
        return adql(line, cell, shell)

    adql_magic.__doc__ = _parser().format_help()
    # IPython wraps this method in a decorator that mypy reads with the wrong signature.
    shell.register_magic_function(  # type: ignore[call-arg]
        adql_magic,  # type: ignore[arg-type]
        magic_kind="line_cell",
        magic_name="adql",
    )
