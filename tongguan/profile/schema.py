"""The profile's schema: the pydantic models of a person's profile, built from the policy's data.

The fields, their types and bounds and the vocabulary each takes its values from are the policy's
(``kb/profile.yaml``, `tongguan.kb.KB.profile`): `profile_model` builds the model from them, once per
schema.  `ProfileError` is every profile problem, naming the field and the value.
"""

from __future__ import annotations

import datetime as dt
import functools
import keyword
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..documents import LIMITS
from ..errors import TongguanError
from ..kb import KB, load_kb

__all__ = ["ProfileError", "ProfileSchema", "attribute", "profile_model", "profile_schema"]


class ProfileError(TongguanError):
    """Bad input in a profile: names the field and the value (`TongguanError` with a message key).

    Examples
    --------
    >>> e = ProfileError("skills[0].level", "九级", "level.unknown", ladder="skill", allowed="技师、高级技师")
    >>> e.text("en")
    "skills[0].level: '九级': unknown skill level (one of 技师、高级技师, or a synonym)"
    """


TEXT_LIMIT = LIMITS.text  # a text's bound is the document reader's
# control characters that drive a terminal or reorder text (ANSI escapes, carriage return, bidi overrides);
# tabs and line breaks are kept (free text is data and is kept verbatim)
# control characters and bidirectional marks; lone surrogates (a JSON "\ud800" escape: no UTF-8 for
# them, so no report, terminal or response could show the value) are refused by the same search
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"[+-]?\d{1,6}")


