"""Small logic helpers shared by the checks: unification of literals with heads, subsumption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine.terms import ground, match
from ..kb import KB, Atom, Rule

# ---------------------------------------------------------------------------------------------
# small logic helpers


def _terms_match(lit: Atom, head: Atom) -> dict[str, Any] | None:
    """Constants of `lit` bound to `head`'s variables when the two unify (None when they clash): the
    engine's one `match`, for body literals (a comparison concludes no rule)."""
    return None if lit.is_comparison else match(head, lit)


_subst = ground  # `atom` with the constants a match bound put in for its variables


def expansions(kb: KB, lit: Atom) -> Iterator[tuple[Rule, tuple, tuple[Atom, ...]]]:
    """One unfolding step of `lit`: each rule concluding it, with a key for the call (the rule and the
    constants `lit` binds, for the walks' loop checks) and its body with those constants put in.

    Examples
    --------
    >>> from tongguan.kb import load_kb, parse_literal
    >>> kb = load_kb()
    >>> [r.id for r, _, _ in expansions(kb, parse_literal("exceptional_tier(正高级)"))][:2]
    ['exceptional-senior-state-council-allowance', 'exceptional-senior-china-skill-award']
    """
    if lit.is_comparison:
        return
    for r in kb.rules_for(lit.pred):
        sub = match(r.head, lit)
        if sub is not None:
            yield r, (r.id, tuple(sorted(sub.items()))), tuple(ground(b, sub) for b in r.body)


def _compare(op: str, a: Any, b: Any) -> bool | None:
    try:
        return {
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
            "==": a == b,
            "!=": a != b,
        }[op]
    except TypeError:
        return None


def _subsumes(general: Rule, special: Rule) -> bool:
    """Whether some substitution θ of `general`'s variables gives θ(head) = special's head and
    θ(body) ⊆ special's body (then `special` adds nothing)."""

    def unify(a: Atom, b: Atom, theta: dict[str, Any]) -> dict[str, Any] | None:
        if a.pred != b.pred or a.negated != b.negated or len(a.args) != len(b.args):
            return None
        out = dict(theta)
        for x, y in zip(a.args, b.args, strict=True):
            target = ("v", y.value) if y.is_var else ("c", y.value)
            if x.is_var:
                if out.setdefault(x.value, target) != target:
                    return None
            elif y.is_var or x.value != y.value:
                return None
        return out

    theta = unify(general.head, special.head, {})
    if theta is None:
        return False

    def search(i: int, theta: dict[str, Any]) -> bool:
        if i == len(general.body):
            return True
        for lit in special.body:
            nxt = unify(general.body[i], lit, theta)
            if nxt is not None and search(i + 1, nxt):
                return True
        return False

    return search(0, theta)


def _ladder_of(kb: KB, label: str | None) -> str | None:
    if label and label.startswith("ladders."):
        return label.split(".", 1)[1]
    return None


def _first(xs: Any) -> str | None:
    xs = list(xs or ())
    return xs[0] if xs else None
