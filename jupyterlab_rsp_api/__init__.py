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


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import RSPApiExtension

    return [{"module": "jupyterlab_rsp_api.app", "app": RSPApiExtension}]


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext jupyterlab_rsp_api``: the %%adql magic (kernel side; IPython and pyvo only)."""
    from .magic import load_ipython_extension as load

    load(ipython)


__all__ = ["RSPApi", "__version__", "load_ipython_extension"]
