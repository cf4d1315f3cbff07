"""The knowledge base's data model: terms, literals, rules, predicates and clauses, and the small Datalog
syntax of the rule bodies (``years_after_skill(高级工, 2, Since)``, ``not frontline``, ``R >= RS``), parsed
with lark into `Atom` values.

Plain frozen data: `tongguan.kb` loads a policy folder into these, and every back end, the explainer, the
planner, the audit and the query language read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = [
    "ARG_TYPES",
    "COMPARISONS",
    "PERSON_KINDS",
    "Atom",
    "Clause",
    "KBError",
    "Predicate",
    "ReviewItem",
    "Rule",
    "Term",
    "parse_literal",
]

COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
PERSON_KINDS = ("base", "derived", "option")


# The argument types kb/predicates.yaml may declare (`types: {Arg: type}`); an argument not declared is a term.
ARG_TYPES = {
    "term": "any constant (a level, a name, a count, a year)",
    "date": "a day: an ordinal day inside the engine, an ISO date for people",
}


class KBError(ValueError):
    """The knowledge base files are malformed (a rule that does not parse, a missing file...)."""


@dataclass(frozen=True)
class Term:
    """A variable (``is_var``) or a constant (str or int)."""

    value: Any
    is_var: bool = False

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Atom:
    """A literal: ``pred(args)``, its negation, or a comparison (``pred`` is the operator)."""

    pred: str
    args: tuple[Term, ...] = ()
    negated: bool = False

    @property
    def is_comparison(self) -> bool:
        return self.pred in COMPARISONS

    def variables(self) -> set[str]:
        return {a.value for a in self.args if a.is_var}

    def __str__(self) -> str:
        if self.is_comparison:
            return f"{self.args[0]} {self.pred} {self.args[1]}"
        inner = f"({', '.join(str(a) for a in self.args)})" if self.args else ""
        return f"{'not ' if self.negated else ''}{self.pred}{inner}"


@dataclass(frozen=True)
class ReviewItem:
    """A condition the evaluation committee judges; shown to the user, never blocking."""

    clause: str
    text: str
    when_used: bool = False  # shown only when the person's derivation goes through the rule


@dataclass(frozen=True)
class Rule:
    """One rule of the KB: ``head <= body``, with the clauses it encodes and their sentence."""

    id: str
    module: str
    head: Atom
    body: tuple[Atom, ...]
    clauses: tuple[str, ...]
    source: str
    review: tuple[ReviewItem, ...] = ()
    note: str | None = None
    show: tuple[tuple[str, str], ...] = ()
    file: str = ""

    def __str__(self) -> str:
        return f"{self.head} <= {' & '.join(str(b) for b in self.body)}"


@dataclass(frozen=True)
class Predicate:
    """A declared predicate (see kb/predicates.yaml for the kinds)."""

    name: str
    kind: str
    args: tuple[str, ...]
    doc: str = ""
    field: str | None = None
    source: str | None = None
    dated: bool = False
    concerns: tuple[str, ...] = ()
    counts_from: str | None = None  # the ladder whose level the years count from (I-lower-level-date)
    types: tuple[str, ...] = ()  # one of ARG_TYPES per argument (kb/predicates.yaml `types`)

    def arg_type(self, i: int) -> str:
        """The declared type of argument `i` (``term`` when none is declared).

        Examples
        --------
        >>> p = Predicate("skill", "base", ("Level", "Obtained"), types=("term", "date"))
        >>> p.arg_type(1), p.arg_type(0)
        ('date', 'term')
        """
        return self.types[i] if i < len(self.types) else "term"

    @property
    def person(self) -> bool:
        """Whether the predicate is about one person (the engine adds that argument)."""
        return self.kind in PERSON_KINDS


@dataclass(frozen=True)
class Clause:
    """One clause of the plan, with its stable ID."""

    id: str
    parent: str | None
    part: str
    number: str
    heading: str
    text: str
    number_sep: str = ""
    heading_sep: str = ""


_GRAMMAR = r"""
start: literal
?literal: "not" atom            -> negated
        | term COMP term        -> comparison
        | atom
atom: NAME ("(" [term ("," term)*] ")")?
?term: VAR                      -> var
     | SIGNED_INT               -> int
     | NAME                     -> const
     | OTHER                    -> const
COMP: "<=" | ">=" | "==" | "!=" | "<" | ">"
NAME: /[a-z][a-z0-9_]*/
VAR: /[A-Z_][A-Za-z0-9_]*/
OTHER: /[^\x00-\x7f][^\s,()]*/
%import common.SIGNED_INT
%import common.WS
%ignore WS
"""


def _to_atom(tree: Any, anon: int) -> Atom:
    """A parse tree of the rule grammar → `Atom` (anonymous ``_`` numbered from `anon`)."""
    count = [anon]

    def term(node: Any) -> Term:
        kind, tok = node.data, node.children[0]
        if kind == "var":
            name = str(tok)
            if name == "_":
                count[0] += 1
                name = f"_{count[0]}"
            return Term(name, True)
        return Term(int(tok)) if kind == "int" else Term(str(tok))

    def atom(node: Any) -> Atom:
        return Atom(str(node.children[0]), tuple(term(t) for t in node.children[1:] if t is not None))

    node = tree.children[0] if tree.data == "start" else tree
    if node.data == "negated":
        inner = atom(node.children[0])
        return Atom(inner.pred, inner.args, negated=True)
    if node.data == "comparison":
        left, op, right = node.children
        return Atom(str(op), (term(left), term(right)))
    return atom(node)


@cache
def _parser() -> Any:
    """The rule grammar's parser, built on first use (a cached policy needs none; lark costs ~60 ms to
    import).  LALR: the grammar is unambiguous, and it parses about 10× faster than Earley."""
    from lark import Lark

    return Lark(_GRAMMAR, parser="lalr")


def parse_literal(text: str, anon_start: int = 0) -> Atom:
    """Parse one literal of the rule syntax.

    Parameters
    ----------
    text : str
        e.g. ``"years_after_skill(高级工, 2, Since)"``, ``"not frontline"``, ``"Rank <= 5"``.
    anon_start : int
        Numbering offset for anonymous variables ``_`` (each becomes a fresh ``_N``).

    Examples
    --------
    >>> str(parse_literal("years_after_skill(高级工, 2, Since)"))
    'years_after_skill(高级工, 2, Since)'
    >>> parse_literal("Rank <= 5").is_comparison
    True
    """
    from lark import UnexpectedInput

    try:
        tree = _parser().parse(str(text))
    except UnexpectedInput as exc:
        raise KBError(f"cannot parse literal {text!r}: {exc.__class__.__name__}") from None
    return _to_atom(tree, anon_start)
