"""Terms and literals of the rule data: matching, grounding, unification and comparison, once.

The engine, the explainer and the crossings (overpass) all use these; no module keeps its own copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..kb import Atom, Term

__all__ = ["apply", "compare", "ground", "match", "match_rows", "unify", "unify_terms", "walk"]


def match(head: Atom, atom: Atom) -> dict[str, Any] | None:
    """Bindings of `head`'s variables that make it match the (partly) ground `atom`, or None.

    Examples
    --------
    >>> match(Atom("p", (Term("X", True), Term(1))), Atom("p", (Term("a"), Term(1))))
    {'X': 'a'}
    >>> match(Atom("p", (Term("X", True), Term("X", True))), Atom("p", (Term("a"), Term("b")))) is None
    True
    """
    if head.pred != atom.pred or len(head.args) != len(atom.args):
        return None
    env: dict[str, Any] = {}
    for h, a in zip(head.args, atom.args, strict=True):
        if a.is_var:
            continue
        if h.is_var:
            if env.setdefault(h.value, a.value) != a.value:
                return None
        elif h.value != a.value:
            return None
    return env


def ground(atom: Atom, env: dict[str, Any]) -> Atom:
    """`atom` with the variables `env` binds replaced by their values (the same object if none is).

    Examples
    --------
    >>> str(ground(Atom("p", (Term("X", True), Term("Y", True))), {"X": 1}))
    'p(1, Y)'
    """
    for a in atom.args:
        if a.is_var and a.value in env:
            break
    else:
        return atom
    args = tuple(Term(env[a.value]) if a.is_var and a.value in env else a for a in atom.args)
    return Atom(atom.pred, args, atom.negated)


def match_rows(atom: Atom, rows: Iterable[tuple]) -> list[dict[str, Any]]:
    """Bindings of `atom`'s variables for each row of facts it matches (distinct, in row order).

    Examples
    --------
    >>> match_rows(Atom("p", (Term("X", True), Term(1))), [("a", 1), ("b", 2), ("a", 1)])
    [{'X': 'a'}]
    """
    out: list[dict[str, Any]] = []
    for row in rows:
        if len(row) != len(atom.args):
            continue
        env: dict[str, Any] = {}
        for t, v in zip(atom.args, row, strict=True):
            if not t.is_var:
                if t.value != v:
                    break
            elif env.setdefault(t.value, v) != v:
                break
        else:
            if env not in out:
                out.append(env)
    return out


_OPS = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def compare(op: str, a: Any, b: Any) -> bool:
    """A comparison literal's truth on two values (False when they cannot be compared).

    Examples
    --------
    >>> compare("<=", 1, 2), compare(">", "a", 1)
    (True, False)
    """
    try:
        return bool(_OPS[op](a, b))
    except TypeError:
        return False


def walk(t: Term, s: dict[str, Term]) -> Term:
    """The term a variable stands for under substitution `s` (itself when unbound)."""
    while t.is_var and t.value in s:
        t = s[t.value]
    return t


def unify_terms(a: Term, b: Term, s: dict[str, Term]) -> dict[str, Term] | None:
    """Two-sided unification of terms under substitution `s`: the extended substitution, or None.

    Examples
    --------
    >>> unify_terms(Term("X", True), Term(3), {})
    {'X': Term(value=3, is_var=False)}
    """
    a, b = walk(a, s), walk(b, s)
    if a.is_var and b.is_var and a.value == b.value:
        return s
    if a.is_var:
        return {**s, a.value: b}
    if b.is_var:
        return {**s, b.value: a}
    return s if a.value == b.value else None


def unify(a: Atom, b: Atom, s: dict[str, Term] | None = None) -> dict[str, Term] | None:
    """Two-sided unification of two literals' arguments (same predicate and arity assumed)."""
    out: dict[str, Term] | None = {} if s is None else s
    for x, y in zip(a.args, b.args, strict=True):
        out = unify_terms(x, y, out)
        if out is None:
            return None
    return out


def apply(atom: Atom, s: dict[str, Term]) -> Atom:
    """`atom` under substitution `s`."""
    return Atom(atom.pred, tuple(walk(t, s) for t in atom.args), atom.negated)
