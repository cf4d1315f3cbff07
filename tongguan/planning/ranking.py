"""Advice in the person's control first (issue 11 item 6): the paths that need an award the person does
not hold are "if you win …" alternatives, found apart and ranked after every path in their control.

What an award is comes from the KB (`tongguan.awards`: the profile field of the award facts and the
kinds of the vocabulary), the same data what-would-change reads.  For each award the person could still
win (`tongguan.awards.award_candidates`), the person with that award is planned again by the same
planner; a path counts as needing the award when one of its steps is not open to the person as they
are (that step is marked `Step.needs_award`), and it is worth showing only when it arrives before the
fastest path in the person's control.  Awards that open the same options on the day of the answer are
planned once, and a path several awards open names the first (the vocabulary's order) and lists the
others (`PathResult.also_awards`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..awards import award_candidates, award_field
from ..profile import ProfileError, parse_profile
from .steps import PathResult, Step

if TYPE_CHECKING:
    from .paths import _Planner

__all__ = ["award_alternatives", "rank_paths"]


def rank_paths(paths: list[PathResult]) -> list[PathResult]:
    """The paths in the person's control first (by arrival, then fewer steps), then the ones that need
    an award, ranked the same way: an award is never the first advice, however early it arrives.

    Examples
    --------
    >>> s = Step(dt.date(2030, 1, 1), "skill:高级技师", "title:正高级", "title", "normal", "r", [])
    >>> w = Step(dt.date(2025, 6, 1), "award:中华技能大奖", "title:正高级", "title", "exceptional", "x", [])
    >>> ranked = rank_paths([PathResult("title:正高级", [w], w.date, "中华技能大奖"), PathResult("title:正高级", [s], s.date)])
    >>> [(p.arrival.isoformat(), p.award) for p in ranked]
    [('2030-01-01', None), ('2025-06-01', '中华技能大奖')]
    """
    return sorted(paths, key=lambda p: (p.needs_award, p.arrival, len(p.steps)))


def _signature(answer: Any) -> tuple:
    """What an answer opens: every option not ineligible, with its status and earliest date."""
    return tuple(
        sorted(
            (o.track, o.level, o.route, o.rule.id, o.status, str(o.earliest))
            for best in answer.options
            for o in (best, *best.alternatives)
            if o.status != "ineligible"
        )
    )


def award_alternatives(
    planner: _Planner, control: list[PathResult], k: int, max_steps: int, horizon: dt.date, max_states: int
) -> list[PathResult]:
    """Up to `k` paths that need an award the person does not hold, each arriving before the fastest of
    `control` (the paths in their control; any date up to `horizon` when there is none), fastest first.
    """
    kb, person = planner.kb, planner.profile
    field = award_field(kb)
    if field is None or k <= 0:
        return []
    if control:
        horizon = min(horizon, min(p.arrival for p in control) - dt.timedelta(days=1))
    if horizon < person.as_of:
        return []
    data = person.model_dump(mode="json", by_alias=True, exclude_none=True)
    held = {a.kind for a in getattr(person, field)}
    base = _signature(planner.answer((), person.as_of))
    groups: dict[tuple, list[tuple[str, Any]]] = {}
    for cand in award_candidates(kb, held, person.as_of.year, complete=True):  # each detail named
        try:
            winner = parse_profile({**data, field: [*data.get(field, []), cand["award"]]}, kb=kb, as_of=person.as_of)
        except ProfileError:
            continue
        other = planner.variant(winner)
        sig = _signature(other.answer((), person.as_of))
        if sig != base:  # the award opens something the person has not got
            groups.setdefault(sig, []).append((cand["value"], other))

    def needs(steps: tuple[Step, ...]) -> bool:
        for i, s in enumerate(steps):
            s.needs_award = not planner.open(steps[:i], s)
        return any(s.needs_award for s in steps)

    found: dict[tuple, PathResult] = {}
    for members in groups.values():
        names = [name for name, _ in members]
        for path in members[0][1].search(k, max_steps, horizon, max_states, keep=needs):
            ident = tuple((s.to_node, s.rule, s.date) for s in path.steps)
            if ident in found:
                have = found[ident]
                have.also_awards += [n for n in names if n != have.award and n not in have.also_awards]
                continue
            path.award, path.also_awards = names[0], names[1:]
            found[ident] = path
    return rank_paths(list(found.values()))[:k]
