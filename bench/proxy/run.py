"""Proxy benchmark: prints figures, asserts nothing.

A real upstream (aiohttp, in this process) and a real Jupyter server with the extension (a child
process). It measures, in one run:
- throughput of a large response fetched directly and through the proxy, and their ratio;
- the latency the proxy adds to small requests (p50, p95 over 500 requests each way);
- the peak memory (VmHWM) of the Jupyter server process;
- the cost of the reflection guard (every byte sent to the browser is searched for the token's
  forms while a token is available): the same large response through a second server that has
  no token (so nothing to guard), and the guard alone on 256 KiB chunks in this process.

Usage: .venv/bin/python bench/proxy/run.py [--mb 512] [--requests 500]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from jupyterlab_rsp_api.proxy import CHUNK_SIZE  # noqa: E402
from jupyterlab_rsp_api.reflection import TokenGuard  # noqa: E402
from jupyterlab_rsp_api.tests.upstream import Upstream  # noqa: E402

TOKEN = "bench-upstream-token"
LAB_TOKEN = "bench-lab-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def download(session: requests.Session, url: str) -> tuple[int, float]:
    start = time.perf_counter()
    total = 0
    with session.get(url, stream=True, timeout=600) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=1 << 20):
            total += len(chunk)
    return total, time.perf_counter() - start


def latencies(session: requests.Session, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = session.get(url, timeout=30)
        response.raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def start_server(upstream: Upstream, token: str | None) -> tuple[subprocess.Popen[bytes], str]:
    """A Jupyter server with the extension; with ``token=None`` it has no platform token."""
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
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "server"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}/jupyterlab-rsp-api/proxy"


def wait_until_up(session: requests.Session, url: str) -> None:
    for _ in range(100):
        try:
            if session.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise SystemExit("the Jupyter server did not start")


def guard_alone_mb_s(kind: str, seconds: float = 1.0) -> float:
    """The reflection guard's own speed on 256 KiB chunks: random bytes (FITS-like) or text."""
    # Shaped like a Gafaelfawr token: gt-<22 base64url>.<22 base64url>.
    guard = TokenGuard("gt-egFzTAfGekT_DjIrrk2QZw.3fLyeRRscvk54GGnLi4_wQ")
    if kind == "binary":
        chunk = os.urandom(CHUNK_SIZE)
    else:
        row = b"<TR><TD>1234567890123</TD><TD>62.04431</TD><TD>-37.2211</TD><TD>gt</TD></TR>\n"
        chunk = (row * (CHUNK_SIZE // len(row) + 1))[:CHUNK_SIZE]
    scanner = guard.body()
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        scanner.feed(chunk)
        count += 1
    return count * CHUNK_SIZE / 2**20 / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=512, help="size of the large response")
    parser.add_argument("--requests", type=int, default=500, help="small requests each way")
    args = parser.parse_args()

    upstream = Upstream().start()
    server, proxy = start_server(upstream, TOKEN)
    unguarded_server, unguarded_proxy = start_server(upstream, None)
    proxy = f"{proxy}/svc"
    lab = requests.Session()
    lab.headers["Authorization"] = f"token {LAB_TOKEN}"
    direct = requests.Session()
    direct.headers["Authorization"] = f"Bearer {TOKEN}"
    try:
        wait_until_up(lab, f"{proxy}/availability")
        wait_until_up(lab, f"{unguarded_proxy}/open/availability")
        idle_rss = rss_mb(server.pid)

        # warm both paths once
        download(direct, f"{upstream.base}/svc/big?mb=8")
        download(lab, f"{proxy}/big?mb=8")
        size, direct_s = download(direct, f"{upstream.base}/svc/big?mb={args.mb}")
        size_p, proxy_s = download(lab, f"{proxy}/big?mb={args.mb}")
        assert size == size_p == args.mb * 2**20, "a download came back short"
        direct_mbs, proxy_mbs = args.mb / direct_s, args.mb / proxy_s
        # The guard's cost end to end: one service without the token, through a server that has
        # the token (guard on) and one that has none (nothing to guard). Interleaved, best of
        # five each, so that other load on the machine hits both alike.
        open_path = f"open/big?mb={args.mb}"
        download(lab, f"{unguarded_proxy}/open/big?mb=8")
        guarded = unguarded = float("inf")
        for _ in range(5):
            guarded = min(guarded, download(lab, f"{proxy[: -len('/svc')]}/{open_path}")[1])
            unguarded = min(unguarded, download(lab, f"{unguarded_proxy}/{open_path}")[1])
        guarded_mbs, unguarded_mbs = args.mb / guarded, args.mb / unguarded

        latencies(direct, f"{upstream.base}/svc/echo", 20)
        latencies(lab, f"{proxy}/echo", 20)
        d = latencies(direct, f"{upstream.base}/svc/echo", args.requests)
        p = latencies(lab, f"{proxy}/echo", args.requests)

        print(f"proxy benchmark ({os.cpu_count()} cores; upstream and server on loopback)")
        print(f"  large response          {args.mb} MB")
        print(f"    direct                {direct_mbs:8.1f} MB/s")
        print(f"    through the proxy     {proxy_mbs:8.1f} MB/s")
        print(f"    ratio proxy/direct    {proxy_mbs / direct_mbs:8.2f}")
        print("  reflection guard (token searched for in every byte sent to the browser)")
        print(f"    proxy, guard on       {guarded_mbs:8.1f} MB/s   (best of 5, auth-none service)")
        print(f"    proxy, no token       {unguarded_mbs:8.1f} MB/s   (nothing to guard)")
        print(f"    throughput cost       {100 * (1 - guarded_mbs / unguarded_mbs):8.1f} %")
        for kind in ("binary", "text"):
            alone = guard_alone_mb_s(kind)
            share = 100 * (1 / alone) / (1 / guarded_mbs)
            print(f"    guard alone, {kind:6}   {alone:8.0f} MB/s   ({share:.1f} % of proxy time)")
        print(f"  small requests          {args.requests} each way")
        print(
            f"    direct p50 / p95      {percentile(d, 0.5):6.2f} / {percentile(d, 0.95):6.2f} ms"
        )
        print(
            f"    proxy  p50 / p95      {percentile(p, 0.5):6.2f} / {percentile(p, 0.95):6.2f} ms"
        )
        print(
            "    added  p50 / p95      "
            f"{percentile(p, 0.5) - percentile(d, 0.5):6.2f} / "
            f"{percentile(p, 0.95) - percentile(d, 0.95):6.2f} ms"
        )
        print(f"    mean added            {statistics.mean(p) - statistics.mean(d):6.2f} ms")
        print("  Jupyter server memory")
        print(f"    after start           {idle_rss:8.1f} MB")
        print(f"    peak (VmHWM)          {peak_rss_mb(server.pid):8.1f} MB")
    finally:
        for process in (server, unguarded_server):
            process.terminate()
            process.wait(10)
        upstream.stop()


if __name__ == "__main__":
    main()
