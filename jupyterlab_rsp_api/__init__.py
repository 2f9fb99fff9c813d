"""JupyterLab extension bringing IVOA services (TAP, SIAv2, SODA, HiPS) into notebooks."""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # a source tree that was never built: the version comes from package.json
    __version__ = "dev"

from .config import RSPApi


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-rsp-api"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "jupyterlab_rsp_api"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from .routes import setup_handlers

    config = RSPApi(parent=server_app)
    state = setup_handlers(server_app.web_app, config)
    server_app.web_app.settings["rsp_api_state"] = state
    discovery = state.discovery()
    server_app.log.info(
        "jupyterlab_rsp_api %s: %d service(s) (%s), token %s",
        __version__,
        len(discovery.services),
        ", ".join(s.id for s in discovery.services) or "none",
        state.tokens.current().status,
    )


async def _unload_jupyter_server_extension(server_app: Any) -> None:
    state = server_app.web_app.settings.get("rsp_api_state")
    if state is not None:
        await state.proxy.close()


__all__ = ["RSPApi", "__version__"]
