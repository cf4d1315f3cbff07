"""Engine properties: every rule covered by a case, isolation between people and threads, batches, time."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from conftest import BASICS, load_cases
from test_cases import rule_refs

from tongguan import Engine, evaluate_many, parse_profile
from tongguan.engine import anniversary

AS_OF = dt.date(2025, 6, 1)
BASE = BASICS
PROFILES = {
    "welder": {**BASE, "frontline": True, "skills": [{"level": "高级技师", "obtained": "2020-01-01"}],
               "awards": [{"kind": "四川省技术能手", "year": 2021}]},
    "engineer": {**BASE, "titles": [{"level": "工程师", "obtained": "2018-01-01"}], "relevant_diploma": True,
                 "skills": [{"level": "高级工", "obtained": "2024-06-02"}]},
    "student": {"technical_school_class": "高级工班", "skills": [{"level": "高级工", "obtained": "2024-07-01"}],
                "foreign_language": True},
    "unknowns": {"series": "卫生", "skills": [{"level": "技师"}],
                 "awards": [{"kind": "国家级技能竞赛", "class": "一类", "rank": 3, "team_size": 2}]},
}


def person(name: str, kb, **over):
    return parse_profile({**PROFILES[name], **over}, kb=kb, as_of=AS_OF)


def snapshot(answer) -> list[dict]:
    """Everything an answer says, as plain data (options with their alternatives, and the notes)."""
    return [answer.to_dict(include_ineligible=True), [(o.key, o.held, [str(c.literal) + c.status for c in o.conditions])
                                                      for o in answer.options]]


# ---- coverage --------------------------------------------------------------------------------------


def test_every_rule_fires_and_misses_in_some_case(kb):
    named: dict[str, set[str]] = {"rule": set(), "rule_misses": set()}
    for _, case, _ in load_cases():
        for exp in case["options"]:
            for key, ids in named.items():
                ids.update(rid for rid, _ in rule_refs(exp.get(key)))
    rules = {r.id for r in kb.rules}
    assert named["rule"] <= rules and named["rule_misses"] <= rules, "cases name rules the KB does not have"
    assert not rules - named["rule"], f"rules no case shows firing: {sorted(rules - named['rule'])}"
    assert not rules - named["rule_misses"], f"rules no case shows missing: {sorted(rules - named['rule_misses'])}"


def test_every_case_file_names_its_clause_group():
    for cid, case, _ in load_cases():
        assert len(case["name"]) >= 10 and case["name"].endswith("。"), f"{cid}: name should be a full sentence"


# ---- isolation -------------------------------------------------------------------------------------


def test_a_then_b_then_a_gives_identical_answers(kb):
    engine = Engine(kb)
    a, b = person("welder", kb), person("engineer", kb)
    first = snapshot(engine.evaluate(a))
    other = snapshot(engine.evaluate(b))
    again = snapshot(engine.evaluate(a))
    assert first == again
    assert first != other


def test_a_fresh_engine_agrees_with_a_used_one(kb):
    used = Engine(kb)
    for name in PROFILES:
        used.evaluate(person(name, kb))
    for name in PROFILES:
        assert snapshot(used.evaluate(person(name, kb))) == snapshot(Engine(kb).evaluate(person(name, kb)))


def _in_thread(kb, name: str, start: threading.Barrier, got: dict, errors: list) -> None:
    try:
        start.wait()
        got[name] = [snapshot(Engine(kb).evaluate(person(name, kb))) for _ in range(3)]
    except BaseException as exc:
        errors.append(exc)


def test_concurrent_threads_equal_sequential_results(kb):
    names = ["welder", "engineer"]
    expected = {n: snapshot(Engine(kb).evaluate(person(n, kb))) for n in names}
    for _ in range(4):  # fresh threads each round: each compiles its own pyDatalog logic
        got: dict[str, list] = {}
        errors: list[BaseException] = []
        start = threading.Barrier(len(names))
        threads = [threading.Thread(target=_in_thread, args=(kb, n, start, got, errors)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        for n in names:
            assert got[n] == [expected[n]] * 3, f"thread answer for {n} differs from the sequential one"


def test_evaluate_many_equals_a_loop(kb):
    people = [person(n, kb) for n in PROFILES] * 3
    engine = Engine(kb)
    loop = [snapshot(engine.evaluate(p)) for p in people]
    assert [snapshot(a) for a in evaluate_many(people, kb=kb)] == loop
    assert [snapshot(a) for a in evaluate_many(iter(people), kb=kb)] == loop


# ---- time ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "want"),
    [
        (dt.date(2020, 2, 29), 1, dt.date(2021, 2, 28)),
        (dt.date(2020, 2, 29), 4, dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), 2, dt.date(2026, 2, 28)),
        (dt.date(2023, 6, 1), 2, dt.date(2025, 6, 1)),
        (dt.date(2015, 12, 31), 10, dt.date(2025, 12, 31)),
    ],
)
def test_anniversary(start, years, want):
    assert anniversary(start, years) == want


def test_29_february_anniversary_through_the_engine(kb):
    p = parse_profile({**BASE, "assessments": {2023: "合格", 2024: "合格", 2025: "合格"},
                       "skills": [{"level": "高级工", "obtained": "2024-02-29"}]}, kb=kb, as_of=dt.date(2026, 2, 27))
    opt = Engine(kb).evaluate(p).get("title", "助理级", "normal")
    assert (opt.status, opt.earliest) == ("not_yet", dt.date(2026, 2, 28))


def test_as_of_changes_the_answer_but_not_the_profile(kb):
    early = person("engineer", kb)
    late = parse_profile(PROFILES["engineer"], kb=kb, as_of=dt.date(2025, 6, 2))
    engine = Engine(kb)
    assert engine.evaluate(early).get("skill", "技师", "promotion").status == "not_yet"
    assert engine.evaluate(late).get("skill", "技师", "promotion").status == "eligible"
    assert engine.evaluate(early).get("skill", "技师", "promotion").earliest == dt.date(2025, 6, 2)


# ---- notes -----------------------------------------------------------------------------------------


def test_series_outside_the_eight_gets_a_note(kb):
    answer = Engine(kb).evaluate(person("unknowns", kb))
    assert any("卫生" in n and "B-3.1.1" in n for n in answer.notes)
    assert all(o.status == "ineligible" for o in answer.options if o.track == "title")


def test_opened_series_has_no_note(kb):
    assert Engine(kb).evaluate(person("welder", kb)).notes == []
