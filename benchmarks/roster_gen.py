"""Realistic generated rosters: persons in the profile format (one dict each, one JSON object a line).

A mix of ladders (skill levels only, titles only, both, several levels held, professional
qualifications), dates over 20 years before ``as_of`` (29 February and anniversaries included),
awards of every kind with their details present or missing, missing facts (dates, flags, series,
assessments), and series inside and outside the eight the plan opens.  The vocabulary comes from the
KB, so a new award kind or series is generated as soon as kb/vocabulary.yaml has it.

``python -m benchmarks.roster_gen N OUT.jsonl [--seed S] [--as-of D]`` writes a roster.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tongguan import load_kb

__all__ = ["person", "persons", "write_jsonl"]

AS_OF = dt.date(2025, 6, 1)
OUTSIDE = ["卫生", "教育", "经济", "会计"]  # series outside the eight the plan opens
OCCUPATIONS = ["焊工", "电工", "车工", "钳工", "数控车工", "美容师", "中式烹调师"]


def _day(rng: random.Random, as_of: dt.date, years: int = 20) -> str:
    if rng.random() < 0.02:  # 29 February of a leap year in range
        leap = [y for y in range(as_of.year - years, as_of.year) if y % 4 == 0]
        return dt.date(rng.choice(leap), 2, 29).isoformat()
    first = as_of.toordinal() - 365 * years
    return dt.date.fromordinal(rng.randint(first, as_of.toordinal())).isoformat()


def person(rng: random.Random, i: int, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """One generated person (a profile dict, `tongguan.parse_profile` accepts it)."""
    kb = load_kb()
    voc = kb.vocabulary
    skills, titles, quals = kb.ladder("skill"), kb.ladder("title"), kb.ladder("qualification")
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


def write_jsonl(path: str | Path, n: int, seed: int = 12, as_of: dt.date = AS_OF) -> Path:
    """Write `n` generated persons to `path`, one JSON object a line (each with its ``as_of``)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        for p in persons(n, seed, as_of):
            out.write(json.dumps({**p, "as_of": as_of.isoformat()}, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF)
    args = ap.parse_args()
    write_jsonl(args.out, args.n, args.seed, args.as_of)
