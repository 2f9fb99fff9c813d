"""A real IPython kernel, started as JupyterLab starts one, for the tests that run code in it."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from .demo import DEMO, GATEWAY, REPO, STATE

TOKEN = DEMO["DEMO_TOKEN"]


@dataclass
class Reply:
    status: str
    stdout: str = ""
    stderr: str = ""
    plain: list[str] = field(default_factory=list)
    # Every display's whole bundle ({mime type: data}), in order.
    bundles: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""

    @property
    def text(self) -> str:
        return "\n".join([self.stdout, self.stderr, *self.plain, self.error])


class Kernel:
    """A real IPython kernel, started as JupyterLab would start it, with the lab's environment."""

    def __init__(self, **extra_env: str) -> None:
        from jupyter_client.manager import KernelManager

        env = dict(os.environ)
        env.update(
            EXTERNAL_INSTANCE_URL=GATEWAY,
            ACCESS_TOKEN=TOKEN,
            RSP_API_DISCOVERY_PATH=str(STATE / "discovery" / "v1.json"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        )
        env.update(extra_env)
        self.manager = KernelManager(kernel_name="python3")
        self.manager.kernel_spec.argv[0] = sys.executable
        self.manager.start_kernel(env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 120) -> Reply:
        msg_id = self.client.execute(code)
        reply = Reply("ok")
        deadline = time.monotonic() + timeout
        while True:
            message = self.client.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                if content["name"] == "stdout":
                    reply.stdout += content["text"]
                else:
                    reply.stderr += content["text"]
            elif kind in ("execute_result", "display_data", "update_display_data"):
                reply.plain.append(content["data"].get("text/plain", ""))
                reply.bundles.append(content["data"])
            elif kind == "error":
                reply.status = "error"
                reply.error = "\n".join(content["traceback"])
            elif kind == "status" and content["execution_state"] == "idle":
                return reply

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)
