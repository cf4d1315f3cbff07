"""A roster under the base policy and a variant: who gains a route, who loses one, whose earliest date moves.

Each person is screened twice through the batch back end (`tongguan.batch.screen_entry`, every option
listed, the ineligible ones too): once under the base KB, once under the variant.  The roster is read
twice (pyDatalog keeps one compiled KB per thread, so all persons go under one policy, then the other),
and only each person's options (status, earliest date) are kept between the passes.

An option (track, level, route) is *open* to a person when it is not ineligible (eligible, eligible on
conditions, or eligible later).  A *gain* is an option open under the variant and not under the base, a
*loss* the reverse; an *earlier* or *later* one is open under both with another earliest date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

from ..batch import Entry, Screening, screen_entry
from ..engine import Engine
from ..kb import KB
from ..labels import STATUS_ZH

__all__ = ["DETAIL_HEADERS", "SUMMARY_HEADERS", "Shift", "Simulation", "detail_bytes", "simulate", "summary_bytes"]

_KINDS = ("gain", "loss", "earlier", "later")
KIND_ZH = {"gain": "获得", "loss": "失去", "earlier": "提前", "later": "推迟"}


@dataclass(frozen=True)
class Shift:
    """One person's change on one option."""

    rows: str
    id: str | None
    name: str | None
    track: str
    option: str
    route: str
    kind: str  # gain, loss, earlier, later
    before: str  # the status before (a code of STATUSES, or "" when the option was not listed)
    after: str
    earliest_before: str | None
    earliest_after: str | None
    days: int | None  # after − before, in days, when both are known


@dataclass
class Simulation:
    """What a reform does to a roster: persons, failures, the shifts and their counts per option."""

    persons: int = 0
    failed: int = 0
    shifts: list[Shift] = field(default_factory=list)

    def summary(self) -> list[dict[str, Any]]:
        """Per option and route: gains, losses, earlier and later dates, and the mean shift in days.

        Examples
        --------
        >>> s = Simulation(2, 0, [Shift("2", "p", "P", "职称评审", "中级", "常规", "earlier", "not_yet",
        ...                              "eligible", "2026-01-01", "2025-01-01", -365)])
        >>> s.summary()[0]["earlier"], s.summary()[0]["mean_days"]
        (1, -365)
        """
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        for s in self.shifts:
            row = out.setdefault((s.track, s.option, s.route), {
                "track": s.track, "option": s.option, "route": s.route, **dict.fromkeys(_KINDS, 0), "days": []})  # fmt: skip
            row[s.kind] += 1
            if s.days is not None and s.kind in ("earlier", "later"):
                row["days"].append(s.days)
        rows = []
        for row in out.values():
            days = row.pop("days")
            row["mean_days"] = round(sum(days) / len(days)) if days else None
            rows.append(row)
        return rows


def _options(entry: Entry, ctx: Any) -> tuple[bool, dict[tuple[str, str, str], tuple[str, str | None]]]:
    r = screen_entry(entry, ctx)
    if r.failed:
        return False, {}
    # an open option without an earliest date is open already: from the day of evaluation
    return True, {(o.track, o.option, o.route): (o.status, o.earliest or (r.as_of if o.status != "ineligible" else None))
                  for o in r.options}  # fmt: skip


def _context(kb: KB, cfg: Screening) -> Any:
    return SimpleNamespace(cfg=cfg, kb=kb, engine=Engine(kb, backend=cfg.backend))


