"""What an evaluation returns: conditions, options and the answer, and the one order of statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..kb import Atom, Rule
from ..profile import Profile

__all__ = ["NODE_SEVERITY", "STATUSES", "STATUS_RANK", "Answer", "Condition", "Option", "open_parents", "under"]

STATUSES = ("eligible", "conditional", "not_yet", "ineligible")  # best first: the order options sort by
STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
# The same order for the status of one condition or proof node (worst wins when combining).
NODE_SEVERITY = {"holds": 0, "skipped": 0, "not_yet": 1, "unknown": 2, "fails": 3}
# The status of an option as that of a proof node.
OPTION_TO_NODE = {"eligible": "holds", "not_yet": "not_yet", "conditional": "unknown", "ineligible": "fails"}


@dataclass
class Condition:
    """One body literal of an option rule, asked for one person.

    ``status`` is ``holds``, ``not_yet`` (holds from ``since``), ``unknown`` (holds only if the
    fields in ``to_confirm`` turn out favourably) or ``fails``.  ``solutions`` are the variable
    bindings the engine found (known world first, else optimistic world).
    """

    literal: Atom
    status: str
    since: dt.date | None = None
    solutions: list[dict[str, Any]] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    clauses: tuple[str, ...] = ()
    text: str = ""


@dataclass
class Option:
    """One thing the person may apply for, by one route, with its status and reasons."""

    track: str
    level: str
    route: str
    status: str
    rule: Rule
    earliest: dt.date | None = None
    series: str | None = None
    occupation: str | None = None
    exam: str | None = None
    education_equivalent: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    to_review: list[dict[str, str]] = field(default_factory=list)
    exemptions: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[Option] = field(default_factory=list)
    evidence: list[Rule] = field(default_factory=list)
    held: bool = False
    held_elsewhere: list[str] = field(default_factory=list)  # the level, held in another series/occupation
    notes: list[str] = field(default_factory=list)  # what the person should know about this answer
    order: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.track, self.level, self.route)

    @property
    def clauses(self) -> list[str]:
        """The rule's clauses, preceded by the items under them that the derivation went through
        (e.g. A1-6.3.2 when 中华技能大奖 opened a 破格 option citing A1-6)."""
        own = list(self.rule.clauses)
        parents = open_parents(self.rule)
        items = [c for r in self.evidence for c in r.clauses if c not in own and under(c, parents)]
        return list(dict.fromkeys(sorted(items, key=lambda c: -c.count(".")) + own))

    def sort_key(self) -> tuple:
        return (STATUS_RANK[self.status], self.earliest or dt.date.min, len(self.to_confirm), len(self.missing))

    def to_dict(self) -> dict[str, Any]:
        """The option as the JSON contract of `tongguan ask --json` has it."""
        return {
            "track": self.track,
            "level": None if self.track == "exam" else self.level,
            "series": self.series,
            "occupation": self.occupation,
            "exam": self.exam,
            "route": self.route,
            "status": self.status,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "education_equivalent": self.education_equivalent,
            "rule": self.rule.id,
            "clauses": self.clauses,
            "missing": self.missing,
            "to_confirm": self.to_confirm,
            "to_review": self.to_review,
            "exemptions": self.exemptions,
            "held_elsewhere": self.held_elsewhere,
            "notes": self.notes,
            "alternatives": [
                {"rule": a.rule.id, "status": a.status, "earliest": a.earliest.isoformat() if a.earliest else None}
                for a in self.alternatives
            ],
        }


@dataclass
class Answer:
    """Every option the KB knows for one person, at one date."""

    as_of: dt.date
    person: Profile
    options: list[Option]
    notes: list[str] = field(default_factory=list)

    def listed(self, include_ineligible: bool = False) -> list[Option]:
        """Options to show: not the levels already held; ineligible ones only on request."""
        out = [o for o in self.options if not o.held and (include_ineligible or o.status != "ineligible")]
        order = {"title": 0, "skill": 1, "exam": 2}

        def key(o: Option) -> tuple:
            rank, earliest, _, _ = o.sort_key()
            return (rank, order[o.track], o.order, earliest, o.route)

        return sorted(out, key=key)

    def get(self, track: str, level: str, route: str) -> Option | None:
        """The option for (track, level-or-exam, route), if the KB has one."""
        for o in self.options:
            if o.key == (track, level, route):
                return o
        return None

    def to_dict(self, include_ineligible: bool = False) -> dict[str, Any]:
        """The answer as the JSON contract of `tongguan ask --json` has it."""
        person = self.person.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
        return {
            "as_of": self.as_of.isoformat(),
            "person": person,
            "notes": self.notes,
            "options": [o.to_dict() for o in self.listed(include_ineligible)],
        }


def open_parents(rule: Rule) -> list[str]:
    """Clauses of `rule` with no other clause of the rule under them: the ones whose items a
    derivation may name (A1-6 in the 破格 rule; not A1-5 beside A1-5.1.3)."""
    return [p for p in rule.clauses if not any(c.startswith(p + ".") for c in rule.clauses)]


def under(clause: str, parents: list[str]) -> bool:
    """Whether `clause` is an item under one of `parents`."""
    return any(clause.startswith(p + ".") for p in parents)


def best_options(options: Iterable[Option], exemptions: list[dict[str, Any]]) -> list[Option]:
    """Options grouped by (track, level, route), in first-seen order: the best alternative of each
    (`Option.sort_key`) with the others as its `alternatives` and, unless ineligible, the exemptions
    of its track.  Every back end's semantics ends here."""
    by_key: dict[tuple, list[Option]] = {}
    for opt in options:
        by_key.setdefault(opt.key, []).append(opt)
    out = []
    for alts in by_key.values():
        if len(alts) > 1:
            alts.sort(key=Option.sort_key)
        best = alts[0]
        best.alternatives = alts[1:]
        best.exemptions = [e for e in exemptions if e["track"] == best.track] if best.status != "ineligible" else []
        out.append(best)
    return out
