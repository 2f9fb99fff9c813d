"""The administrator's knobs: ``c.RSPApi.<trait>`` in any Jupyter server config file."""

from __future__ import annotations

from traitlets import Bool, Dict, Float, Int, List, Unicode
from traitlets.config import Configurable

from .discovery import AUTH_MODES, KINDS


class RSPApi(Configurable):
    """Which IVOA services the lab may reach, and how the platform token is found."""

    services = List(
        Dict(),
        default_value=[],
        help=(
            f"Services listed by the administrator, each a dict with id, title, kind "
            f"({', '.join(KINDS)}), url and auth ({' or '.join(repr(m) for m in AUTH_MODES)}). "
            "They come before any discovered service with the same id."
        ),
    ).tag(config=True)

    discovery_path = Unicode(
        "/etc/nublado/discovery/v1.json",
        help="The platform's service discovery document (mounted into every lab by Nublado).",
    ).tag(config=True)

    token_path = Unicode(
        "",
        help=(
            "Read the token from this file instead of the platform's lookup order (token file, "
            "$NUBLADO_RUNTIME_MOUNTS_DIR/secrets/token, NUBLADO_TOKEN, ACCESS_TOKEN)."
        ),
    ).tag(config=True)

    token_env = Unicode(
        "",
        help="Read the token from this environment variable instead of the platform's order.",
    ).tag(config=True)

    on_platform = Bool(
        None,
        allow_none=True,
        help=(
            "Whether the lab runs on the Rubin Science Platform. By default: when a discovery "
            "document exists or EXTERNAL_INSTANCE_URL is set."
        ),
    ).tag(config=True)

    connect_timeout = Float(10.0, help="Seconds to wait for an upstream connection.").tag(
        config=True
    )

    request_timeout = Float(
        300.0,
        help=(
            "Seconds an upstream may stay silent: before it answers, or between two chunks of "
            "its answer. A large result may stream for longer in all."
        ),
    ).tag(config=True)

    max_redirects = Int(5, help="Redirects followed server-side for one request.").tag(config=True)

    max_requests_per_service = Int(
        16,
        help=(
            "Upstream requests the proxy keeps open at once for one service; more wait up to "
            "connect_timeout for a turn, then fail as busy. One silent service thus never holds "
            "the connections the other services need."
        ),
    ).tag(config=True)

    allow_user_services = Bool(
        True,
        help=(
            "Whether users may add TAP services by URL in the TAP browser. Such services are "
            "reached through this server without the platform token (auth 'none')."
        ),
    ).tag(config=True)
