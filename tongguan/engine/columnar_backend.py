"""The columnar back end: the KB's rules compiled into SQL (`tongguan.engine.columnar_sql`) and run on
DuckDB over every person's worlds at once, set at a time.

`Compiled.open_many` loads the facts of many persons (each person's known rows once, and the rows
each missing item assumes, tagged with the item), lets SQL make every world the semantics may ask
(``k``, ``o``, ``o-N``, and ``c-N-J``/``w-N-J`` for the exhaustive items), evaluates every rule in
dependency order and reads the tables back; each person's session then answers `solutions` and
`rule_solutions` from them.  `Compiled.open` is the same for one person.  A world no table holds (none
the semantics asks today) is evaluated on its own, as the known world of a person made of its rows.

This is the only module of tongguan that imports duckdb.  The SQL is generated from the rule data
only; the facts (user input) reach DuckDB as Arrow columns, never as SQL text.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from ..kb import KB, Atom, Rule
from ..profile import Profile
from .backend import BACKENDS
from .builtins import BUILTIN_INPUTS, BUILTINS, UNKNOWN
from .columnar_answers import answer_many
from .columnar_answers_sql import AnswerPlan, answer_plan
from .columnar_small import evaluate_small
from .columnar_sql import INT_ARGS, compile_plan
from .facts import Facts, vocab_facts
from .results import Answer
from .rules import split_body
from .terms import compare, ground, match_rows

__all__ = ["DuckDBBackend", "world_names"]


def world_names(facts: Facts) -> list[tuple[str, str, int, int]]:
    """Every world the semantics may ask of a person, as (name, kind, item, row) for the SQL plan.

    Examples
    --------
    >>> f = Facts()
    >>> f.assume("series", "series", [("工程",), ("农业",)], exhaustive=True)
    >>> [w[0] for w in world_names(f)]
    ['k', 'o', 'o-0', 'c-0-0', 'w-0-0', 'c-0-1', 'w-0-1']
    """
    out = [("k", "k", -1, -1), ("o", "o", -1, -1)]
    for i, rows in enumerate(facts.assumed):
        out.append((f"o-{i}", "m", i, -1))
        if facts.exhaustive[i]:
            for j in range(len(rows)):
                out += [(f"c-{i}-{j}", "c", i, j), (f"w-{i}-{j}", "w", i, j)]
    return out


def _groundings(kb: KB, rule: Rule) -> list[dict[str, Any]]:
    """The bindings of an option rule's head variables its domain literals allow (sorted as the
    pyDatalog back end sorts them)."""
    domain, _ = split_body(kb, rule)
    hv = sorted(rule.head.variables())
    if not hv:
        return [{}]
    envs: list[dict[str, Any]] = [{}]
    for b in domain:
        if b.is_comparison:
            envs = [e for e in envs if compare(b.pred, *(ground(b, e).args[i].value for i in (0, 1)))]
            continue
        rows = vocab_facts(kb, b.pred)
        envs = [{**e, **s} for e in envs for s in match_rows(ground(b, e), rows)]
    rows = sorted({tuple(e[v] for v in hv) for e in envs}, key=str)
    return [dict(zip(hv, row, strict=True)) for row in rows]


class _Tables:
    """The result tables of one evaluation, read back: per table its world column and its rows."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[list[int], list[tuple]]] = {}

    def rows(self, table: str, w: int) -> list[tuple]:
        ws, rows = self.tables[table]
        lo = bisect.bisect_left(ws, w)
        hi = bisect.bisect_right(ws, w, lo)
        return rows[lo:hi]


def _read(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[int], list[tuple]]:
    arrow = con.sql(f"SELECT * FROM {table} ORDER BY w").arrow()  # a table name of the plan, no user text
    if isinstance(arrow, pa.RecordBatchReader):
        arrow = arrow.read_all()
    cols = [c.to_pylist() for c in arrow.columns]
    for k, c in enumerate(cols[1:], 1):
        if pa.types.is_integer(arrow.schema.field(k).type) or pa.types.is_null(arrow.schema.field(k).type):
            cols[k] = [UNKNOWN if v is None else v for v in c]
    return cols[0], list(zip(*cols[1:], strict=True)) if len(cols) > 1 else [()] * len(cols[0])


