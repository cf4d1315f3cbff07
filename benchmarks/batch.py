"""`tongguan batch` on a 100k-row XLSX roster → XLSX report (issue 12): where the time goes, stage by stage.

    .venv/bin/python -m benchmarks.batch [ROWS] [--engine NAME] [--sample N] [--in xlsx|jsonl] [--out xlsx|parquet|…] [--roster FILE]

A generated roster (a mix of ladders, dates over 20 years, assessments, awards, facts missing, series
in and outside the eight opened ones) is written as XLSX, then timed in stages: reading and mapping
the rows (calamine, `tongguan.batch.roster`), validating each person (`parse_profile`), their facts
(`engine.facts.profile_facts`), the engine (a sample, one chunk on a set-at-a-time back end, its cost
per person extrapolated), and writing the two-sheet report (`tongguan.batch.xlsx`).  ``--in jsonl``
reads a roster of `benchmarks.roster_gen` instead; ``--out parquet`` writes the long table.  Prints each stage's seconds and share, in → out
total (target ≤ 60 s), and the ratio of I/O to engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from tongguan.batch import ReportWriter, Screening, open_roster
from tongguan.batch.screen import _Context, screen_chunk

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


def _option(args: list[str], name: str, default: str) -> str:
    if name in args:
        value = args.pop(args.index(name) + 1)
        args.remove(name)
        return value
    return default


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    engine = _option(args, "--engine", "pydatalog")
    sample = int(_option(args, "--sample", "500"))
    fmt_in, fmt_out = _option(args, "--in", "xlsx"), _option(args, "--out", "xlsx")
    given = _option(args, "--roster", "")
    n = int(args[0]) if args else 100_000
    cfg = Screening(backend=engine, as_of=dt.date(2025, 6, 1))
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d, f"roster.{fmt_in}"), Path(d, f"report.{fmt_out}")
        t = time.perf_counter()
        if given:  # a roster made beforehand (of n rows)
            src = Path(given)
        elif fmt_in == "xlsx":
            write_roster(src, roster_rows(n))
        else:
            from benchmarks.roster_gen import write_jsonl

            write_jsonl(src, n)
        t_gen = time.perf_counter() - t

        ctx = _Context(cfg)
        from tongguan.engine.facts import profile_facts
        from tongguan.profile import parse_profile

        # the stages chunk by chunk (10,000 persons), so a million persons fit in memory as the batch does
        t_read = c_read = t_parse = c_parse = t_facts = c_facts = 0.0
        roster = iter(open_roster(src))
        count, ids, head = 0, [], []
        while True:
            t, c = time.perf_counter(), time.process_time()
            entries = list(itertools.islice(roster, 10_000))
            t_read, c_read = t_read + time.perf_counter() - t, c_read + time.process_time() - c
            if not entries:
                break
            count += len(entries)
            ids.extend(e.id for e in entries)
            if len(head) < sample:
                head.extend(entries[: sample - len(head)])
            t, c = time.perf_counter(), time.process_time()
            people = []
            for e in entries:
                if e.data is not None:
                    with contextlib.suppress(ValueError):
                        people.append(parse_profile(e.data, kb=ctx.kb, as_of=cfg.as_of))
            t_parse, c_parse = t_parse + time.perf_counter() - t, c_parse + time.process_time() - c
            t, c = time.perf_counter(), time.process_time()
            for person in people:
                profile_facts(ctx.kb, person)
            t_facts, c_facts = t_facts + time.perf_counter() - t, c_facts + time.process_time() - c
        assert count == n, (count, n)

        m = min(sample, n)
        t, c = time.perf_counter(), time.process_time()
        results = screen_chunk(head, ctx)  # the engine evaluates the sample as one chunk when it can
        t_screen, c_screen = time.perf_counter() - t, time.process_time() - c
        share = m / n  # the engine's share: what screening the sample cost beyond validating and facts
        t_engine = max(0.0, t_screen - (t_parse + t_facts) * share) / share
        c_engine = max(0.0, c_screen - (c_parse + c_facts) * share) / share

        t, c = time.perf_counter(), time.process_time()
        with ReportWriter(out) as w:
            for i in range(n):
                r = results[i % m]
                r.rows, r.id = str(i + 2), ids[i]
                w.add(r)
        t_write, c_write = time.perf_counter() - t, time.process_time() - c
        detail, size = w.rows, out.stat().st_size

    total_io, cpu_io = t_read + t_parse + t_facts + t_write, c_read + c_parse + c_facts + c_write
    total, cpu = total_io + t_engine, cpu_io + c_engine
    print(f"{n:,} rows {fmt_in.upper()} → {fmt_out.upper()} ({detail:,} report rows, {size / 1e6:.0f} MB), "
          f"engine {engine}; roster generated in {t_gen:.1f} s")  # fmt: skip
    print(f"  {'stage':<44} {'wall s':>8} {'cpu s':>8} {'cpu %':>6} {'cpu µs/row':>11}")
    reader = {"xlsx": "calamine", "jsonl": "json.loads"}.get(fmt_in, fmt_in)
    writer = {"xlsx": "tongguan.batch.xlsx", "parquet": "pyarrow"}.get(fmt_out, fmt_out)
    stages = [(f"read + map ({reader})", t_read, c_read), ("validate (parse_profile)", t_parse, c_parse),
              ("facts (profile_facts)", t_facts, c_facts),
              (f"engine ({'all' if m == n else f'{m} sampled, extrapolated'})", t_engine, c_engine),
              (f"write report ({writer})", t_write, c_write)]  # fmt: skip
    for name, secs, cpus in stages:
        print(f"  {name:<44} {secs:8.1f} {cpus:8.1f} {100 * cpus / cpu:6.1f} {1e6 * cpus / n:11.0f}")
    print(
        f"  in → out without the engine: {total_io:.1f} s wall, {cpu_io:.1f} s cpu; with it {total:.1f} s wall, "
        f"{cpu:.1f} s cpu (targets: 100k XLSX ≤ 60 s, 1M JSONL → Parquet ≤ 10 s)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  engine / I/O (cpu) = {c_engine / cpu_io:.1f}×; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
