"""Evaluating a query: its literals left to right, each asked of the scope it runs over.

Three scopes:

* **the KB** — the meta predicates (`tongguan.query.meta`), the vocabulary and the builtins;
* **one person** (`run_profile`) — the same, plus the person's facts (the engine's known world ``k``,
  `tongguan.engine.profile_facts`), what the rules derive from them and ``status``: derived and option
  atoms are asked of the engine's back end through `tongguan.engine.Session.solutions`, the statuses
  come from `Session.options`; the engine session is opened only when a literal needs it, so a query
  over the person's facts alone never compiles the rules into pyDatalog;
* **a roster** (`run_roster`) — the person scope for each person in turn, each answer with the
  person's id.

A literal is asked with the bindings of the literals before it (so ``~atom`` and comparisons see their
variables bound: `parse_query` checks that).  The intermediate bindings of one evaluation are bounded
(`MAX_BINDINGS`), so a cross product of meta tables stops with a clear error instead of filling memory.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from ..engine import BUILTINS, Engine, compare, ground, is_day, profile_facts, vocab_facts
from ..engine.terms import match_rows
from ..kb import KB, Atom
from ..profile import Profile
from .language import Query, QueryError

__all__ = ["MAX_BINDINGS", "PersonScope", "display", "run_kb", "run_profile", "run_roster", "solve", "static_lookup"]

MAX_BINDINGS = 200_000  # intermediate bindings of one evaluation (one person)
DATE_ARGS = frozenset({"Date", "Obtained", "Since", "Start", "First", "Second", "Later", "AsOf", "From"})

Lookup = Callable[[Atom], list[dict[str, Any]]]


def solve(literals: Iterable[Atom], lookup: Lookup, limit: int = MAX_BINDINGS) -> list[dict[str, Any]]:
    """Every binding of the literals' variables for which they all hold, left to right.

    ``lookup(atom)`` gives the bindings of a (partly ground, positive) atom's variables.  A negation
    holds when its positive form has no solution; a comparison is checked on its bound values
    (``X == value`` binds an unbound X).

    Examples
    --------
    >>> from tongguan.kb import Term
    >>> facts = {"p": [(1,), (2,), (3,)]}
    >>> from tongguan.engine.terms import match_rows
    >>> look = lambda a: match_rows(a, facts[a.pred])
    >>> X = Term("X", True)
    >>> solve([Atom("p", (X,)), Atom(">=", (X, Term(2)))], look)
    [{'X': 2}, {'X': 3}]
    """
    envs: list[dict[str, Any]] = [{}]
    seen = 0
    for lit in literals:
        out: list[dict[str, Any]] = []
        for env in envs:
            g = ground(lit, env)
            if g.is_comparison:
                a, b = g.args
                if g.pred == "==" and (a.is_var or b.is_var):
                    var, val = (a, b) if a.is_var else (b, a)
                    if not val.is_var:
                        out.append({**env, var.value: val.value})
                elif not a.is_var and not b.is_var and compare(g.pred, a.value, b.value):
                    out.append(env)
            elif g.negated:
                if not lookup(Atom(g.pred, g.args)):
                    out.append(env)
            else:
                for sol in lookup(g):
                    out.append({**env, **sol})
            seen += len(out)
            if seen > limit:
                raise QueryError("query", str(lit), "query.too_costly", limit=f"{limit:,}")
        envs = out
        if not envs:
            break
    return envs


_STATIC: weakref.WeakKeyDictionary[KB, dict[str, list[tuple]]] = weakref.WeakKeyDictionary()


def _static_rows(kb: KB, name: str) -> list[tuple] | None:
    """Rows of a vocabulary or KB-wide meta predicate (None for any other), cached per KB."""
    from .meta import META, meta_rows

    table = _STATIC.get(kb)
    if table is None:
        table = _STATIC[kb] = {}
    if name not in table:
        pred = kb.predicates.get(name)
        if pred is not None and pred.kind == "vocab":
            table[name] = vocab_facts(kb, name)
        elif pred is None and name in META and not META[name].person:
            table[name] = meta_rows(kb, name)
        else:
            return None
    return table[name]


def _builtin(kb: KB, atom: Atom) -> list[dict[str, Any]] | None:
    pred = kb.predicates.get(atom.pred)
    if pred is None or pred.kind != "builtin":
        return None
    rows = BUILTINS[atom.pred](*(None if a.is_var else a.value for a in atom.args))
    return match_rows(atom, list(rows))


def static_lookup(kb: KB) -> Lookup:
    """Answers literals over the KB alone: vocabulary, builtins and the KB-wide meta predicates."""
    def lookup(atom: Atom) -> list[dict[str, Any]]:
        rows = _static_rows(kb, atom.pred)
        if rows is not None:
            return match_rows(atom, rows)
        hit = _builtin(kb, atom)
        if hit is not None:
            return hit
        raise QueryError("query", atom.pred, "query.needs_person", name=atom.pred)

    return lookup


def _answers(query: Query, envs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct bindings of the query's named variables, sorted (values of mixed types as typed text)."""
    out: dict[tuple, dict[str, Any]] = {}
    for env in envs:
        row = {v: env.get(v) for v in query.variables}
        out.setdefault(tuple(row.values()), row)
    return sorted(out.values(), key=lambda r: tuple((type(v).__name__, str(v)) for v in r.values()))


