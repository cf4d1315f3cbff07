"""The fast paths of reading a profile give what the general paths give: a YYYY-MM-DD day and an in-range
year (the validators' shortcuts), the fields normalising skips, the profile updated in place of a copy,
and the facts' rows made once per KB (each person's lists their own)."""

from __future__ import annotations

import datetime as dt
import re
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongguan.engine.facts import profile_facts
from tongguan.kb import load_kb
from tongguan.profile import ProfileError, parse_profile, profile_schema
from tongguan.profile.schema import _types as types_of

AS_OF = dt.date(2025, 6, 1)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _validator(kind: str):
    bounds = profile_schema().bounds
    return typing.get_args(types_of(bounds)[kind])[1].func, bounds


def _day_as_before(v, first, last):
    """The day validator's general path for a text (what it did before the shortcut)."""
    if not _ISO_DAY.fullmatch(v.strip()):
        return "type.date"
    try:
        d = dt.date.fromisoformat(v.strip())
    except ValueError:
        return "date.invalid"
    return d if first <= d <= last else "date.invalid"  # the range's error, raised inside the try, reads so


def _outcome(fn, v):
    try:
        return fn(v)
    except Exception as exc:  # a PydanticCustomError: its message key
        return exc.context["key"] if hasattr(exc, "context") else type(exc).__name__


DAY_TEXT = st.builds(
    lambda y, m, d, sep1, sep2, pad: f"{pad}{y}{sep1}{m}{sep2}{d}{pad}",
    st.sampled_from(["2020", "1899", "1900", "2200", "2201", "0001", "9999", "２０２０", "+202", "20 0"]),
    st.sampled_from(["05", "02", "13", "00", "5 ", "W0", "1"]),
    st.sampled_from(["01", "29", "30", "31", "00", "1", "١٢"]),
    st.sampled_from(["-", "", "/"]),
    st.sampled_from(["-", "", "T"]),
    st.sampled_from(["", " ", "\t"]),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DAY_TEXT, st.text(max_size=12)))
def test_a_day_given_as_text_reads_as_the_general_path_reads_it(v):
    day, bounds = _validator("date")
    assert _outcome(day, v) == _day_as_before(v, bounds["first_day"], bounds["last_day"])


@pytest.mark.parametrize("v", [1899, 1900, 2025, 2200, 2201, -5, 0, True, False, "2024", " 2024 ", "x", 2024.0, None])
def test_a_year_reads_as_before_in_range_or_not(v):
    year, bounds = _validator("year")
    first, last = bounds["first_day"].year, bounds["last_day"].year
    got = _outcome(year, v)
    if isinstance(v, bool) or not isinstance(v, int | str) or (isinstance(v, str) and not v.strip().isdigit()):
        assert got == "type.year"
    elif first <= int(v) <= last:
        assert got == int(v)
    else:
        assert got == "year.range"


def test_the_profile_updated_in_place_has_the_fields_set_a_copy_would_have():
    p = parse_profile({"series": "工程系列", "id": "A1"}, as_of=AS_OF)
    assert p.series == "工程"
    # as_of, the series, and the lists and mappings normalised (as model_copy(update=...) sets them)
    assert {"as_of", "series", "id", "skills", "titles", "awards", "assessments"} <= p.model_fields_set
    assert "technical_work_since" not in p.model_fields_set


def test_a_record_the_caller_holds_is_copied_not_changed():
    skill = profile_schema().records["skills"](level="二级")
    p = parse_profile({"skills": [skill]}, as_of=AS_OF)
    assert p.skills[0].level == "技师" and skill.level == "二级"


@pytest.mark.parametrize(
    ("data", "field", "key"),
    [
        ({"technical_work_since": "2025-06-02"}, "technical_work_since", "date.after_as_of"),
        ({"skills": [{"level": "技师", "obtained": "2026-01-01"}]}, "skills[0].obtained", "date.after_as_of"),
        ({"awards": [{"kind": "世界技能大赛", "year": 2026}]}, "awards[0].year", "date.after_as_of"),
        ({"titles": [{"level": "馆员", "series": "工程"}]}, "titles[0].level", "title.other_series"),
        ({"titles": [{"level": "九级"}]}, "titles[0].level", "level.unknown"),
        ({"awards": [{"kind": "某奖"}]}, "awards[0].kind", "award.unknown"),
        ({"assessments": {2024: "很好"}}, "assessments.2024", "grade.unknown"),
        ({"assessments": {2026: "优秀"}}, "assessments.2026", "year.after_as_of"),
        ({"technical_school_class": "某班"}, "technical_school_class", "school.unknown"),
    ],
)
def test_normalising_still_names_the_field_and_the_value(data, field, key):
    with pytest.raises(ProfileError) as e:
        parse_profile(data, as_of=AS_OF)
    assert (e.value.field, e.value.key) == (field, key)
    assert e.value.text("zh").startswith(field) and e.value.text("en").startswith(field)


def test_each_persons_facts_are_their_own_lists():
    kb = load_kb()
    a = profile_facts(kb, parse_profile({}, as_of=AS_OF))
    b = profile_facts(kb, parse_profile({}, as_of=AS_OF))
    assert a.assumed == b.assumed and a.optimistic == b.optimistic
    for rows in a.assumed:
        rows.append(("x", ()))
    a.optimistic.append(("x", ()))
    assert all(("x", ()) not in rows for rows in b.assumed) and ("x", ()) not in b.optimistic


def test_the_assessment_years_assumed_follow_as_of():
    kb = load_kb()
    years = {
        as_of.year: [
            m for m, _ in profile_facts(kb, parse_profile({}, as_of=as_of)).missing if m.startswith("assessments.")
        ]
        for as_of in (AS_OF, dt.date(2030, 1, 1), AS_OF)
    }
    assert years[2025] == [f"assessments.{y}" for y in range(2022, 2028)]
    assert years[2030] == [f"assessments.{y}" for y in range(2027, 2033)]
