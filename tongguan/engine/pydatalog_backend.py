"""The pyDatalog back end (the engine of record): the KB rules compiled into pyDatalog, one logic per
thread, one person's worlds asserted per session and retracted after.

This is the only module of tongguan that imports pyDatalog.  Facts and rules reach it only through
its engine API (``pyEngine.Clause``/``Literal``/``Const``/``Var``), never through ``load``/``ask``
text, so no user input is ever executed.  Each thread has its own pyDatalog logic, and each session
its own person constants (``pN`` known, ``pN?`` optimistic, ``pN?<world>`` the others).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pyDatalog import pyEngine
from pyDatalog.Logic import Logic

from ..kb import KB, Atom, Rule, Term
from .backend import BACKENDS
from .builtins import BUILTINS
from .facts import Facts, vocab_facts
from .rules import split_body

__all__ = ["PyDatalogBackend"]

_PREFIX = "tg_"
_DOMAIN = "tg__domain_"
_RULE = "tg__rule_"


def _pname(pred: str) -> str:
    return _PREFIX + pred


def _resolver(fn: Callable[..., Iterator[tuple]]) -> Callable[..., Iterator[tuple]]:
    """A pyDatalog Python resolver computing a pure builtin on its bound (integer) arguments."""

    def resolve(*terms: Any) -> Iterator[tuple]:
        return fn(*(t.id if t.is_const() else None for t in terms))

    return resolve


_RESOLVERS = {name: _resolver(fn) for name, fn in BUILTINS.items()}


class _Compiled:
    """The KB compiled into the current thread's pyDatalog logic."""

    def __init__(self, kb: KB):
        self.kb = kb
        self.logic = Logic()  # a fresh logic for this thread (never a copy: copies share predicates)
        self.counter = itertools.count(1)
        self.rule_vars: dict[str, list[str]] = {}
        self.rule_index: dict[str, str] = {}
        for name, fn in _RESOLVERS.items():
            pred = kb.predicates.get(name)
            if pred is not None:
                pyEngine.Python_resolvers[f"{_pname(name)}/{len(pred.args)}"] = fn
        for pred in kb.predicates.values():
            if pred.kind == "vocab":
                for row in vocab_facts(kb, pred.name):
                    pyEngine.assert_(
                        pyEngine.Clause(pyEngine.Literal(_pname(pred.name), [*map(pyEngine.Const, row)]), [])
                    )
        for rule in kb.rules:
            self._assert_rule(rule)
        self._groundings = {r.id: self._ground_head(r) for r in kb.option_rules}

    # -- literal building ----------------------------------------------------------------------
    def term(self, t: Term) -> Any:
        return pyEngine.Var(t.value) if t.is_var else pyEngine.Const(t.value)

    def literal(self, atom: Atom, person: Any) -> Any:
        terms = [self.term(a) for a in atom.args]
        if atom.is_comparison:
            return pyEngine.Literal(atom.pred, terms)
        pred = self.kb.predicates.get(atom.pred)
        if pred is None:
            raise KeyError(f"undeclared predicate {atom.pred!r}")
        if pred.person:
            terms = [person, *terms]
        return pyEngine.Literal(("~" if atom.negated else "") + _pname(atom.pred), terms)

    def _assert_rule(self, rule: Rule) -> None:
        person = pyEngine.Var("P_")
        head = self.literal(rule.head, person)
        body = [self.literal(b, person) for b in rule.body]
        pyEngine.assert_(pyEngine.Clause(head, body))
        # the same body under a predicate of the rule's own, over all its variables: which rule fired
        variables = sorted(set().union(rule.head.variables(), *(b.variables() for b in rule.body)))
        self.rule_vars[rule.id] = variables
        self.rule_index[rule.id] = str(len(self.rule_index))
        own = pyEngine.Literal(_RULE + self.rule_index[rule.id], [person, *map(pyEngine.Var, variables)])
        pyEngine.assert_(pyEngine.Clause(own, body))

    def _ground_head(self, rule: Rule) -> list[dict[str, Any]]:
        domain, _ = split_body(self.kb, rule)
        hv = sorted(rule.head.variables())
        if not hv:
            return [{}]
        name = _DOMAIN + rule.id.replace("-", "_")
        head = pyEngine.Literal(name, [pyEngine.Var(v) for v in hv])
        pyEngine.assert_(pyEngine.Clause(head, [self.literal(b, None) for b in domain]))
        rows = pyEngine.Literal(name, [pyEngine.Var(v) for v in hv]).ask() or []
        return [dict(zip(hv, row, strict=True)) for row in sorted(rows, key=str)]

    # -- the Compiled protocol -----------------------------------------------------------------
    def groundings(self, rule: Rule) -> list[dict[str, Any]]:
        return self._groundings[rule.id]

    @contextmanager
    def open(self, facts: Facts) -> Iterator[_Session]:
        session = _Session(self, f"p{next(self.counter)}", facts)
        try:
            session.assert_world("k")
            session.assert_world("o")
            yield session
        finally:
            for c in session.clauses:
                pyEngine.retract(c)