class _Compiled:
    """The KB compiled into SQL, with a DuckDB connection of this thread holding the vocabulary."""

    def __init__(self, kb: KB):
        self.kb = kb
        self._groundings = {r.id: _groundings(kb, r) for r in kb.option_rules}
        self.plan = compile_plan(kb, self._groundings)
        try:  # the conditions' statuses set at a time (`columnar_answers`), run as part of the plan
            self.answers_info: AnswerPlan | None = answer_plan(kb, self.plan, self._groundings)
            self.plan.statements += self.answers_info.statements
        except NotImplementedError:  # a condition without SQL: the per-person semantics answers
            self.answers_info = None
        self.con = duckdb.connect(config={"threads": 2})
        self.base = [p for p in kb.predicates.values() if p.kind == "base"]
        self.vocab = {p.name: vocab_facts(kb, p.name) for p in kb.predicates.values() if p.kind == "vocab"}
        for name, rows in self.vocab.items():
            n = len(kb.predicates[name].args)
            cols = {f"a{i}": [r[i] for r in rows] for i in range(n)}
            self.con.register(f"v_{name}_arrow", pa.table(cols))
            self.con.execute(f"CREATE TABLE v_{name} AS SELECT * FROM v_{name}_arrow")

    def groundings(self, rule: Rule) -> list[dict[str, Any]]:
        return self._groundings[rule.id]

    def evaluate(self, facts_list: Sequence[Facts]) -> tuple[_Tables, list[dict[str, int]]]:
        """Every rule over every world of every person: the tables, and each person's world ids."""
        if sum(len(world_names(f)) for f in facts_list) <= SMALL:
            return self._evaluate_small(facts_list)
        ids = self.run(facts_list)
        tables = _Tables()
        for table in self.outputs:
            tables.tables[table] = _read(self.con, table)
        return tables, ids

    def run(self, facts_list: Sequence[Facts]) -> list[dict[str, int]]:
        """Every statement of the plan run on DuckDB over every world of every person (the tables
        stay in the connection until the next run); each person's world ids."""
        inputs, ids = self.input_tables(facts_list)
        con = self.con
        for name, table in inputs.items():
            con.register(name, table)
        con.execute("CREATE OR REPLACE TEMP TABLE worlds AS SELECT * FROM worlds_arrow")
        for table, sql in self.plan.statements:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
        for name in inputs:
            con.unregister(name)
        return ids

    def answer_many(self, profiles: Sequence[Profile], facts_list: Sequence[Facts]) -> list[Answer] | None:
        """The answers of a chunk built set at a time (`tongguan.engine.columnar_answers`); None when
        the chunk is small enough for the Python evaluator, or the KB has a condition without SQL."""
        if self.answers_info is None or sum(len(world_names(f)) for f in facts_list) <= SMALL:
            return None
        return answer_many(self, profiles, facts_list)

    @property
    def outputs(self) -> list[str]:
        """The plan's tables the sessions read: every derived predicate's and every option rule's."""
        return [*self.plan.derived_table.values(), *self.plan.rule_table.values()]

    def input_tables(self, facts_list: Sequence[Facts]) -> tuple[dict[str, pa.Table], list[dict[str, int]]]:
        """The plan's inputs as Arrow tables: ``worlds_arrow`` (every world of every person) and one
        ``f_PRED`` per base predicate (each person's known rows, and the rows each missing item assumes,
        tagged with the item); and each person's world ids.  Any engine that runs `plan.statements`
        (DuckDB here, Spark in `tongguan.engine.spark_backend`) starts from these."""
        worlds: dict[str, list] = {"w": [], "p": [], "kind": [], "item": [], "j": []}
        ids: list[dict[str, int]] = []
        cols: dict[str, list[list]] = {p.name: [[] for _ in range(4 + len(p.args))] for p in self.base}
        ints = {p.name: [a in INT_ARGS for a in p.args] for p in self.base}
        w = 0
        for pi, facts in enumerate(facts_list):
            mine = {}
            for name, kind, item, j in world_names(facts):
                mine[name] = w
                for col, v in zip(worlds.values(), (w, pi, kind, item, j), strict=True):
                    col.append(v)
                w += 1
            ids.append(mine)
            for pred, args in facts.known:
                _append(cols[pred], ints[pred], pi, -1, -1, False, args)
            for i, rows in enumerate(facts.assumed):
                for j, (pred, args) in enumerate(rows):
                    _append(cols[pred], ints[pred], pi, i, j, facts.exhaustive[i], args)
        out = {"worlds_arrow": pa.table({k: pa.array(v, _WORLD_TYPES[k]) for k, v in worlds.items()})}
        for p in self.base:
            c = cols[p.name]
            types = [pa.int64(), pa.int64(), pa.int64(), pa.bool_()]
            types += [pa.int64() if t else pa.string() for t in ints[p.name]]
            names = ["p", "item", "j", "ex"] + [f"a{i}" for i in range(len(p.args))]
            out[f"f_{p.name}"] = pa.table([pa.array(v, t) for v, t in zip(c, types, strict=True)], names=names)
        return out, ids

    def _evaluate_small(self, facts_list: Sequence[Facts]) -> tuple[_Tables, list[dict[str, int]]]:
        worlds, ids = [], []
        for facts in facts_list:
            mine = {}
            for name, *_ in world_names(facts):
                mine[name] = len(worlds)
                worlds.append((len(worlds), facts, name))
            ids.append(mine)
        tables = _Tables()
        tables.tables = evaluate_small(self.kb, self.plan, self.vocab, worlds)
        return tables, ids

    @contextmanager
    def open_many(self, facts_list: Sequence[Facts]) -> Iterator[list[_Session]]:
        """Sessions for many persons' facts, all evaluated at once (set at a time)."""
        tables, ids = self.evaluate(facts_list)
        yield [_Session(self, tables, mine, facts) for mine, facts in zip(ids, facts_list, strict=True)]

    @contextmanager
    def open(self, facts: Facts) -> Iterator[_Session]:
        with self.open_many([facts]) as sessions:
            yield sessions[0]


