"""The query language: a conjunction of literals over the KB's predicates, parsed by the rule grammar.

A query is what a rule body is — atoms, comparisons, negations — joined by ``&`` or ``,``::

    skill(技师, _, D) & as_of(Now) & anniversary(D, 3, A) & A <= Now
    option_rule(R, T, L, Route), ~needs(R, 学历)

The grammar is `tongguan.kb`'s rule grammar (the same text, extended with lark's ``%override`` and
``%extend``): a query's first rule is a conjunction, ``~atom`` is a negation like ``not atom``, and
three more kinds of constant are written bare: dates (``2020-01-01``, an ordinal day like every date of
the engine), clause and interpretation IDs (``A1-5.4.5``, ``I-level-at-least``) and rule IDs
(``title-senior-normal``).  There are no strings, calls, operators or rule definitions, so text shaped
like code (``__import__('os')``, ``open('x')``, ``p(X) <= q(X)``) is a syntax error.  The parse is
turned into `tongguan.kb.Atom` values and checked before anything runs: every predicate declared (the
nearest name suggested), its arity, a negation's and a comparison's variables bound by the literals
before it, a builtin's inputs bound.  Nothing of the text ever reaches pyDatalog, ``eval`` or ``exec``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import TongguanError
from ..kb import _GRAMMAR, KB, Atom, Term

__all__ = ["MAX_LENGTH", "MAX_LITERALS", "Query", "QueryError", "parse_query"]

MAX_LENGTH = 2000  # characters of query text
MAX_LITERALS = 32  # literals in one query
MAX_ARGS = 12  # arguments of one atom (the widest declared predicate has 5)

# The rule grammar, extended: a conjunction of literals, ``~`` for negation, bare dates and IDs.
_QUERY_GRAMMAR = (
    _GRAMMAR
    + r"""
%override start: query
query: literal (("&" | ",") literal)*
%extend literal: "~" atom -> negated
%extend term: DATE -> date
    | CLAUSE_ID -> const
    | RULE_ID -> const
