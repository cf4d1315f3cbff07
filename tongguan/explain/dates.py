"""Which arguments and rule variables are dates (ordinal days inside the engine, ISO dates for people).

The types are declared in kb/predicates.yaml (``types: {Obtained: date}``, loaded as `Predicate.types`),
not guessed from argument names: a rule variable is a date when it stands in a date argument of one of
the rule's literals (a comparison of date variables then compares dates).
"""

from __future__ import annotations

import weakref

from ..kb import KB, Predicate, Rule

__all__ = ["date_arg", "rule_date_vars"]


def date_arg(pred: Predicate, i: int) -> bool:
    """Whether argument `i` of `pred` is declared a date.

    Examples
    --------
    >>> from tongguan import load_kb
    >>> skill = load_kb().predicates["skill"]
    >>> [date_arg(skill, i) for i in range(len(skill.args))]
    [False, False, True]
    """
    return pred.arg_type(i) == "date"


def _date_vars(kb: KB, rule: Rule) -> frozenset[str]:
    """Variables of `rule` standing for dates (by the argument types of kb/predicates.yaml)."""
    out = set()
    for lit in (rule.head, *rule.body):
        pred = kb.predicates.get(lit.pred)
        if pred is None:
            continue
        for i, t in enumerate(lit.args[: len(pred.args)]):
            if t.is_var and date_arg(pred, i):
                out.add(t.value)
    # comparisons of date variables stay dates
    return frozenset(out)


_DATE_VARS: weakref.WeakKeyDictionary[KB, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def rule_date_vars(kb: KB) -> dict[str, frozenset[str]]:
    """Date variables of every rule of `kb`, computed once per KB."""
    hit = _DATE_VARS.get(kb)
    if hit is None:
        hit = _DATE_VARS[kb] = {r.id: _date_vars(kb, r) for r in kb.rules}
    return hit
