"""`tongguan reform` against one batch run (issue 15: a reform over a roster ≤ 2× one batch run).

    .venv/bin/python -m benchmarks.reform [ROWS]

The generated roster of `benchmarks.batch` (default 300 rows, CSV), screened once as `tongguan batch`
screens it (one process, every option listed), then run under the base and the variant of
queries/reforms/technician-two-years.yaml (`tongguan.reform.simulate`).  Prints both times and their ratio.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.batch import HEADER, roster_rows
from tongguan.batch import Screening, open_roster
from tongguan.batch.screen import _Context, screen_entry
from tongguan.kb import load_kb
from tongguan.reform import apply_reform, load_reform
from tongguan.reform.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]


def main(rows: int = 300) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            for row in roster_rows(rows):
                w.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
        day = dt.date(2025, 6, 1)
        base = load_kb()
        variant = apply_reform(base, load_reform(ROOT / "queries/reforms/technician-two-years.yaml"))
        t0 = time.perf_counter()
        ctx = _Context(Screening(as_of=day, include_ineligible=True))
        for e in open_roster(path):
            screen_entry(e, ctx)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        sim = simulate(base, variant, lambda: iter(open_roster(path)), as_of=day)
        two = time.perf_counter() - t0
    print(f"{rows} persons: one batch pass {one:.2f} s, reform (base + variant) {two:.2f} s, "
          f"ratio {two / one:.2f} (target ≤ 2); {len(sim.shifts)} changes, {sim.failed} rows failed")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
