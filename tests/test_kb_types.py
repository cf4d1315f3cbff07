"""Argument types are declared in kb/predicates.yaml (`types: {Arg: date}`), loaded and checked (issue 10).

The explainer shows a date argument as an ISO date because the predicate declares it one, not because
of its name; a type the loader does not know, a type for an argument the predicate does not have, or a
``dated`` predicate whose last argument is not a date is a `KBError`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tongguan.kb import ARG_TYPES, KBError, default_kb_dir, load_kb, load_kb_from


def test_every_predicate_has_one_known_type_per_argument():
    kb = load_kb()
    for name, p in kb.predicates.items():
        assert len(p.types) == len(p.args), name
        assert set(p.types) <= set(ARG_TYPES), name
        if p.dated:
            assert p.types[-1] == "date", name


def test_the_days_are_declared():
    preds = load_kb().predicates
    assert preds["skill"].types == ("term", "term", "date")
    assert preds["title"].types == ("term", "term", "term", "date")
    assert preds["anniversary"].types == ("date", "term", "date")
    assert preds["later_of"].types == ("date", "date", "date")
    assert preds["years_after"].types == ("date", "term", "date")
    assert preds["award"].types == ("term", "term", "term")  # its Year is a calendar year, not a day


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), root)
    path = root / "predicates.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("types: {Obtained: date}, field: skills", "types: {Obtained: day}, field: skills",
         "predicate skill: argument Obtained has unknown type 'day'"),
        ("types: {Obtained: date}, field: skills", "types: {Got: date}, field: skills",
         "predicate skill: `types` names 'Got', not one of its arguments"),
        ("types: {Obtained: date}, field: skills", "types: [date], field: skills",
         "predicate skill: `types` maps argument names to types"),
        ("{args: [Since], types: {Since: date}, dated: true, doc: 近3年", "{args: [Since], dated: true, doc: 近3年",
         "predicate recent_assessments_passed: it is `dated`, so its last argument must be declared `date`"),
    ],
)
def test_bad_types_are_kb_errors(tmp_path, old, new, message):
    with pytest.raises(KBError, match=re.escape(message)):
        load_kb_from(_edited(tmp_path, old, new))


def test_the_trees_show_every_day_as_a_date():
    """No literal of a tree shows a raw ordinal day (assessment_window's From, a day not named like one,
    was shown as 739252 while dates were guessed from argument names)."""
    from tongguan import load_profile
    from tongguan.explain import explain

    person = load_profile(Path(__file__).resolve().parents[1] / "queries/profiles/welder-senior-technician.yaml")
    literals = []

    def walk(node: dict) -> None:
        literals.append(node.get("literal", ""))
        for child in node["children"]:
            walk(child)

    for x in explain(person, include_held=True).options:
        walk(x.to_dict()["tree"])
    assert any(lit.startswith("assessment_window(") for lit in literals)
    assert not [lit for lit in literals if re.search(r"\b7\d{5}\b", lit)]
