"""Monotonicity of the rule base, as properties over generated profiles (hypothesis).

More years (an earlier obtained date, an earlier technical_work_since, a later as_of), a higher level or
an extra award never removes an option nor worsens its status, in the order
eligible > conditional > not_yet > ineligible; between two not_yet answers the earliest date never moves
later.  Options for a level the changed profile holds are not compared (they are no longer listed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongguan import STATUSES, Engine, load_kb, parse_profile

KB = load_kb()
ENGINES: dict[str, Engine] = {}  # one engine per back end (the `backend` fixture of conftest)
VOC = KB.vocabulary
SKILLS = KB.ladder("skill")
TITLES = KB.ladder("title")
QUALIFICATIONS = KB.ladder("qualification")
GRADES = [*VOC["assessment_grades"]["passing"], *VOC["assessment_grades"]["failing"]]
PASS = VOC["assessment_grades"]["passing"][0]
FLAGS = ("law_abiding", "good_conduct", "frontline", "foreign_language", "computer_skills", "relevant_diploma")
LOW, HIGH = dt.date(1975, 1, 1).toordinal(), dt.date(2030, 12, 31).toordinal()

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _date(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


@st.composite
def awards(draw: Any, as_of_year: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(VOC["awards"])))
    fields = VOC["awards"][kind].get("fields") or ()
    a: dict[str, Any] = {"kind": kind, "year": draw(st.integers(1990, as_of_year))}
    if "medal" in fields and draw(st.booleans()):
        a["medal"] = draw(st.sampled_from(VOC["medals"]))
    if "class" in fields and draw(st.booleans()):
        a["class"] = draw(st.sampled_from(VOC["competition_classes"]))
    if "rank" in fields and draw(st.booleans()):
        a["rank"] = draw(st.integers(1, 8))
        a["team_size"] = draw(st.integers(1, 4))
    return a


@st.composite
def profiles(draw: Any, complete_assessments: bool = False) -> dict[str, Any]:
    """A valid profile (as a mapping), with ``as_of``; some facts may be left unknown."""
    as_of = draw(st.integers(dt.date(2016, 1, 1).toordinal(), dt.date(2029, 12, 31).toordinal()))
    year = dt.date.fromordinal(as_of).year
    p: dict[str, Any] = {"as_of": _date(as_of)}
    # dates near as_of, so that time is often short (not_yet) and the changes matter
    p["technical_work_since"] = _date(as_of - draw(st.integers(0, 25 * 365)))

    def obtained() -> str:
        return _date(as_of - draw(st.integers(0, 12 * 365)))

    p["skills"] = [{"level": lv, "obtained": obtained()}
                   for lv in draw(st.lists(st.sampled_from([*SKILLS, *SKILLS[2:] * 2]), max_size=2, unique=True))]
    titles = [{"level": lv, "kind": "title", "obtained": obtained()}
              for lv in draw(st.lists(st.sampled_from(TITLES), max_size=2, unique=True))]
    if draw(st.booleans()):
        titles.append({"level": draw(st.sampled_from(QUALIFICATIONS)), "kind": "qualification",
                       "obtained": obtained()})
    p["titles"] = titles
    years = range(year - 3, year)
    if complete_assessments:
        p["assessments"] = {y: PASS for y in years}
    else:
        grade = st.sampled_from(GRADES) if draw(st.integers(0, 3)) == 3 else st.just(PASS)
        p["assessments"] = {y: draw(grade) for y in years if draw(st.integers(0, 9)) < 9}
    for flag in FLAGS:
        v = draw(st.sampled_from([True, True, True, True, True, False, None]))
        if v is not None:
            p[flag] = v
    series = draw(st.sampled_from([*VOC["series"]["opened"], "会计", None]))
    if series:
        p["series"] = series
    p["awards"] = draw(st.lists(awards(year), max_size=2))
    cls = draw(st.sampled_from([None, *VOC["technical_school_classes"]]))
    if cls:
        p["technical_school_class"] = cls
    return p


def answer(raw: dict[str, Any], backend: str = "pydatalog"):
    engine = ENGINES.get(backend) or ENGINES.setdefault(backend, Engine(KB, backend=backend))
    return engine.evaluate(parse_profile(raw, kb=KB))


def assert_no_worse(before_raw: dict[str, Any], after_raw: dict[str, Any], backend: str = "pydatalog") -> None:
    before, after = answer(before_raw, backend), answer(after_raw, backend)
    got = {o.key: o for o in after.options}
    for o in before.options:
        assert o.key in got, f"option {o.key} disappeared"
        a = got[o.key]
        if a.held:
            continue
        rb, ra = STATUSES.index(o.status), STATUSES.index(a.status)
        assert ra <= rb, f"{o.key}: {o.status} → {a.status} ({a.missing or a.to_confirm})"
        if o.status == a.status == "not_yet":
            assert a.earliest <= o.earliest, f"{o.key}: earliest {o.earliest} → {a.earliest}"


@SETTINGS
@given(profiles(), st.data())
def test_earlier_obtained_date_never_worsens(backend, p, data):
    entries = [("skills", i) for i in range(len(p["skills"]))] + [("titles", i) for i in range(len(p["titles"]))]
    if not entries:
        return
    part, i = data.draw(st.sampled_from(entries))
    old = dt.date.fromisoformat(p[part][i]["obtained"]).toordinal()
    q = {**p, part: [dict(x) for x in p[part]]}
    q[part][i]["obtained"] = _date(data.draw(st.integers(LOW, old)))
    assert_no_worse(p, q, backend)


@SETTINGS
@given(profiles(), st.data())
def test_earlier_technical_work_never_worsens(backend, p, data):
    old = dt.date.fromisoformat(p["technical_work_since"]).toordinal()
    q = {**p, "technical_work_since": _date(data.draw(st.integers(LOW, old)))}
    assert_no_worse(p, q, backend)


@SETTINGS
@given(profiles(complete_assessments=True), st.integers(0, 6 * 365))
def test_later_as_of_never_worsens(backend, p, days):
    as_of = dt.date.fromisoformat(p["as_of"])
    later = dt.date.fromordinal(min(as_of.toordinal() + days, HIGH))
    # every assessment of both 近3年 windows passes: only time moves
    # (a year's grade may be given from that year on, so the earlier profile stops at its own year)
    p = {**p, "assessments": {y: PASS for y in range(as_of.year - 3, as_of.year + 1)}}
    q = {**p, "as_of": later.isoformat(), "assessments": {y: PASS for y in range(as_of.year - 3, later.year + 1)}}
    assert_no_worse(p, q, backend)


@SETTINGS
@given(profiles(), st.data())
def test_higher_level_never_worsens(backend, p, data):
    raisable = [("skills", i, SKILLS) for i, s in enumerate(p["skills"]) if s["level"] != SKILLS[-1]]
    raisable += [("titles", i, TITLES if t["kind"] == "title" else QUALIFICATIONS)
                 for i, t in enumerate(p["titles"])
                 if t["level"] != (TITLES if t["kind"] == "title" else QUALIFICATIONS)[-1]]
    if not raisable:
        return
    part, i, ladder = data.draw(st.sampled_from(raisable))
    held = {x["level"] for x in p[part] if x.get("kind", "title") == p[part][i].get("kind", "title")}
    higher = [lv for lv in ladder[ladder.index(p[part][i]["level"]) + 1:] if lv not in held]
    if not higher:
        return
    q = {**p, part: [dict(x) for x in p[part]]}
    q[part][i]["level"] = data.draw(st.sampled_from(higher))
    assert_no_worse(p, q, backend)


@SETTINGS
@given(profiles(), st.data())
def test_an_added_level_never_worsens(backend, p, data):
    as_of = dt.date.fromisoformat(p["as_of"]).toordinal()
    held = {s["level"] for s in p["skills"]}
    new = [lv for lv in SKILLS if lv not in held]
    if not new:
        return
    skill = {"level": data.draw(st.sampled_from(new)), "obtained": _date(as_of - data.draw(st.integers(0, 12 * 365)))}
    assert_no_worse(p, {**p, "skills": [*p["skills"], skill]}, backend)


@SETTINGS
@given(profiles(), st.data())
def test_extra_award_never_worsens(backend, p, data):
    year = dt.date.fromisoformat(p["as_of"]).year
    q = {**p, "awards": [*p["awards"], data.draw(awards(year))]}
    assert_no_worse(p, q, backend)


def test_the_comparison_catches_a_worse_status(backend):
    """The properties are not vacuous: a later obtained date does worsen an option, and is caught."""
    import pytest

    base = {"as_of": "2025-06-01", "technical_work_since": "2010-01-01", "series": "工程", "law_abiding": True,
            "good_conduct": True, "assessments": {2022: PASS, 2023: PASS, 2024: PASS}}
    early = {**base, "skills": [{"level": "技师", "obtained": "2021-01-01"}]}
    late = {**base, "skills": [{"level": "技师", "obtained": "2023-01-01"}]}
    assert answer(early, backend).get("title", "中级", "normal").status == "eligible"
    assert answer(late, backend).get("title", "中级", "normal").status == "not_yet"
    with pytest.raises(AssertionError, match="eligible → not_yet"):
        assert_no_worse(early, late, backend)
