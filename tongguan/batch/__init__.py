"""Screening a roster: who, of a whole staff or register, can apply for what (`tongguan batch`).

The parts: `columns` (the Chinese headers ↔ profile fields, rows → a profile mapping), `roster`
(reading JSONL, CSV, XLSX and Parquet lazily and bounded), `screen` (each person through the engine,
in worker processes), `report` (the report written incrementally and atomically), `template` (the
roster template filled with the bundled example profiles).  docs/roster.md describes the formats.

Examples
--------
>>> import datetime as dt, tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "r.csv").write_text("姓名,职业技能等级,取得时间\\n张三,技师,2019-03-01\\n李四,九级,\\n", encoding="utf-8")
>>> done = run_batch(open_roster(d / "r.csv"), ReportWriter(d / "out.jsonl"), Screening(as_of=dt.date(2025, 6, 1)))
>>> done.persons, done.failed
(2, 1)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .columns import HEADERS, RowError, parse_header
from .report import REPORT_FORMATS, ReportWriter, report_format
from .roster import ROSTER_FORMATS, Entry, Roster, RosterLimits, open_roster, roster_format
from .screen import Result, Screening, default_jobs, screen, screen_entry

__all__ = [
    "HEADERS",
    "REPORT_FORMATS",
    "ROSTER_FORMATS",
    "Done",
    "Entry",
    "ReportWriter",
    "Result",
    "Roster",
    "RosterLimits",
    "RowError",
    "Screening",
    "default_jobs",
    "open_roster",
    "parse_header",
    "report_format",
    "roster_format",
    "run_batch",
    "screen",
    "screen_entry",
]


@dataclass(frozen=True)
class Done:
    """What a batch did: persons screened, of which failed, and rows written."""

    persons: int
    failed: int
    rows: int


def run_batch(
    roster: Roster,
    writer: ReportWriter,
    cfg: Screening,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Done:
    """Screen every person of `roster` into `writer`, streaming; the report is in place when this returns.

    Any exception (Ctrl-C included) drops the partial report and closes the roster; `progress` is
    called with the number of persons done after each one.
    """
    try:
        with writer:
            for n, result in enumerate(screen(roster, cfg, jobs=jobs), start=1):
                writer.add(result)
                if progress is not None:
                    progress(n)
    finally:
        roster.close()
    return Done(writer.persons, writer.failed, writer.rows)