def simulate(
    base: KB,
    variant: KB,
    entries: Callable[[], Iterable[Entry]],
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> Simulation:
    """Screen the roster (`entries` opens it afresh each call) under `base` and `variant`.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.reform import apply_reform, reform_from_data
    >>> base = load_kb()
    >>> v = apply_reform(base, reform_from_data({"name": "x", "changes": [
    ...     {"rule": "title-intermediate-normal", "set": {"years": 2}}]}))
    >>> person = {"series": "工程", "skills": [{"level": "技师", "obtained": "2023-01-01"}], "technical_work_since": "2010-01-01"}
    >>> sim = simulate(base, v, lambda: [Entry(2, 2, data=person)], as_of=dt.date(2025, 6, 1))
    >>> [(s.option, s.kind, s.earliest_before, s.earliest_after, s.days) for s in sim.shifts]
    [('工程系列 中级职称（工程师）', 'earlier', '2026-01-01', '2025-06-01', -214)]
    """
    cfg = Screening(as_of=as_of, today=today, include_ineligible=True)
    ctx = _context(base, cfg)
    before: list[tuple[tuple[str, str | None, str | None], bool, dict[Any, Any]]] = []
    for e in entries():
        ok, opts = _options(e, ctx)
        before.append(((e.rows, e.id, e.name), ok, opts))
    ctx = _context(variant, cfg)
    sim = Simulation()
    for (who, ok, old), e in zip(before, entries(), strict=False):
        sim.persons += 1
        ok2, new = _options(e, ctx)
        if not (ok and ok2):
            sim.failed += 1
            continue
        for key in sorted(set(old) | set(new)):
            s0, d0 = old.get(key, ("", None))
            s1, d1 = new.get(key, ("", None))
            open0, open1 = s0 not in ("", "ineligible"), s1 not in ("", "ineligible")
            days = (dt.date.fromisoformat(d1) - dt.date.fromisoformat(d0)).days if d0 and d1 else None
            if open1 and not open0:
                kind = "gain"
            elif open0 and not open1:
                kind = "loss"
            elif open0 and open1 and d0 != d1 and days is not None:
                kind = "earlier" if days < 0 else "later"
            else:
                continue
            sim.shifts.append(Shift(*who, *key, kind, s0, s1, d0, d1, days))
    return sim


# ---- the report's files -----------------------------------------------------------------------------

DETAIL_HEADERS = ("行", "编号", "姓名", "类别", "层级", "途径", "变化", "改革前", "改革后", "改革前最早日期",
                  "改革后最早日期", "相差天数")  # fmt: skip
SUMMARY_HEADERS = ("类别", "层级", "途径", "获得", "失去", "提前", "推迟", "平均相差天数")


def _detail_rows(sim: Simulation) -> list[list[Any]]:
    def status(code: str) -> str:
        return STATUS_ZH.get(code, "未列出") if code else "未列出"

    return [[s.rows, s.id or "", s.name or "", s.track, s.option, s.route, KIND_ZH[s.kind], status(s.before),
             status(s.after), s.earliest_before or "", s.earliest_after or "", "" if s.days is None else s.days]
            for s in sim.shifts]  # fmt: skip


def _summary_rows(sim: Simulation) -> list[list[Any]]:
    return [[r["track"], r["option"], r["route"], r["gain"], r["loss"], r["earlier"], r["later"],
             "" if r["mean_days"] is None else r["mean_days"]] for r in sim.summary()]  # fmt: skip


def _table(fmt: str, headers: tuple[str, ...], rows: list[list[Any]], records: list[dict[str, Any]]) -> bytes:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # a BOM, so Excel reads it as UTF-8


def summary_bytes(sim: Simulation, fmt: str = "csv") -> bytes:
    """The summary (one row per option and route) as CSV or JSONL."""
    return _table(fmt, SUMMARY_HEADERS, _summary_rows(sim), sim.summary())


def detail_bytes(sim: Simulation, fmt: str = "csv", meta: dict[str, Any] | None = None) -> bytes:
    """The detail (one row per person and option changed) as CSV or JSONL, or the whole report as XLSX
    (sheets 汇总, 明细 and 改革: the variant's identity in `meta`).

    Examples
    --------
    >>> detail_bytes(Simulation()).decode("utf-8-sig").splitlines()[0].split(",")[:3]
    ['行', '编号', '姓名']
    """
    if fmt != "xlsx":
        return _table(fmt, DETAIL_HEADERS, _detail_rows(sim), [asdict(s) for s in sim.shifts])
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, headers, rows in (
        ("汇总", SUMMARY_HEADERS, _summary_rows(sim)),
        ("明细", DETAIL_HEADERS, _detail_rows(sim)),
    ):
        ws = wb.create_sheet(title)
        ws.append(list(headers))
        for row in rows:
            ws.append(row)
    ws = wb.create_sheet("改革")
    for k, v in (meta or {}).items():
        ws.append([str(k), str(v)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
