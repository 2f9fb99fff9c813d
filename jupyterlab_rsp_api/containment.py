"""Where a URL really lands, and whether that is inside a service.

Pure functions, no I/O. A URL is judged as a browser will resolve it (the WHATWG URL standard
for http and https: tabs and newlines dropped, backslashes read as slashes, ``%2e`` read as a dot
in dot segments) and as the upstream may read it (Tomcat drops ``;params`` from a segment before
it resolves ``..``). The frontend's ``upstreamToProxyUrl`` applies the same rules with the
browser's own ``URL`` parser; ``tests/data/containment-cases.json`` holds the cases both sides
must agree on.

Errors only ever go one way: a URL judged *outside* when a browser would call it inside costs a
request without the token; the opposite would be an escape. So anything unusual (userinfo, a host
that is not spelt as the service spells it, an unusual IPv4 form) counts as outside.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_C0_OR_SPACE_AT_ENDS = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# WHATWG's percent-encode sets for the path and for the query of special (http/https) URLs.
_PATH_ENCODE = frozenset(' "#<>?`{}')
_QUERY_ENCODE = frozenset(" \"#<>'")
_SINGLE_DOTS = (".", "%2e")
_DOUBLE_DOTS = ("..", ".%2e", "%2e.", "%2e%2e")


class UnusableUrl(ValueError):
    """A URL a browser could not resolve either (``http://[::1``, a bad port, an empty host)."""


@dataclass(frozen=True)
class ResolvedUrl:
    scheme: str
    userinfo: str | None
    host: str
    port: int
    path: str
    query: str | None

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def href(self) -> str:
        default = _DEFAULT_PORTS.get(self.scheme)
        netloc = self.host if self.port == default else f"{self.host}:{self.port}"
        if self.userinfo is not None:
            netloc = f"{self.userinfo}@{netloc}"
        query = "" if self.query is None else "?" + self.query
        return f"{self.scheme}://{netloc}{self.path}{query}"


def _encode(text: str, unsafe: frozenset[str]) -> str:
    out: list[str] = []
    for char in text:
        if char in unsafe or ord(char) < 0x20 or ord(char) > 0x7E:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        else:
            out.append(char)
    return "".join(out)


def _parse_authority(authority: str, scheme: str) -> tuple[str | None, str, int]:
    userinfo = None
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise UnusableUrl("an IPv6 host without its closing bracket")
        host, rest = authority[: end + 1], authority[end + 1 :]
        if rest and not rest.startswith(":"):
            raise UnusableUrl("characters after an IPv6 host")
        port_text = rest[1:] if rest else ""
    elif ":" in authority:
        host, port_text = authority.rsplit(":", 1)
    else:
        host, port_text = authority, ""
    if port_text == "":
        port = _DEFAULT_PORTS[scheme]
    elif port_text.isdigit() and int(port_text) <= 65535:
        port = int(port_text)
    else:
        raise UnusableUrl("a port that is not a number up to 65535")
    return userinfo, _canonical_host(host), port


def _canonical_host(host: str) -> str:
    """The host as a browser spells it: %-decoded, IDNA-mapped, lower case, IPv4 in dotted
    decimal. Raises UnusableUrl where a browser fails."""
    if host.startswith("["):
        if not re.fullmatch(r"\[[0-9A-Fa-f:.]+\]", host):
            raise UnusableUrl("an IPv6 host the proxy cannot read")
        return host.lower()
    decoded = unquote(host)
    if not decoded.isascii():
        try:
            decoded = decoded.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise UnusableUrl("a host name that cannot be spelt in ASCII") from error
    decoded = decoded.lower()
    if not decoded or not re.fullmatch(r"[a-z0-9._~!$&'()*+,;=-]+", decoded):
        raise UnusableUrl("a host name with characters a host may not hold")
    ipv4 = _ipv4(decoded)
    return decoded if ipv4 is None else ipv4


def _ipv4_number(label: str) -> int | None:
    try:
        if label[:2] in ("0x", "0X"):
            return int(label[2:] or "0", 16)
        if len(label) > 1 and label.startswith("0"):
            return int(label[1:], 8)
        return int(label, 10) if label.isdigit() else None
    except ValueError:
        return None


def _ipv4(host: str) -> str | None:
    """WHATWG's IPv4 parser: a host whose last label is a number is an address (hex, octal and
    shortened forms included), or a failure."""
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    last = labels[-1]
    if not (last.isdigit() or re.fullmatch(r"0[xX][0-9A-Fa-f]*", last)):
        return None
    numbers = [_ipv4_number(label) for label in labels]
    if len(labels) > 4 or any(n is None for n in numbers):
        raise UnusableUrl("a host that is a malformed IPv4 address")
    values = [n for n in numbers if n is not None]
    if any(v > 255 for v in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise UnusableUrl("a host that is an IPv4 address out of range")
    address = values[-1]
    for index, value in enumerate(values[:-1]):
        address += value * 256 ** (3 - index)
    return ".".join(str((address >> shift) & 255) for shift in (24, 16, 8, 0))


def _merge_path(base_segments: list[str], reference: str) -> str:
    """Append the reference's segments to a base directory, dot segments applied as WHATWG does."""
    segments = list(base_segments)
    parts = re.split(r"[/\\]", reference)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        lowered = part.lower()
        if lowered in _DOUBLE_DOTS:
            if segments:
                segments.pop()
            if last:
                segments.append("")
        elif lowered in _SINGLE_DOTS:
            if last:
                segments.append("")
        else:
            segments.append(_encode(part, _PATH_ENCODE))
    return "/" + "/".join(segments)


def resolve(reference: str, base: str) -> ResolvedUrl:
    """The absolute URL a browser makes of ``reference`` found in a document (or a Location) at
    ``base``. Raises UnusableUrl when a browser would fail; non-web schemes come back as they are
    (scheme set, no host) for the caller to refuse."""
    base_url = _resolve_absolute(base)
    text = _C0_OR_SPACE_AT_ENDS.sub("", reference)
    text = re.sub(r"[\t\n\r]", "", text)
    text = text.split("#", 1)[0]  # the fragment never reaches a server
    match = _SCHEME.match(text)
    scheme = base_url.scheme
    if match:
        scheme = match.group(1).lower()
        rest = text[match.end() :]
        if scheme not in _DEFAULT_PORTS:
            return ResolvedUrl(scheme, None, "", 0, rest, None)
        if scheme != base_url.scheme or re.match(r"^[/\\]{2}", rest):
            return _resolve_absolute(scheme + "://" + rest.lstrip("/\\"))
        text = rest
    elif re.match(r"^[/\\]{2}", text):
        return _resolve_absolute(scheme + "://" + text.lstrip("/\\"))
    path_and_query = text.split("?", 1)
    path_ref = path_and_query[0]
    query = _encode(path_and_query[1], _QUERY_ENCODE) if len(path_and_query) > 1 else None
    if path_ref == "":
        path = base_url.path
        if query is None:
            query = base_url.query
    elif path_ref[0] in "/\\":
        path = _merge_path([], path_ref[1:])
    else:
        directory = base_url.path.split("/")[1:-1]
        path = _merge_path(directory, path_ref)
    return ResolvedUrl(scheme, base_url.userinfo, base_url.host, base_url.port, path, query)


def _resolve_absolute(url: str) -> ResolvedUrl:
    text = _C0_OR_SPACE_AT_ENDS.sub("", url).split("#", 1)[0]
    text = re.sub(r"[\t\n\r]", "", text)
    match = _SCHEME.match(text)
    if not match or match.group(1).lower() not in _DEFAULT_PORTS:
        raise UnusableUrl("not an http(s) URL")
    scheme = match.group(1).lower()
    rest = text[match.end() :].lstrip("/\\")
    end = len(rest)
    for stop in "/\\?":
        position = rest.find(stop)
        if 0 <= position < end:
            end = position
    userinfo, host, port = _parse_authority(rest[:end], scheme)
    remainder = rest[end:]
    path_ref, _, query_text = remainder.partition("?")
    query = _encode(query_text, _QUERY_ENCODE) if "?" in remainder else None
    path = _merge_path([], path_ref[1:]) if path_ref else "/"
    return ResolvedUrl(scheme, userinfo, host, port, path, query)


def segment_problem(segment: str) -> str | None:
    """Why one raw (still %-encoded) path segment may not be passed on, or None when it may.

    Decoded up to five times (double encoding shows its real face), a segment may not be a dot
    segment, also not once Tomcat has cut ``;params`` off it or a Windows-minded server has
    dropped trailing spaces, or once full-width dots are folded (NFKC); nor may it hide a slash,
    a backslash or a control character.
    """
    decoded = segment
    for _ in range(5):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return "The path is encoded too many times to be trusted."
    if "/" in decoded or "\\" in decoded or _CONTROL.search(decoded):
        return "The path hides a slash, backslash or control character."
    name = unicodedata.normalize("NFKC", decoded).split(";", 1)[0].rstrip(" \t")
    if name in (".", ".."):
        return "The path may not climb out of the service ('..', also as '..;' or encoded)."
    if name == "" and ";" in decoded:
        return "The path has an empty segment hidden behind ';' parameters."
    return None


def path_problem(raw_path: str) -> str | None:
    """Why a raw path relative to a service's base may not be passed on, or None when it may."""
    if raw_path == "":
        return None
    if _CONTROL.search(raw_path) or "\\" in raw_path:
        return "The path contains characters a URL path may not hold."
    segments = raw_path.split("/")
    for index, segment in enumerate(segments):
        if segment == "" and index != len(segments) - 1:
            return "The path has an empty segment ('//')."
        problem = segment_problem(segment)
        if problem is not None:
            return problem
        if index == 0 and ":" in unquote(segment):
            return "The path looks like a URL of its own."
    return None


def base_path(service_url: str) -> str:
    return urlsplit(service_url).path.rstrip("/")


def proxy_path_for(service_url: str, url: str, base: str | None = None) -> str | None:
    """The path (and query) under the service's proxy route that reaches ``url`` as a browser
    resolves it, or None when it lies outside the service or could be read as outside by the
    browser or the upstream. Raises UnusableUrl for URLs no browser could resolve."""
    resolved = resolve(url, base if base is not None else url)
    service = _resolve_absolute(service_url)
    if resolved.userinfo is not None or resolved.origin != service.origin:
        return None
    prefix = base_path(service_url)
    if resolved.path != prefix and not resolved.path.startswith(prefix + "/"):
        return None
    rest = resolved.path[len(prefix) :].lstrip("/")
    if path_problem(rest) is not None:
        return None
    return rest + ("" if resolved.query is None else "?" + resolved.query)
