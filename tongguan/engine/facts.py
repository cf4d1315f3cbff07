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


def profile_facts(kb: KB, p: Profile) -> Facts:
    """The facts a profile gives, and what the optimistic world assumes for each field not given.

    Driven by the KB's profile schema (``kb/profile.yaml``): each field ``feeds`` base predicates, and its
    ``known`` / ``assume`` / ``absent`` / ``exhaustive`` keys say which rows the known world holds and
    which the optimistic world adds when it is not given.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> f = profile_facts(load_kb(), parse_profile({"series": "工程"}))
    >>> ("series", ("工程",)) in f.known, "technical_work_since" in [m for m, _ in f.missing]
    (True, True)
    """
    f = Facts()
    schema = kb.profile
    as_of = next(getattr(p, attribute(n)) for n, s in schema["fields"].items() if s.get("role") == "as_of")
    for name in schema["facts_order"]:
        spec = schema["fields"][name]
        value = getattr(p, attribute(name))
        if spec["type"] == "records":
            for i, item in enumerate(value):
                _record_facts(kb, f, spec, f"{name}[{i}]", i, item)
        elif spec["type"] == "by_year":
            _by_year_facts(kb, f, spec, name, value, as_of)
        else:
            _scalar_facts(kb, f, spec, name, value)
    return f


def _ordinal(value: Any) -> Any:
    return value.toordinal() if isinstance(value, dt.date) else value


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


def _scalar_facts(kb: KB, f: Facts, spec: dict[str, Any], name: str, value: Any) -> None:
    pred = spec.get("feeds")
    if pred is None:
        return
    if spec["type"] == "flag":  # an argument-less predicate that holds when the flag is true
        if value:
            f.add(pred)
        elif value is None and spec.get("assume") is True:
            f.assume(name, pred, [()])
    elif value:
        f.add(pred, _ordinal(value))
    elif "assume" in spec:
        f.assume(name, pred, [(v,) for v in _assumed(kb, spec["assume"])], exhaustive=bool(spec.get("exhaustive")))


def _by_year_facts(kb: KB, f: Facts, spec: dict[str, Any], name: str, value: dict[int, Any], as_of: dt.date) -> None:
    for pred, args in spec.get("feeds", {}).items():
        for year, v in value.items():
            f.add(pred, *(year if a == "$key" else v for a in args))
        assume = spec.get("assume")
        if not assume:
            continue
        default = _assumed(kb, assume["value"])[0]
        windows = assessment_windows(as_of)
        for year in range(min(w[2] for w in windows), max(w[0] for w in windows) + 1):
            if year not in value:  # past years not given, and the years still to come
                f.assume(f"{name}.{year}", pred, [tuple(year if a == "$key" else default for a in args)])


def _record_facts(kb: KB, f: Facts, spec: dict[str, Any], path: str, index: int, item: Any) -> None:
    """The rows one record feeds: known when every argument is given (or has a ``known`` value), and
    the optimistic world's rows for the arguments not given (their ``assume`` values, every combination).
    A ``detail`` field is assumed only when the record's kind lists it (``details``), else ``absent``."""
    fields = spec["fields"]
    details = spec.get("details")
    listed: tuple = ()
    if details:
        entry = kb.vocabulary[details["vocabulary"]].get(getattr(item, attribute(details["by"]))) or {}
        listed = tuple(entry.get(details["list"]) or ())
    for pred, args in spec["feeds"].items():
        known: list[Any] = []
        choices: list[list[Any]] = []
        assumed: list[tuple[str, bool]] = []
        has_known = True
        for a in args:
            if a == "$id":
                known.append(f"{spec['id']}{index}")
                choices.append(known[-1:])
                continue
            fs, value = fields[a], getattr(item, attribute(a))
            if value is not None:
                known.append(_ordinal(value))
                choices.append(known[-1:])
                continue
            if fs.get("detail") and a not in listed:
                if "absent" not in fs:
                    break  # the kind does not carry it: no row
                known.append(fs["absent"])
                choices.append(known[-1:])
                continue
            if "known" in fs:
                known.append(UNKNOWN if fs["known"] == "unknown" else fs["known"])
            else:
                has_known = False
            if "assume" in fs:
                choices.append(_assumed(kb, fs["assume"]))
                assumed.append((a, bool(fs.get("exhaustive"))))
            elif "known" in fs:
                choices.append(known[-1:])
            else:
                break  # neither known nor assumed: no row
        else:
            if has_known:
                f.add(pred, *known)
            if assumed:
                rows = list(itertools.product(*choices))
                f.assume(f"{path}.{assumed[0][0]}", pred, rows, exhaustive=all(ex for _, ex in assumed))


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
