"""Start-up of the command line: `tongguan --help` and `tongguan ask` on the bundled example.

Prints, from one run, the wall time and the CPU time (user + system, of the child process) of each
command (the minimum of several runs, each a fresh process), the floor of starting Python itself, and
the ratios: ask with the parsed policy cached on disk against ask parsing the policy anew (a fresh
cache folder), and each command against the goals of issue 10 (--help ≤ 0.3 s, ask ≤ 0.5 s on these 2
cores), and a plain ``ask`` (run without typer, `tongguan.cli.quick`) against the same ``ask`` through
typer's command line (`tongguan.cli.application.run`, as every ``ask`` ran before).  The CPU time is the figure to compare on a shared machine: the wall time grows with the other
processes' load, the CPU time much less.  Run with ``python -m benchmarks.startup``.
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
THROUGH_TYPER = [sys.executable, "-c", "import sys; from tongguan.cli.application import run; run(sys.argv[1:])"]


def timed(args: list[str], env: dict[str, str], fresh_cache: bool = False) -> tuple[float, float]:
    """The fastest wall time and the least CPU time (user + system) of RUNS runs of a command, in
    seconds (a fresh cache folder per run if asked)."""
    best_wall = best_cpu = float("inf")
    for _ in range(RUNS):
        run_env = dict(env)
        if fresh_cache:
            run_env["TONGGUAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="tg-bench-")
        t = time.perf_counter()
        child = subprocess.Popen(args, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, args)
        best_wall = min(best_wall, elapsed)
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
    return best_wall, best_cpu


def main() -> None:
    cache = tempfile.mkdtemp(prefix="tg-bench-cache-")
    env = {**os.environ, "TONGGUAN_CACHE_DIR": cache}
    subprocess.run([str(SCRIPT), "ask", str(EXAMPLE)], env=env, stdout=subprocess.DEVNULL, check=True)  # warm
    floor = timed([sys.executable, "-c", "pass"], env)
    help_ = timed([str(SCRIPT), "--help"], env)
    ask = timed([str(SCRIPT), "ask", str(EXAMPLE)], env)
    cold = timed([str(SCRIPT), "ask", str(EXAMPLE)], env, fresh_cache=True)
    typer = timed([*THROUGH_TYPER, "ask", str(EXAMPLE)], env)
    print(f"{'':30}{'wall':>8}{'CPU':>9}")
    print(f"python -c pass (floor)        {floor[0] * 1000:5.0f} ms {floor[1] * 1000:5.0f} ms")
    print(f"tongguan --help               {help_[0] * 1000:5.0f} ms {help_[1] * 1000:5.0f} ms"
          f"   goal 300 ms: {help_[0] / 0.3:.2f}× the goal (wall), {help_[1] / 0.3:.2f}× (CPU)")
    print(f"tongguan ask (policy cached)  {ask[0] * 1000:5.0f} ms {ask[1] * 1000:5.0f} ms"
          f"   goal 500 ms: {ask[0] / 0.5:.2f}× the goal (wall), {ask[1] / 0.5:.2f}× (CPU)")
    print(f"tongguan ask (policy parsed)  {cold[0] * 1000:5.0f} ms {cold[1] * 1000:5.0f} ms"
          f"   the disk cache saves {cold[0] / ask[0]:.2f}× (wall), {cold[1] / ask[1]:.2f}× (CPU)")
    print(f"tongguan ask through typer    {typer[0] * 1000:5.0f} ms {typer[1] * 1000:5.0f} ms"
          f"   without typer: {typer[0] / ask[0]:.2f}× faster (wall), {typer[1] / ask[1]:.2f}× (CPU)")


if __name__ == "__main__":
    main()
