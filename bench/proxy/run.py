"""Proxy benchmark: prints figures, asserts nothing.

A real upstream (aiohttp, in this process) and real Jupyter servers with the extension (child
processes), all on loopback. It measures, in one run, the proxy beside the direct path:
- throughput of a large response fetched directly and through the proxy, and their ratio:
  direct and proxied downloads interleaved, best (and median) of ``--rounds`` each, so that
  other load on the machine hits both alike; beside them nginx as the proxy (when installed), a
  C reverse proxy that checks nothing: what relaying alone costs on this machine;
- where the CPU goes: the Jupyter server's CPU time per MB relayed (from /proc, so it depends
  little on how busy the machine is; the server relays on one thread, so this bounds its
  throughput) and this process's (upstream and client) for either path;
- the same transfer over a paced link (``--link`` MB/s, as from a service across a network);
- the latency the proxy adds to small requests (p50, p95; direct and proxied requests
  alternate), beside Jupyter's own ``/api/status`` on the same server: what any authenticated
  Jupyter request costs, before the proxy does anything;
- the Jupyter server's memory: after start and at its peak (VmHWM);
- the cost of the reflection guard (every byte sent to the browser is searched for the token's
  forms while a token is available): the same large response through a server that has no
  token (so nothing to guard), and the guard alone in this process;
- the machine's load average before and after, since the figures are only comparable under
  like load.

``--baseline DIR`` measures, in the same run, the extension of another checkout (``git archive``
of an older commit, say): before and after under the same conditions.

Usage: .venv/bin/python bench/proxy/run.py [--mb 512] [--requests 500] [--rounds 3]
       [--fill random|text|x] [--link 250] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from jupyterlab_rsp_api.reflection import TokenGuard  # noqa: E402
from jupyterlab_rsp_api.tests.upstream import Upstream  # noqa: E402

# Shaped like a Gafaelfawr token (gt-<22 base64url>.<22 base64url>), the platform's kind: the
# guard's speed depends on the token's length.
TOKEN = "gt-egFzTAfGekT_DjIrrk2QZw.3fLyeRRscvk54GGnLi4_wQ"
LAB_TOKEN = "bench-lab-token"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _status_mb(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS


def download(session: requests.Session, url: str) -> tuple[int, float]:
    start = time.perf_counter()
    total = 0
    with session.get(url, stream=True, timeout=600) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=1 << 20):
            total += len(chunk)
    return total, time.perf_counter() - start


def timed_get(session: requests.Session, url: str) -> float:
    start = time.perf_counter()
    response = session.get(url, timeout=30)
    response.raise_for_status()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def start_server(
    upstream: Upstream, token: str | None, package_dir: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """A Jupyter server with the extension imported from ``package_dir``; with ``token=None``
    it has no platform token. Returns the process and the server's base URL."""
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="rsp-api-bench-"))
    (work / "token").write_text(token or "")
    services = [
        {"id": "svc", "title": "Bench", "kind": "tap", "url": f"{upstream.base}/svc"},
        {
            "id": "open",
            "title": "Open",
            "kind": "tap",
            "url": f"{upstream.base}/open",
            "auth": "none",
        },
    ]
    config = {
        "ServerApp": {
            "port": port,
            "ip": "127.0.0.1",
            "open_browser": False,
            "allow_root": True,
            "root_dir": str(work),
            "jpserver_extensions": {"jupyterlab_rsp_api": True},
        },
        "IdentityProvider": {"token": LAB_TOKEN},
        "RSPApi": {
            "token_path": str(work / "token"),
            "discovery_path": str(work / "none.json"),
            "services": services,
        },
    }
    (work / "jupyter_server_config.json").write_text(json.dumps(config))
    # The venv's editable install points at one checkout; PYTHONPATH makes the server import
    # the extension of the checkout being measured.
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work), PYTHONPATH=str(package_dir))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "server"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def start_nginx(upstream: Upstream) -> tuple[subprocess.Popen[bytes], str] | None:
    """nginx as a plain reverse proxy in front of the upstream, if nginx is installed."""
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + os.pathsep + "/usr/sbin")
    if nginx is None:
        return None
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="rsp-api-bench-nginx-"))
    temp_paths = " ".join(
        f"{kind}_temp_path {work};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        # One process that does the relaying, so that its CPU time is the relay's.
        f"daemon off; master_process off; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; {temp_paths}\n"
        f"  server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass {upstream.base};\n"
        '    proxy_http_version 1.1; proxy_set_header Connection "";\n'
        "    proxy_buffering off; proxy_buffer_size 256k; proxy_buffers 4 256k; } } }\n"
    )
    process = subprocess.Popen(
        [nginx, "-c", str(work / "nginx.conf"), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.terminate()
    return None


def wait_until_up(session: requests.Session, url: str) -> None:
    for _ in range(150):
        try:
            if session.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise SystemExit("the Jupyter server did not start")


def guard_alone_mb_s(kind: str, piece: int, seconds: float = 1.0) -> float:
    """The reflection guard's own speed on pieces of ``piece`` bytes: random bytes (FITS-like)
    or VOTable text."""
    guard = TokenGuard(TOKEN)
    if kind == "binary":
        chunk = os.urandom(piece)
    else:
        row = b"<TR><TD>1234567890123</TD><TD>62.04431</TD><TD>-37.2211</TD><TD>gt</TD></TR>\n"
        chunk = (row * (piece // len(row) + 1))[:piece]
    scanner = guard.body()
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        scanner.feed(chunk)
        count += 1
    return count * piece / 2**20 / (time.perf_counter() - start)


@dataclass
class Timings:
    """Downloads of one path: seconds each, and CPU seconds of this process and the server."""

    seconds: list[float] = field(default_factory=list)
    own_cpu: float = 0.0
    server_user: float = 0.0
    server_system: float = 0.0

    def best_mbs(self, mb: int) -> float:
        return mb / min(self.seconds)

    def median_mbs(self, mb: int) -> float:
        return mb / statistics.median(self.seconds)


@dataclass
class Target:
    """One checkout of the extension, served twice: with the platform token and without."""

    label: str
    package_dir: Path
    guarded: subprocess.Popen[bytes] | None = None
    unguarded: subprocess.Popen[bytes] | None = None
    base: str = ""
    unguarded_base: str = ""
    idle_mb: float = 0.0
    token: Timings = field(default_factory=Timings)  # svc: the token goes, guard on
    open: Timings = field(default_factory=Timings)  # open service, guard on
    bare: Timings = field(default_factory=Timings)  # open service, no token at all
    paced: Timings = field(default_factory=Timings)
    latencies: list[float] = field(default_factory=list)
    cpu_per_request_ms: float = 0.0

    @property
    def proxy(self) -> str:
        return f"{self.base}/jupyterlab-rsp-api/proxy"

    @property
    def unguarded_proxy(self) -> str:
        return f"{self.unguarded_base}/jupyterlab-rsp-api/proxy"

    def start(self, upstream: Upstream) -> None:
        self.guarded, self.base = start_server(upstream, TOKEN, self.package_dir)
        self.unguarded, self.unguarded_base = start_server(upstream, None, self.package_dir)

    def stop(self) -> None:
        for process in (self.guarded, self.unguarded):
            if process is not None:
                process.terminate()
                process.wait(10)

    @property
    def pid(self) -> int:
        assert self.guarded is not None
        return self.guarded.pid


def timed_download(
    session: requests.Session, url: str, mb: int, into: Timings, server_pid: int | None
) -> None:
    before = cpu_seconds(server_pid) if server_pid else (0.0, 0.0)
    own = time.process_time()
    size, seconds = download(session, url)
    into.own_cpu += time.process_time() - own
    if server_pid:
        after = cpu_seconds(server_pid)
        into.server_user += after[0] - before[0]
        into.server_system += after[1] - before[1]
    assert size == mb * 2**20, f"a download came back short: {url}"
    into.seconds.append(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=512, help="size of the large response")
    parser.add_argument("--requests", type=int, default=500, help="small requests each way")
    parser.add_argument("--rounds", type=int, default=3, help="large downloads each way")
    parser.add_argument(
        "--fill", choices=("random", "text", "x"), default="random", help="large body's bytes"
    )
    parser.add_argument("--link", type=float, default=250, help="paced link, MB/s (0: none)")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure alongside")
    args = parser.parse_args()
    mb: int = args.mb

    targets = [Target("this checkout", REPO)]
    if args.baseline is not None:
        targets.append(Target(f"baseline {args.baseline}", args.baseline.resolve()))
    load_before = os.getloadavg()
    upstream = Upstream().start()
    nginx = start_nginx(upstream)
    lab = requests.Session()
    lab.headers["Authorization"] = f"token {LAB_TOKEN}"
    direct = requests.Session()
    direct.headers["Authorization"] = f"Bearer {TOKEN}"
    big = f"big?mb={mb}&fill={args.fill}"
    direct_t, nginx_t, direct_paced = Timings(), Timings(), Timings()
    try:
        for target in targets:
            target.start(upstream)
        for target in targets:
            wait_until_up(lab, f"{target.proxy}/svc/availability")
            wait_until_up(lab, f"{target.unguarded_proxy}/open/availability")
            target.idle_mb = _status_mb(target.pid, "VmRSS")
            # warm every path once
            download(lab, f"{target.proxy}/svc/big?mb=8&fill={args.fill}")
            download(lab, f"{target.unguarded_proxy}/open/big?mb=8")
        download(direct, f"{upstream.base}/svc/big?mb=8&fill={args.fill}")

        for _ in range(args.rounds):
            timed_download(direct, f"{upstream.base}/svc/{big}", mb, direct_t, None)
            if nginx is not None:
                timed_download(direct, f"{nginx[1]}/svc/{big}", mb, nginx_t, nginx[0].pid)
            for target in targets:
                timed_download(lab, f"{target.proxy}/svc/{big}", mb, target.token, target.pid)
                timed_download(lab, f"{target.proxy}/open/{big}", mb, target.open, target.pid)
                timed_download(lab, f"{target.unguarded_proxy}/open/{big}", mb, target.bare, None)
        if args.link:
            paced = f"{big}&rate={args.link}"
            timed_download(direct, f"{upstream.base}/svc/{paced}", mb, direct_paced, None)
            for target in targets:
                timed_download(lab, f"{target.proxy}/svc/{paced}", mb, target.paced, target.pid)

        direct_latencies: list[float] = []
        status_latencies: list[float] = []
        status = f"{targets[0].base}/api/status"
        for _ in range(20):
            timed_get(direct, f"{upstream.base}/svc/echo")
            timed_get(lab, status)
            for target in targets:
                timed_get(lab, f"{target.proxy}/svc/echo")
        cpu_before = {target.label: sum(cpu_seconds(target.pid)) for target in targets}
        for _ in range(args.requests):
            direct_latencies.append(timed_get(direct, f"{upstream.base}/svc/echo"))
            for target in targets:
                target.latencies.append(timed_get(lab, f"{target.proxy}/svc/echo"))
        for target in targets:
            used = sum(cpu_seconds(target.pid)) - cpu_before[target.label]
            target.cpu_per_request_ms = 1000 * used / args.requests
        status_cpu = sum(cpu_seconds(targets[0].pid))
        for _ in range(args.requests):
            status_latencies.append(timed_get(lab, status))
        status_cpu_ms = 1000 * (sum(cpu_seconds(targets[0].pid)) - status_cpu) / args.requests
        load_after = os.getloadavg()

        def per_mb(seconds: float, timings: Timings) -> float:
            return 1000 * seconds / (len(timings.seconds) * mb)

        direct_mbs = direct_t.best_mbs(mb)
        direct_cpu = per_mb(direct_t.own_cpu, direct_t)
        print(f"proxy benchmark ({os.cpu_count()} cores; upstream, servers and client on loopback)")
        print(
            "  machine load (1/5/15 min)  before "
            + " ".join(f"{v:.2f}" for v in load_before)
            + "   after "
            + " ".join(f"{v:.2f}" for v in load_after)
        )
        print(
            f"  large response: {mb} MB of {args.fill} bytes, best (median) of {args.rounds}; "
            "CPU per MB relayed"
        )
        print(
            f"    direct                  {direct_mbs:7.1f} MB/s ({direct_t.median_mbs(mb):.1f})"
            f"               upstream + client {direct_cpu:.2f} ms"
        )
        if nginx is not None:
            nginx_cpu = per_mb(nginx_t.server_user + nginx_t.server_system, nginx_t)
            print(
                f"    nginx as the proxy      {nginx_t.best_mbs(mb):7.1f} MB/s "
                f"({nginx_t.median_mbs(mb):.1f})  ratio {nginx_t.best_mbs(mb) / direct_mbs:.2f}"
                f"   nginx {nginx_cpu:.2f} ms (a C proxy checking nothing)"
            )
        for target in targets:
            server_cpu = per_mb(target.token.server_user + target.token.server_system, target.token)
            own_cpu = per_mb(target.token.own_cpu, target.token)
            user_cpu = per_mb(target.token.server_user, target.token)
            ratio = target.token.best_mbs(mb) / direct_mbs
            print(
                f"    {target.label[:22]:22}  {target.token.best_mbs(mb):7.1f} MB/s "
                f"({target.token.median_mbs(mb):.1f})  ratio {ratio:.2f}   "
                f"server {server_cpu:.2f} ms (user {user_cpu:.2f}), upstream + client "
                f"{own_cpu:.2f} ms"
            )
            # The Jupyter server relays on one thread: its CPU per MB bounds its throughput.
            print(
                f"      one core at this CPU cost relays at most {1000 / server_cpu:.0f} MB/s: "
                f"ratio {1000 / server_cpu / direct_mbs:.2f} at best"
            )
            open_mbs, bare_mbs = target.open.best_mbs(mb), target.bare.best_mbs(mb)
            print(
                f"      reflection guard: open service {open_mbs:.1f} MB/s with a token to guard, "
                f"{bare_mbs:.1f} with none: costs {100 * (1 - open_mbs / bare_mbs):.1f} %"
            )
        if args.link:
            print(f"  the same over a link paced at {args.link:g} MB/s")
            print(f"    direct                  {direct_paced.best_mbs(mb):7.1f} MB/s")
            for target in targets:
                paced_mbs = target.paced.best_mbs(mb)
                print(
                    f"    {target.label[:22]:22}  {paced_mbs:7.1f} MB/s   ratio "
                    f"{paced_mbs / direct_paced.best_mbs(mb):.2f}"
                )
        d50, d95 = percentile(direct_latencies, 0.5), percentile(direct_latencies, 0.95)
        print(f"  small requests: {args.requests} each way, interleaved; p50 / p95 (added)")
        print(f"    direct                  {d50:6.2f} / {d95:6.2f} ms")
        s50, s95 = percentile(status_latencies, 0.5), percentile(status_latencies, 0.95)
        print(
            f"    Jupyter's /api/status   {s50:6.2f} / {s95:6.2f} ms  ({s50 - d50:+.2f} / "
            f"{s95 - d95:+.2f})   server CPU {status_cpu_ms:.2f} ms per request"
        )
        for target in targets:
            p50, p95 = percentile(target.latencies, 0.5), percentile(target.latencies, 0.95)
            mean = statistics.mean(target.latencies) - statistics.mean(direct_latencies)
            print(
                f"    {target.label[:22]:22}  {p50:6.2f} / {p95:6.2f} ms  ({p50 - d50:+.2f} / "
                f"{p95 - d95:+.2f}; mean {mean:+.2f})   server CPU "
                f"{target.cpu_per_request_ms:.2f} ms per request"
            )
        print("  Jupyter server memory")
        for target in targets:
            print(
                f"    {target.label[:22]:22}  {target.idle_mb:7.1f} MB after start, "
                f"{_status_mb(target.pid, 'VmHWM'):.1f} MB at its peak (VmHWM)"
            )
        print("  reflection guard alone (this checkout, in this process)")
        for kind in ("binary", "text"):
            for piece in (256 * 1024, 1 << 20):
                alone = guard_alone_mb_s(kind, piece)
                print(f"    {kind:6} {piece >> 10:5} KiB pieces  {alone:8.0f} MB/s")
    finally:
        for target in targets:
            target.stop()
        if nginx is not None:
            nginx[0].terminate()
            nginx[0].wait(10)
        upstream.stop()


if __name__ == "__main__":
    main()
