"""Profile → facts: the known and optimistic worlds, and the worlds between them (backend-neutral).

The *known* world holds only what the profile says; the *optimistic* world adds, for every field not
given, every value it could take.  The other worlds a `Session` asks are named by `Facts.world`:
``o-N`` the optimistic world less missing item N, ``c-N-J`` the known world plus only row J of missing
item N, ``w-N-J`` the same plus the other exhaustive items' rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..kb import KB
from ..profile import Profile, attribute
from .builtins import LONG_AGO, UNKNOWN, assessment_windows

__all__ = ["Facts", "profile_facts", "team_sizes", "vocab_facts"]

Row = tuple[str, tuple]  # (base predicate, its arguments after the person)


@dataclass
class Facts:
    """One person's facts: the known rows, the rows the optimistic world assumes per missing field."""

    known: list[Row] = field(default_factory=list)
    optimistic: list[Row] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (field path, base predicate)
    assumed: list[list[Row]] = field(default_factory=list)  # rows assumed, per missing item
    exhaustive: list[bool] = field(default_factory=list)  # the rows are every value the field can take

    def add(self, pred: str, *args: Any) -> None:
        self.known.append((pred, args))

    def assume(self, field_path: str, pred: str, rows: Iterable[tuple], exhaustive: bool = False) -> None:
        """Record a field the profile does not give and the rows the optimistic world assumes for it.

        ``exhaustive``: the field certainly has one of these values (a competition is 一类 or 二类; a
        placing has some team size), so a condition that holds whichever row is true holds.
        """
        rows = [(pred, r) for r in rows]
        self.missing.append((field_path, pred))
        self.assumed.append(rows)
        self.exhaustive.append(exhaustive)
        self.optimistic.extend(rows)

    def optimistic_without(self, index: int) -> list[Row]:
        """The optimistic world's facts less what missing item `index` assumed."""
        return self.known + [row for i, rows in enumerate(self.assumed) if i != index for row in rows]

    def world(self, name: str) -> list[Row]:
        """The rows of a world: ``k`` known, ``o`` optimistic, ``o-N``, ``c-N-J`` or ``w-N-J``.

        Examples
        --------
        >>> f = Facts()
        >>> f.add("as_of", 5)
        >>> f.assume("series", "series", [("工程",), ("农业",)], exhaustive=True)
        >>> f.world("k"), f.world("c-0-1")
        ([('as_of', (5,))], [('as_of', (5,)), ('series', ('农业',))])
        """
        if name == "k":
            return list(self.known)
        if name == "o":
            return self.known + self.optimistic
        if name[0] in "cw":
            item, row = (int(x) for x in name[2:].split("-"))
            rest = list(self.known)
            if name[0] == "w":
                rest += [r for i, rows in enumerate(self.assumed) if i != item and self.exhaustive[i] for r in rows]
            return [*rest, self.assumed[item][row]]
        return self.optimistic_without(int(name[2:]))


_Facts = Facts  # the name before the back-end seam


def _assume(f: Facts, field_path: str, pred: str, rows: list[Row], exhaustive: bool) -> None:
    """`Facts.assume` with the rows already made, (predicate, arguments) each (a copy of them is kept)."""
    f.missing.append((field_path, pred))
    f.assumed.append(list(rows))
    f.exhaustive.append(exhaustive)
    f.optimistic.extend(rows)


def profile_facts(kb: KB, p: Profile) -> Facts:
    """The facts a profile gives, and what the optimistic world assumes for each field not given.

    Driven by the KB's profile schema (``kb/profile.yaml``): each field ``feeds`` base predicates, and its
    ``known`` / ``assume`` / ``absent`` / ``exhaustive`` keys say which rows the known world holds and
    which the optimistic world adds when it is not given (compiled once per KB, `_plan`).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> f = profile_facts(load_kb(), parse_profile({"series": "工程"}))
    >>> ("series", ("工程",)) in f.known, "technical_work_since" in [m for m, _ in f.missing]
    (True, True)
    """
    f = Facts()
    plan = kb._memoised("profile_facts_plan", lambda: _plan(kb))
    as_of = getattr(p, plan.as_of)
    for step in plan.steps:
        step(f, p, as_of)
    return f


@dataclass(frozen=True)
class _Arg:
    """One argument of a record's row: where it comes from, and what stands for it when not given."""

    attr: str | None  # None: the record's id
    name: str = ""
    known: tuple = ()  # (value,) when the known world has a row without it
    assumed: tuple | None = None  # the optimistic world's values
    exhaustive: bool = False
    detail: bool = False
    absent: tuple = ()  # (value,) when the record's kind does not carry it


