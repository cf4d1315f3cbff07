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
from ..profile import Profile
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

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> f = profile_facts(load_kb(), parse_profile({"series": "工程"}))
    >>> ("series", ("工程",)) in f.known, "technical_work_since" in [m for m, _ in f.missing]
    (True, True)
    """
    f = Facts()
    voc = kb.vocabulary

    def ordinal(d: dt.date | None) -> Any:
        return d.toordinal() if d else UNKNOWN

    f.add("as_of", p.as_of.toordinal())
    for i, s in enumerate(p.skills):
        f.add("skill", s.level, s.occupation or "", ordinal(s.obtained))
        if s.obtained is None:
            f.assume(f"skills[{i}].obtained", "skill", [(s.level, s.occupation or "", LONG_AGO)])
    for i, t in enumerate(p.titles):
        f.add("title", t.level, t.series or "", t.kind, ordinal(t.obtained))
        if t.obtained is None:
            f.assume(f"titles[{i}].obtained", "title", [(t.level, t.series or "", t.kind, LONG_AGO)])
    if p.technical_work_since:
        f.add("technical_work_since", p.technical_work_since.toordinal())
    else:
        f.assume("technical_work_since", "technical_work_since", [(LONG_AGO,)])
    for year, grade in p.assessments.items():
        f.add("assessment", year, grade)
    default_pass = voc["assessment_grades"]["passing"][0]
    windows = assessment_windows(p.as_of)
    for year in range(min(w[2] for w in windows), max(w[0] for w in windows) + 1):
        if year not in p.assessments:  # past years not given, and the years still to come
            f.assume(f"assessments.{year}", "assessment", [(year, default_pass)])
    for flag in ("law_abiding", "good_conduct", "frontline", "foreign_language", "computer_skills", "relevant_diploma"):
        value = getattr(p, flag)
        if value:
            f.add(flag)
        elif value is None:
            f.assume(flag, flag, [()])
    if p.series:
        f.add("series", p.series)
    else:
        f.assume("series", "series", [(s,) for s in voc["series"]["opened"]])
    if p.technical_school_class:
        f.add("school_class", p.technical_school_class)
    for i, a in enumerate(p.awards):
        aid = f"award{i}"
        fields = voc["awards"][a.kind].get("fields") or ()
        f.add("award", aid, a.kind, a.year if a.year is not None else UNKNOWN)
        if a.medal:
            f.add("award_medal", aid, a.medal)
        elif "medal" in fields:
            f.assume(f"awards[{i}].medal", "award_medal", [(aid, m) for m in voc["medals"]])
        if a.class_:
            f.add("award_class", aid, a.class_)
        elif "class" in fields:
            classes = [(aid, c) for c in voc["competition_classes"]]
            f.assume(f"awards[{i}].class", "award_class", classes, exhaustive=True)
        sizes = [a.team_size] if a.team_size is not None or "team_size" not in fields else team_sizes(kb)
        if a.rank is not None and len(sizes) == 1:
            f.add("award_placing", aid, a.rank, sizes[0] or 1)
        elif a.rank is not None:  # a placing in an event of unknown size: every size the plan tells apart
            rows = [(aid, a.rank, n) for n in sizes]
            f.assume(f"awards[{i}].team_size", "award_placing", rows, exhaustive=True)
        elif "rank" in fields:
            f.assume(f"awards[{i}].rank", "award_placing", [(aid, 1, n or 1) for n in sizes])
    return f


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
