"""Which arguments and rule variables are dates (ordinal days inside the engine, ISO dates for people)."""

from __future__ import annotations

import weakref

from ..kb import KB, Predicate, Rule

__all__ = ["date_arg", "rule_date_vars"]

# Argument names (kb/predicates.yaml) whose values are dates (ordinal days inside the engine).
_DATE_ARGS = {"Date", "Obtained", "Since", "Start", "First", "Second", "Later", "AsOf"}


def date_arg(pred: Predicate, i: int) -> bool:
    """Whether argument `i` of the predicate `pred` is a date."""
    return pred.args[i] in _DATE_ARGS or (pred.dated and i == len(pred.args) - 1)


def _date_vars(kb: KB, rule: Rule) -> frozenset[str]:
    """Variables of `rule` standing for dates (from the argument names in kb/predicates.yaml)."""
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
