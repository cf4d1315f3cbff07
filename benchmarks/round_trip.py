"""A roster end to end through the real CLI, and a check that no row was lost (issue 12).

    .venv/bin/python -m benchmarks.round_trip N IN_FORMAT OUT_FORMAT [--engine duckdb] [--jobs 2]
        [--bad 0.003] [--dir DIR] [--keep] [--no-tty]

e.g. ``round_trip 100000 xlsx xlsx`` and ``round_trip 1000000 jsonl parquet``.  Generates the roster
(`benchmarks.roster_gen`, seeded, `--bad` of its rows spoiled), runs ``tongguan batch ROSTER -o REPORT
--engine E --jobs J --as-of 2025-06-01`` as a subprocess (under a pseudo-terminal, so that its progress
bar says how far it got; ``--no-tty`` pipes it instead, quiet), samples the process tree's memory every
second, then reads the report back and checks that every input row is in it exactly once (its 行号),
with the 工号 it was given, and that the rows which failed are exactly the spoiled ones.  Prints wall,
CPU (the CLI and its workers), peak RSS (the tree's sum, and the largest process), persons/s and the
load average before and after; a progress line every 30 s while it runs (``--log FILE`` copies them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.roster_gen import AS_OF, JSONL_FAULTS, TABLE_FAULTS, WRITERS, faults, table_id

_PROGRESS = re.compile(rb"(\d+)/(\d+|\?)")  # rich's MofN column: 1234/5000, or 1234/? when the total is unknown (JSONL)


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest) resident set of `root` and its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(d))
        rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = largest = 0
    todo = [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        largest = max(largest, rss.get(p, 0))
        todo += children.get(p, [])
    return total, largest


def run_cli(cmd: list[str], tty: bool, log: Path | None) -> dict[str, float]:
    """Run `cmd`, sampling memory and (on a pseudo-terminal) the progress bar; its figures."""
    state = {"done": 0, "total": 0, "peak": 0, "largest": 0}
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = bytearray()
    if tty:
        import pty

        master, slave = pty.openpty()
        os.set_inheritable(slave, True)
        env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
        os.close(slave)

        def pump() -> None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                found = _PROGRESS.findall(chunk)
                if found:
                    state["done"] = int(found[-1][0])
                    state["total"] = int(found[-1][1]) if found[-1][1] != b"?" else 0
                out.extend(chunk[-4096:])
                del out[:-8192]

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
    else:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        reader = threading.Thread(target=lambda: out.extend(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
        reader.start()
    last = 0.0
    while proc.poll() is None:
        total, largest = _tree_rss(proc.pid)
        state["peak"], state["largest"] = max(state["peak"], total), max(state["largest"], largest)
        now = time.perf_counter() - t0
        if now - last >= 30:
            last = now
            rate = state["done"] / now if now else 0
            seen = (f"{state['done']:,}/{state['total']:,} persons, {rate:,.0f}/s, " if tty
                    else "")  # without a terminal there is no progress bar to read
            line = (f"  [{now:7.0f} s] {seen}"
                    f"RSS {total / 2**20:,.0f} MB, load {os.getloadavg()[0]:.1f}")  # fmt: skip
            print(line, flush=True)
            if log is not None:
                with log.open("a") as fh:
                    fh.write(line + "\n")
        time.sleep(1)
    wall = time.perf_counter() - t0
    reader.join(timeout=5)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", bytes(out)).decode("utf-8", "replace").strip()
    return {"rc": proc.returncode, "wall": wall, "cpu": cpu, "peak": state["peak"], "largest": state["largest"],
            "tail": tail[-500:]}  # fmt: skip


def report_rows(path: Path, fmt: str) -> list[tuple[str, str | None, bool]]:
    """(行号, 工号, failed) of each person in the report (its summary: one row a person)."""
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("汇总")
        rows = iter(sheet.iter_rows())
        head = next(rows)
        r, i, res = head.index("行号"), head.index("工号"), head.index("结果")
        return [(str(v[r]), (str(v[i]) or None) if v[i] != "" else None, v[res] == "有误") for v in rows]
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    t = pq.read_table(path, columns=["rows", "id", "result"])
    # the long table: one row per person × option; a person's rows are consecutive and share 行号
    rows = t.column("rows")
    first = pc.not_equal(rows.slice(1), rows.slice(0, len(rows) - 1)) if len(rows) > 1 else None
    keep = [True] + (first.to_pylist() if first is not None else [])
    t = t.filter(keep)
    return list(zip(t.column("rows").to_pylist(), t.column("id").to_pylist(),
                    [x == "有误" for x in t.column("result").to_pylist()], strict=True))  # fmt: skip


def verify(n: int, fmt_in: str, out: Path, fmt_out: str, bad: float, seed: int) -> dict[str, int]:
    """Every input row once in the report, with its id; the failed rows exactly the spoiled ones."""
    table = fmt_in != "jsonl"
    spoilt = faults(n, seed, bad, TABLE_FAULTS if table else JSONL_FAULTS)
    got = report_rows(out, fmt_out)
    offset = 2 if table else 1  # sheet row of person i (header = row 1) or JSONL line
    seen: set[int] = set()
    problems: list[str] = []
    failed = unexpected = 0
    for rows, ident, fail in got:
        k = int(rows) - offset
        if not 0 <= k < n or k in seen:
            problems.append(f"row {rows} {'repeated' if k in seen else 'out of range'}")
            continue
        seen.add(k)
        fault = spoilt.get(k)
        want = (
            table_id(k, fault)
            if table
            else (None if fault in ("truncated", "duplicate_key", "not_object") else f"P{k:07d}")
        )
        if ident != want:
            problems.append(f"row {rows}: id {ident!r}, expected {want!r}")
        failed += fail
        if fail != (fault is not None):
            unexpected += 1
            if len(problems) < 20:
                problems.append(f"row {rows}: failed={fail}, fault={fault}")
    missing = n - len(seen)
    for p in problems[:20]:
        print("  !", p)
    return {"persons": len(got), "missing": missing, "failed": failed, "spoiled": len(spoilt),
            "unexpected": unexpected, "problems": len(problems)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("fmt_in", choices=sorted(WRITERS))
    ap.add_argument("fmt_out", choices=["xlsx", "parquet", "csv", "jsonl"])
    ap.add_argument("--engine", default="duckdb")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bad", type=float, default=0.003)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--dir", type=Path, default=None, help="where the roster and report go (default: a temporary one)")
    ap.add_argument("--roster", type=Path, default=None, help="a roster generated beforehand (same N, seed, bad)")
    ap.add_argument("--keep", action="store_true", help="keep the files")
    ap.add_argument("--no-tty", dest="tty", action="store_false")
    ap.add_argument("--log", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.dir or Path(tempfile.mkdtemp(prefix="round_trip."))
    work.mkdir(parents=True, exist_ok=True)
    src, out = args.roster or work / f"roster.{args.fmt_in}", work / f"report.{args.fmt_out}"
    out.unlink(missing_ok=True)
    print(f"round trip: {args.n:,} persons {args.fmt_in} → {args.fmt_out}, --engine {args.engine} --jobs {args.jobs}, "
          f"{args.bad:.1%} spoiled; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}", flush=True)  # fmt: skip
    if args.roster is None:
        t, c = time.perf_counter(), time.process_time()
        WRITERS[args.fmt_in](src, args.n, args.seed, AS_OF, args.bad)
        print(f"  generated {src.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t:.1f} s wall, "
              f"{time.process_time() - c:.1f} s CPU", flush=True)  # fmt: skip
    exe = shutil.which("tongguan", path=str(Path(sys.executable).parent)) or "tongguan"
    cmd = [exe, "batch", str(src), "-o", str(out), "--engine", args.engine, "--jobs", str(args.jobs),
           "--as-of", AS_OF.isoformat()]  # fmt: skip
    load0 = os.getloadavg()
    r = run_cli(cmd, args.tty, args.log)
    load1 = os.getloadavg()
    print(f"  CLI exit {r['rc']} (3 = report written, some rows failed); {r['tail'][-200:]!r}")
    print(f"  wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s (CLI + workers), peak RSS {r['peak'] / 2**20:,.0f} MB "
          f"(largest process {r['largest'] / 2**20:,.0f} MB), {args.n / r['wall']:,.0f} persons/s wall, "
          f"{1e6 * r['cpu'] / args.n:,.0f} µs CPU a person; load {load0[0]:.1f} → {load1[0]:.1f} "
          f"(15 min {load1[2]:.1f})", flush=True)  # fmt: skip
    ok = False
    if out.exists():
        t = time.perf_counter()
        v = verify(args.n, args.fmt_in, out, args.fmt_out, args.bad, args.seed)
        ok = v["missing"] == 0 and v["problems"] == 0 and v["persons"] == args.n
        print(f"  report {out.stat().st_size / 1e6:,.0f} MB: {v['persons']:,} persons, {v['missing']} rows missing, "
              f"{v['failed']} failed ({v['spoiled']} spoiled, {v['unexpected']} unexpected), "
              f"{v['problems']} problems — {'no row lost' if ok else 'ROWS LOST OR WRONG'} "
              f"(checked in {time.perf_counter() - t:.1f} s)", flush=True)  # fmt: skip
    if not args.keep and args.dir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
