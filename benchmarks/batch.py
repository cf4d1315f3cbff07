"""`tongguan batch` on a 100k-row XLSX roster → XLSX report (issue 12): where the time goes, stage by stage.

    .venv/bin/python -m benchmarks.batch [ROWS] [--engine NAME] [--sample N]

A generated roster (a mix of ladders, dates over 20 years, assessments, awards, facts missing, series
in and outside the eight opened ones) is written as XLSX, then timed in stages: reading and mapping
the rows (openpyxl, `tongguan.batch.roster`), validating each person (`parse_profile`), the engine
(every person when the back end is fast, else a sample and its cost per person extrapolated), and
writing the two-sheet report (openpyxl write-only).  Prints each stage's seconds and share, in → out
total (target ≤ 60 s), and the ratio of I/O to engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from tongguan.batch import ReportWriter, Screening, open_roster
from tongguan.batch.screen import _Context, screen_entry

SKILLS = ["高级工", "技师", "高级技师", "三级", "二级"]
TITLES = ["助理工程师", "工程师", "高级工程师", "初级", "中级"]
SERIES = ["工程", "工程", "农业", "工艺美术", "卫生", "经济"]
GRADES = ["合格", "合格", "合格", "优秀", "基本合格", None]
AWARDS = [None, None, None, "四川省技术能手", "全国技术能手", "国家级技能竞赛", "世界技能大赛", "中华技能大奖"]
HEADER = ["工号", "姓名", "系列", "职业（工种）", "参加工作时间", "职业技能等级1", "技能取得时间1", "职业技能等级2",
          "技能取得时间2", "职称1", "职称取得时间1", "2022年度考核", "2023年度考核", "2024年度考核", "遵纪守法",
          "职业道德", "长期坚守生产服务一线", "奖项1", "获奖年份1", "竞赛类别1", "名次1", "奖牌1"]  # fmt: skip


def _day(rng: random.Random, lo: int, hi: int) -> dt.date:
    return dt.date(rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28))


def roster_rows(n: int, seed: int = 12) -> list[list[object]]:
    """`n` generated roster rows in the columns of `HEADER`."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        start = _day(rng, 1995, 2020)
        s1 = rng.choice(SKILLS) if rng.random() < 0.8 else None
        d1 = _day(rng, max(start.year, 2003), 2024) if s1 and rng.random() < 0.9 else None
        s2 = "高级技师" if s1 in ("技师", "二级") and rng.random() < 0.3 else None
        t1 = rng.choice(TITLES) if rng.random() < 0.3 else None
        award = rng.choice(AWARDS)
        rows.append([
            f"E{i:07d}", f"职工{i}", rng.choice(SERIES), "焊工", start if rng.random() < 0.85 else None, s1, d1, s2,
            _day(rng, 2020, 2024) if s2 else None, t1, _day(rng, 2005, 2024) if t1 else None,
            *(rng.choice(GRADES) for _ in range(3)),
            rng.choice(["是", "是", "是", None]), rng.choice(["是", "是", None]), rng.choice(["是", "否", None]),
            award, rng.randint(2010, 2024) if award else None, "一类" if award == "国家级技能竞赛" else None,
            rng.randint(1, 8) if award == "国家级技能竞赛" else None, "金" if award == "世界技能大赛" else None,
        ])  # fmt: skip
    return rows


def write_roster(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名单")
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    book.save(path)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    engine = "pydatalog"
    sample = 500
    if "--engine" in args:
        engine = args.pop(args.index("--engine") + 1)
        args.remove("--engine")
    if "--sample" in args:
        sample = int(args.pop(args.index("--sample") + 1))
        args.remove("--sample")
    n = int(args[0]) if args else 100_000
    cfg = Screening(backend=engine, as_of=dt.date(2025, 6, 1))
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d, "roster.xlsx"), Path(d, "report.xlsx")
        t = time.perf_counter()
        write_roster(src, roster_rows(n))
        t_gen = time.perf_counter() - t

        t, c = time.perf_counter(), time.process_time()
        entries = list(open_roster(src))
        t_read, c_read = time.perf_counter() - t, time.process_time() - c
        assert len(entries) == n, (len(entries), n)

        ctx = _Context(cfg)
        from tongguan.profile import parse_profile

        t, c = time.perf_counter(), time.process_time()
        for e in entries:
            if e.data is not None:
                with contextlib.suppress(ValueError):
                    parse_profile(e.data, kb=ctx.kb, as_of=cfg.as_of)
        t_parse, c_parse = time.perf_counter() - t, time.process_time() - c

        m = n if engine != "pydatalog" else min(sample, n)
        t, c = time.perf_counter(), time.process_time()
        results = [screen_entry(e, ctx) for e in entries[:m]]
        t_screen, c_screen = time.perf_counter() - t, time.process_time() - c
        t_engine = max(0.0, t_screen - t_parse * m / n) * n / m  # the engine's share, extrapolated to n
        c_engine = max(0.0, c_screen - c_parse * m / n) * n / m

        t, c = time.perf_counter(), time.process_time()
        with ReportWriter(out) as w:
            for i in range(n):
                r = results[i % m]
                r.rows, r.id = str(i + 2), entries[i].id
                w.add(r)
        t_write, c_write = time.perf_counter() - t, time.process_time() - c
        detail = w.rows

    total_io, cpu_io = t_read + t_parse + t_write, c_read + c_parse + c_write
    total, cpu = total_io + t_engine, cpu_io + c_engine
    print(f"{n:,} rows XLSX → XLSX ({detail:,} detail rows), engine {engine}; roster generated in {t_gen:.1f} s")
    print(f"  {'stage':<40} {'wall s':>8} {'cpu s':>8} {'cpu %':>6} {'cpu µs/row':>11}")
    stages = [("read + map (openpyxl)", t_read, c_read), ("validate (parse_profile)", t_parse, c_parse),
              (f"engine ({'all' if m == n else f'{m} sampled, extrapolated'})", t_engine, c_engine),
              ("write report (openpyxl)", t_write, c_write)]  # fmt: skip
    for name, secs, cpus in stages:
        print(f"  {name:<40} {secs:8.1f} {cpus:8.1f} {100 * cpus / cpu:6.1f} {1e6 * cpus / n:11.0f}")
    print(
        f"  in → out without the engine: {total_io:.1f} s wall, {cpu_io:.1f} s cpu; with it {total:.1f} s wall, "
        f"{cpu:.1f} s cpu (target ≤ 60 s)"
    )
    print(f"  engine / I/O (cpu) = {c_engine / cpu_io:.1f}×")


if __name__ == "__main__":
    main()
