"""Proxy benchmark: prints figures, asserts nothing.

A real upstream (aiohttp, in this process) and a real Jupyter server with the extension (a child
process). It measures, in one run:
- throughput of a large response fetched directly and through the proxy, and their ratio;
- the latency the proxy adds to small requests (p50, p95 over 500 requests each way);
- the peak memory (VmHWM) of the Jupyter server process.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=512, help="size of the large response")
    parser.add_argument("--requests", type=int, default=500, help="small requests each way")
    args = parser.parse_args()

    upstream = Upstream().start()
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="rsp-api-bench-"))
    (work / "token").write_text(TOKEN)
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
            "services": [
                {"id": "svc", "title": "Bench", "kind": "tap", "url": f"{upstream.base}/svc"}
            ],
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
    proxy = f"http://127.0.0.1:{port}/jupyterlab-rsp-api/proxy/svc"
    lab = requests.Session()
    lab.headers["Authorization"] = f"token {LAB_TOKEN}"
    direct = requests.Session()
    direct.headers["Authorization"] = f"Bearer {TOKEN}"
    try:
        for _ in range(100):
            try:
                if lab.get(f"{proxy}/availability", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("the Jupyter server did not start")
        idle_rss = rss_mb(server.pid)

        # warm both paths once
        download(direct, f"{upstream.base}/svc/big?mb=8")
        download(lab, f"{proxy}/big?mb=8")
        size, direct_s = download(direct, f"{upstream.base}/svc/big?mb={args.mb}")
        size_p, proxy_s = download(lab, f"{proxy}/big?mb={args.mb}")
        assert size == size_p == args.mb * 2**20, "a download came back short"
        direct_mbs, proxy_mbs = args.mb / direct_s, args.mb / proxy_s

        latencies(direct, f"{upstream.base}/svc/echo", 20)
        latencies(lab, f"{proxy}/echo", 20)
        d = latencies(direct, f"{upstream.base}/svc/echo", args.requests)
        p = latencies(lab, f"{proxy}/echo", args.requests)

        print(f"proxy benchmark ({os.cpu_count()} cores; upstream and server on loopback)")
        print(f"  large response          {args.mb} MB")
        print(f"    direct                {direct_mbs:8.1f} MB/s")
        print(f"    through the proxy     {proxy_mbs:8.1f} MB/s")
        print(f"    ratio proxy/direct    {proxy_mbs / direct_mbs:8.2f}")
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
        server.terminate()
        server.wait(10)
        upstream.stop()


if __name__ == "__main__":
    main()
