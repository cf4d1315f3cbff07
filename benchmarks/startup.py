"""Start-up of the command line: `tongguan --help` and `tongguan ask` on the bundled example.

Prints, from one run, the wall time and the CPU time (user + system, of the child process) of each
command (the minimum of several runs, each a fresh process, the commands' runs interleaved), the floor of starting Python itself, and
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


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system, of the child) of one run of a command, in seconds."""
    t = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), args)
    return elapsed, usage.ru_utime + usage.ru_stime


def timed(commands: dict[str, tuple[list[str], bool]], env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """The fastest wall time and the least CPU time of RUNS runs of each command (name → (arguments,
    whether each run gets a fresh cache folder)), in seconds.  The runs are interleaved, one of each
    command a round, so that a burst of the other processes' load falls on every command alike."""
    best = {name: (float("inf"), float("inf")) for name in commands}
    for _ in range(RUNS):
        for name, (args, fresh_cache) in commands.items():
            run_env = dict(env)
            if fresh_cache:
                run_env["TONGGUAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="tg-bench-")
            wall, cpu = run_once(args, run_env)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def main() -> None:
    cache = tempfile.mkdtemp(prefix="tg-bench-cache-")
    env = {**os.environ, "TONGGUAN_CACHE_DIR": cache}
    subprocess.run([str(SCRIPT), "ask", str(EXAMPLE)], env=env, stdout=subprocess.DEVNULL, check=True)  # warm
    ask_args = [str(SCRIPT), "ask", str(EXAMPLE)]
    got = timed(
        {
            "floor": ([sys.executable, "-c", "pass"], False),
            "help": ([str(SCRIPT), "--help"], False),
            "ask": (ask_args, False),
            "cold": (ask_args, True),
            "typer": ([*THROUGH_TYPER, "ask", str(EXAMPLE)], False),
        },
        env,
    )
    floor, help_, ask, cold, typer = (got[n] for n in ("floor", "help", "ask", "cold", "typer"))
    print(f"{'':30}{'wall':>8}{'CPU':>9}")
    print(f"python -c pass (floor)        {floor[0] * 1000:5.0f} ms {floor[1] * 1000:5.0f} ms")
    print(f"tongguan --help               {help_[0] * 1000:5.0f} ms {help_[1] * 1000:5.0f} ms"
          f"   goal 300 ms: {help_[0] / 0.3:.2f}× the goal (wall), {help_[1] / 0.3:.2f}× (CPU)")
    print(f"tongguan ask (policy cached)  {ask[0] * 1000:5.0f} ms {ask[1] * 1000:5.0f} ms"
          f"   goal 500 ms: {ask[0] / 0.5:.2f}× the goal (wall), {ask[1] / 0.5:.2f}× (CPU)")
    print(f"tongguan ask (policy parsed)  {cold[0] * 1000:5.0f} ms {cold[1] * 1000:5.0f} ms"
          f"   the disk cache saves {cold[0] / ask[0]:.2f}× (wall), {cold[1] / ask[1]:.2f}× (CPU)")
    print(f"tongguan ask through typer    {typer[0] * 1000:5.0f} ms {typer[1] * 1000:5.0f} ms"
          f"   the quick path saves {typer[0] / ask[0]:.2f}× (wall), {typer[1] / ask[1]:.2f}× (CPU)")


if __name__ == "__main__":
    main()
