"""A query over a roster: 10,000 people, read from JSONL, validated, and asked one query each.

Prints, for the saved roster query over the person's facts (`roster-technician-three-years`), the
time for 10,000 people end to end (read, validate, evaluate, goal ≤ 10 s) and per person, the ratio
of 10,000 to 1,000 people per person (1.0 = linear), and for a query through derived atoms
(``skill_at_least``: the engine's session per person) the cost per person on 500 people, with its
ratio to the facts-only query.  Run with ``python -m benchmarks.query_roster``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from benchmarks.ask_throughput import people
from tongguan import load_kb
from tongguan.query import parse_query, run_roster
from tongguan.query.roster import read_roster
from tongguan.query.saved import find_saved


def write_roster(n: int, folder: Path) -> Path:
    path = folder / f"roster-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for p in people(n):
            fh.write(json.dumps(p.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n")
    return path


def timed(kb, text: str, path: Path) -> tuple[float, int, float]:
    """Wall time, answers, and the process's CPU time (the fairer figure on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = list(run_roster(parse_query(text, kb), kb, read_roster(path, kb)))
    return time.perf_counter() - start, len(rows), time.process_time() - cpu


def main() -> None:
    kb = load_kb()
    text = find_saved("roster-technician-three-years").query
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small, derived = write_roster(10_000, folder), write_roster(1_000, folder), write_roster(500, folder)
        t_big, n_big, cpu_big = timed(kb, text, big)
        t_small, _, _ = timed(kb, text, small)
        t_derived, _, _ = timed(kb, "skill_at_least(技师, D)", derived)
    per_big, per_small, per_derived = t_big / 10_000, t_small / 1_000, t_derived / 500
    print(f"facts-only query, 10,000 people: {t_big:.2f} s wall, {cpu_big:.2f} s CPU "
          f"({per_big * 1e3:.2f} ms a person, {n_big} answers; goal ≤ 10 s)")
    print(f"per person, 10,000 vs 1,000 people: {per_big / per_small:.2f}")
    print(f"derived query (skill_at_least, engine session each): {per_derived * 1e3:.2f} ms a person, "
          f"{per_derived / per_big:.1f}× the facts-only query")


if __name__ == "__main__":
    main()
