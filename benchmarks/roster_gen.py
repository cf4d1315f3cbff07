"""Realistic generated rosters: persons in the profile format (one dict each, one JSON object a line).

A mix of ladders (skill levels only, titles only, both, several levels held, professional
qualifications), dates over 20 years before ``as_of`` (29 February and anniversaries included),
awards of every kind with their details present or missing, missing facts (dates, flags, series,
assessments), and series inside and outside the eight the plan opens.  The vocabulary comes from the
KB, so a new award kind or series is generated as soon as kb/vocabulary.yaml has it.

``python -m benchmarks.roster_gen N OUT.jsonl|OUT.xlsx|OUT.parquet [--seed S] [--as-of D] [--bad 0.003]``
writes a roster, streaming (~50 µs a person: the KB is read once per process); ``--bad`` spoils that
share of rows (`faults`: broken JSON, a key twice, impossible dates, unknown levels, a repeated 工号 …),
each of which the batch must report as a row error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tongguan import load_kb

__all__ = ["faults", "person", "persons", "table_chunks", "write_jsonl", "write_parquet", "write_xlsx"]

AS_OF = dt.date(2025, 6, 1)
OUTSIDE = ["卫生", "教育", "经济", "会计"]  # series outside the eight the plan opens
OCCUPATIONS = ["焊工", "电工", "车工", "钳工", "数控车工", "美容师", "中式烹调师"]


def _day(rng: random.Random, as_of: dt.date, years: int = 20) -> str:
    if rng.random() < 0.02:  # 29 February of a leap year in range
        leap = [y for y in range(as_of.year - years, as_of.year) if y % 4 == 0]
        return dt.date(rng.choice(leap), 2, 29).isoformat()
    first = as_of.toordinal() - 365 * years
    return dt.date.fromordinal(rng.randint(first, as_of.toordinal())).isoformat()


@functools.cache
def _vocabulary() -> tuple[dict[str, Any], list[str], list[str], list[str]]:
    """The KB's vocabulary and ladders, read once per process (`load_kb` hashes the KB on every call:
    calling it per person made 100k persons take > 12 min)."""
    kb = load_kb()
    return kb.vocabulary, kb.ladder("skill"), kb.ladder("title"), kb.ladder("qualification")


def person(rng: random.Random, i: int, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """One generated person (a profile dict, `tongguan.parse_profile` accepts it)."""
    voc, skills, titles, quals = _vocabulary()
    p: dict[str, Any] = {"id": f"P{i:07d}", "name": f"员工{i}"}
    if rng.random() < 0.9:
        p["technical_work_since"] = _day(rng, as_of, 25)
    r = rng.random()
    if r < 0.85:
        series = rng.choice(voc["series"]["opened"])
    elif r < 0.95:
        series = rng.choice(OUTSIDE)
    else:
        series = None
    if series:
        p["series"] = series
    if rng.random() < 0.5:
        p["occupation"] = rng.choice(OCCUPATIONS)
    ladder = rng.random()
    if ladder < 0.75:  # skill levels: one, or a ladder climbed
        held = rng.sample(skills, k=rng.choice((1, 1, 1, 2, 3)))
        p["skills"] = [
            {"level": lv, **({"obtained": _day(rng, as_of)} if rng.random() < 0.93 else {})}
            | ({"occupation": p["occupation"]} if "occupation" in p and rng.random() < 0.5 else {})
            for lv in held
        ]
    if ladder > 0.45:  # titles or qualifications
        out = []
        for _ in range(rng.choice((1, 1, 2))):
            kind = "qualification" if rng.random() < 0.2 else "title"
            lv = rng.choice(quals if kind == "qualification" else titles)
            t: dict[str, Any] = {"level": lv, "kind": kind}
            if rng.random() < 0.93:
                t["obtained"] = _day(rng, as_of)
            if rng.random() < 0.6:
                t["series"] = rng.choice([*voc["series"]["opened"], *OUTSIDE])
            out.append(t)
        p["titles"] = out
    years = range(as_of.year - 4, as_of.year)
    grades = [*voc["assessment_grades"]["passing"], *voc["assessment_grades"]["failing"]]
    grades += voc["assessment_grades"].get("undetermined", [])
    p["assessments"] = {
        y: (voc["assessment_grades"]["passing"][0] if rng.random() < 0.8 else rng.choice(grades))
        for y in years
        if rng.random() < 0.9
    }
    for flag in ("law_abiding", "good_conduct", "frontline", "foreign_language", "computer_skills", "relevant_diploma"):
        u = rng.random()
        if u < 0.75:
            p[flag] = True
        elif u < 0.85:
            p[flag] = False
    if rng.random() < 0.25:
        awards = []
        for _ in range(rng.choice((1, 1, 2))):
            kind = rng.choice(list(voc["awards"]))
            fields = voc["awards"][kind].get("fields") or []
            a: dict[str, Any] = {"kind": kind}
            if rng.random() < 0.8:
                a["year"] = rng.randint(as_of.year - 15, as_of.year)
            if "medal" in fields and rng.random() < 0.7:
                a["medal"] = rng.choice(list(voc["medals"]))
            if "class" in fields and rng.random() < 0.7:
                a["class"] = rng.choice(list(voc["competition_classes"]))
            if "rank" in fields and rng.random() < 0.7:
                a["rank"] = rng.randint(1, 8)
            if "team_size" in fields and rng.random() < 0.6:
                a["team_size"] = rng.choice(voc["competition_team_sizes"]["sizes"])
            awards.append(a)
        p["awards"] = awards
    if rng.random() < 0.2:
        p["technical_school_class"] = rng.choice(list(voc["technical_school_classes"]))
    return p


def persons(n: int, seed: int = 12, as_of: dt.date = AS_OF) -> Iterator[dict[str, Any]]:
    """`n` generated persons, the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield person(rng, i, as_of)