DATE.3: /\d{4}-\d{2}-\d{2}/
CLAUSE_ID.2: /[A-Z][A-Za-z0-9]*(-[A-Za-z0-9.]+)+/
RULE_ID.2: /[a-z][a-z0-9_]*(-[a-z0-9_]+)+/
"""
)


@cache
def _parser() -> Any:
    from lark import Lark

    return Lark(_QUERY_GRAMMAR, parser="lalr", propagate_positions=True)


class QueryError(TongguanError):
    """A query that cannot run: a syntax error, an unknown predicate, an unbound variable, a bound.

    ``line`` and ``column`` (1-based) point into ``source``; `caret` shows the place.

    Examples
    --------
    >>> e = QueryError("query", "skil(X)", "query.unknown_predicate", name="skil", hint="skill", line=1, column=1,
    ...                source="skil(X)")
    >>> print(e.caret())
      skil(X)
      ^
    """

    def __init__(self, field: str, value: Any, message: str, /, line: int = 0, column: int = 0, source: str = "",
                 en: dict[str, Any] | None = None, **params: Any):
        self.line, self.column, self.source = line, column, source
        params.setdefault("where", f"第 {line} 行第 {column} 列：" if line else "")
        en = {"where": f"line {line}, column {column}: " if line else "", **(en or {})}
        super().__init__(field, value, message, en=en, **params)

    def caret(self) -> str:
        """The line of the query the error is on and a caret under its column ('' without a place)."""
        if not self.line:
            return ""
        lines = self.source.splitlines() or [""]
        text = lines[min(self.line, len(lines)) - 1]
        pad = "".join("\t" if c == "\t" else "  " if _wide(c) else " " for c in text[: self.column - 1])
        return f"  {text}\n  {pad}^"

    def text(self, lang: str = "zh") -> str:
        """One line (the query itself is not echoed: `caret` shows it)."""
        return self.reason(lang)


def _wide(c: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(c) in "WF"


@dataclass(frozen=True)
class Query:
    """A parsed, checked query: its literals in order and its named variables (the answer's columns).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> q = parse_query("title_rank(L, R), R >= 3", load_kb())
    >>> q.variables, [str(x) for x in q.literals]
    (('L', 'R'), ['title_rank(L, R)', 'R >= 3'])
    """

    text: str
    literals: tuple[Atom, ...]
    variables: tuple[str, ...]
    positions: tuple[tuple[int, int], ...] = ()  # (line, column) of each literal

    def predicates(self) -> set[str]:
        """The predicates the query asks (comparisons left out)."""
        return {a.pred for a in self.literals if not a.is_comparison}


def _error(text: str, key: str, line: int = 0, column: int = 0, **params: Any) -> QueryError:
    en = params.pop("en", None)
    return QueryError("query", text, key, line=line, column=column, source=text, en=en, **params)


def _syntax_error(text: str, exc: Any) -> QueryError:
    from lark import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    line, column = getattr(exc, "line", 0) or 0, getattr(exc, "column", 0) or 0
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if 0 <= exc.pos_in_stream < len(text) else ""
        return _error(text, "query.bad_char", line, column, char=ch)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        lines = text.splitlines() or [""]
        return _error(text, "query.unexpected_end", len(lines), len(lines[-1]) + 1)
    token = str(getattr(exc, "token", "")) if isinstance(exc, UnexpectedToken) else ""
    return _error(text, "query.unexpected", line, column, token=token)


def parse_query(text: str, kb: KB, extra: dict[str, tuple[str, ...]] | None = None) -> Query:
    """Parse and check a query against the KB's declared predicates and `extra` ones (name → args).

    Parameters
    ----------
    text : str
        The query (at most `MAX_LENGTH` characters and `MAX_LITERALS` literals).
    kb : KB
        Whose predicates (kb/predicates.yaml) the atoms may use.
    extra : dict, optional
        More predicates (the meta predicates of `tongguan.query.meta`), name → argument names; by
        default the meta predicates.

    Raises
    ------
    QueryError
        With the line and column of the problem (`QueryError.caret`).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> str(parse_query("skill(技师, _, D), D >= 2020-01-01", load_kb()).literals[1])
    'D >= 737425'
    >>> parse_query("skil(X)", load_kb())
    Traceback (most recent call last):
    ...
    tongguan.query.language.QueryError: 第 1 行第 1 列：未声明的谓词 skil；是不是 skill？
    >>> parse_query("__import__('os')", load_kb()).literals
    Traceback (most recent call last):
    ...
    tongguan.query.language.QueryError: 第 1 行第 11 列：此处不能有 (
    """
    from lark import UnexpectedInput

    if extra is None:
        from .meta import META

        extra = {name: m.args for name, m in META.items()}
    text = str(text)
    if len(text) > MAX_LENGTH:
        raise _error(text[:80], "query.too_long", limit=MAX_LENGTH)
    if not text.strip():
        raise _error(text, "query.empty")
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    nodes = tree.children[0].children
    if len(nodes) > MAX_LITERALS:
        raise _error(text, "query.too_many", limit=MAX_LITERALS)
    anon = [0]
    literals, positions, sources = [], [], []
    for node in nodes:
        lit, pos = _literal(node, anon, text)
        literals.append(lit)
        positions.append(pos)
        sources.append(text[node.meta.start_pos : node.meta.end_pos])
    _check(text, kb, extra, literals, positions, sources)
    names: list[str] = []
    for lit in literals:
        for a in lit.args:
            if a.is_var and not a.value.startswith("_") and a.value not in names:
                names.append(a.value)
    return Query(text, tuple(literals), tuple(names), tuple(positions))


def _literal(node: Any, anon: list[int], text: str) -> tuple[Atom, tuple[int, int]]:
    def term(t: Any) -> Term:
        kind, tok = t.data, t.children[0]
        if kind == "var":
            name = str(tok)
            if name == "_":
                anon[0] += 1
                name = f"_{anon[0]}"
            return Term(name, True)
        if kind == "int":
            return Term(int(tok))
        if kind == "date":
            try:
                return Term(dt.date.fromisoformat(str(tok)).toordinal())
            except ValueError:
                raise _error(text, "query.bad_date", tok.line, tok.column, date=str(tok)) from None
        return Term(str(tok))

    def atom(n: Any) -> Atom:
        args = [t for t in n.children[1:] if t is not None]
        if len(args) > MAX_ARGS:
            raise _error(text, "query.too_many_args", n.meta.line, n.meta.column, limit=MAX_ARGS)
        return Atom(str(n.children[0]), tuple(term(t) for t in args))

    pos = (node.meta.line, node.meta.column)
    if node.data == "negated":
        inner = atom(node.children[0])
        return Atom(inner.pred, inner.args, negated=True), pos
    if node.data == "comparison":
        left, op, right = node.children
        return Atom(str(op), (term(left), term(right))), pos
    return atom(node), pos


def _check(
    text: str, kb: KB, extra: dict[str, tuple[str, ...]], literals: list[Atom], positions: list, sources: list[str]
) -> None:
    """Declared predicates, arities, and variables bound where a literal needs them (left to right)."""
    from ..engine import BUILTIN_INPUTS

    arity = {name: len(p.args) for name, p in kb.predicates.items()} | {n: len(a) for n, a in extra.items()}
    bound: set[str] = set()
    for lit, (line, column), src in zip(literals, positions, sources, strict=True):
        named = {v for v in lit.variables() if not v.startswith("_")}
        if lit.is_comparison:
            loose = sorted(v for v in lit.variables() if v not in bound)
            if lit.pred == "==" and len(loose) == 1 and loose[0] in named:
                bound |= named  # X == value binds X
                continue
            if loose:
                raise _error(text, "query.unbound_comparison", line, column, var=loose[0].lstrip("_") or "_", literal=src)
            continue
        if lit.pred not in arity:
            hint = difflib.get_close_matches(lit.pred, sorted(arity), n=1, cutoff=0.5)
            key = "query.unknown_predicate_hint" if hint else "query.unknown_predicate"
            raise _error(text, key, line, column, name=lit.pred, hint=hint[0] if hint else "")
        if len(lit.args) != arity[lit.pred]:
            args = kb.predicates[lit.pred].args if lit.pred in kb.predicates else extra[lit.pred]
            raise _error(text, "query.arity", line, column, name=lit.pred, n=arity[lit.pred], got=len(lit.args),
                         args=", ".join(args))
        if lit.negated:
            loose = sorted(v for v in named if v not in bound)
            if loose:
                raise _error(text, "query.unbound_negation", line, column, var=loose[0], literal=src)
            continue
        need = BUILTIN_INPUTS.get(lit.pred) if lit.pred in kb.predicates and kb.predicates[lit.pred].kind == "builtin" else None
        if need:
            loose = [a.value for a in lit.args[:need] if a.is_var and a.value not in bound]
            if loose:
                raise _error(text, "query.builtin_inputs", line, column, name=lit.pred, n=need, var=loose[0].lstrip("_") or "_")
        bound |= lit.variables()
