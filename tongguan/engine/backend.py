"""The back-end protocol: what the backend-neutral semantics asks of an evaluator.

A back end compiles a KB once and opens a session for one person's `Facts`.  The session reports
which bindings make a literal hold in a named world (``k``, ``o``, ``o-N``, ``c-N-J``, ``w-N-J``; the
rows of each come from `Facts.world`), and for which bindings a whole rule body holds.  Everything
else (statuses, dates, ``to_confirm``, alternatives, the answer) is computed from these reports by
`tongguan.engine.semantics`, once for every back end.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ..kb import KB, Atom, Rule
from .facts import Facts

__all__ = ["BACKENDS", "LAZY_BACKENDS", "Backend", "BackendSession", "Compiled", "backend_named"]

Bindings = list[dict[str, Any]]


class BackendSession(Protocol):
    """One person's facts inside a back end (valid while its context is open)."""

    def solutions(self, atom: Atom, world: str) -> Bindings:
        """Bindings of `atom`'s variables for which its positive form holds in `world`."""
        ...

    def rule_solutions(self, rule: Rule, env: dict[str, Any], world: str) -> Bindings:
        """Bindings of all of `rule`'s variables for which its whole body holds, given `env`."""
        ...


class Compiled(Protocol):
    """A KB compiled into a back end."""

    kb: KB

    def groundings(self, rule: Rule) -> Bindings:
        """The bindings of an option rule's head variables its domain literals allow (sorted)."""
        ...

    def open(self, facts: Facts) -> AbstractContextManager[BackendSession]:
        """A session for one person's facts; everything it added is gone when the block ends."""
        ...

    # Optional, for a set-at-a-time back end (`Engine.evaluate_many` uses it when present):
    # ``open_many(facts_list) -> AbstractContextManager[list[BackendSession]]`` evaluates every
    # person's facts at once and yields one session per person, in order.


class Backend(Protocol):
    """An evaluator of the KB's rules."""

    name: str

    def compile(self, kb: KB) -> Compiled:
        """The KB compiled (a back end may cache it, e.g. per thread)."""
        ...


BACKENDS: dict[str, Callable[[], Backend]] = {}  # name → factory, filled by each back-end module
# back ends whose module is imported only when first named (their engines are heavy imports)
LAZY_BACKENDS = {"duckdb": "tongguan.engine.columnar_backend", "spark": "tongguan.engine.spark_backend"}


def backend_named(name: str | Backend | None) -> Backend:
    """The back end of that name (``None``: pyDatalog, the engine of record), or `name` itself.

    Known names: ``pydatalog``, ``duckdb`` (the columnar back end, `tongguan.engine.columnar_backend`)
    and ``spark`` (its plan on Apache Spark, `tongguan.engine.spark_backend`; the extra ``tongguan[spark]``).

    Examples
    --------
    >>> backend_named("pydatalog").name
    'pydatalog'
    """
    if name is None:
        name = "pydatalog"
    if not isinstance(name, str):
        return name
    if name not in BACKENDS and name in LAZY_BACKENDS:
        importlib.import_module(LAZY_BACKENDS[name])
    if name not in BACKENDS:
        raise ValueError(f"unknown back end {name!r} (known: {', '.join(sorted(BACKENDS))})")
    return BACKENDS[name]()
