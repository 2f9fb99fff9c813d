"""The server extension's life cycle: routes on start, upstream connections closed on stop."""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp

from . import __version__
from .config import RSPApi
from .routes import ExtensionState, setup_handlers


class RSPApiExtension(ExtensionApp):
    name = "jupyterlab_rsp_api"
    # No pages of its own: the extension only adds API routes.
    load_other_extensions = True

    _state: ExtensionState | None = None

    def initialize_handlers(self) -> None:
        # The admin's knobs live on RSPApi (c.RSPApi.*), a Configurable of the server app.
        server_app = self.serverapp
        assert server_app is not None, "an extension app always runs inside a server app"
        config = RSPApi(parent=server_app)
        self._state = setup_handlers(server_app.web_app, config)
        discovery = self._state.discovery()
        self.log.info(
            "jupyterlab_rsp_api %s: %d service(s) (%s), token %s",
            __version__,
            len(discovery.services),
            ", ".join(s.id for s in discovery.services) or "none",
            self._state.tokens.current().status,
        )

    async def stop_extension(self) -> None:
        if self._state is not None:
            await self._state.proxy.close()


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    return [{"module": "jupyterlab_rsp_api.app", "app": RSPApiExtension}]
