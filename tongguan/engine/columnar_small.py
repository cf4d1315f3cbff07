"""The columnar back end's plan evaluated in Python, for a few persons at a time.

DuckDB's cost is per query (about 0.3-2 s for the whole plan however few the rows), so one person's
session (`Compiled.open`, what `tongguan ask` and the per-person tests use) runs the same plan
(`tongguan.engine.columnar_sql.Plan.nodes`: the same tables in the same order, the same demands of
the predicates evaluated on demand) here, set at a time over the person's worlds, with the pure
builtins of `tongguan.engine.builtins`.  Large batches go to DuckDB; both are checked against
pyDatalog (tests/test_differential.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..kb import KB, Atom, Rule, Term
from .builtins import BUILTIN_INPUTS, BUILTINS
from .columnar_sql import Plan
from .facts import Facts
from .terms import compare

__all__ = ["evaluate_small"]

Env = dict[str, Any]
Tables = dict[str, tuple[list[int], list[tuple]]]


def _match(args: tuple[Term, ...], row: tuple, env: Env) -> Env | None:
    if len(row) != len(args):
        return None
    out = env
    for t, v in zip(args, row, strict=True):
        if not t.is_var:
            if t.value != v:
                return None
        elif t.value in out:
            if out[t.value] != v:
                return None
        else:
            if out is env:
                out = dict(env)
            out[t.value] = v
    return out


class _Run:
    def __init__(self, kb: KB, plan: Plan, vocab: dict[str, list[tuple]], worlds: list[tuple[int, Facts, str]]):
        self.kb, self.plan, self.vocab = kb, plan, vocab
        self.ws = [w for w, _, _ in worlds]
        self.base: dict[int, dict[str, list[tuple]]] = {}
        for w, facts, name in worlds:
            rows: dict[str, dict[tuple, None]] = {}
            for pred, args in facts.world(name):
                rows.setdefault(pred, {})[args] = None
            self.base[w] = {p: list(r) for p, r in rows.items()}
        self.derived: dict[str, dict[int, list[tuple]]] = {}
        self.rules: dict[str, dict[int, list[tuple]]] = {}
        self.demand: dict[str, dict[int, set[tuple]]] = {}

    def rows(self, atom: Atom, w: int) -> Iterable[tuple]:
        kind = self.kb.predicates[atom.pred].kind
        if kind == "vocab":
            return self.vocab[atom.pred]
        if kind == "base":
            return self.base[w].get(atom.pred, ())
        return self.derived[atom.pred].get(w, ())

    def step(self, atom: Atom, envs: list[tuple[int, Env]]) -> list[tuple[int, Env]]:
        out: list[tuple[int, Env]] = []
        if atom.is_comparison:
            for w, env in envs:
                a, b = (env.get(t.value) if t.is_var else t.value for t in atom.args)
                if a is not None and b is not None and compare(atom.pred, a, b):
                    out.append((w, env))
            return out
        if self.kb.predicates[atom.pred].kind == "builtin":
            n = BUILTIN_INPUTS[atom.pred]
            for w, env in envs:
                values = [env.get(t.value) if t.is_var else t.value for t in atom.args]
                if None in values[:n]:
                    continue
                for row in BUILTINS[atom.pred](*values):
                    e = _match(atom.args, row, env)
                    if e is not None:
                        out.append((w, e))
            return out
        for w, env in envs:
            if atom.negated:
                if not any(_match(atom.args, row, env) is not None for row in self.rows(atom, w)):
                    out.append((w, env))
                continue
            for row in self.rows(atom, w):
                e = _match(atom.args, row, env)
                if e is not None:
                    out.append((w, e))
        return out

    def body(self, rule: Rule, upto: int) -> list[tuple[int, Env]]:
        pos = self.plan.inputs.get(rule.head.pred, ())
        envs: list[tuple[int, Env]] = []
        for w in self.ws:
            if not pos:
                envs.append((w, {}))
                continue
            head = tuple(rule.head.args[i] for i in pos)
            for values in self.demand[rule.head.pred].get(w, ()):
                e = _match(head, values, {})
                if e is not None:
                    envs.append((w, e))
        for atom in rule.body[:upto]:
            envs = self.step(atom, envs)
        return envs

    def run(self) -> None:
        for _, spec in self.plan.nodes:
            if spec[0] == "demand":
                _, pred, sites, consts = spec
                pos = self.plan.inputs[pred]
                m = self.demand[pred] = {w: set(consts) for w in self.ws}
                for rule, k in sites:
                    call = rule.body[k]
                    for w, env in self.body(rule, k):
                        m[w].add(tuple(env.get(call.args[i].value) if call.args[i].is_var else call.args[i].value for i in pos))
            elif spec[0] == "rule":
                rule = spec[1]
                variables = self.plan.rule_vars[rule.id]
                got: dict[int, dict[tuple, None]] = {}
                for w, env in self.body(rule, len(rule.body)):
                    got.setdefault(w, {})[tuple(env.get(v) for v in variables)] = None
                self.rules[rule.id] = {w: list(r) for w, r in got.items()}
            elif spec[0] == "derived":
                pred = spec[1]
                heads: dict[int, dict[tuple, None]] = {}
                for rule in self.kb.rules_for(pred):
                    variables = self.plan.rule_vars[rule.id]
                    for w, rows in self.rules[rule.id].items():
                        for row in rows:
                            env = dict(zip(variables, row, strict=True))
                            head = tuple(env.get(t.value) if t.is_var else t.value for t in rule.head.args)
                            heads.setdefault(w, {})[head] = None
                self.derived[pred] = {w: list(r) for w, r in heads.items()}

    def tables(self) -> Tables:
        out: Tables = {}
        for pred, table in self.plan.derived_table.items():
            out[table] = _flat(self.derived.get(pred, {}))
        for rule_id, table in self.plan.rule_table.items():
            out[table] = _flat(self.rules.get(rule_id, {}))
        return out


def _flat(by_world: dict[int, list[tuple]]) -> tuple[list[int], list[tuple]]:
    ws: list[int] = []
    rows: list[tuple] = []
    for w in sorted(by_world):
        ws += [w] * len(by_world[w])
        rows += by_world[w]
    return ws, rows


def evaluate_small(kb: KB, plan: Plan, vocab: dict[str, list[tuple]], worlds: list[tuple[int, Facts, str]]) -> Tables:
    """The plan's derived and rule tables over `worlds` (world id, the person's facts, world name).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.engine.columnar_sql import compile_plan
    >>> from tongguan.engine.facts import vocab_facts
    >>> kb = load_kb()
    >>> plan = compile_plan(kb, {})
    >>> vocab = {p: vocab_facts(kb, p) for p, d in kb.predicates.items() if d.kind == "vocab"}
    >>> f = Facts()
    >>> f.add("skill", "技师", "", 738000)
    >>> evaluate_small(kb, plan, vocab, [(0, f, "k")])["d_skill_at_least"]
    ([0, 0, 0, 0], [('初级工', 738000), ('中级工', 738000), ('高级工', 738000), ('技师', 738000)])
    """
    r = _Run(kb, plan, vocab, worlds)
    r.run()
    return r.tables()