def _bad(key: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError("tongguan", key, {"key": key, **params})


def _text(v: Any) -> Any:
    if not isinstance(v, str):
        raise _bad("type.text")
    if len(v) > TEXT_LIMIT:
        raise _bad("text.too_long", limit=TEXT_LIMIT)
    bad = _CONTROL.search(v)
    if bad:
        raise _bad("text.surrogate" if "\ud800" <= bad.group() <= "\udfff" else "text.control")
    return v


def _types(bounds: dict[str, Any]) -> dict[str, Any]:
    """The annotated types of the schema's scalar types, bounded by the schema's `bounds`."""
    first, last, most = bounds["first_day"], bounds["last_day"], bounds["count"]

    def in_range(d: dt.date) -> dt.date:
        if not first <= d <= last:
            raise _bad("date.range", low=first.isoformat(), high=last.isoformat())
        return d

    def day(v: Any) -> Any:
        # fast path: a plain YYYY-MM-DD (what fromisoformat accepts with '-' at 4 and 7 is exactly that form
        # in ASCII digits, so the general path below would give the same day); anything else goes the long way
        if v.__class__ is str and len(v) == 10 and v[4] == "-" and v[7] == "-":
            try:
                d = dt.date.fromisoformat(v)
            except ValueError:
                pass
            else:
                if first <= d <= last:
                    return d
        if isinstance(v, dt.datetime):
            if v.time() != dt.time(0) or v.tzinfo is not None:
                raise _bad("date.has_time")
            return in_range(v.date())
        if isinstance(v, dt.date):
            return in_range(v)
        if isinstance(v, str):
            if not _ISO_DAY.fullmatch(v.strip()):
                raise _bad("type.date")
            try:
                return in_range(dt.date.fromisoformat(v.strip()))
            except ValueError:
                raise _bad("date.invalid") from None
        raise _bad("type.date")

    def year(v: Any) -> Any:
        if v.__class__ is int and first.year <= v <= last.year:  # fast path: a year in range
            return v
        if isinstance(v, str) and _YEAR.fullmatch(v.strip()):
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise _bad("type.year")
        if not first.year <= v <= last.year:
            raise _bad("year.range", low=first.year, high=last.year)
        return v

    def count(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _bad("type.int")
        if v < 1:
            raise _bad("number.min", limit=1)
        if v > most:
            raise _bad("number.max", limit=most)
        return v

    return {
        "text": Annotated[str, BeforeValidator(_text)],
        "level": Annotated[str, BeforeValidator(_text)],
        "date": Annotated[dt.date, BeforeValidator(day)],
        "year": Annotated[int, BeforeValidator(year)],
        "count": Annotated[int, BeforeValidator(count)],
        "flag": StrictBool,
    }


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


# The profile fields the library reads by name (the answer's series and occupation, the levels held, the
# awards, the assessments...), and how they read when a policy's schema does not declare them: not given.
# A policy with no series (tests/policies/demo) answers as a profile that gives none.
_NOT_DECLARED: dict[str, Any] = {
    "series": None,
    "occupation": None,
    "technical_work_since": None,
    "technical_school_class": None,
    "skills": (),
    "titles": (),
    "awards": (),
    "assessments": {},
}


class _ProfileModel(_Model):
    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)  # type: ignore[misc]
        except AttributeError:
            if name in _NOT_DECLARED:
                return _NOT_DECLARED[name]
            raise


def attribute(name: str) -> str:
    """The model's attribute for a schema field: ``class`` (a Python keyword) is ``class_``.

    Examples
    --------
    >>> attribute("class"), attribute("rank")
    ('class_', 'rank')
    """
    return f"{name}_" if keyword.iskeyword(name) else name


def _none_is_empty(empty: Any) -> Any:
    def validator(cls: Any, v: Any) -> Any:
        return empty() if v is None else v

    return validator


def _definitions(fields: dict[str, Any], types: dict[str, Any], bounds: dict[str, Any], records: dict[str, Any]) -> dict:
    out: dict[str, Any] = {}
    for name, spec in fields.items():
        kind = spec["type"]
        alias = {"alias": name} if attribute(name) != name else {}
        if kind == "records":
            item = records[name]
            out[attribute(name)] = (tuple[item, ...], Field(default=(), max_length=bounds["list"], **alias))
        elif kind == "by_year":
            key, value = types["year"], types[spec["value"]]
            out[attribute(name)] = (dict[key, value], Field(default_factory=dict, max_length=bounds["list"], **alias))
        elif kind == "choice":
            choice = Literal[tuple(spec["values"])]  # type: ignore[valid-type]
            if "default" in spec:
                out[attribute(name)] = (choice, Field(default=spec["default"], **alias))
            else:
                out[attribute(name)] = (choice | None, Field(default=None, **alias))
        elif spec.get("required"):
            out[attribute(name)] = (types[kind], Field(**alias))
        else:
            out[attribute(name)] = (types[kind] | None, Field(default=None, **alias))
    return out


def _build(
    model: str, doc: str, fields: dict[str, Any], types: dict[str, Any], bounds: dict[str, Any], records: dict,
    base: type[_Model] = _Model,
) -> Any:
    validators = {}
    lists = [n for n, s in fields.items() if s["type"] == "records"]
    maps = [n for n, s in fields.items() if s["type"] == "by_year"]
    if lists:
        validators["_none_is_empty"] = field_validator(*lists, mode="before")(classmethod(_none_is_empty(tuple)))
    if maps:
        validators["_none_is_empty_map"] = field_validator(*maps, mode="before")(classmethod(_none_is_empty(dict)))
    return create_model(
        model,
        __base__=base,
        __doc__=doc,
        __module__=__name__,
        __validators__=validators,
        **_definitions(fields, types, bounds, records),
    )


@dataclass(frozen=True, eq=False)
class ProfileSchema:
    """A profile schema (`tongguan.kb.KB.profile`) and the pydantic models built from it: ``model`` the
    profile, ``records`` the model of each list of records (``skills`` → ``Skill``)."""

    spec: dict[str, Any]
    model: Any
    records: dict[str, Any]

    @property
    def fields(self) -> dict[str, Any]:
        return self.spec["fields"]

    @property
    def bounds(self) -> dict[str, Any]:
        return self.spec["bounds"]

    @functools.cached_property
    def as_of(self) -> str:
        """The field that is the evaluation date (``role: as_of``)."""
        return next(n for n, s in self.fields.items() if s.get("role") == "as_of")


_BUILT: dict[str, ProfileSchema] = {}  # repr(schema) → the models: one model per schema, whichever KB has it


def _schema_for(spec: dict[str, Any]) -> ProfileSchema:
    key = repr(spec)
    built = _BUILT.get(key)
    if built is None:
        types = _types(spec["bounds"])
        records = {}
        for name, fs in spec["fields"].items():
            if fs["type"] == "records":
                records[name] = _build(fs["model"], str(fs.get("doc") or ""), fs["fields"], types, spec["bounds"], {})
        model = _build(
            "Profile",
            'Everything the rules may ask about one person; ``None`` means "not given" (unknown).',
            spec["fields"],
            types,
            spec["bounds"],
            records,
            _ProfileModel,
        )
        built = _BUILT[key] = ProfileSchema(spec, model, records)
    return built


def profile_schema(kb: KB | None = None) -> ProfileSchema:
    """The profile schema of a KB (the shipped one by default) with its models.

    Examples
    --------
    >>> s = profile_schema()
    >>> s.records["skills"].__name__, s.as_of, s.bounds["last_as_of"]
    ('Skill', 'as_of', datetime.date(2100, 12, 31))
    """
    kb = kb or load_kb()
    return kb._memoised("profile_schema", lambda: _schema_for(kb.profile))


def profile_model(kb: KB | None = None) -> Any:
    """The pydantic model of a profile, built from the KB's schema (``kb/profile.yaml``).

    Examples
    --------
    >>> import tongguan.profile as module
    >>> profile_model() is module.Profile, module.Skill.__name__
    (True, 'Skill')
    """
    return profile_schema(kb).model