# ---- bad rows: a few per thousand, so that "every row in the output, errors carried" is exercised ------

JSONL_FAULTS = ("truncated", "duplicate_key", "bad_date", "unknown_level", "not_object", "bad_assessments")
TABLE_FAULTS = ("bad_date", "unknown_level", "bad_year", "bad_flag", "repeated_id")


def faults(n: int, seed: int = 12, rate: float = 0.0, kinds: tuple[str, ...] = JSONL_FAULTS) -> dict[int, str]:
    """Which of the `n` persons are spoiled, and how: {index: fault}, drawn apart from the persons (so the
    good rows are the same whatever `rate`) and the same for the same seed.

    >>> f = faults(100_000, rate=0.003); 200 < len(f) < 400, sorted(set(f.values())) == sorted(JSONL_FAULTS)
    (True, True)
    """
    if rate <= 0:
        return {}
    rng = random.Random(seed * 7919 + 1)
    out: dict[int, str] = {}
    i = -1
    while True:  # geometric gaps: O(bad rows), not O(n)
        i += 1 + int(rng.expovariate(rate))
        if i >= n:
            return out
        if kinds is TABLE_FAULTS and i < 3:
            continue  # a repeated id needs an earlier row, not the one just above (that is one person's rows)
        out[i] = kinds[len(out) % len(kinds)]