@dataclass
class _Plan:
    as_of: str
    steps: list[Any]


def _assumed(kb: KB, assume: Any) -> list[Any]:
    """The values the optimistic world assumes for a field (kb/profile.yaml ``assume``)."""
    if assume == "long_ago":
        return [LONG_AGO]
    if "values" in assume:
        return list(assume["values"])
    how, path = next(iter(assume.items()))
    part: Any = kb.vocabulary
    for key in str(path).split("."):
        part = part[key]
    values = list(part)
    return values[:1] if how == "first" else values


def _plan(kb: KB) -> _Plan:
    """The profile schema compiled into one step per field (in ``facts_order``), a run of scalar fields
    one step (`_scalars_step`)."""
    schema = kb.profile
    fields = schema["fields"]
    as_of = next(attribute(n) for n, s in fields.items() if s.get("role") == "as_of")
    steps: list[Any] = []
    scalars: list[tuple] = []
    for name in schema["facts_order"]:
        spec = fields[name]
        if spec["type"] not in ("records", "by_year"):
            if spec.get("feeds") is not None:  # a field that feeds no predicate makes no facts
                scalars.append(_scalar(kb, name, spec))
            continue
        if scalars:
            steps.append(_scalars_step(scalars))
            scalars = []
        if spec["type"] == "records":
            steps.append(_records_step(kb, name, spec))
        else:
            steps.append(_by_year_step(kb, name, spec))
    if scalars:
        steps.append(_scalars_step(scalars))
    return _Plan(as_of, steps)


def _scalar(kb: KB, name: str, spec: dict[str, Any]) -> tuple:
    """A scalar field's facts, compiled: (attribute, predicate, name, flag, assumed true, the assumed rows
    as `Facts.assume` makes them, exhaustive)."""
    pred, attr = spec["feeds"], attribute(name)
    flag = spec["type"] == "flag"
    assume = spec.get("assume")
    rows = [()] if flag else [(v,) for v in _assumed(kb, assume)] if assume is not None else None
    made = [(pred, r) for r in rows] if rows is not None else None
    return (attr, pred, name, flag, assume is True, made, bool(spec.get("exhaustive")))


def _scalars_step(scalars: list[tuple]) -> Any:
    """The facts of a run of scalar fields: a flag's argument-less predicate when it is true, else the
    value (a day as its ordinal); a field not given, its assumed rows."""

    def step(f: Facts, p: Any, as_of: dt.date) -> None:
        known = f.known
        for attr, pred, name, flag, assumed_true, made, exhaustive in scalars:
            value = getattr(p, attr)
            if flag:  # an argument-less predicate that holds when the flag is true
                if value:
                    known.append((pred, ()))
                elif value is None and assumed_true:
                    _assume(f, name, pred, made, False)
            elif value:
                known.append((pred, (value.toordinal() if isinstance(value, dt.date) else value,)))
            elif made is not None:
                _assume(f, name, pred, made, exhaustive)

    return step


def _by_year_step(kb: KB, name: str, spec: dict[str, Any]) -> Any:
    attr, feeds, assume = attribute(name), dict(spec.get("feeds") or {}), spec.get("assume")
    default = _assumed(kb, assume["value"])[0] if assume else None

    key_first = {pred: args[0] == "$key" for pred, args in feeds.items()}  # (year, value) or (value, year)
    assumed_by_year: dict[int, list[tuple[int, str]]] = {}  # as_of's year → [(year, its field path)]

    def assumed(as_of: dt.date) -> list[tuple[int, str]]:
        """The years of the 近3年 windows of as_of (past years not given, and years still to come), with their paths."""
        hit = assumed_by_year.get(as_of.year)
        if hit is None:
            windows = assessment_windows(as_of)
            years = range(min(w[2] for w in windows), max(w[0] for w in windows) + 1)
            hit = assumed_by_year[as_of.year] = [(y, f"{name}.{y}") for y in years]
        return hit

    def step(f: Facts, p: Any, as_of: dt.date) -> None:
        value = getattr(p, attr)
        known = f.known
        for pred, first in key_first.items():
            for year, v in value.items():
                known.append((pred, (year, v) if first else (v, year)))
            if assume is None:
                continue
            for year, path in assumed(as_of):
                if year not in value:  # past years not given, and the years still to come
                    _assume(f, path, pred, [(pred, (year, default) if first else (default, year))], False)

    return step


