"""A person's profile: reading, validating and normalising it against the KB vocabulary.

Input is YAML or JSON (field names are a contract, see the README).  Every problem becomes a
`ProfileError` naming the field and the value, so the command line can exit 2 with one clear message
and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .kb import KB, load_kb

__all__ = ["Award", "Profile", "ProfileError", "Skill", "Title", "load_profile", "parse_profile"]


class ProfileError(ValueError):
    """Bad input: names the field and the value.

    Examples
    --------
    >>> str(ProfileError("skills[0].level", "九级", "unknown skill level"))
    "skills[0].level: '九级': unknown skill level"
    """

    def __init__(self, field: str, value: Any, message: str):
        self.field, self.value, self.message = field, value, message
        super().__init__(f"{field}: {value!r}: {message}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Skill(_Model):
    """A skill level held (职业资格或职业技能等级)."""

    level: str
    occupation: str | None = None
    obtained: dt.date | None = None


class Title(_Model):
    """A title (职称, ``kind: title``) or professional qualification (职业资格, ``kind: qualification``)."""

    level: str
    series: str | None = None
    kind: Literal["title", "qualification"] = "title"
    obtained: dt.date | None = None


class Award(_Model):
    """An award, honour or recognition named as in the plan."""

    kind: str
    year: int | None = None
    medal: str | None = None
    class_: str | None = Field(default=None, alias="class")
    rank: int | None = Field(default=None, ge=1)
    team_size: int | None = Field(default=None, ge=1)


class Profile(_Model):
    """Everything the rules may ask about one person; ``None`` means "not given" (unknown)."""

    id: str | None = None
    name: str | None = None
    as_of: dt.date | None = None
    series: str | None = None
    occupation: str | None = None
    skills: tuple[Skill, ...] = ()
    titles: tuple[Title, ...] = ()
    technical_work_since: dt.date | None = None
    assessments: dict[int, str] = Field(default_factory=dict)
    law_abiding: bool | None = None
    good_conduct: bool | None = None
    frontline: bool | None = None
    awards: tuple[Award, ...] = ()
    technical_school_class: str | None = None
    relevant_diploma: bool | None = None
    foreign_language: bool | None = None
    computer_skills: bool | None = None

    @field_validator("skills", "titles", "awards", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return () if v is None else v

    @field_validator("assessments", mode="before")
    @classmethod
    def _assessments(cls, v: Any) -> Any:
        return {} if v is None else v


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("class" if part == "class_" else str(part))
    return out or "profile"


def _dig(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _first_error(exc: ValidationError, data: Any) -> ProfileError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if p not in ("function-after",))
    # pydantic appends the union/type branch to the location; keep the field path only
    clean = []
    for p in loc:
        if (isinstance(p, str) and p in ("list[...]", "tuple[...]")) or (isinstance(p, str) and "[" in p):
            continue
        clean.append(p)
    value = err.get("input", _dig(data, tuple(clean)))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown field (see the README for the profile fields)"
    return ProfileError(_loc(tuple(clean)), value, msg)


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
        self.series_alias = dict(v["series"].get("also_opened") or {})


def _strip(s: str | None) -> str | None:
    return s.strip() if isinstance(s, str) else s


def _normalise(p: Profile, kb: KB, today: dt.date) -> Profile:
    voc = _Vocab(kb)
    as_of = p.as_of or today

    def check_date(field: str, d: dt.date | None) -> None:
        if d is not None and d > as_of:
            raise ProfileError(field, d.isoformat(), f"is after as_of {as_of.isoformat()}")

    def level(ladder: str, field: str, value: str) -> str:
        got = voc.synonyms[ladder].get(_strip(value))
        if got is None:
            allowed = "、".join(voc.ladder[ladder])
            raise ProfileError(field, value, f"unknown {ladder} level (one of {allowed}, or a synonym)")
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
                    f"titles[{i}].level", t.level, f"is a title of the {'、'.join(sorted(named))} series, not {series}"
                )
            lv = next((lv for s, lv in uses if s == series), uses[0][1])
            if not series and len({s for s, _ in uses}) == 1:
                series = uses[0][0]
        else:
            lv = level("qualification" if t.kind == "qualification" else "title", f"titles[{i}].level", name)
        titles.append(t.model_copy(update={"level": lv, "series": series}))

    assessments: dict[int, str] = {}
    for year, grade in p.assessments.items():
        g = _strip(grade)
        if g not in voc.grades:
            raise ProfileError(
                f"assessments.{year}", grade, "unknown grade (one of " + "、".join(sorted(voc.grades)) + ")"
            )
        if year > as_of.year:
            raise ProfileError(f"assessments.{year}", grade, f"year {year} is after as_of {as_of.isoformat()}")
        assessments[year] = g

    awards = []
    for i, a in enumerate(p.awards):
        kind = voc.award_synonyms.get(_strip(a.kind), _strip(a.kind))
        if kind not in voc.awards:
            raise ProfileError(
                f"awards[{i}].kind", a.kind, "unknown award kind (named as in the plan: " + "、".join(voc.awards) + ")"
            )
        if a.year is not None and a.year > as_of.year:
            raise ProfileError(f"awards[{i}].year", a.year, f"is after as_of {as_of.isoformat()}")
        upd: dict[str, Any] = {"kind": kind}
        if a.medal is not None:
            m = voc.medal_synonyms.get(_strip(a.medal), _strip(a.medal))
            if m not in voc.medals:
                raise ProfileError(f"awards[{i}].medal", a.medal, "unknown medal (金、银、铜)")
            upd["medal"] = m
        if a.class_ is not None:
            c = voc.class_synonyms.get(_strip(a.class_), _strip(a.class_))
            if c not in voc.classes:
                raise ProfileError(f"awards[{i}].class", a.class_, "unknown competition class (一类、二类)")
            upd["class_"] = c
        awards.append(a.model_copy(update=upd))

    school = _strip(p.technical_school_class)
    if school is not None and school not in voc.school:
        raise ProfileError("technical_school_class", school, "unknown class (one of " + "、".join(voc.school) + ")")
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
        raise ProfileError("profile", None, "the profile is empty")
    if not isinstance(data, dict):
        raise ProfileError("profile", data, "a profile is a mapping of fields (YAML or JSON object)")
    if as_of is not None:
        data = {**data, "as_of": as_of}
    try:
        prof = Profile.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data) from None
    return _normalise(prof, kb, today or dt.date.today())


def load_profile(path: str | Path, kb: KB | None = None, as_of: dt.date | None = None) -> Profile:
    """Read a profile file (YAML or JSON) and validate it; raises `ProfileError` on bad input."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError("PROFILE", str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError("PROFILE", str(path), f"cannot be read ({exc.__class__.__name__})") from None
    if not text.strip():
        raise ProfileError("PROFILE", str(path), "the file is empty")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ProfileError("PROFILE", str(path), f"is not valid YAML/JSON{where}") from None
    return parse_profile(data, kb=kb, as_of=as_of)
