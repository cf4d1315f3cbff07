"""The explanation's data: proof nodes, one option's explanation, a hypothetical change, the whole answer.

Plain dataclasses with `to_dict` for JSON (the shape is documented in docs/explain.md); built by
`tongguan.explain.proof`, `tongguan.explain.why_not` and `tongguan.explain.changes`, rendered by
`tongguan.render.explanation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine import UNKNOWN, Option, is_day
from ..kb import Atom, Rule
from ..profile import Profile

__all__ = ["NODE_STATUSES", "Change", "Explanation", "OptionExplanation", "ProofNode", "show_value"]

NODE_STATUSES = ("holds", "not_yet", "unknown", "fails", "skipped")


@dataclass(slots=True)
class ProofNode:
    """One node of a proof tree (see docs/explain.md for the JSON shape).

    ``kind`` is ``option``, ``rule``, ``literal`` (a derived condition), ``fact``, ``vocab``, ``calc`` or
    ``check``; ``status`` one of ``holds``, ``not_yet``, ``unknown``, ``fails``, ``skipped``.
    ``bindings`` hold the engine's raw values (dates as ordinal days); `to_dict` renders dates as ISO.

    Examples
    --------
    >>> ProofNode("check", "holds", text="5 >= 5").to_dict()["status"]
    'holds'
    """

    kind: str
    status: str
    text: str = ""
    text_en: str = ""
    literal: Atom | None = None
    pattern: Atom | None = None
    since: dt.date | None = None
    rule: Rule | None = None
    clauses: tuple[tuple[str, str], ...] = ()
    bindings: dict[str, Any] = field(default_factory=dict)
    date_vars: frozenset[str] = frozenset()
    fields: dict[str, Any] = field(default_factory=dict)
    to_confirm: list[str] = field(default_factory=list)
    vocabulary: str | None = None
    children: list[ProofNode] = field(default_factory=list)
    assumed: tuple[str, str, tuple] | None = None  # (field, predicate, row): one value of a detail not given
    fmt: Any = field(default=None, repr=False, compare=False)  # renders the literal with ISO dates

    def literal_text(self) -> str:
        """The literal, its dates as ISO strings."""
        if self.literal is None:
            return ""
        return self.fmt(self.literal) if self.fmt is not None else str(self.literal)

    def walk(self) -> Iterable[ProofNode]:
        """This node and every node below it, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The node as JSON-ready data (dates as ISO strings)."""
        out: dict[str, Any] = {"kind": self.kind, "status": self.status}
        out["text"] = self.text_en if lang == "en" and self.text_en else self.text
        if self.literal is not None:
            out["literal"] = self.literal_text()
        if self.since:
            out["since"] = self.since.isoformat()
        if self.rule is not None:
            out["rule"] = self.rule.id
            out["source"] = self.rule.source
            if self.rule.note:
                out["interpretation"] = self.rule.note
        if self.clauses:
            out["clauses"] = [{"id": c, "text": t} for c, t in self.clauses]
        if self.bindings:
            out["bindings"] = {k: show_value(v, k in self.date_vars) for k, v in self.bindings.items()}
        if self.fields:
            out["fields"] = dict(self.fields)
        if self.to_confirm:
            out["to_confirm"] = list(self.to_confirm)
        if self.vocabulary:
            out["vocabulary"] = self.vocabulary
        out["children"] = [c.to_dict(lang) for c in self.children]
        return out


@dataclass
class OptionExplanation:
    """The tree of one option (all its rules), and its why-not when it is not eligible."""

    option: Option
    tree: ProofNode
    why_not: dict[str, Any] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.option.key

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        o = self.option
        return {
            "track": o.track,
            "level": o.level,
            "route": o.route,
            "status": o.status,
            "earliest": o.earliest.isoformat() if o.earliest else None,
            "tree": self.tree.to_dict(lang),
            "why_not": self.why_not,
        }


@dataclass
class Change:
    """A set of hypothetical profile edits and what the target becomes with them.

    ``needs_award`` marks a change that only an award brings (an edit of the profile's ``awards`` field):
    not in the person's control, it is ranked after waiting, confirming and the next ordinary evaluation
    and shown as an "if you win …" alternative.
    """

    edits: list[dict[str, Any]]
    status: str
    date: dt.date | None
    rule: str
    route: str
    clauses: list[dict[str, str]]
    to_confirm: list[str] = field(default_factory=list)
    because: list[dict[str, Any]] = field(default_factory=list)
    needs_award: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "edits": self.edits,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "rule": self.rule,
            "route": self.route,
            "clauses": self.clauses,
            "to_confirm": self.to_confirm,
            "because": self.because,
            "needs_award": self.needs_award,
        }


@dataclass
class Explanation:
    """Trees (and why-nots) for the selected options of one person, and optionally a target analysis."""

    as_of: dt.date
    person: Profile
    options: list[OptionExplanation]
    target: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def get(self, track: str, level: str, route: str) -> OptionExplanation | None:
        """The explanation of one option, if selected."""
        return next((x for x in self.options if x.key == (track, level, route)), None)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready data (the shape is documented in docs/explain.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "person": self.person.name or self.person.id,
            "lang": lang,
            "options": [x.to_dict(lang) for x in self.options],
            "target": self.target,
            "notes": self.notes,
        }


def show_value(v: Any, is_date: bool) -> Any:
    """A binding value for people: dates as ISO strings, the engine's placeholders spelled out.

    Examples
    --------
    >>> show_value(739000, True), show_value(2024, False)
    ('2024-04-24', 2024)
    """
    if is_date:
        if is_day(v):
            return dt.date.fromordinal(v).isoformat()
        return "?"
    if v == UNKNOWN:
        return "?"
    return v
