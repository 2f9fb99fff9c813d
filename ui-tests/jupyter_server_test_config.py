"""Server configuration for the Galata tests (no auth token, no browser, deterministic UI)."""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.open_browser = False  # type: ignore[name-defined]  # noqa: F821
# CI and the developers' machines run as root.
c.ServerApp.allow_root = True  # type: ignore[name-defined]  # noqa: F821

# Two services beside the demo platform's, so the tests see how failures look: one whose host
# refuses connections, and one path on the gateway that does not exist.
c.RSPApi.services = [  # type: ignore[name-defined]  # noqa: F821
    {
        "id": "offline",
        "title": "Offline service",
        "kind": "tap",
        "url": "http://127.0.0.1:9/tap",
        "auth": "none",
    },
    {
        "id": "missing",
        "title": "Missing service",
        "kind": "tap",
        "url": "http://localhost:8081/api/no-such-service",
        "auth": "platform-token",
    },
]