def spoil_json(p: dict[str, Any], fault: str) -> str:
    """One JSONL line for person `p` spoiled by `fault` (each one a row error the batch must carry)."""
    if fault == "truncated":
        text = json.dumps(p, ensure_ascii=False)
        return text[: len(text) // 2]
    if fault == "duplicate_key":
        return json.dumps(p, ensure_ascii=False)[:-1] + ', "name": "重复"}'
    if fault == "not_object":
        return json.dumps([p["id"], p["name"]], ensure_ascii=False)
    q = dict(p)
    if fault == "bad_date":
        q["technical_work_since"] = "2019-02-30"
    elif fault == "unknown_level":
        q["skills"] = [{"level": "九级", "obtained": "2019-03-01"}]
    elif fault == "bad_assessments":
        q["assessments"] = "每年都好"
    return json.dumps(q, ensure_ascii=False)


def _jsonl_lines(n: int, seed: int, as_of: dt.date, bad: float) -> Iterator[str]:
    spoilt = faults(n, seed, bad)
    day = as_of.isoformat()
    for i, p in enumerate(persons(n, seed, as_of)):
        p["as_of"] = day
        fault = spoilt.get(i)
        yield (json.dumps(p, ensure_ascii=False) if fault is None else spoil_json(p, fault)) + "\n"


def write_jsonl(path: str | Path, n: int, seed: int = 12, as_of: dt.date = AS_OF, bad: float = 0.0) -> Path:
    """Write `n` generated persons to `path`, one JSON object a line (each with its ``as_of``); `bad` is
    the share of lines spoiled (`faults`), none by default.  Streams: nothing but a buffer is held."""
    path = Path(path)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        out.writelines(_jsonl_lines(n, seed, as_of, bad))
    return path


# ---- flat rosters (XLSX, Parquet): the template's columns (tongguan.batch.template) --------------------


def _shape(as_of: dt.date) -> dict[str, Any]:
    """A person holding as many of everything as a generated one can: prepended to each chunk given to
    `template_rows`, so that every chunk has the same header (its own row is dropped)."""
    voc, skills, titles, _ = _vocabulary()
    kind = next(iter(voc["awards"]))
    return {"skills": [{"level": skills[0]}] * 3, "titles": [{"level": titles[0]}] * 2,
            "awards": [{"kind": kind}] * 2, "assessments": {y: "合格" for y in range(as_of.year - 4, as_of.year)}}  # fmt: skip


def table_chunks(
    n: int, seed: int = 12, as_of: dt.date = AS_OF, bad: float = 0.0, chunk: int = 10_000
) -> Iterator[tuple[list[str], list[list[Any]]]]:
    """The roster as (header, rows) chunks of the template's columns, one row per person (row ``i + 2`` of
    the sheet is person ``i``), with the `faults` of `TABLE_FAULTS` put in."""
    from tongguan.batch.template import template_rows

    spoilt = faults(n, seed, bad, TABLE_FAULTS)
    shape = ("", _shape(as_of))
    gen = persons(n, seed, as_of)
    done = 0
    while done < n:
        batch = [(p["id"], {**p, "as_of": as_of.isoformat()}) for p in itertools.islice(gen, chunk)]
        header, rows = template_rows([shape, *batch])
        rows = rows[1:]
        for j, row in enumerate(rows):
            fault = spoilt.get(done + j)
            if fault is not None:
                _spoil_row(header, row, fault, done + j)
        yield header, rows
        done += len(batch)


def _spoil_row(header: list[str], row: list[Any], fault: str, i: int) -> None:
    at = {h: k for k, h in enumerate(header)}
    if fault == "bad_date":
        row[at["参加工作时间"]] = "2019-13-45"
    elif fault == "unknown_level":
        row[at["职业技能等级1"]] = "九级"
    elif fault == "bad_year":
        row[at["获奖年份1"]] = "二〇二〇年前后"
        row[at["奖项1"]] = row[at["奖项1"]] or "全国技术能手"
    elif fault == "bad_flag":
        row[at["遵纪守法"]] = "大概"
    elif fault == "repeated_id":
        row[at["工号"]] = table_id(i, fault)


def table_id(i: int, fault: str | None) -> str:
    """The 工号 of person `i` in a flat roster (a ``repeated_id`` row carries an earlier person's)."""
    if fault == "repeated_id":
        return f"P{i // 2:07d}"  # given earlier, not just above (consecutive rows of one 工号 are one person)
    return f"P{i:07d}"


def write_xlsx(path: str | Path, n: int, seed: int = 12, as_of: dt.date = AS_OF, bad: float = 0.0) -> Path:
    """Write the roster as an XLSX of one sheet (streamed by `tongguan.batch.xlsx.XlsxStream`)."""
    from tongguan.batch.xlsx import XlsxStream

    path = Path(path)
    book = XlsxStream(path, ["名单"])
    try:
        for k, (header, rows) in enumerate(table_chunks(n, seed, as_of, bad)):
            if k == 0:
                book.append(0, header)
            for row in rows:
                book.append(0, row)
    except BaseException:
        book.abort()
        raise
    book.close()
    return path


def write_parquet(path: str | Path, n: int, seed: int = 12, as_of: dt.date = AS_OF, bad: float = 0.0) -> Path:
    """Write the roster as Parquet, the template's columns as text (a row group per 10,000 persons)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    writer = None
    try:
        for header, rows in table_chunks(n, seed, as_of, bad):
            if writer is None:
                schema = pa.schema([(h, pa.string()) for h in header])
                writer = pq.ParquetWriter(str(path), schema, compression="zstd")
            cols = [
                pa.array([None if r[k] is None else str(r[k]) for r in rows], pa.string()) for k in range(len(header))
            ]
            writer.write_table(pa.Table.from_arrays(cols, schema=schema))
    finally:
        if writer is not None:
            writer.close()
    return path


WRITERS = {"jsonl": write_jsonl, "xlsx": write_xlsx, "parquet": write_parquet}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", help="OUT.jsonl, OUT.xlsx or OUT.parquet")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF)
    ap.add_argument("--bad", type=float, default=0.0, help="share of rows spoiled (e.g. 0.003)")
    args = ap.parse_args()
    WRITERS[Path(args.out).suffix.lstrip(".").lower()](args.out, args.n, args.seed, args.as_of, args.bad)
