"""Cost of explanations: explaining every option of a profile against answering without explanations.

For each bundled profile in queries/profiles/, prints the ratio

    cost(explain every option: proof trees + why-nots, `tongguan.explain.explain`, levels held included)
    / cost(answer without explanations: `Engine.evaluate`)

each cost the minimum over repeated, interleaved runs after a warm-up (pyDatalog compiled once per thread;
the minimum is the least disturbed by other processes on the machine).  The goal
is a ratio of at most 3 for the typical profile (the welder, `make run`'s example).  Also prints, for
information, the cost of one what-would-change target analysis in the same unit (answers).  Run with
``python -m benchmarks.explain_cost``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tongguan import Engine, load_kb, load_profile
from tongguan.explain import explain, what_would_change

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "queries" / "profiles"
TYPICAL = "welder-senior-technician.yaml"
GOAL = 3.0


def costs(fns: list[Callable[[], object]], repeat: int = 41) -> list[float]:
    """Minimum wall time of each of `fns` over `repeat` interleaved rounds, after two warm-up rounds."""
    for _ in range(2):
        for fn in fns:
            fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def ratio(path: Path) -> tuple[float, float, int]:
    """(explain / answer, answer seconds, options explained) for one profile."""
    kb = load_kb()
    person = load_profile(path, kb=kb)
    engine = Engine(kb)
    n = len(explain(person, kb, include_held=True).options)
    answer, full = costs([lambda: engine.evaluate(person), lambda: explain(person, kb, include_held=True)])
    return full / answer, answer, n


def main() -> None:
    """Print the ratio for every bundled profile, the typical one first, and whether the goal is met."""
    paths = sorted(PROFILES.glob("*.*"), key=lambda p: (p.name != TYPICAL, p.name))
    worst = 0.0
    for path in paths:
        r, answer, n = ratio(path)
        worst = max(worst, r)
        mark = "  <- typical" if path.name == TYPICAL else ""
        print(f"{path.name:40s} explain/answer = {r:4.2f}  ({n} options, answer {answer * 1000:.1f} ms){mark}")
    kb = load_kb()
    person = load_profile(PROFILES / TYPICAL, kb=kb)
    engine = Engine(kb)
    answer, target = costs([lambda: engine.evaluate(person), lambda: what_would_change(person, "title:正高级", kb)], 5)
    print(f"what_would_change(title:正高级) / answer = {target / answer:.1f} (information; no goal)")
    typical = ratio(PROFILES / TYPICAL)[0]
    print(f"typical profile: explain every option / answer = {typical:.2f} (goal <= {GOAL}): "
          f"{'met' if typical <= GOAL else 'NOT met'}; worst bundled profile {worst:.2f}")


if __name__ == "__main__":
    main()
