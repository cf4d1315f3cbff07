"""Normalising a validated profile by its schema (`tongguan.profile.schema`): the first pydantic error
as a `ProfileError` in the profile's own terms, the vocabulary's aliases resolved, dates and years
checked against ``as_of``, each compiled once per KB (`_Tables`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import (
    ValidationError,
)

from ..errors import NOT_GIVEN
from ..kb import KB
from .schema import ProfileError, ProfileSchema, attribute

__all__ = ["first_error", "normalise"]


def _names(fields: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    """The by_year fields (their keys are years, not list indexes) and the attributes named otherwise."""
    years = {n for n, s in fields.items() if s["type"] == "by_year"}
    renamed = {attribute(n): n for n, s in fields.items() if attribute(n) != n}
    for s in fields.values():
        renamed |= {attribute(n): n for n in s.get("fields") or () if attribute(n) != n}
    return years, renamed


def _loc(loc: tuple[Any, ...], fields: dict[str, Any]) -> str:
    years, renamed = _names(fields)
    out, prev = "", None
    for part in loc:
        if isinstance(part, int) and prev not in years:  # a list index (a by_year field's keys are years)
            out += f"[{part}]"
        else:
            out += ("." if out else "") + renamed.get(str(part), str(part))
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


def first_error(exc: ValidationError, data: Any, fields: dict[str, Any]) -> ProfileError:
    err = exc.errors()[0]
    clean = tuple(p for p in err["loc"] if not (isinstance(p, str) and _NOT_A_FIELD.fullmatch(p)))
    kind, ctx = err["type"], err.get("ctx") or {}
    value = NOT_GIVEN if kind == "missing" else err.get("input", _dig(data, clean))
    if kind == "tongguan":
        params = {k: v for k, v in ctx.items() if k != "key"}
        return ProfileError(_loc(clean, fields), value, ctx["key"], **params)
    key = _PYDANTIC.get(kind)
    if key is None:
        return ProfileError(_loc(clean, fields), value, "value.invalid", detail=err["msg"])
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
    return ProfileError(_loc(clean, fields), value, key, **params)


def _strip(s: str | None) -> str | None:
    return s.strip() if isinstance(s, str) else s


def _values(part: Any) -> list[Any]:
    """The values a vocabulary part holds: a list's items, a ladder's levels, the union of a mapping of
    lists (assessment grades by kind), else a mapping's keys."""
    if isinstance(part, dict):
        if "levels" in part:
            return list(part["levels"])
        if part and all(isinstance(v, list) for v in part.values()):
            return [x for v in part.values() for x in v]
        return list(part)
    return list(part or ())


def _after(spec: dict[str, Any]) -> Any:
    """The message key of a date (or year) later than as_of, for a field it applies to, else None."""
    return spec.get("after_as_of") if spec["type"] in ("date", "year") else None


def _works(spec: dict[str, Any]) -> bool:
    """Whether normalising checks or changes a field of this spec (the others come out as they went in)."""
    kind = spec["type"]
    if kind in ("records", "by_year", "level"):
        return True
    if kind == "text" and (spec.get("normalise") == "series" or "unknown" in spec):
        return True
    return bool(_after(spec))


_SERIES_KEPT = 4096  # series texts remembered per KB (`_Tables.series_name`)


