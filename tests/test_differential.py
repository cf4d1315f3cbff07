"""Differential test: the columnar back end (DuckDB, and its Python evaluator of small batches) gives
the answers of pyDatalog, the engine of record, in every field of every option (status, earliest,
rule, clauses, missing, to_confirm, to_review, alternatives, ... : the whole option JSON) and the
answer's notes.

Populations: the YAML cases in one batch; a seeded random roster (benchmarks/roster_gen.py) mixed with
boundary persons (anniversaries on the day, the day before and after, 29 February, the 近3年 window's
edges, failing and undetermined years at the window's ends, every award kind with every detail present
or missing, several levels held, facts missing); and hypothesis-generated batches.

``TONGGUAN_DIFF_N`` sets the size of the random population (default 10,000; ``make difftest
N=1000000`` for the full run).  pyDatalog's answers cost ~6-12 ms a person, so they are cached, as a
digest per person, in pytest's cache under a key made of the engine's and the KB's source: a second
run of an unchanged engine only evaluates the columnar side (a fresh clone pays ~1-2 min once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tongguan.engine.columnar_backend as columnar
from benchmarks.roster_gen import person as roster_person
from tongguan import Engine, cases, load_kb, parse_profile

ROOT = Path(__file__).resolve().parents[1]
KB = load_kb()
VOC = KB.vocabulary
N = int(os.environ.get("TONGGUAN_DIFF_N", "10000"))
CHUNK = 5_000
SEED = 20261202


def answer_json(a: Any) -> str:
    """Every option (held ones and ineligible ones too) and the notes, as canonical JSON."""
    body = {"notes": a.notes, "options": [o.to_dict() for o in a.options], "as_of": a.as_of.isoformat()}
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def digest(a: Any) -> str:
    return hashlib.sha256(answer_json(a).encode()).hexdigest()[:20]


def boundary_person(rng: random.Random, i: int) -> dict[str, Any]:
    """A person whose dates sit on the edges: N-th anniversaries of a level on as_of ±1 day, 29
    February, as_of on the first or last day of a year (the 近3年 window), failing or undetermined
    grades at the window's ends, every award kind with each detail present or missing."""
    year = rng.randint(2016, 2032)
    as_of = rng.choice([dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year, 2, 28), dt.date(year, 3, 1),
                        dt.date(year, 6, 1)])
    skills, titles = KB.ladder("skill"), KB.ladder("title")
    years = rng.choice([1, 2, 3, 4, 5, 8, 10])
    shift = rng.choice([-1, 0, 1])

    def back(n: int) -> str:
        if rng.random() < 0.2:  # 29 February
            leap = next(y for y in range(as_of.year - n, 1900, -1) if y % 4 == 0)
            return dt.date(leap, 2, 29).isoformat()
        try:
            d = as_of.replace(year=as_of.year - n)
        except ValueError:
            d = as_of.replace(year=as_of.year - n, day=28)
        return (d + dt.timedelta(days=shift)).isoformat()

    p: dict[str, Any] = {"id": f"B{i}", "as_of": as_of.isoformat()}
    if rng.random() < 0.85:
        p["technical_work_since"] = back(years + rng.choice([0, 0, 1, 3]))
    p["skills"] = [{"level": lv, **({"obtained": back(years)} if rng.random() < 0.9 else {})}
                   for lv in rng.sample(skills, k=rng.randint(0, 3))]
    p["titles"] = [{"level": lv, **({"obtained": back(years)} if rng.random() < 0.9 else {}),
                    **({"kind": "qualification"} if lv in KB.ladder("qualification") and rng.random() < 0.3 else {})}
                   for lv in rng.sample(titles, k=rng.randint(0, 2))]
    grades = [*VOC["assessment_grades"]["passing"], *VOC["assessment_grades"]["failing"],
              *VOC["assessment_grades"].get("undetermined", [])]
    p["assessments"] = {y: rng.choice(grades) if rng.random() < 0.3 else VOC["assessment_grades"]["passing"][0]
                        for y in range(as_of.year - 4, as_of.year + 1) if rng.random() < 0.8}
    for flag in ("law_abiding", "good_conduct", "frontline", "foreign_language", "computer_skills", "relevant_diploma"):
        if rng.random() < 0.8:
            p[flag] = rng.random() < 0.85
    r = rng.random()
    if r < 0.8:
        p["series"] = rng.choice(VOC["series"]["opened"])
    elif r < 0.9:
        p["series"] = "卫生"
    kinds = list(VOC["awards"])
    p["awards"] = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        kind = rng.choice(kinds)
        fields = VOC["awards"][kind].get("fields") or []
        a: dict[str, Any] = {"kind": kind}
        if rng.random() < 0.7:
            a["year"] = rng.randint(as_of.year - 10, as_of.year)
        for f, values in (("medal", list(VOC["medals"])), ("class", list(VOC["competition_classes"])),
                          ("rank", [1, 2, 3, 5, 6]), ("team_size", VOC["competition_team_sizes"]["sizes"])):
            if f in fields and rng.random() < 0.5:
                a[f] = rng.choice(values)
        p["awards"].append(a)
    if rng.random() < 0.15:
        p["technical_school_class"] = rng.choice(list(VOC["technical_school_classes"]))
    return p


