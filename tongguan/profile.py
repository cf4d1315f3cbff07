"""A person's profile: reading, validating and normalising it against the KB vocabulary.

Input is YAML or JSON (field names are a contract, see the README).  Every problem becomes a
`ProfileError` naming the field and the value, so the command line can exit 2 with one clear message
and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .documents import LIMITS, read_document
from .errors import NOT_GIVEN, DocumentError, TongguanError
from .kb import KB, load_kb

__all__ = ["Award", "Profile", "ProfileError", "Skill", "Title", "load_profile", "parse_profile"]


class ProfileError(TongguanError):
    """Bad input in a profile: names the field and the value (`TongguanError` with a message key).

    Examples
    --------
    >>> e = ProfileError("skills[0].level", "九级", "level.unknown", ladder="skill", allowed="技师、高级技师")
    >>> e.text("en")
    "skills[0].level: '九级': unknown skill level (one of 技师、高级技师, or a synonym)"
    """


# The bounds of a profile's values (the document's own bounds are in `tongguan.documents.Limits`).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
# as_of ends earlier: the paths plan decades beyond it, and their dates must stay in range
LAST_AS_OF = dt.date(2100, 12, 31)
TEXT_LIMIT = LIMITS.text
LIST_LIMIT = 100
COUNT_LIMIT = 999
# control characters that drive a terminal or reorder text (ANSI escapes, carriage return, bidi overrides);
# tabs and line breaks are kept (free text is data and is kept verbatim)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"[+-]?\d{1,6}")


def _bad(key: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError("tongguan", key, {"key": key, **params})


def _text(v: Any) -> Any:
    if not isinstance(v, str):
        raise _bad("type.text")
    if len(v) > TEXT_LIMIT:
        raise _bad("text.too_long", limit=TEXT_LIMIT)
    if _CONTROL.search(v):
        raise _bad("text.control")
    return v


def _in_range(d: dt.date) -> dt.date:
    if not FIRST_DAY <= d <= LAST_DAY:
        raise _bad("date.range", low=FIRST_DAY.isoformat(), high=LAST_DAY.isoformat())
    return d


def _day(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        if v.time() != dt.time(0) or v.tzinfo is not None:
            raise _bad("date.has_time")
        return _in_range(v.date())
    if isinstance(v, dt.date):
        return _in_range(v)
    if isinstance(v, str):
        if not _ISO_DAY.fullmatch(v.strip()):
            raise _bad("type.date")
        try:
            return _in_range(dt.date.fromisoformat(v.strip()))
        except ValueError:
            raise _bad("date.invalid") from None
    raise _bad("type.date")


def _year(v: Any) -> Any:
    if isinstance(v, str) and _YEAR.fullmatch(v.strip()):
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad("type.year")
    if not FIRST_DAY.year <= v <= LAST_DAY.year:
        raise _bad("year.range", low=FIRST_DAY.year, high=LAST_DAY.year)
    return v


def _count(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad("type.int")
    if v < 1:
        raise _bad("number.min", limit=1)
    if v > COUNT_LIMIT:
        raise _bad("number.max", limit=COUNT_LIMIT)
    return v


Text = Annotated[str, BeforeValidator(_text)]
Day = Annotated[dt.date, BeforeValidator(_day)]
Year = Annotated[int, BeforeValidator(_year)]
Count = Annotated[int, BeforeValidator(_count)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Skill(_Model):
    """A skill level held (职业资格或职业技能等级)."""

    level: Text
    occupation: Text | None = None
    obtained: Day | None = None


class Title(_Model):
    """A title (职称, ``kind: title``) or professional qualification (职业资格, ``kind: qualification``)."""

    level: Text
    series: Text | None = None
    kind: Literal["title", "qualification"] = "title"
    obtained: Day | None = None


class Award(_Model):
    """An award, honour or recognition named as in the plan."""

    kind: Text
    year: Year | None = None
    medal: Text | None = None
    class_: Text | None = Field(default=None, alias="class")
    rank: Count | None = None
    team_size: Count | None = None


class Profile(_Model):
    """Everything the rules may ask about one person; ``None`` means "not given" (unknown)."""

    id: Text | None = None
    name: Text | None = None
    as_of: Day | None = None
    series: Text | None = None
    occupation: Text | None = None
    skills: tuple[Skill, ...] = Field(default=(), max_length=LIST_LIMIT)
    titles: tuple[Title, ...] = Field(default=(), max_length=LIST_LIMIT)
    technical_work_since: Day | None = None
    assessments: dict[Year, Text] = Field(default_factory=dict, max_length=LIST_LIMIT)
    law_abiding: StrictBool | None = None
    good_conduct: StrictBool | None = None
    frontline: StrictBool | None = None
    awards: tuple[Award, ...] = Field(default=(), max_length=LIST_LIMIT)
    technical_school_class: Text | None = None
    relevant_diploma: StrictBool | None = None
    foreign_language: StrictBool | None = None
    computer_skills: StrictBool | None = None

    @field_validator("skills", "titles", "awards", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return () if v is None else v

    @field_validator("assessments", mode="before")
    @classmethod
    def _assessments(cls, v: Any) -> Any:
        return {} if v is None else v


def _loc(loc: tuple[Any, ...]) -> str:
    out, prev = "", None
    for part in loc:
        if isinstance(part, int) and prev != "assessments":  # a list index (assessments' keys are years)
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("class" if part == "class_" else str(part))
        prev = part
    return out or "profile"


def _dig(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# pydantic's error types → the catalogue's keys (pydantic's English never reaches a user)
_PYDANTIC = {
    "missing": "field.required",
    "extra_forbidden": "field.unknown",
    "string_type": "type.text",
    "bool_type": "type.bool",
    "bool_parsing": "type.bool",
    "int_type": "type.int",
    "int_parsing": "type.int",
    "int_from_float": "type.int",
    "date_type": "type.date",
    "date_parsing": "type.date",
    "date_from_datetime_inexact": "date.has_time",
    "date_from_datetime_parsing": "type.date",
    "dict_type": "type.mapping",
    "model_type": "type.mapping",
    "model_attributes_type": "type.mapping",
    "tuple_type": "type.list",
    "list_type": "type.list",
    "too_long": "list.too_long",
    "string_too_long": "text.too_long",
    "literal_error": "choice",
    "greater_than_equal": "number.min",
}
# the parts pydantic adds to a location that are not the profile's (a dict key's marker, schema branches)
_NOT_A_FIELD = re.compile(r"\[key\]|(function-(before|after|wrap|plain)|lax-or-strict|json-or-python|nullable)\[.*\]")


def _first_error(exc: ValidationError, data: Any) -> ProfileError:
    err = exc.errors()[0]
    clean = tuple(p for p in err["loc"] if not (isinstance(p, str) and _NOT_A_FIELD.fullmatch(p)))
    kind, ctx = err["type"], err.get("ctx") or {}
    value = NOT_GIVEN if kind == "missing" else err.get("input", _dig(data, clean))
    if kind == "tongguan":
        params = {k: v for k, v in ctx.items() if k != "key"}
        return ProfileError(_loc(clean), value, ctx["key"], **params)
    key = _PYDANTIC.get(kind)
    if key is None:
        return ProfileError(_loc(clean), value, "value.invalid", detail=err["msg"])
    params = {}
    if key == "list.too_long":
        params["limit"] = ctx.get("max_length")
        value = ctx.get("actual_length", NOT_GIVEN)
    elif key == "text.too_long":
        params["limit"] = ctx.get("max_length")
    elif key == "number.min":
        params["limit"] = ctx.get("ge")
    elif key == "choice":
        params["allowed"] = str(ctx.get("expected", "")).replace("'", "")
    return ProfileError(_loc(clean), value, key, **params)


class _Vocab:
    """Normalisation tables built from the KB vocabulary."""

    def __init__(self, kb: KB):
        v = kb.vocabulary
        self.kb = kb
        self.ladder = {name: kb.ladder(name) for name in v["ladders"]}
        self.synonyms = {name: kb.level_names(name) for name in v["ladders"]}
        self.title_names: dict[str, list[tuple[str, str]]] = {}
        for series, spec in (v.get("title_names") or {}).items():
            for name, level in spec["names"].items():
                self.title_names.setdefault(name, []).append((series, level))
        self.grades = {g for part in v["assessment_grades"].values() for g in part}
        self.awards = dict(v["awards"])
        self.award_synonyms = dict(v.get("award_synonyms") or {})
        self.medals = list(v["medals"])
        self.medal_synonyms = dict(v.get("medal_synonyms") or {})
        self.classes = list(v["competition_classes"])
        self.class_synonyms = dict(v.get("competition_class_synonyms") or {})
        self.school = dict(v["technical_school_classes"])


def _strip(s: str | None) -> str | None:
    return s.strip() if isinstance(s, str) else s


def _normalise(p: Profile, kb: KB, today: dt.date) -> Profile:
    voc = _Vocab(kb)
    as_of = p.as_of or today
    if as_of > LAST_AS_OF:
        raise ProfileError("as_of", as_of, "date.range", low=FIRST_DAY.isoformat(), high=LAST_AS_OF.isoformat())

    def check_date(field: str, d: dt.date | None) -> None:
        if d is not None and d > as_of:
            raise ProfileError(field, d.isoformat(), "date.after_as_of", as_of=as_of.isoformat())

    def level(ladder: str, field: str, value: str) -> str:
        got = voc.synonyms[ladder].get(_strip(value))
        if got is None:
            allowed = "、".join(voc.ladder[ladder])
            raise ProfileError(field, value, "level.unknown", ladder=ladder, allowed=allowed)
        return got

    skills = []
    for i, s in enumerate(p.skills):
        check_date(f"skills[{i}].obtained", s.obtained)
        skills.append(s.model_copy(update={"level": level("skill", f"skills[{i}].level", s.level)}))

    titles = []
    for i, t in enumerate(p.titles):
        check_date(f"titles[{i}].obtained", t.obtained)
        name = _strip(t.level)
        series = kb.series_name(t.series)
        if t.kind == "title" and name in voc.title_names:
            # the name gives the level; the series is the one stated (the same names serve other series,
            # e.g. 馆员 in 图书资料), else the one series that uses the name
            uses = voc.title_names[name]
            named = {s for s, _ in uses}
            if series and series not in named and series in (kb.vocabulary.get("title_names") or {}):
                raise ProfileError(
                    f"titles[{i}].level", t.level, "title.other_series", series_of="、".join(sorted(named)), series=series
                )
            lv = next((lv for s, lv in uses if s == series), uses[0][1])
            if not series and len(named) == 1:
                series = uses[0][0]
        else:
            lv = level("qualification" if t.kind == "qualification" else "title", f"titles[{i}].level", name)
        titles.append(t.model_copy(update={"level": lv, "series": series}))

    assessments: dict[int, str] = {}
    for year, grade in p.assessments.items():
        g = _strip(grade)
        if g not in voc.grades:
            raise ProfileError(f"assessments.{year}", grade, "grade.unknown", allowed="、".join(sorted(voc.grades)))
        if year > as_of.year:
            raise ProfileError(f"assessments.{year}", grade, "year.after_as_of", year=year, as_of=as_of.isoformat())
        assessments[year] = g

    awards = []
    for i, a in enumerate(p.awards):
        kind = voc.award_synonyms.get(_strip(a.kind), _strip(a.kind))
        if kind not in voc.awards:
            raise ProfileError(f"awards[{i}].kind", a.kind, "award.unknown", allowed="、".join(voc.awards))
        if a.year is not None and a.year > as_of.year:
            raise ProfileError(f"awards[{i}].year", a.year, "date.after_as_of", as_of=as_of.isoformat())
        upd: dict[str, Any] = {"kind": kind}
        if a.medal is not None:
            m = voc.medal_synonyms.get(_strip(a.medal), _strip(a.medal))
            if m not in voc.medals:
                raise ProfileError(f"awards[{i}].medal", a.medal, "medal.unknown")
            upd["medal"] = m
        if a.class_ is not None:
            c = voc.class_synonyms.get(_strip(a.class_), _strip(a.class_))
            if c not in voc.classes:
                raise ProfileError(f"awards[{i}].class", a.class_, "class.unknown")
            upd["class_"] = c
        awards.append(a.model_copy(update=upd))

    school = _strip(p.technical_school_class)
    if school is not None and school not in voc.school:
        raise ProfileError("technical_school_class", school, "school.unknown", allowed="、".join(voc.school))
    check_date("technical_work_since", p.technical_work_since)
    series = _strip(p.series)
    return p.model_copy(
        update={
            "as_of": as_of,
            "skills": tuple(skills),
            "titles": tuple(titles),
            "assessments": assessments,
            "awards": tuple(awards),
            "technical_school_class": school,
            "series": kb.series_name(series),
        }
    )


def parse_profile(
    data: Any, kb: KB | None = None, as_of: dt.date | None = None, today: dt.date | None = None
) -> Profile:
    """Validate and normalise a profile given as a mapping.

    Parameters
    ----------
    data : mapping
        The profile fields (see the README).
    kb : KB, optional
        Vocabulary source; the shipped KB by default.
    as_of : date, optional
        Overrides the profile's ``as_of``.
    today : date, optional
        Default ``as_of`` when neither is given (the real today otherwise).

    Examples
    --------
    >>> p = parse_profile({"skills": [{"level": "二级", "obtained": "2020-05-01"}]}, as_of=dt.date(2025, 1, 1))
    >>> p.skills[0].level
    '技师'
    """
    kb = kb or load_kb()
    if data is None:
        raise ProfileError("profile", None, "doc.empty")
    if not isinstance(data, dict):
        raise ProfileError("profile", data, "doc.not_mapping")
    if as_of is not None:
        data = {**data, "as_of": as_of}
    try:
        prof = Profile.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data) from None
    return _normalise(prof, kb, today or dt.date.today())


def load_profile(path: str | Path, kb: KB | None = None, as_of: dt.date | None = None) -> Profile:
    """Read a profile file (YAML, or JSON by its ``.json`` suffix) and validate it.

    The file is bounded while it is read (`tongguan.documents.read_document`); every problem raises a
    `ProfileError` (the file's own problems a `DocumentError`, both `TongguanError`).
    """
    try:
        data = read_document(path, label="PROFILE")
    except DocumentError as exc:
        raise exc.recast(ProfileError) from None
    return parse_profile(data, kb=kb, as_of=as_of)
