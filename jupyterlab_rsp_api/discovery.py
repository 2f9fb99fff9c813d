"""Which services exist, and which token applies: pure functions of configuration, files and env.

Nothing here does network I/O or knows about tornado, so every rule is unit-tested directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urljoin, urlsplit

# The frontend's ServiceKind and IServiceDescription.auth (src/tokens.ts) spell the same names;
# tests/test_contract.py holds the two halves together.
Kind = Literal["tap", "sia", "scs", "soda", "datalink", "hips"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Auth = Literal["platform-token", "none"]
AUTH_MODES: tuple[Auth, ...] = get_args(Auth)

_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Service:
    id: str
    title: str
    kind: str
    url: str
    auth: str
    source: str
    dataset: str | None = None

    @property
    def origin(self) -> str:
        """scheme://host:port, the unit the token is bound to."""
        return origin_of(self.url)

    def to_json(self, token_applies: bool) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "url": self.url,
            "auth": self.auth,
            "tokenApplies": token_applies,
            "source": self.source,
            "dataset": self.dataset,
        }


@dataclass(frozen=True)
class Problem:
    source: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "message": self.message}


@dataclass
class Discovery:
    services: list[Service] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    on_platform: bool = False
    discovery_document_found: bool = False

    def find(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def token_origins(self) -> frozenset[str]:
        """The origins the platform token may be sent to: those of token-protected services."""
        return frozenset(s.origin for s in self.services if s.auth == "platform-token")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _valid_http_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username


# --- (a) the administrator's list ---------------------------------------------------------------


def services_from_config(entries: Iterable[object]) -> tuple[list[Service], list[Problem]]:
    services: list[Service] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        where = f"c.RSPApi.services[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(Problem("config", f"{where} is not a dict; it was ignored."))
            continue
        service_id = entry.get("id")
        kind = entry.get("kind")
        url = entry.get("url")
        auth = entry.get("auth", "platform-token")
        if not isinstance(service_id, str) or not _ID_PATTERN.match(service_id):
            problems.append(
                Problem(
                    "config",
                    f"{where} has no usable id (letters, digits, '.', '_', '-'); it was ignored.",
                )
            )
            continue
        if kind not in KINDS:
            problems.append(
                Problem(
                    "config",
                    f"{where} ({service_id}) has kind {kind!r}; expected one of "
                    f"{', '.join(KINDS)}. It was ignored.",
                )
            )
            continue
        if not _valid_http_url(url):
            problems.append(
                Problem("config", f"{where} ({service_id}) needs an http(s) url; it was ignored.")
            )
            continue
        if auth not in AUTH_MODES:
            problems.append(
                Problem(
                    "config",
                    f"{where} ({service_id}) has auth {auth!r}; expected "
                    f"{' or '.join(repr(mode) for mode in AUTH_MODES)}. It was ignored.",
                )
            )
            continue
        title = entry.get("title")
        services.append(
            Service(
                id=service_id,
                title=title if isinstance(title, str) and title.strip() else service_id,
                kind=str(kind),
                url=str(url),
                auth=str(auth),
                source="config",
                dataset=entry.get("dataset") if isinstance(entry.get("dataset"), str) else None,
            )
        )
    return services, problems


# --- (b) the platform's discovery document ------------------------------------------------------

# Names in the discovery document → our kinds. Unknown names (butler, ...) are not IVOA services.
_DISCOVERY_KINDS: dict[str, Kind] = {
    "tap": "tap",
    "ssotap": "tap",
    "live": "tap",
    "obstap": "tap",
    "consdbtap": "tap",
    "ppdbtap": "tap",
    "sia": "sia",
    "siav2": "sia",
    "cutout": "soda",
    "soda": "soda",
    "datalink": "datalink",
    "hips": "hips",
    "scs": "scs",
    "conesearch": "scs",
}
_KIND_TITLES: dict[Kind, str] = {
    "tap": "catalogs (TAP)",
    "sia": "images (SIAv2)",
    "soda": "cutouts (SODA)",
    "datalink": "DataLink",
    "hips": "HiPS surveys",
    "scs": "cone search",
}
# Versions that name the endpoint a client should call, preferred over the service's base url.
_PREFERRED_VERSIONS: dict[str, tuple[str, ...]] = {"soda": ("soda-sync-1.0",)}


def _dataset_label(dataset: str) -> str:
    match = re.fullmatch(r"dp(\d)(\d)?", dataset.lower())
    if match:
        return f"DP{match.group(1)}" + (f".{match.group(2)}" if match.group(2) else "")
    return dataset


def services_from_discovery(document: object) -> tuple[list[Service], list[Problem]]:
    """Services of the Nublado discovery document: ``datasets.<d>.services.<s>.url``.

    Ids: the service name when a name occurs in one dataset only (``tap``, as users write with
    ``get_tap_service("tap")``), ``<name>-<dataset>`` when several datasets offer it.
    """
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        return [], [Problem("discovery", "The discovery document is not a JSON object.")]
    datasets = document.get("datasets", {})
    if not isinstance(datasets, Mapping):
        return [], [Problem("discovery", "The discovery document's 'datasets' is not an object.")]

    found: list[tuple[str, str, Kind, str]] = []  # (name, dataset, kind, url)
    for dataset, info in datasets.items():
        services = info.get("services", {}) if isinstance(info, Mapping) else None
        if not isinstance(services, Mapping):
            problems.append(Problem("discovery", f"Dataset {dataset!r} has no services object."))
            continue
        for name, service in services.items():
            kind = _DISCOVERY_KINDS.get(str(name).lower())
            if kind is None or not isinstance(service, Mapping):
                continue
            url = service.get("url")
            versions = service.get("versions", {})
            if isinstance(versions, Mapping):
                for version in _PREFERRED_VERSIONS.get(kind, ()):
                    chosen = versions.get(version)
                    if isinstance(chosen, Mapping) and _valid_http_url(chosen.get("url")):
                        url = chosen["url"]
                        break
            if not _valid_http_url(url):
                problems.append(
                    Problem(
                        "discovery",
                        f"Service {name!r} of dataset {dataset!r} has no usable url; it was "
                        "ignored.",
                    )
                )
                continue
            found.append((str(name), str(dataset), kind, str(url)))

    counts: dict[str, int] = {}
    for name, _, _, _ in found:
        counts[name] = counts.get(name, 0) + 1
    result = [
        Service(
            id=name if counts[name] == 1 else f"{name}-{dataset}",
            title=f"{_dataset_label(dataset)} {_KIND_TITLES[kind]}"
            + ("" if name in ("tap", "sia", "cutout", "datalink", "hips") else f" ({name})"),
            kind=kind,
            url=url,
            auth="platform-token",
            source="discovery",
            dataset=dataset,
        )
        for name, dataset, kind, url in found
    ]
    return result, problems


def read_discovery_document(path: Path) -> tuple[object | None, list[Problem]]:
    """The parsed document, or None when absent (normal off the platform) or unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as error:
        # The system's own words ("Permission denied"), not an exception's class name.
        if isinstance(error, UnicodeDecodeError):
            reason = "it is not UTF-8 text"
        else:
            reason = (error.strerror or "it cannot be opened").lower()
        return None, [Problem("discovery", f"Could not read {path}: {reason}.")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [
            Problem("discovery", f"{path} is not valid JSON (line {error.lineno}); ignored.")
        ]


# --- (c) the platform's legacy rule -------------------------------------------------------------

# (name, kind, default route, title). EXTERNAL_<NAME>_URL and <NAME>_ROUTE override each.
_LEGACY: tuple[tuple[str, str, str, str], ...] = (
    ("tap", "tap", "api/tap", "Catalogs (TAP)"),
    ("ssotap", "tap", "api/ssotap", "Solar-system catalogs (TAP)"),
    ("live", "tap", "api/live", "Live observations (ObsTAP)"),
    ("sia", "sia", "api/sia", "Images (SIAv2)"),
    ("cutout", "soda", "api/cutout", "Cutouts (SODA)"),
    ("datalink", "datalink", "api/datalink", "DataLink"),
    ("hips", "hips", "api/hips", "HiPS surveys"),
)


def services_from_legacy_rule(
    env: Mapping[str, str], discovery_document_found: bool
) -> list[Service]:
    """The pre-discovery rule ``<EXTERNAL_INSTANCE_URL>/api/<name>``.

    It only fills in when there is no discovery document (the document is authoritative about
    which services exist), but an explicit ``EXTERNAL_<NAME>_URL`` or ``<NAME>_ROUTE`` is a
    deliberate setting and is always honoured.
    """
    base = env.get("EXTERNAL_INSTANCE_URL", "").strip()
    services: list[Service] = []
    for name, kind, default_route, title in _LEGACY:
        explicit_url = env.get(f"EXTERNAL_{name.upper()}_URL", "").strip()
        route = env.get(f"{name.upper()}_ROUTE", "").strip()
        if explicit_url:
            url = explicit_url
        elif base and (route or not discovery_document_found):
            url = urljoin(base.rstrip("/") + "/", (route or default_route).lstrip("/"))
        else:
            continue
        if _valid_http_url(url):
            services.append(Service(name, title, kind, url, "platform-token", "legacy"))
    return services


# --- (d) TAP services a user added by URL --------------------------------------------------------

USER_SERVICE_LIMIT = 50


def user_service_id(url: str) -> str:
    """A stable id from the URL, so settings, remembered state and generated code agree."""
    return "user-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]


# Whitespace and control characters: a browser would quietly encode them, and the URL would then
# not be the one the user meant (two URLs pasted together, a stray space).
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
_URL_LIMIT = 2000


def normalise_user_url(url: str) -> str:
    """The form a user's URL is kept and compared in: no surrounding space, no trailing slash."""
    return url.strip().rstrip("/")


def user_url_problem(url: object) -> str | None:
    """Why a URL typed by a user cannot be a TAP service's base URL, or None when it can be.

    Judged on ``normalise_user_url(url)``; the browser shows the sentence as it is.
    """
    if not isinstance(url, str) or not url.strip():
        return "Type the URL of a TAP service, such as https://example.org/tap."
    url = normalise_user_url(url)
    if len(url) > _URL_LIMIT:
        return "That URL is too long to be a service's address."
    if _NOT_IN_URL.search(url):
        return "The URL contains a space or a control character; a service's URL has none."
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "A TAP service's URL starts with http:// or https://."
    if "@" in parts.netloc:
        return (
            "Leave user names and passwords out of the URL: a service added here is reached "
            "without credentials."
        )
    if not parts.hostname:
        return "The URL names no host."
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return "The URL's port is not a number from 1 to 65535."
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "A TAP service's URL is its base address, without a ?query or #fragment."
    return None


def services_from_user(entries: object) -> tuple[list[Service], list[Problem]]:
    """Validate what the browser sends: http(s) TAP URLs; they never receive the token."""
    if not isinstance(entries, list):
        return [], [Problem("user", "Expected a list of {url, title} entries.")]
    services: list[Service] = []
    problems: list[Problem] = []
    for entry in entries[:USER_SERVICE_LIMIT]:
        url = entry.get("url") if isinstance(entry, Mapping) else None
        problem = user_url_problem(url)
        if problem is not None:
            problems.append(Problem("user", f"{str(url)[:200]!r} was ignored: {problem}"))
            continue
        assert isinstance(url, str)  # checked by user_url_problem
        url = normalise_user_url(url)
        title = entry.get("title") if isinstance(entry, Mapping) else None
        service = user_service(url, title if isinstance(title, str) else None)
        if all(s.id != service.id for s in services):
            services.append(service)
    if len(entries) > USER_SERVICE_LIMIT:
        problems.append(
            Problem("user", f"Only the first {USER_SERVICE_LIMIT} added services are kept.")
        )
    return services, problems


def user_service(url: str, title: str | None = None) -> Service:
    """A TAP service at a user's (normalised, checked) URL: never given the token."""
    return Service(
        id=user_service_id(url),
        title=title.strip() if title and title.strip() else url,
        kind="tap",
        url=url,
        auth="none",
        source="user",
    )


def with_user_services(discovery: Discovery, user: list[Service]) -> Discovery:
    """The platform's services first; a user's entry never replaces one of them."""
    merged = Discovery(
        services=list(discovery.services),
        problems=list(discovery.problems),
        on_platform=discovery.on_platform,
        discovery_document_found=discovery.discovery_document_found,
    )
    for service in user:
        if merged.find(service.id) is None:
            merged.services.append(service)
    return merged


# --- all together -------------------------------------------------------------------------------


def discover(
    configured: Iterable[object],
    discovery_path: Path,
    env: Mapping[str, str],
    on_platform: bool | None = None,
) -> Discovery:
    """Merge the three sources in order; an id already taken is never overridden."""
    result = Discovery()
    admin, problems = services_from_config(configured)
    result.problems.extend(problems)

    document, problems = read_discovery_document(discovery_path)
    result.problems.extend(problems)
    discovered: list[Service] = []
    if document is not None:
        result.discovery_document_found = True
        discovered, problems = services_from_discovery(document)
        result.problems.extend(problems)

    legacy = services_from_legacy_rule(env, result.discovery_document_found)
    for service in [*admin, *discovered, *legacy]:
        if result.find(service.id) is None:
            result.services.append(service)

    if on_platform is None:
        on_platform = result.discovery_document_found or bool(
            env.get("EXTERNAL_INSTANCE_URL", "").strip()
        )
    result.on_platform = on_platform
    return result


def environment() -> dict[str, str]:
    return dict(os.environ)
