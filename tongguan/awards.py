"""The awards of a policy as its data says them: which profile field holds them, which base predicates
their facts are, and the awards a person could still win.

An award (a prize, an honour, a competition placing) is not in the person's control: advice ranks what
is (waiting, confirming a fact, the next ordinary evaluation) first and shows an award as an "if you
win …" alternative (issue 11 item 6).  What counts as an award comes from the KB alone: the profile
field whose records are the vocabulary's ``awards`` (``details: {vocabulary: awards}`` of
kb/profile.yaml), the base predicates that field feeds (kb/predicates.yaml ``field``), and the kinds
with the details each lists (vocabulary ``awards``, ``medals``, ``competition_classes``).  The
explainer's what-would-change and the planner's paths both read it here, so they cannot disagree.
"""

from __future__ import annotations

import itertools
from typing import Any

from .kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)

__all__ = ["award_candidates", "award_field", "award_predicates"]

# a detail an award kind lists (vocabulary ``awards.<kind>.fields``) → the vocabulary part of its values
_DETAILS = {"medal": "medals", "class": "competition_classes"}


def award_field(kb: KB) -> str | None:
    """The profile field holding the person's awards: the records field whose ``details`` name the
    vocabulary's ``awards`` (None in a policy without awards).

    Examples
    --------
    >>> award_field(load_kb())
    'awards'
    """
    for name, spec in (kb.profile.get("fields") or {}).items():
        if spec.get("type") == "records" and (spec.get("details") or {}).get("vocabulary") == "awards":
            return name
    return None


def award_predicates(kb: KB) -> set[str]:
    """The base predicates whose facts are awards (those fed by `award_field`).

    Examples
    --------
    >>> sorted(award_predicates(load_kb()))
    ['award', 'award_class', 'award_medal', 'award_placing']
    """
    name = award_field(kb)
    return {p for p, spec in kb.predicates.items() if spec.kind == "base" and name and spec.field == name}


def award_candidates(
    kb: KB, held: set[str] | frozenset[str] = frozenset(), year: int | None = None, *, complete: bool = False
) -> list[dict[str, Any]]:
    """The awards a person could still win: each kind of the vocabulary not in `held`, with each medal
    and competition class its details list (and, unless `complete`, without them: the details
    unknown), in the vocabulary's order.  Each is ``{"value": words, "award": record}`` (the record as a profile gives it,
    ``year`` when given).

    Examples
    --------
    >>> c = award_candidates(load_kb(), {"四川省技术能手"}, 2025)
    >>> c[0]
    {'value': '全国技术能手', 'award': {'kind': '全国技术能手', 'year': 2025}}
    >>> next(x["award"] for x in c if x["value"] == "世界技能大赛 金")
    {'kind': '世界技能大赛', 'year': 2025, 'medal': '金'}
    >>> [x["value"] for x in award_candidates(load_kb(), complete=True) if x["award"]["kind"] == "世界技能大赛"]
    ['世界技能大赛 铜', '世界技能大赛 银', '世界技能大赛 金']
    """
    voc = kb.vocabulary
    out = []
    for kind, spec in (voc.get("awards") or {}).items():
        if kind in held:
            continue
        listed = (spec or {}).get("fields") or []
        options = [
            [*([] if complete else [None]), *(voc.get(part) or [])] if name in listed else [None]
            for name, part in _DETAILS.items()
        ]
        for values in itertools.product(*options):
            item: dict[str, Any] = {"kind": kind, **({"year": year} if year is not None else {})}
            item.update({name: v for name, v in zip(_DETAILS, values, strict=True) if v})
            words = kind + "".join(f" {v}" for v in reversed(values) if v)  # 国家级技能竞赛 一类 金
            out.append({"value": words, "award": item})
    return out
