"""Roster throughput: the columnar back end (DuckDB) vs pyDatalog per person vs a plain json.loads.

For each size (10k and 100k persons; 1M with ``--full``) a generated roster (benchmarks/roster_gen.py)
is written as JSONL, then each contender runs in its own process (peak memory = its max RSS):

* ``json``: ``json.loads`` of every line, nothing else (the naive floor);
* ``columnar``: every line parsed (``json.loads`` + `parse_profile`), evaluated through
  `Engine.evaluate_many` on the ``duckdb`` back end, each answer made into its JSON dict; the time is
  also split into parsing, the set-at-a-time SQL evaluation and the per-person semantics;
* ``pydatalog``: the same on pyDatalog, on the first ``--sample`` persons (default 1,000: at
  ~6-12 ms a person the whole roster would take hours), as persons per second;
* ``batch``: the real ``tongguan batch ROSTER.jsonl -o REPORT.parquet --engine duckdb --jobs J``
  (`benchmarks.round_trip.run_cli`: wall, CPU of the CLI and its workers, the process tree's peak
  RSS), the figure the issue's target (1M in ≤ 10 s, ≤ 4 GB) is about.

Prints persons/s, peak MB and the ratios measured in this run.  ``python -m benchmarks.columnar
[--sizes 10000,100000] [--full] [--sample N] [--jobs 2] [--no-batch]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.roster_gen import write_jsonl


def _child(mode: str, n: int, path: str) -> dict:
    from tongguan import Engine, load_kb, parse_profile

    kb = load_kb()
    out: dict = {"mode": mode, "n": n}
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        lines = [line for _, line in zip(range(n), f, strict=False)]
    if mode == "json":
        t0 = time.perf_counter()
        rows = [json.loads(line) for line in lines]
        out["seconds"] = time.perf_counter() - t0
        out["persons"] = len(rows)
    else:
        engine = Engine(kb, backend="duckdb" if mode == "columnar" else "pydatalog")
        comp = engine.backend.compile(kb)
        if mode == "columnar":  # time the SQL evaluation (every statement of the plan) apart from the rest
            real = comp.run
            spent = [0.0]

            def timed(facts_list, _real=real, _spent=spent):
                t = time.perf_counter()
                try:
                    return _real(facts_list)
                finally:
                    _spent[0] += time.perf_counter() - t

            comp.run = timed
        t0, c0 = time.perf_counter(), time.process_time()
        people = [parse_profile(json.loads(line), kb=kb) for line in lines]
        parsed = time.perf_counter() - t0
        t1 = time.perf_counter()
        answers = [a.to_dict() for a in engine.evaluate_many(people)]
        out["seconds"] = time.perf_counter() - t0
        out["cpu_seconds"] = time.process_time() - c0
        out["parse_seconds"] = parsed
        out["eval_seconds"] = time.perf_counter() - t1
        if mode == "columnar":
            out["sql_seconds"] = spent[0]
        out["persons"] = len(answers)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _run(mode: str, n: int, path: Path) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.columnar", "--child", mode, str(n), str(path)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--full", action="store_true", help="also 1,000,000 persons")
    ap.add_argument("--sample", type=int, default=1000, help="persons evaluated by pyDatalog")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the batch contender")
    ap.add_argument("--no-batch", action="store_true", help="leave out the real `tongguan batch` run")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        mode, n, path = args.child
        print(json.dumps(_child(mode, int(n), path)))
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.full else [])
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(Path(tmp) / "roster.jsonl", max(sizes))
        pyd = _run("pydatalog", args.sample, path)
        pyd_rate = pyd["persons"] / pyd["seconds"]
        pyd_cpu = pyd["persons"] / pyd["cpu_seconds"]
        print(f"pyDatalog, {pyd['persons']:,} persons: {pyd_rate:,.0f} persons/s "
              f"({1000 / pyd_rate:.2f} ms a person; CPU {1000 / pyd_cpu:.2f} ms), peak {pyd['peak_mb']:,.0f} MB")
        for n in sizes:
            js, col = _run("json", n, path), _run("columnar", n, path)
            js_rate, col_rate = js["persons"] / js["seconds"], col["persons"] / col["seconds"]
            print(f"\n{n:,} persons")
            print(f"  json.loads only   {js_rate:>12,.0f} persons/s   peak {js['peak_mb']:>7,.0f} MB")
            print(f"  columnar (duckdb) {col_rate:>12,.0f} persons/s   peak {col['peak_mb']:>7,.0f} MB   "
                  f"({col['seconds']:.1f} s: parse {col['parse_seconds']:.1f} s, SQL {col['sql_seconds']:.1f} s, "
                  f"answers {col['eval_seconds'] - col['sql_seconds']:.1f} s)")
            col_cpu = col["persons"] / col["cpu_seconds"]
            print(f"  CPU time: columnar {col['cpu_seconds']:.1f} s ({1e6 / col_cpu:.0f} us a person)   "
                  f"ratio columnar / pyDatalog per person of CPU: {col_cpu / pyd_cpu:.1f}x   "
                  f"without parsing: {pyd['eval_seconds'] / pyd['persons'] / (col['eval_seconds'] / n):.1f}x (wall)")
            print(f"  ratio columnar / pyDatalog per person: {col_rate / pyd_rate:.1f}x   "
                  f"columnar / json.loads floor: {col_rate / js_rate:.4f}x   "
                  f"SQL alone / pyDatalog: {n / col['sql_seconds'] / pyd_rate:.0f}x")
            if not args.no_batch:
                b = _batch(n, path, Path(tmp), args.jobs)
                rate = n / b["wall"]
                print(f"  tongguan batch JSONL -> Parquet, --jobs {args.jobs}: {rate:,.0f} persons/s "
                      f"({b['wall']:.1f} s wall, {1e6 * b['cpu'] / n:.0f} us CPU a person, peak {b['peak'] / 2**20:,.0f} MB "
                      f"for the process tree), exit {b['rc']}   ratio to pyDatalog per person: {rate / pyd_rate:.1f}x wall, "
                      f"{pyd['cpu_seconds'] / pyd['persons'] / (b['cpu'] / n):.1f}x CPU   json.loads floor / batch: "
                      f"{js_rate / rate:.0f}x")


def _batch(n: int, path: Path, tmp: Path, jobs: int) -> dict:
    """The real CLI on the first `n` lines of the roster: JSONL in, Parquet out."""
    from benchmarks.round_trip import run_cli

    roster = tmp / f"first-{n}.jsonl"
    with path.open("rb") as src, roster.open("wb") as dst:
        for _, line in zip(range(n), src, strict=False):
            dst.write(line)
    cli = str(Path(sys.executable).with_name("tongguan"))
    cmd = [cli, "batch", str(roster), "-o", str(tmp / f"report-{n}.parquet"), "--engine", "duckdb",
           "--jobs", str(jobs), "--as-of", "2025-06-01", "--force"]  # fmt: skip
    return run_cli(cmd, tty=False, log=None)


if __name__ == "__main__":
    main()
