"""Is a URL a TAP service? Asked before a URL a user typed is kept in their settings.

The answer comes from the service itself, through the proxy like every other request, as a
service with ``auth: none`` of its own: the platform token is never sent to it, whatever its
host. Its VOSI capabilities must name TAP (``ivo://ivoa.net/std/TAP``); a service whose
capabilities cannot be read passes when its VOSI availability answers, since some TAP services
publish no capabilities. Everything else is one sentence saying why the URL is not kept.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.parsers import expat

from .discovery import (
    Discovery,
    Service,
    normalise_user_url,
    user_service,
    user_url_problem,
)
from .platform_token import TokenState
from .proxy import Proxy, ProxyError, ProxyRequest

TAP_STANDARD_ID = "ivo://ivoa.net/std/tap"
# The longest a check may take: the user waits for it in the form.
CHECK_SECONDS = 30.0
# Capabilities and availability documents are a few kilobytes; a larger answer is not one.
BODY_LIMIT = 1024 * 1024
# Where the proxy would send the browser for a redirect inside the service: followed here.
_CHECK_PREFIX = "/rsp-api-check/"
# A user's service never gets the token; the check does not even hold it.
_NO_TOKEN = TokenState("missing", None, "A service added by a user is never sent the token.")


@dataclass(frozen=True)
class Verdict:
    """Whether ``url`` (normalised) may be kept, and why, in a sentence for the user."""

    ok: bool
    url: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "url": self.url, "message": self.message}


class _TooLarge(Exception):
    pass


@dataclass
class _Answer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytearray = field(default_factory=bytearray)

    def set_status(self, status: int, reason: str | None = None) -> None:
        self.status = status

    def set_header(self, name: str, value: str) -> None:
        self.headers[name.lower()] = value

    async def write(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > BODY_LIMIT:
            raise _TooLarge


class _NotXml(Exception):
    pass


def _decoded(answer: _Answer) -> bytes:
    """The answer's body, uncompressed (some servers compress whatever they are asked), at most
    BODY_LIMIT bytes of it: a small compressed answer may not unfold into a huge one here."""
    encoding = answer.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return bytes(answer.body)
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise _NotXml
    # wbits: 32 + MAX_WBITS reads gzip and zlib; raw deflate (which some servers send) needs -.
    for wbits in (32 + zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            inflater = zlib.decompressobj(wbits)
            body = inflater.decompress(bytes(answer.body), BODY_LIMIT)
        except zlib.error:
            continue
        if inflater.unconsumed_tail:
            raise _TooLarge
        return body
    raise _NotXml


def _root_and_elements(body: bytes) -> tuple[str, list[tuple[str, dict[str, str], str]]]:
    """The root element's local name and every element as (local name, attributes, text).

    A document with a DTD is refused: nothing here needs one, and it is how entity expansion
    attacks begin.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    elements: list[tuple[str, dict[str, str], str]] = []
    stack: list[tuple[str, dict[str, str], list[str]]] = []

    def refuse_dtd(*_: object) -> None:
        raise _NotXml

    def start(name: str, attributes: dict[str, str]) -> None:
        local = {key.rsplit(" ", 1)[-1]: value for key, value in attributes.items()}
        stack.append((name.rsplit(" ", 1)[-1], local, []))

    def end(_: str) -> None:
        local, attributes, text = stack.pop()
        elements.append((local, attributes, "".join(text).strip()))

    def text(data: str) -> None:
        if stack:
            stack[-1][2].append(data)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(body, True)
    except expat.ExpatError as error:
        raise _NotXml from error
    if not elements:
        raise _NotXml
    return elements[-1][0], elements


def capability_ids(body: bytes) -> list[str] | None:
    """The standardIDs a VOSI capabilities document declares; None if it is not one."""
    try:
        root, elements = _root_and_elements(body)
    except _NotXml:
        return None
    if root != "capabilities":
        return None
    return [
        attributes["standardID"]
        for local, attributes, _ in elements
        if local == "capability" and attributes.get("standardID")
    ]


def is_available(body: bytes) -> bool | None:
    """What a VOSI availability document says; None if it is not one."""
    try:
        root, elements = _root_and_elements(body)
    except _NotXml:
        return None
    if root != "availability":
        return None
    said = [text.lower() for local, _, text in elements if local == "available"]
    return bool(said) and said[0] == "true"