class _Session:
    """One person's worlds in the thread's logic: the known and optimistic ones asserted on opening,
    the others on first use; all retracted when the session closes."""

    def __init__(self, comp: _Compiled, pid: str, facts: Facts):
        self.comp, self.kb, self.pid, self.facts = comp, comp.kb, pid, facts
        self.clauses: list[Any] = []
        self.persons: dict[str, Any] = {}

    def assert_world(self, world: str) -> Any:
        """The person constant of a world, its facts asserted on first use."""
        person = self.persons.get(world)
        if person is None:
            name = self.pid if world == "k" else self.pid + "?" if world == "o" else f"{self.pid}?{world}"
            _assert_rows(name, self.facts.world(world), self.clauses)
            person = self.persons[world] = pyEngine.Const(name)
        return person

    def solutions(self, atom: Atom, world: str) -> list[dict[str, Any]]:
        person = self.assert_world(world)
        rows = self.comp.literal(Atom(atom.pred, atom.args), person).ask() or []
        if rows is True:
            rows = [()]
        pred = self.kb.predicates.get(atom.pred)
        offset = 1 if pred is not None and pred.person else 0
        sols = []
        for row in rows:
            env = {}
            for t, v in zip(atom.args, row[offset:], strict=False):
                if t.is_var:
                    env[t.value] = v
            sols.append(env)
        return sols

    def rule_solutions(self, rule: Rule, env: dict[str, Any], world: str) -> list[dict[str, Any]]:
        variables = self.comp.rule_vars[rule.id]
        person = self.assert_world(world)
        terms = [pyEngine.Const(env[v]) if v in env else pyEngine.Var(v) for v in variables]
        rows = pyEngine.Literal(_RULE + self.comp.rule_index[rule.id], [person, *terms]).ask() or []
        return [dict(zip(variables, row[1:], strict=True)) for row in rows]


def _assert_rows(person: str, rows: Iterable[tuple[str, tuple]], into: list[Any]) -> None:
    for pred, args in rows:
        c = pyEngine.Clause(pyEngine.Literal(_pname(pred), [pyEngine.Const(person), *map(pyEngine.Const, args)]), [])
        pyEngine.assert_(c)
        into.append(c)


_local = threading.local()


class PyDatalogBackend:
    """pyDatalog behind the `Backend` protocol; the compiled KB lives in the calling thread's logic.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> comp = PyDatalogBackend().compile(load_kb())
    >>> comp.groundings(load_kb().rule("title-assistant-normal"))
    [{}]
    """

    name = "pydatalog"

    def compile(self, kb: KB) -> _Compiled:
        cur = getattr(_local, "compiled", None)
        if cur is None or cur.kb is not kb:  # one KB per thread at a time: another one recompiles
            cur = _local.compiled = _Compiled(kb)
        return cur


BACKENDS["pydatalog"] = PyDatalogBackend