class _Tables:
    """What normalising reads from the KB, computed once per KB (`KB._memoised`): each spec's domain (as
    listed, for the message, and as a set), the per-series level names, the vocabulary parts, each
    ladder's names, the series' names, each record's fields in the order they are normalised, and the
    fields of a profile and of each record that normalising checks or changes (`profile_plan`,
    `record_plan`).  Building these per profile cost ~100 µs a row of a roster (benchmarks/README.md,
    section batch)."""

    def __init__(self, kb: KB):
        self.kb, self.voc = kb, kb.vocabulary
        self._parts: dict[str, Any] = {}
        self._domains: dict[int, tuple[list[Any], frozenset[Any]]] = {}
        self._names: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self._levels: dict[str, dict[str, str]] = {}
        self._series: dict[Any, Any] = {}
        self._orders: dict[int, tuple[Any, ...]] = {}
        self._plans: dict[int, Any] = {}
        self._records: dict[int, Any] = {}
        self._level_specs: dict[int, Any] = {}
        self.keep: list[Any] = []  # the specs keyed by id() above, kept alive with the tables

    def part(self, path: str) -> Any:
        hit = self._parts.get(path, _MISSING)
        if hit is _MISSING:
            data: Any = self.voc
            for p in path.split("."):
                data = data[p]
            hit = self._parts[path] = data
        return hit

    def domain(self, spec: dict[str, Any]) -> tuple[list[Any], frozenset[Any]]:
        hit = self._domains.get(id(spec))
        if hit is None:
            values = [x for p in spec.get("domain") or () for x in _values(self.part(p))]
            hit = self._domains[id(spec)] = (values, frozenset(values))
            self.keep.append(spec)
        return hit

    def names(self, part: str) -> dict[str, list[tuple[str, str]]]:
        """Per-series level names (vocabulary `title_names`): name → [(series, level)]."""
        if part not in self._names:
            out: dict[str, list[tuple[str, str]]] = {}
            for series, spec in (self.voc.get(part) or {}).items():
                for name, level in spec["names"].items():
                    out.setdefault(name, []).append((series, level))
            self._names[part] = out
        return self._names[part]

    def level_names(self, ladder: str) -> dict[str, str]:
        if ladder not in self._levels:
            self._levels[ladder] = self.kb.level_names(ladder)
        return self._levels[ladder]

    def series_name(self, text: Any) -> Any:
        try:
            return self._series[text]
        except KeyError:
            got = self.kb.series_name(text)
            if len(self._series) < _SERIES_KEPT:  # a roster of a million free texts must not fill memory
                self._series[text] = got
            return got
        except TypeError:  # not hashable: as the KB says it
            return self.kb.series_name(text)

    def order(self, fields: dict[str, Any]) -> tuple[Any, ...]:
        """A record's fields as (name, attribute, spec), dates first, then the series, then the rest."""
        hit = self._orders.get(id(fields))
        if hit is None:
            order = sorted(fields, key=lambda n: (fields[n]["type"] != "date", fields[n].get("normalise") is None))
            hit = self._orders[id(fields)] = tuple((n, attribute(n), fields[n]) for n in order)
            self.keep.append(fields)
        return hit

    def order_of_profile(self, schema: ProfileSchema) -> tuple[Any, ...]:
        """The profile's fields as (name, attribute, spec), in the schema's order."""
        hit = self._orders.get(id(schema.fields))
        if hit is None:
            hit = self._orders[id(schema.fields)] = tuple((n, attribute(n), s) for n, s in schema.fields.items())
            self.keep.append(schema.fields)
        return hit

    def profile_plan(self, schema: ProfileSchema) -> tuple[str, str, tuple[Any, ...]]:
        """The as_of field, its attribute, and the other fields normalising checks or changes as (name,
        attribute, spec, type), in the schema's order (an id, a flag, a free text come out as they went in)."""
        hit = self._plans.get(id(schema.fields))
        if hit is None:
            as_of = schema.as_of
            steps = tuple((n, a, s, s["type"]) for n, a, s in self.order_of_profile(schema) if n != as_of and _works(s))
            hit = self._plans[id(schema.fields)] = (as_of, attribute(as_of), steps)
            self.keep.append(schema.fields)
        return hit

    def level_spec(self, spec: dict[str, Any]) -> tuple[dict[str, list[tuple[str, str]]] | None, tuple]:
        """A level spec's per-series names (None without ``names``) and its ``names_when`` as items."""
        hit = self._level_specs.get(id(spec))
        if hit is None:
            names = self.names(spec["names"]) if "names" in spec else None
            hit = self._level_specs[id(spec)] = (names, tuple((spec.get("names_when") or {}).items()))
            self.keep.append(spec)
        return hit

    def record_plan(self, fields: dict[str, Any]) -> tuple[Any, ...]:
        """A record's fields (`order`), its series field, whether it has a level (which reads and sets its
        siblings), and the fields normalising checks or changes as (name, attribute, spec, type, after_as_of
        key), in `order`."""
        hit = self._records.get(id(fields))
        if hit is None:
            order = self.order(fields)
            series = next((n for n, s in fields.items() if s.get("normalise") == "series"), None)
            levels = any(s["type"] == "level" for s in fields.values())
            steps = tuple((n, a, s, s["type"], _after(s)) for n, a, s in order if _works(s))
            hit = self._records[id(fields)] = (order, series, levels, steps)
            self.keep.append(fields)
        return hit


