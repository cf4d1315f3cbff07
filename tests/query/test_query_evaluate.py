"""Evaluation over the three scopes: the person's facts read directly agree with the engine's session,
derived atoms and statuses come from the engine, a roster answers per person, costs are bounded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tongguan.engine import Engine
from tongguan.kb import Atom, Term
from tongguan.profile import load_profile, parse_profile
from tongguan.query import MAX_BINDINGS, PersonScope, QueryError, parse_query, run_kb, run_profile, run_roster
from tongguan.query.roster import read_roster

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "queries" / "profiles").glob("*.*"))


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_facts_read_directly_are_the_engines_known_world(kb, path):
    person = load_profile(path, kb=kb)
    with Engine(kb).session(person) as session, PersonScope(kb, person) as scope:
        for pred in (p for p in kb.predicates.values() if p.kind == "base"):
            atom = Atom(pred.name, tuple(Term(f"A{i}", True) for i in range(len(pred.args))))
            key = lambda s: sorted(map(str, s))  # noqa: E731
            assert key(scope.lookup(atom)) == key(session.solutions(atom, "k")), pred.name


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_status_is_the_engines(kb, path):
    person = load_profile(path, kb=kb)
    answer = Engine(kb).evaluate(person)
    rows = run_profile(parse_query("status(T, L, R, S)", kb), kb, person)
    assert sorted((r["T"], r["L"], r["R"], r["S"]) for r in rows) == sorted(
        (o.track, o.level, o.route, o.status) for o in answer.options
    )


def test_derived_atoms_come_from_the_engine(kb):
    person = load_profile(ROOT / "queries/profiles/china-skill-award-holder.yaml", kb=kb)
    rows = run_profile(parse_query("exceptional_tier(T)", kb), kb, person)
    assert {r["T"] for r in rows} >= {"正高级"}


def test_a_facts_only_query_opens_no_engine_session(kb, monkeypatch):
    person = load_profile(ROOT / "queries/profiles/welder-senior-technician.yaml", kb=kb)

    def refuse(*a, **k):
        raise AssertionError("an engine session was opened")

    monkeypatch.setattr(Engine, "session", refuse)
    rows = run_profile(parse_query("skill(L, _, D) & as_of(N) & anniversary(D, 4, A) & A <= N", kb), kb, person)
    assert {r["L"] for r in rows} == {"技师", "高级技师"}


def test_a_kb_query_refuses_person_predicates(kb):
    with pytest.raises(QueryError) as err:
        run_kb(parse_query("title_rank(L, _) & skill(L, _, _)", kb), kb)
    assert err.value.key == "query.needs_person" and err.value.column == 20


def test_negation_in_a_person_scope(kb):
    person = parse_profile({"skills": [{"level": "技师", "obtained": "2019-01-01"}]}, as_of=dt.date(2025, 1, 1))
    rows = run_profile(parse_query("skill_level(L) & ~skill(L, _, _)", kb), kb, person)
    assert "技师" not in {r["L"] for r in rows} and "高级工" in {r["L"] for r in rows}


def test_a_cross_product_stops_at_the_bound(kb):
    with pytest.raises(QueryError) as err:
        run_kb(parse_query("clause(A, _) & clause(B, _) & clause(C, _)", kb), kb)
    assert err.value.key == "query.too_costly"
    assert MAX_BINDINGS >= 100_000


def test_a_roster_answers_per_person_with_its_id(kb, tmp_path):
    path = tmp_path / "r.jsonl"
    people = [
        {"id": "a", "skills": [{"level": "技师", "obtained": "2015-01-01"}], "as_of": "2025-01-01"},
        {"name": "乙", "skills": [{"level": "高级工", "obtained": "2015-01-01"}], "as_of": "2025-01-01"},
        {"skills": [{"level": "技师", "obtained": "2024-01-01"}], "as_of": "2025-01-01"},
    ]
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in people) + "\n\n", encoding="utf-8")
    rows = list(run_roster(parse_query("skill(技师, _, D)", kb), kb, read_roster(path, kb)))
    assert [r["person"] for r in rows] == ["a", "#3"]
    rows = list(run_roster(parse_query("skill(L, _, _)", kb), kb, read_roster(path, kb)))
    assert [r["person"] for r in rows] == ["a", "乙", "#3"]


def test_a_yaml_roster(kb, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {id: x, skills: [{level: 二级, obtained: 2020-01-01}]}\n- {id: y}\n", encoding="utf-8")
    assert [p.skills[0].level for p in read_roster(path, kb)[:1]] == ["技师"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"id": "a"}\n{"skills": [{"level": "九级"}]}\n', "roster[1].skills[0].level"),
        ('{"id": "a"}\n{"id": \n', "roster[1]"),
        ("[1, 2]\n", "roster[0]"),
    ],
)
def test_a_bad_roster_line_names_its_place(kb, tmp_path, text, field):
    from tongguan.errors import TongguanError

    path = tmp_path / "r.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TongguanError) as err:
        read_roster(path, kb)
    assert err.value.field.startswith(field)


def test_a_roster_that_is_not_a_list(kb, tmp_path):
    from tongguan.errors import TongguanError

    path = tmp_path / "r.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(TongguanError) as err:
        read_roster(path, kb)
    assert err.value.key == "roster.not_list"
