"""Start-up of the command line: `tongguan --help` and `tongguan ask` on the bundled example.

Prints, from one run, the wall time of each command (the minimum of several runs, each a fresh process),
the floor of starting Python itself, and the ratios: ask with the parsed policy cached on disk against
ask parsing the policy anew (a fresh cache folder), and each command against the goals of issue 10
(--help ≤ 0.3 s, ask ≤ 0.5 s on these 2 cores).  Run with ``python -m benchmarks.startup``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"
SCRIPT = Path(sys.executable).parent / "tongguan"
RUNS = 7


def wall(args: list[str], env: dict[str, str], fresh_cache: bool = False) -> float:
    """The fastest of RUNS runs of a command, in seconds (a fresh cache folder per run if asked)."""
    best = float("inf")
    for _ in range(RUNS):
        run_env = dict(env)
        if fresh_cache:
            run_env["TONGGUAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="tg-bench-")
        t = time.perf_counter()
        subprocess.run(args, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    cache = tempfile.mkdtemp(prefix="tg-bench-cache-")
    env = {**os.environ, "TONGGUAN_CACHE_DIR": cache}
    subprocess.run([str(SCRIPT), "ask", str(EXAMPLE)], env=env, stdout=subprocess.DEVNULL, check=True)  # warm
    floor = wall([sys.executable, "-c", "pass"], env)
    help_ = wall([str(SCRIPT), "--help"], env)
    ask = wall([str(SCRIPT), "ask", str(EXAMPLE)], env)
    cold = wall([str(SCRIPT), "ask", str(EXAMPLE)], env, fresh_cache=True)
    print(f"python -c pass (floor)        {floor * 1000:7.0f} ms")
    print(f"tongguan --help               {help_ * 1000:7.0f} ms   goal 300 ms: {help_ / 0.3:.2f}× the goal")
    print(f"tongguan ask (policy cached)  {ask * 1000:7.0f} ms   goal 500 ms: {ask / 0.5:.2f}× the goal")
    print(f"tongguan ask (policy parsed)  {cold * 1000:7.0f} ms   the disk cache saves {cold / ask:.2f}×")


if __name__ == "__main__":
    main()