_MISSING = object()


class _Normaliser:
    """Normalises a validated profile's values by the schema and the KB's vocabulary (`_Tables`)."""

    def __init__(self, t: _Tables, as_of: dt.date):
        self.kb, self.as_of, self.t = t.kb, as_of, t
        self.voc = t.voc

    def part(self, path: str) -> Any:
        return self.t.part(path)

    def domain(self, spec: dict[str, Any]) -> list[Any]:
        return self.t.domain(spec)[0]

    def names(self, part: str) -> dict[str, list[tuple[str, str]]]:
        """Per-series level names (vocabulary `title_names`): name → [(series, level)]."""
        return self.t.names(part)

    def after_as_of(self, path: str, spec: dict[str, Any], value: Any) -> None:
        key = spec.get("after_as_of")
        if key and spec["type"] == "date" and value > self.as_of:
            raise ProfileError(path, value.isoformat(), key, as_of=self.as_of.isoformat())
        if key and spec["type"] == "year" and value > self.as_of.year:
            raise ProfileError(path, value, key, as_of=self.as_of.isoformat())

    def unknown(self, path: str, spec: dict[str, Any], value: Any, allowed: list[Any]) -> ProfileError:
        how = spec.get("allowed")
        params = {"allowed": "、".join(sorted(allowed) if how == "sorted" else allowed)} if how else {}
        return ProfileError(path, value, spec["unknown"], **params)

    def text(self, path: Any, spec: dict[str, Any], value: Any) -> Any:
        """A text normalised (a series named as the KB names it; a value of a vocabulary through its
        synonyms, checked).  ``path`` is the field's path, or a record's (path, field) joined only for a message."""
        if spec.get("normalise") == "series":
            return self.t.series_name(_strip(value))
        if "unknown" not in spec:
            return value
        got = _strip(value)
        if "synonyms" in spec:
            got = self.t.part(spec["synonyms"]).get(got, got)
        allowed, known = self.t.domain(spec)
        if got not in known:
            raise self.unknown(path if isinstance(path, str) else f"{path[0]}.{path[1]}", spec, value, allowed)
        return got

    def level(
        self, path: str, spec: dict[str, Any], value: str, now: dict[str, Any], series_field: str | None
    ) -> dict[str, Any]:
        """A level of a ladder (through its synonyms), or a per-series name of one (工程师 → 中级, and the
        series when only one uses the name); the record's new level (and series)."""
        name = _strip(value)
        names, when = self.t.level_spec(spec)
        series = now.get(series_field) if series_field else None
        if names is not None and name in names and all(now.get(k) == v for k, v in when):
            # the name gives the level; the series is the one stated (the same names serve other series,
            # e.g. 馆员 in 图书资料), else the one series that uses the name
            uses = names[name]
            named = {s for s, _ in uses}
            if series and series not in named and series in (self.voc.get(spec["names"]) or {}):
                raise ProfileError(path, value, "title.other_series", series_of="、".join(sorted(named)), series=series)
            out = {"level": next((lv for s, lv in uses if s == series), uses[0][1])}
            if not series and len(named) == 1 and series_field:
                out[series_field] = uses[0][0]
            return out
        ladder = spec["ladder"]
        if isinstance(ladder, dict):
            ladder = ladder.get(now.get(ladder["by"]), next(v for k, v in ladder.items() if k != "by"))
        got = self.t.level_names(ladder).get(name)
        if got is None:
            raise ProfileError(path, value, "level.unknown", ladder=ladder, allowed="、".join(self.kb.ladder(ladder)))
        return {"level": got}

    def record(self, path: str, fields: dict[str, Any], item: Any) -> Any:
        """One record: its dates checked first, then its series, then the rest in the schema's order."""
        order, series_field, levels, steps = self.t.record_plan(fields)
        if not levels:  # each field is read and changed only by its own step
            update = {}
            for n, a, fs, kind, after in steps:
                v = getattr(item, a)
                if v is None:
                    continue
                if after:  # a date or year with an after-as_of message (`record_plan`)
                    self.after_as_of(f"{path}.{n}", fs, v)
                if kind == "text":
                    got = self.text((path, n), fs, v)
                    if got is not v:
                        update[a] = got
            return item.model_copy(update=update) if update else item  # most records are already canonical
        now = {n: getattr(item, a) for n, a, _ in order}
        given = dict(now)
        for n, _, fs, kind, after in steps:
            v = now[n]
            if v is None:
                continue
            if after:
                self.after_as_of(f"{path}.{n}", fs, v)
            if kind == "level":
                got = self.level(f"{path}.{n}", fs, v, now, series_field)
                now.update({n if k == "level" else k: x for k, x in got.items()})
            elif kind == "text":
                now[n] = self.text((path, n), fs, v)
        update = {a: now[n] for n, a, _ in order if now[n] is not given[n]}
        return item.model_copy(update=update) if update else item  # most records are already canonical

    def by_year(self, name: str, spec: dict[str, Any], value: dict[int, Any]) -> dict[int, Any]:
        out = {}
        allowed, known = self.t.domain(spec)
        check, after, last = "unknown" in spec, spec.get("after_as_of"), self.as_of.year
        for year, v in value.items():
            got = _strip(v)
            if check and got not in known:
                raise self.unknown(f"{name}.{year}", spec, v, allowed)
            if after and year > last:
                raise ProfileError(f"{name}.{year}", v, after, year=year, as_of=self.as_of.isoformat())
            out[year] = got
        return out