# Up to this many worlds the plan runs in Python (`columnar_small`): DuckDB costs ~0.3-2 s a query
# plan however few the rows.  Beyond, on DuckDB.
SMALL = 2_000
_WORLD_TYPES = {"w": pa.int64(), "p": pa.int64(), "kind": pa.string(), "item": pa.int64(), "j": pa.int64()}


def _append(cols: list[list], ints: list[bool], p: int, item: int, j: int, ex: bool, args: tuple) -> None:
    for col, v in zip(cols[:4], (p, item, j, ex), strict=True):
        col.append(v)
    for col, v, is_int in zip(cols[4:], args, ints, strict=True):
        col.append(None if is_int and v == UNKNOWN else v)


class _Session:
    """One person's worlds among the evaluated tables."""

    def __init__(self, comp: _Compiled, tables: _Tables, ids: dict[str, int], facts: Facts):
        self.comp, self.kb, self.tables, self.ids, self.facts = comp, comp.kb, tables, ids, facts
        self.extra: dict[str, tuple[_Tables, int]] = {}

    def _where(self, world: str) -> tuple[_Tables, int]:
        if world in self.ids:
            return self.tables, self.ids[world]
        if world not in self.extra:  # a world not made in bulk: its rows as a person's known world
            tables, ids = self.comp.evaluate([Facts(known=self.facts.world(world))])
            self.extra[world] = (tables, ids[0]["k"])
        return self.extra[world]

    def solutions(self, atom: Atom, world: str) -> list[dict[str, Any]]:
        pred = self.kb.predicates[atom.pred]
        positive = Atom(atom.pred, atom.args)
        if pred.kind == "base":
            rows = [args for p, args in self.facts.world(world) if p == atom.pred]
        elif pred.kind == "vocab":
            rows = self.comp.vocab[atom.pred]
        elif pred.kind == "builtin":
            n = BUILTIN_INPUTS[atom.pred]
            values = [None if t.is_var else t.value for t in atom.args]
            rows = list(BUILTINS[atom.pred](*values)) if None not in values[:n] else []
        else:
            tables, w = self._where(world)
            rows = tables.rows(self.comp.plan.derived_table[atom.pred], w)
        return match_rows(positive, rows)

    def rule_solutions(self, rule: Rule, env: dict[str, Any], world: str) -> list[dict[str, Any]]:
        tables, w = self._where(world)
        variables = self.comp.plan.rule_vars[rule.id]
        out = []
        for row in tables.rows(self.comp.plan.rule_table[rule.id], w):
            sol = dict(zip(variables, row, strict=True))
            if all(sol.get(k) == v for k, v in env.items()):
                out.append(sol)
        return out


_local = threading.local()


class DuckDBBackend:
    """The rules as SQL on DuckDB, every person at once (`open_many`); one connection per thread.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> comp = DuckDBBackend().compile(load_kb())
    >>> comp.groundings(load_kb().rule("title-assistant-normal"))
    [{}]
    """

    name = "duckdb"

    def __init__(self, threads: int | None = None):
        self.threads = threads  # DuckDB's threads (None: its default here, 2); a batch worker sets 1

    def compile(self, kb: KB) -> _Compiled:
        """This thread's compiled plan of `kb` for this back end (made again only for another KB)."""
        key = f"compiled_{self.name}"
        cur = getattr(_local, key, None)
        if cur is None or cur.kb is not kb:
            cur = self.make(kb)
            setattr(_local, key, cur)
        if self.threads is not None and getattr(cur, "threads", None) != self.threads and hasattr(cur, "con"):
            cur.con.execute(f"SET threads = {int(self.threads)}")
            cur.threads = self.threads
        return cur

    def make(self, kb: KB) -> _Compiled:
        """The KB compiled for this back end (DuckDB here; `SparkBackend` makes its own)."""
        return _Compiled(kb)


BACKENDS["duckdb"] = DuckDBBackend
