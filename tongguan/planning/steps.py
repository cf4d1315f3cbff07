"""What a plan is made of: its steps (`Step`), the paths (`PathResult`), the target it goes to
(`parse_target`), the words for a step's evaluation cycle and what every plan assumes.

A path needing an award the person does not hold (`PathResult.award`, found by
`tongguan.planning.ranking`) marks the steps only that award opens (`Step.needs_award`): it is an
"if you win …" alternative, listed after every path in the person's control.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import OptionError
from ..kb import KB, load_kb
from ..kb import parse_target as normalise_target

__all__ = [
    "OUTSIDE_NOTE",
    "PathResult",
    "Step",
    "TargetError",
    "cycle_text",
    "parse_target",
    "plan_assumptions",
]

OUTSIDE_NOTE = "用到本方案之外的规则（层级内晋升）"


def plan_assumptions(kb: KB | None = None, lang: str = "zh") -> list[str]:
    """What every plan assumes, in the policy's words (kb/answer_notes.yaml, the ``plan_`` notes).

    Examples
    --------
    >>> plan_assumptions()[0]
    '每次申报均在最早可申报之日提出并获通过'
    """
    kb = kb or load_kb()
    return [n[lang] for key, n in kb.notes.items() if key.startswith("plan_")]


def __getattr__(name: str) -> Any:
    """`ASSUMPTIONS`: the shipped policy's `plan_assumptions`, as a tuple."""
    if name == "ASSUMPTIONS":
        return tuple(plan_assumptions())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ROUTE_ORDER = {"normal": 0, "promotion": 1, "direct": 2, "skill_level": 3, "equivalence": 4, "exceptional": 5}


class TargetError(OptionError):
    """A target that is not ``ladder:level`` of the KB (e.g. ``title:正高级``)."""


@dataclass
class Step:
    """One application on the way: obtained `to_node` on `date` by `rule` (from `from_node`)."""

    date: dt.date
    from_node: str
    to_node: str
    track: str
    route: str
    rule: str
    clauses: list[str]
    status: str = "eligible"
    outside: bool = False
    source: str | None = None
    assumption: bool = False
    assumptions: list[str] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    to_review: list[dict[str, str]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    cycle: str = ""
    needs_award: bool = False  # only the path's award (`PathResult.award`) opens this step

    @property
    def level(self) -> str:
        return self.to_node.split(":", 1)[1]

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON data."""
        return {
            "date": self.date.isoformat(),
            "cycle": self.cycle,
            "from_node": self.from_node,
            "to_node": self.to_node,
            "track": self.track,
            "route": self.route,
            "rule": self.rule,
            "clauses": list(self.clauses),
            "status": self.status,
            "outside": self.outside,
            "source": self.source,
            "assumption": self.assumption,
            "assumptions": list(self.assumptions),
            "to_confirm": list(self.to_confirm),
            "to_review": list(self.to_review),
            "also": list(self.also),
            "needs_award": self.needs_award,
        }


@dataclass
class PathResult:
    """One path to the target: its steps in date order and the arrival date; with `award`, an "if you
    win …" alternative: the award (its words, e.g. 「中华技能大奖」) the path needs and the person does not
    hold, and `also_awards` the other awards that open the same path."""

    target: str
    steps: list[Step]
    arrival: dt.date
    award: str | None = None
    also_awards: list[str] = field(default_factory=list)

    @property
    def needs_award(self) -> bool:
        """Whether the path needs an award the person does not hold (not in their control)."""
        return self.award is not None

    @property
    def uses_outside_rules(self) -> bool:
        return any(s.outside or any(OUTSIDE_NOTE in n for n in s.assumptions) for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """The path as JSON data.

        Examples
        --------
        >>> s = Step(dt.date(2024, 1, 1), "skill:高级技师", "title:副高级", "title", "normal", "r", ["A1-5.3.4"])
        >>> PathResult("title:副高级", [s], s.date).to_dict()["arrival"]
        '2024-01-01'
        """
        return {
            "target": self.target,
            "arrival": self.arrival.isoformat(),
            "uses_outside_rules": self.uses_outside_rules,
            "needs_award": self.needs_award,
            "award": self.award,
            "also_awards": list(self.also_awards),
            "steps": [s.to_dict() for s in self.steps],
        }


def parse_target(kb: KB, text: str) -> str:
    """``track:level`` normalised by `tongguan.kb.parse_target` (synonyms and per-series title names
    accepted); a `TargetError` naming ``--to`` otherwise.

    Examples
    --------
    >>> parse_target(load_kb(), "title:正高级工程师"), parse_target(load_kb(), "skill:一级")
    ('title:正高级', 'skill:高级技师')
    """
    try:
        track, level = normalise_target(kb, text, field="--to")
    except OptionError as exc:
        raise TargetError(exc.field, exc.value, exc.key, en=exc.params_en, **exc.params) from None
    return f"{track}:{level}"




def cycle_text(cycle: str, lang: str = "zh") -> str:
    """The words for a step's evaluation cycle: ``2030`` → 「2030年度评审」, ``2030-2`` → 「2030年第2次评审」.

    Examples
    --------
    >>> cycle_text("2030"), cycle_text("2030-2"), cycle_text("2030", "en")
    ('2030年度评审', '2030年第2次评审', 'evaluation round 2030')
    """
    year, _, n = cycle.partition("-")
    if lang == "en":
        return f"evaluation round {cycle}"
    return f"{year}年第{n}次评审" if n else f"{year}年度评审"