def normalise(p: Any, kb: KB, today: dt.date, schema: ProfileSchema) -> Any:
    t: _Tables = kb._memoised("profile_tables", lambda: _Tables(kb))
    as_of_field, as_of_attr, steps = t.profile_plan(schema)
    bounds = schema.bounds
    as_of = getattr(p, as_of_attr) or today
    if as_of > bounds["last_as_of"]:
        low, high = bounds["first_day"].isoformat(), bounds["last_as_of"].isoformat()
        raise ProfileError(as_of_field, as_of, "date.range", low=low, high=high)
    n = _Normaliser(t, as_of)
    update: dict[str, Any] = {as_of_attr: as_of}
    for name, attr, spec, kind in steps:
        value = getattr(p, attr)
        if value is None:
            continue
        if kind == "records":
            fields = spec["fields"]
            update[attr] = tuple(n.record(f"{name}[{i}]", fields, item) for i, item in enumerate(value))
        elif kind == "by_year":
            update[attr] = n.by_year(name, spec, value)
        else:
            n.after_as_of(name, spec, value)
            if kind == "text":
                update[attr] = n.text(name, spec, value)
    # `p` is this call's own (validated from a mapping, never an instance the caller holds): updated in
    # place as `p.model_copy(update=update)` would make its copy (the values, and the fields set), uncopied
    p.__dict__.update(update)
    p.__pydantic_fields_set__.update(update)
    return p