def _needs_person(kb: KB, query: Query) -> Atom | None:
    from .meta import META

    for lit in query.literals:
        if lit.is_comparison:
            continue
        pred = kb.predicates.get(lit.pred)
        if (pred is not None and pred.person) or (lit.pred in META and META[lit.pred].person):
            return lit
    return None


def check_scope(kb: KB, query: Query) -> None:
    """Refuse, before running, a query over the KB that asks about a person."""
    lit = _needs_person(kb, query)
    if lit is not None:
        line, column = query.positions[query.literals.index(lit)] if query.positions else (0, 0)
        raise QueryError("query", query.text, "query.needs_person", line=line, column=column, source=query.text,
                         name=lit.pred)


def run_kb(query: Query, kb: KB) -> list[dict[str, Any]]:
    """The answers of a query over the KB itself (meta predicates, vocabulary, builtins).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.query.language import parse_query
    >>> kb = load_kb()
    >>> run_kb(parse_query("award_opens(中华技能大奖, L)", kb), kb)
    [{'L': '正高级'}]
    """
    check_scope(kb, query)
    return _answers(query, solve(query.literals, static_lookup(kb)))


class PersonScope:
    """One person's facts and derivations, answering literals; opens an engine session only when a
    derived, option or ``status`` literal is asked, and closes it with the scope."""

    def __init__(self, kb: KB, profile: Profile, engine: Any = None):
        self.kb, self.profile, self._engine = kb, profile, engine
        self.facts: dict[str, list[tuple]] = {}
        for pred, args in profile_facts(kb, profile).world("k"):
            self.facts.setdefault(pred, []).append(args)
        self._static = static_lookup(kb)
        self._stack = ExitStack()
        self._session: Any = None
        self._status: list[tuple] | None = None

    def __enter__(self) -> PersonScope:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()
        self._session = None

    @property
    def session(self) -> Any:
        """The engine session for this person (opened on first use)."""
        if self._session is None:
            engine = self._engine or Engine(self.kb)
            self._session = self._stack.enter_context(engine.session(self.profile))
        return self._session

    def lookup(self, atom: Atom) -> list[dict[str, Any]]:
        pred = self.kb.predicates.get(atom.pred)
        if pred is not None and pred.kind == "base":
            return match_rows(atom, self.facts.get(atom.pred, ()))
        if pred is not None and pred.kind in ("derived", "option"):
            return self.session.solutions(atom, "k")
        if atom.pred == "status" and pred is None:
            if self._status is None:
                self._status = [(o.track, o.level, o.route, o.status) for o in self.session.options()]
            return match_rows(atom, self._status)
        return self._static(atom)

    def run(self, query: Query) -> list[dict[str, Any]]:
        """The answers of `query` for this person."""
        return _answers(query, solve(query.literals, self.lookup))


def run_profile(query: Query, kb: KB, profile: Profile, engine: Any = None) -> list[dict[str, Any]]:
    """The answers of a query over one person (their facts, what the rules derive, ``status``).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> from tongguan.query.language import parse_query
    >>> kb = load_kb()
    >>> p = parse_profile({"skills": [{"level": "技师", "obtained": "2019-05-01"}]}, as_of=dt.date(2025, 1, 1))
    >>> run_profile(parse_query("skill_at_least(高级工, D)", kb), kb, p)
    [{'D': 737180}]
    """
    with PersonScope(kb, profile, engine) as scope:
        return scope.run(query)


def person_id(profile: Profile, index: int) -> str:
    """The id a roster row shows: the profile's ``id``, else its ``name``, else ``#N`` (1-based)."""
    return profile.id or profile.name or f"#{index + 1}"


def run_roster(query: Query, kb: KB, profiles: Iterable[Profile]) -> Iterator[dict[str, Any]]:
    """The answers of a query for every person of a roster, one row per answer with ``person`` first.

    One engine (one compiled KB) serves the whole roster; each person's session is opened only if the
    query needs derived atoms, and closed before the next person.
    """
    engine = Engine(kb)
    for i, p in enumerate(profiles):
        who = person_id(p, i)
        for row in run_profile(query, kb, p, engine):
            yield {"person": who, **row}


def _is_date(pred: Any, i: int, name: str) -> bool:
    """Whether argument `i` of a predicate is a date: as kb/predicates.yaml declares it (``types``) where
    the KB declares argument types, else by the argument names the explainer reads (and a dated
    predicate's last argument)."""
    types = getattr(pred, "types", ())
    if types:
        return i < len(types) and types[i] == "date"
    return name in DATE_ARGS or (pred.dated and i == len(pred.args) - 1)


def date_variables(kb: KB, query: Query) -> set[str]:
    """Variables of the query that stand for dates (the arguments of kb/predicates.yaml that are dates)."""
    out = set()
    for lit in query.literals:
        pred = kb.predicates.get(lit.pred)
        if pred is None:
            continue
        for i, (name, t) in enumerate(zip(pred.args, lit.args, strict=False)):
            if t.is_var and _is_date(pred, i, name):
                out.add(t.value)
    return out


def display(value: Any, is_date: bool) -> Any:
    """A value for people: dates (ordinal days) as ISO text, the engine's placeholders as ``?``.

    Examples
    --------
    >>> display(737425, True), display("?", True), display(3, False)
    ('2020-01-01', '?', 3)
    """
    if is_date:
        return dt.date.fromordinal(value).isoformat() if is_day(value) else "?"
    return value
