"""Server configuration for the Galata tests (no auth token, no browser, deterministic UI)."""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.open_browser = False  # type: ignore[name-defined]  # noqa: F821
