"""Load on the web API: requests/s and p50/p95 latency of /api/ask and /api/explain at 1, 8 and 32 clients.

Starts `tongguan serve` in its own process (so the clients here do not share its interpreter lock) on a
free port, then for each number of clients runs client threads (httpx) for a few seconds each:

* ``ask (repeat)``: the six bundled profiles over and over — what a page's updates look like; answered
  from the server's answer cache after the first of each;
* ``ask (distinct)``: every request a different profile (a bundled one at another date and name), so
  every one runs the engine;
* ``explain (distinct)``: the same for the proof trees.

Prints one row per mode and number of clients, and the ratios measured in the same run (8 clients vs
1, repeat vs distinct).  Goal (issue 13): /api/ask ≥ 100 req/s with p95 ≤ 100 ms at 8 clients.
Run with ``python -m benchmarks.web_load [--seconds 5] [--url http://host:port]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = (1, 8, 32)


def bundled() -> list[dict]:
    from tongguan.documents import read_document

    out = []
    for path in sorted((ROOT / "queries" / "profiles").glob("*.*")):
        data = read_document(path)
        out.append(json.loads(json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat())))
    return out


def distinct(base: list[dict]):
    """An endless stream of different profiles (no two alike: the answer cache never hits)."""
    for i in itertools.count():
        p = dict(base[i % len(base)])
        p["name"] = f"压测{i}"
        p["as_of"] = (dt.date(2025, 6, 1) + dt.timedelta(days=(i // len(base)) % 3000)).isoformat()
        yield p


def encode(profile: dict) -> bytes:
    """A request body, encoded once (the clients' own JSON work is not the server's)."""
    return json.dumps({"profile": profile}, ensure_ascii=False).encode("utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(processes: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    exe = Path(sys.executable).with_name("tongguan")
    cmd = [str(exe), "serve", "--port", str(port), "--processes", str(processes)]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return 0.0


def run(url: str, path: str, bodies, clients: int, seconds: float, pid: int | None = None) -> dict:
    """`clients` threads posting `bodies` to `path` for `seconds`: requests/s, p50, p95 (ms)."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    http = httpx.Client(base_url=url, timeout=120, limits=limits)  # one pool of connections for all clients
    start = threading.Barrier(clients + 1)
    stop = [0.0]

    def client() -> None:
        start.wait()
        while time.perf_counter() < stop[0]:
            with lock:
                body = next(bodies)
            t0 = time.perf_counter()
            r = http.post(path, content=body, headers={"content-type": "application/json"})
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                if r.status_code != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    stop[0] = t0 + seconds
    start.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    http.close()
    q = statistics.quantiles(latencies, n=20) if len(latencies) >= 2 else latencies * 19
    n = len(latencies)
    return {"n": n, "rps": n / wall, "p50": statistics.median(latencies), "p95": q[18], "errors": errors[0],
            "cpu_ms": cpu * 1000 / n if n and cpu else float("nan")}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("WEB_LOAD_SECONDS", 5)))
    ap.add_argument("--url", help="An already running server (default: start `tongguan serve`).")
    ap.add_argument("--processes", type=int, default=1, help="Server processes to start (`serve --processes`).")
    args = ap.parse_args(argv)
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.processes)
    pid = proc.pid if proc is not None and args.processes == 1 else None  # CPU of one process only
    try:
        base = bundled()
        for p in base:  # warm the cache for the repeat mode and both engine threads
            httpx.post(url + "/api/ask", json={"profile": p}, timeout=120)
        modes = [
            ("ask (repeat)", "/api/ask", lambda: itertools.cycle([encode(p) for p in base])),
            ("ask (distinct)", "/api/ask", lambda: (encode(p) for p in distinct(base))),
            ("explain (distinct)", "/api/explain", lambda: (encode(p) for p in distinct(base))),
        ]
        results: dict[tuple[str, int], dict] = {}
        print(f"{'mode':<20} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}"
              f" {'server CPU ms/req':>18}")
        for name, path, make in modes:
            for n in CLIENTS:
                r = results[name, n] = run(url, path, make(), n, args.seconds, pid)
                print(f"{name:<20} {n:>7} {r['n']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['errors']:>6}"
                      f" {r['cpu_ms']:>18.1f}")
        rep, dis = results["ask (repeat)", 8], results["ask (distinct)", 8]
        print(f"ratio 8 clients / 1 client, ask (distinct): {dis['rps'] / results['ask (distinct)', 1]['rps']:.2f}")
        print(f"ratio repeat / distinct at 8 clients, ask: {rep['rps'] / dis['rps']:.1f}")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        ok = rep["rps"] >= 100 and rep["p95"] <= 100
        print(f"goal /api/ask >= 100 req/s, p95 <= 100 ms at 8 clients (repeat): {'met' if ok else 'NOT met'}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