def _declares_tap(ids: list[str]) -> bool:
    # IVOA identifiers compare case-insensitively; TAP 1.1 services add nothing after the name.
    return any(i.strip().lower().split("#", 1)[0] == TAP_STANDARD_ID for i in ids)


async def _get(proxy: Proxy, service: Service, path: str) -> _Answer:
    """GET a path of the service through the proxy, following redirects inside the service."""
    discovery = Discovery(services=[service])
    raw_path, query = path, ""
    inside = _CHECK_PREFIX + quote(service.id, safe="") + "/"
    for _ in range(proxy.settings.max_redirects + 1):
        answer = _Answer()
        request = ProxyRequest(
            service_id=service.id,
            raw_path=raw_path,
            query=query,
            method="GET",
            # Readable as it comes: the proxy passes answers on as they are, compressed or not.
            headers={
                "Accept": "application/xml, text/xml;q=0.9, */*;q=0.1",
                "Accept-Encoding": "identity",
            },
            proxy_prefix=_CHECK_PREFIX,
        )
        await proxy.forward(request, discovery, _NO_TOKEN, answer)
        location = answer.headers.get("location", "")
        if answer.status in (301, 302, 303, 307, 308) and location.startswith(inside):
            raw_path, _, query = location[len(inside) :].partition("?")
            continue
        return answer
    raise ProxyError("too_many_redirects", 502, f"{service.url} redirected more times than it may.")


def _status_sentence(status: int, path: str) -> str:
    if status == 404:
        return f"it has no {path} (HTTP 404)"
    return f"its {path} answered HTTP {status}"


async def check_tap_service(proxy: Proxy, url: object, timeout: float) -> Verdict:
    """Whether ``url`` is a TAP service that answers, within ``timeout`` seconds in all."""
    problem = user_url_problem(url)
    if problem is not None:
        return Verdict(False, url.strip() if isinstance(url, str) else "", problem)
    assert isinstance(url, str)  # checked by user_url_problem
    base = normalise_user_url(url)
    service = user_service(base)
    try:
        return await asyncio.wait_for(_judge(proxy, service), timeout)
    except asyncio.TimeoutError:
        return Verdict(
            False,
            base,
            f"Not added: {base} did not answer within {timeout:.0f} s, so it could not be checked.",
        )
    except ProxyError as error:
        # The proxy's own sentences name the service by its title, here its URL.
        return Verdict(False, base, f"Not added: {error.message}")


async def _judge(proxy: Proxy, service: Service) -> Verdict:
    base = service.url
    reasons: list[str] = []
    try:
        capabilities = await _get(proxy, service, "capabilities")
        body = _decoded(capabilities) if capabilities.status == 200 else b""
    except _TooLarge:
        reasons.append("its capabilities are far larger than a capabilities document")
    except _NotXml:
        reasons.append("its capabilities come in an encoding that cannot be read")
    else:
        if capabilities.status in (401, 403):
            return Verdict(
                False,
                base,
                f"Not added: {base} asks for credentials (HTTP {capabilities.status}), and a "
                "service added here is reached without any.",
            )
        if capabilities.status == 200:
            ids = capability_ids(body)
            if ids is not None and _declares_tap(ids):
                return Verdict(True, base, "A TAP service: its capabilities declare TAP.")
            if ids is not None:
                named = ", ".join(sorted({i.strip() for i in ids})[:5]) or "none"
                return Verdict(
                    False,
                    base,
                    f"Not added: {base} is a VO service, but not a TAP service: its "
                    f"capabilities declare {named}.",
                )
            reasons.append("its capabilities are not a VOSI capabilities document")
        else:
            reasons.append(_status_sentence(capabilities.status, "capabilities"))
    try:
        availability = await _get(proxy, service, "availability")
        body = _decoded(availability) if availability.status == 200 else b""
    except _TooLarge:
        reasons.append("its availability is far larger than an availability document")
    except _NotXml:
        reasons.append("its availability comes in an encoding that cannot be read")
    else:
        if availability.status == 200:
            available = is_available(body)
            if available is not None:
                note = "" if available else " (it says it is down at the moment)"
                return Verdict(
                    True,
                    base,
                    f"Kept as a TAP service: its capabilities could not be read, but its VOSI "
                    f"availability answered{note}.",
                )
            reasons.append("its availability is not a VOSI availability document")
        else:
            reasons.append(_status_sentence(availability.status, "availability"))
    return Verdict(
        False,
        base,
        f"Not added: {base} does not answer as a TAP service does: {'; '.join(reasons)}.",
    )