def _records_step(kb: KB, name: str, spec: dict[str, Any]) -> Any:
    """The rows each record feeds: known when every argument is given (or has a ``known`` value), and
    the optimistic world's rows for the arguments not given (their ``assume`` values, every combination).
    A ``detail`` field is assumed only when the record's kind lists it (``details``), else ``absent``."""
    attr, fields, details = attribute(name), spec["fields"], spec.get("details")
    prefix = str(spec.get("id") or "")
    feeds = []
    for pred, args in spec["feeds"].items():
        out = []
        for a in args:
            if a == "$id":
                out.append(_Arg(None))
                continue
            fs = fields[a]
            known = () if "known" not in fs else ((UNKNOWN if fs["known"] == "unknown" else fs["known"]),)
            assumed = tuple(_assumed(kb, fs["assume"])) if "assume" in fs else None
            absent = (fs["absent"],) if "absent" in fs else ()
            out.append(_Arg(attribute(a), a, known, assumed, bool(fs.get("exhaustive")), bool(fs.get("detail")), absent))
        feeds.append((pred, tuple(out)))
    kinds: dict[Any, tuple] = {}
    if details:
        for kind, entry in (kb.vocabulary.get(details["vocabulary"]) or {}).items():
            kinds[kind] = tuple((entry or {}).get(details["list"]) or ())
    by = attribute(details["by"]) if details else None

    def step(f: Facts, p: Any, as_of: dt.date) -> None:
        for index, item in enumerate(getattr(p, attr)):
            listed = kinds.get(getattr(item, by), ()) if by else ()
            path, rid = f"{name}[{index}]", f"{prefix}{index}"
            for pred, args in feeds:
                _record_rows(f, pred, args, item, path, rid, listed)

    return step


def _record_rows(f: Facts, pred: str, args: tuple[_Arg, ...], item: Any, path: str, rid: str, listed: tuple) -> None:
    known: list[Any] = []
    choices: list[Any] = []
    assumed: list[_Arg] = []
    has_known = True
    for a in args:
        if a.attr is None:
            known.append(rid)
            choices.append((rid,))
            continue
        value = getattr(item, a.attr)
        if value is not None:
            value = value.toordinal() if isinstance(value, dt.date) else value
            known.append(value)
            choices.append((value,))
        elif a.detail and a.name not in listed:
            if not a.absent:
                return  # the kind does not carry it: no row
            known.append(a.absent[0])
            choices.append(a.absent)
        else:
            if a.known:
                known.append(a.known[0])
            else:
                has_known = False
            if a.assumed is not None:
                choices.append(a.assumed)
                assumed.append(a)
            elif a.known:
                choices.append(a.known)
            else:
                return  # neither known nor assumed: no row
    if has_known:
        f.known.append((pred, tuple(known)))
    if assumed:
        rows = [(pred, r) for r in itertools.product(*choices)]
        _assume(f, f"{path}.{assumed[0].name}", pred, rows, all(a.exhaustive for a in assumed))


def team_sizes(kb: KB) -> list[int]:
    """The team sizes the plan tells apart (A1-6.2.3: 个人, 双人, 三人赛项), from the vocabulary.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> team_sizes(load_kb())
    [1, 2, 3]
    """
    return [int(n) for n in kb.vocabulary["competition_team_sizes"]["sizes"]]


def vocab_facts(kb: KB, pred_name: str) -> list[tuple]:
    """Rows of a vocab predicate, made from the part of vocabulary.yaml its `from` names.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> ('高级工', '技师') in vocab_facts(load_kb(), "next_skill")
    True
    """
    pred = kb.predicates[pred_name]
    data: Any = kb.vocabulary
    for part in (pred.source or "").split("."):
        data = data[part]
    if isinstance(data, dict) and "levels" in data:
        data = data["levels"]
    if isinstance(data, dict):
        return [(k, v) for k, v in data.items()]
    items = list(data)
    if len(pred.args) == 1:
        return [(x,) for x in items]
    if pred.args[-1] == "Rank":
        return [(x, i + 1) for i, x in enumerate(items)]
    if tuple(pred.args) == ("Lower", "Higher"):
        return list(itertools.pairwise(items))
    raise ValueError(f"cannot make facts for {pred_name} from {pred.source}")