def population(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """`n` persons: a realistic roster with one boundary person in four."""
    rng = random.Random(seed)
    for i in range(n):
        yield boundary_person(rng, i) if i % 4 == 3 else roster_person(rng, i)


def chunks(n: int) -> Iterator[list]:
    batch = []
    for raw in population(n):
        batch.append(parse_profile(raw, kb=KB, as_of=dt.date(2025, 6, 1) if "as_of" not in raw else None))
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def fingerprint() -> str:
    """What the cached pyDatalog digests depend on: the engine of record, the profile and KB code, the
    KB, the roster generator.  (A digest that no longer matches is checked again against pyDatalog
    before the test fails, so a stale cache costs time, never a false failure.)"""
    h = hashlib.sha256()
    src = ROOT / "tongguan"
    files = [*sorted((src / "engine").glob("*.py")), src / "kb.py", *sorted((src / "profile").glob("*.py"))]
    files = [f for f in files if not f.name.startswith("columnar")] + sorted((ROOT / "kb").rglob("*.yaml"))
    files += [ROOT / "benchmarks" / "roster_gen.py"]
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def first_difference(x: str, y: str) -> str:
    a, b = json.loads(x), json.loads(y)
    if a["notes"] != b["notes"]:
        return f"notes {a['notes']} != {b['notes']}"
    for oa, ob in zip(a["options"], b["options"], strict=False):
        for k in oa:
            if oa[k] != ob.get(k):
                return f"{oa['rule']} {k}: pydatalog {oa[k]!r} != columnar {ob.get(k)!r}"
    return "option lists differ"


def test_the_columnar_back_end_answers_as_pydatalog_on_a_random_population(request):
    """≥10k persons (TONGGUAN_DIFF_N) through DuckDB (chunks of 5,000) and pyDatalog."""
    key = f"tongguan/pydatalog-digests/{fingerprint()}/{SEED}"  # the digests of the population's first persons
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    cached: list[str] = (cache.get(key, None) if cache is not None else None) or []
    pyd, duck = Engine(KB), Engine(KB, backend="duckdb")
    digests: list[str] = []
    count = 0
    for batch in chunks(N):
        got = [digest(a) for a in duck.evaluate_many(batch, chunk=CHUNK)]
        have = cached[count : count + len(batch)]
        want = have + [digest(a) for a in pyd.evaluate_many(batch[len(have) :])]
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w:
                p = batch[i]
                x, y = answer_json(pyd.evaluate(p)), answer_json(duck.evaluate(p))
                if x != y:
                    pytest.fail(f"person {p.id}: {first_difference(x, y)}\n{p.model_dump_json(exclude_none=True)}")
                want[i] = digest(pyd.evaluate(p))  # the cached digest was stale
        digests += want
        count += len(batch)
        if cache is not None and len(digests) > len(cached):  # saved as it goes: an interrupted run counts
            cache.set(key, digests)
    assert count == N


def test_the_yaml_cases_in_one_duckdb_batch_answer_as_pydatalog(monkeypatch):
    """The cases of kb/cases/ all at once, forced through the SQL path (the per-case test runs each on
    its own, through the Python evaluator of small batches)."""
    monkeypatch.setattr(columnar, "SMALL", 0)
    people = [parse_profile(c.profile, kb=KB) for c in cases.load_cases()]
    pyd = [answer_json(a) for a in Engine(KB).evaluate_many(people)]
    duck = [answer_json(a) for a in Engine(KB, backend="duckdb").evaluate_many(people)]
    for p, x, y in zip(people, pyd, duck, strict=True):
        assert x == y, f"{p.id}: {first_difference(x, y)}"


@st.composite
def batches(draw: Any) -> list[dict[str, Any]]:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    n = draw(st.integers(1, 25))
    return [boundary_person(rng, i) if rng.random() < 0.5 else roster_person(rng, i) for i in range(n)]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches(), st.booleans())
def test_hypothesis_batches_answer_as_pydatalog(raws, sql):
    """Generated batches, through DuckDB (``sql``) or the Python evaluator of small batches."""
    people = [parse_profile(r, kb=KB, as_of=None if "as_of" in r else dt.date(2025, 6, 1)) for r in raws]
    old = columnar.SMALL
    columnar.SMALL = 0 if sql else 10**9
    try:
        duck = [answer_json(a) for a in Engine(KB, backend="duckdb").evaluate_many(people)]
    finally:
        columnar.SMALL = old
    pyd = [answer_json(a) for a in Engine(KB).evaluate_many(people)]
    for p, x, y in zip(people, pyd, duck, strict=True):
        assert x == y, f"{p.id}: {first_difference(x, y)}"
