"""The back-end seam: pyDatalog stays behind one module; the semantics works through the protocol."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from tongguan.engine import BUILTINS, Engine, Facts, anniversary, assessment_windows, backend_named
from tongguan.engine.terms import compare, ground, match, unify
from tongguan.kb import Atom, Term

PACKAGE = Path(__file__).resolve().parents[1] / "tongguan"
PYDATALOG_MODULE = PACKAGE / "engine" / "pydatalog_backend.py"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_only_the_pydatalog_back_end_imports_pydatalog():
    importers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "pyDatalog" in imports_of(p))
    assert importers == [str(PYDATALOG_MODULE.relative_to(PACKAGE))]


def test_an_unknown_back_end_is_refused_by_name():
    with pytest.raises(ValueError, match="nosuch"):
        Engine(backend="nosuch")


def test_the_engine_accepts_a_back_end_object(kb, backend):
    from tongguan import parse_profile

    p = parse_profile({"skills": [{"level": "高级工", "obtained": "2015-01-01"}]}, kb=kb)
    by_name = Engine(kb, backend=backend).evaluate(p)
    by_object = Engine(kb, backend=backend_named(backend)).evaluate(p)
    assert [(o.key, o.status) for o in by_name.options] == [(o.key, o.status) for o in by_object.options]


def test_builtins_are_pure_functions_of_their_bound_arguments():
    start = dt.date(2020, 2, 29).toordinal()
    assert list(BUILTINS["anniversary"](start, 1, None)) == [(start, 1, anniversary(dt.date(2020, 2, 29), 1).toordinal())]
    assert list(BUILTINS["anniversary"](None, 1, None)) == []  # an unbound input yields nothing
    assert list(BUILTINS["later_of"](3, 5, None)) == [(3, 5, 5)]
    as_of = dt.date(2025, 6, 1).toordinal()
    rows = list(BUILTINS["assessment_window"](as_of, None, None, None, None))
    assert [r[1:4] for r in rows] == [w[:3] for w in assessment_windows(dt.date(2025, 6, 1))]


def test_worlds_are_named_from_the_facts_alone():
    f = Facts()
    f.add("as_of", 10)
    f.assume("a", "award_class", [("award0", "一类"), ("award0", "二类")], exhaustive=True)
    f.assume("b", "series", [("工程",)])
    assert f.world("o") == f.known + f.optimistic
    assert f.world("o-0") == [("as_of", (10,)), ("series", ("工程",))]
    assert f.world("c-1-0") == [("as_of", (10,)), ("series", ("工程",))]
    assert f.world("w-1-0") == [("as_of", (10,)), ("award_class", ("award0", "一类")),
                                ("award_class", ("award0", "二类")), ("series", ("工程",))]


def test_terms_match_ground_unify_and_compare_once():
    x, y = Term("X", True), Term("Y", True)
    head = Atom("p", (x, Term(1)))
    assert match(head, Atom("p", (Term("a"), Term(1)))) == {"X": "a"}
    assert match(head, Atom("q", (Term("a"), Term(1)))) is None
    assert str(ground(Atom("p", (x, y)), {"Y": 2})) == "p(X, 2)"
    assert unify(Atom("p", (x, Term(1))), Atom("p", (Term("a"), y))) == {"X": Term("a"), "Y": Term(1)}
    assert compare("<=", 1, 2) and not compare("<", "a", 1)


def test_a_negated_condition_the_optimistic_world_contradicts_is_unknown(kb, backend):
    from tongguan import parse_profile

    p = parse_profile({"series": "工程"}, kb=kb)
    rule = kb.option_rules[0]
    with Engine(kb, backend=backend).session(p) as s:
        c = s.condition(Atom("law_abiding", (), negated=True), rule)
    assert (c.status, c.to_confirm) == ("unknown", ["law_abiding"])
