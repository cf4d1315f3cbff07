"""The KB's rules compiled into SQL over every person's worlds at once (the columnar back end's plan).

Pure text generation from the rule data (`tongguan.kb`): no database here, no user value in the SQL.
The facts of all persons arrive as tables, one per base predicate, with columns ``p`` (the person),
``item`` (-1 for a known row, else the missing item that assumed it), ``j`` (the row within that
item), ``ex`` (the item is exhaustive) and the predicate's arguments ``a0``, ``a1``...  A table
``worlds(w, p, kind, item, j)`` names every world asked (kind ``k``, ``o``, ``m`` for ``o-N``, ``c``
and ``w``, after `tongguan.engine.facts.Facts.world`).  The plan then builds, in dependency order
(negation only on predicates of lower strata):

* ``b_<pred>(w, a0..)``: a base predicate's rows in each world;
* ``r_<n>(w, <variables>)``: every binding of a rule's variables for which its whole body holds;
* ``d_<pred>(w, a0..)``: a derived predicate, the union of its rules' heads.

Unknown dates (``?``) are SQL NULLs: a builtin given one yields nothing, as the pure functions of
`tongguan.engine.builtins` do; dates are ordinal days, `LONG_AGO` stays itself under `anniversary`.

Examples
--------
>>> from tongguan.kb import load_kb
>>> plan = compile_plan(load_kb(), {})
>>> plan.derived_table["years_after"], "m_years_after" in dict(plan.statements)
('d_years_after', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any

from ..kb import KB, Atom, Rule, Term
from .builtins import BUILTIN_INPUTS, LONG_AGO

__all__ = ["INT_ARGS", "Plan", "compile_plan", "input_positions", "sql_literal"]

# Arguments of base predicates that are numbers (dates as ordinal days, years, ranks, team sizes);
# named in kb/predicates.yaml.  The others are text.
INT_ARGS = frozenset({"Date", "Obtained", "Year", "Rank", "TeamSize"})
_ORIGIN = "DATE '0001-01-01'"  # ordinal day 1
_OPS = {"<=": "<=", ">=": ">=", "<": "<", ">": ">", "==": "=", "!=": "<>"}


def sql_literal(value: Any) -> str:
    """A constant of the rule data as SQL.

    Examples
    --------
    >>> sql_literal("高级工"), sql_literal(3), sql_literal("it's")
    ("'高级工'", '3', "'it''s'")
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"no SQL for constant {value!r}")
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _from_ordinal(x: str) -> str:
    return f"CAST({_ORIGIN} + CAST(({x}) - 1 AS INTEGER) AS DATE)"


def _to_ordinal(d: str) -> str:
    return f"CAST(date_diff('day', {_ORIGIN}, {d}) + 1 AS BIGINT)"


@dataclass
class Plan:
    """The compiled plan: SQL statements (table name, SELECT) in the order they run, and what the
    back end needs to read the results back."""

    statements: list[tuple[str, str]] = field(default_factory=list)
    rule_table: dict[str, str] = field(default_factory=dict)  # rule id → its r_ table
    rule_vars: dict[str, list[str]] = field(default_factory=dict)  # rule id → the r_ table's columns
    derived_table: dict[str, str] = field(default_factory=dict)  # derived predicate → its d_ table
    base_table: dict[str, str] = field(default_factory=dict)  # base predicate → its b_ table
    inputs: dict[str, tuple[int, ...]] = field(default_factory=dict)  # `input_positions`
    # what each table is, in the order of `statements`, for an evaluator of small batches:
    # ("base", pred), ("rule", rule), ("derived", pred), ("demand", pred, [(rule, body prefix length)], [values])
    nodes: list[tuple[str, tuple]] = field(default_factory=list)


class _Body:
    """One rule body being compiled: FROM items, WHERE conditions, the SQL of each bound variable."""

    def __init__(self, plan: Plan, kb: KB, vocab_table: dict[str, str]):
        self.plan, self.kb, self.vocab_table = plan, kb, vocab_table
        self.froms = ["worlds wd"]
        self.where: list[str] = []
        self.bound: dict[str, str] = {}
        self.reads: set[str] = set()
        self.n = 0

    def alias(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def value(self, t: Term) -> str | None:
        """The SQL of a term, or None for an unbound variable."""
        if not t.is_var:
            return sql_literal(t.value)
        return self.bound.get(t.value)

    def table_atom(self, atom: Atom, table: str, person: bool) -> None:
        self.reads.add(table)
        a = self.alias()
        conds = [f"{a}.w = wd.w"] if person else []
        for i, t in enumerate(atom.args):
            col = f"{a}.a{i}"
            v = self.value(t)
            if v is not None:
                conds.append(f"{col} = {v}")
            else:
                self.bound[t.value] = col
        if atom.negated:
            inner = " AND ".join(conds) or "TRUE"
            self.where.append(f"NOT EXISTS (SELECT 1 FROM {table} {a} WHERE {inner})")
            for t in atom.args:  # a negated literal binds nothing
                if t.is_var and self.bound.get(t.value, "").startswith(f"{a}."):
                    del self.bound[t.value]
            return
        self.froms.append(f"JOIN {table} {a} ON " + (" AND ".join(conds) or "TRUE"))

    def comparison(self, atom: Atom) -> None:
        left, right = (self.value(t) for t in atom.args)
        if left is None or right is None:  # an unbound comparison holds for nothing
            self.where.append("FALSE")
            return
        self.where.append(f"({left}) {_OPS[atom.pred]} ({right})")

    def bind_or_check(self, t: Term, expr: str) -> None:
        v = self.value(t)
        if v is None:
            self.bound[t.value] = expr
        else:
            self.where.append(f"({v}) = ({expr})")

    def builtin(self, atom: Atom) -> None:
        args = [self.value(t) for t in atom.args]
        if atom.negated:
            raise NotImplementedError(f"negated builtin {atom}")
        if atom.pred == "anniversary":
            start, years = args[0], args[1]
            if start is None or years is None:
                self.where.append("FALSE")
                return
            self.where += [f"({start}) IS NOT NULL", f"({years}) IS NOT NULL"]
            shifted = f"{_from_ordinal(start)} + to_years(CAST({years} AS INTEGER))"
            expr = f"(CASE WHEN ({start}) = {LONG_AGO} THEN {LONG_AGO} ELSE {_to_ordinal(shifted)} END)"
            self.bind_or_check(atom.args[2], expr)
        elif atom.pred == "later_of":
            a, b = args[0], args[1]
            if a is None or b is None:
                self.where.append("FALSE")
                return
            self.where += [f"({a}) IS NOT NULL", f"({b}) IS NOT NULL"]
            self.bind_or_check(atom.args[2], f"greatest({a}, {b})")
        elif atom.pred == "assessment_window":
            as_of = args[0]
            if as_of is None:
                self.where.append("FALSE")
                return
            e = self.alias()
            self.froms.append(f"JOIN (SELECT range AS e FROM range(4)) {e} ON TRUE")
            self.where.append(f"({as_of}) IS NOT NULL")
            year = f"(year({_from_ordinal(as_of)}) + {e}.e)"
            self.bind_or_check(atom.args[1], f"CAST({year} - 1 AS BIGINT)")
            self.bind_or_check(atom.args[2], f"CAST({year} - 2 AS BIGINT)")
            self.bind_or_check(atom.args[3], f"CAST({year} - 3 AS BIGINT)")
            self.bind_or_check(atom.args[4], _to_ordinal(f"make_date(CAST({year} AS BIGINT), 1, 1)"))
        else:
            raise NotImplementedError(f"no SQL for builtin {atom.pred}")

    def atom(self, atom: Atom) -> None:
        if atom.is_comparison:
            self.comparison(atom)
            return
        pred = self.kb.predicates[atom.pred]
        if pred.kind == "builtin":
            self.builtin(atom)
        elif pred.kind == "vocab":
            self.table_atom(atom, self.vocab_table[atom.pred], person=False)
        elif pred.kind == "base":
            self.table_atom(atom, self.plan.base_table[atom.pred], person=True)
        else:
            self.table_atom(atom, self.plan.derived_table[atom.pred], person=True)

    def select(self, variables: list[str]) -> str:
        cols = ["wd.w AS w"] + [f"{self.bound.get(v, 'NULL')} AS {_ident(v)}" for v in variables]
        return self.select_raw(", ".join(cols))

    def select_raw(self, cols: str) -> str:
        froms, conds = self.froms, self.where
        i, first = next(((i, m) for i, f in enumerate(froms) if (m := _PERSON_JOIN.match(f))), (0, None))
        if first is not None:  # the body's first table of the person drives: joining `worlds` adds
            table, alias, rest = first.groups()  # nothing (every table's w is a world of the chunk)
            w = f"{alias}.w"  # and cost a hash join in every rule; inner joins commute, and its other
            others = froms[1:i] + froms[i + 1 :]  # conditions (which may read a vocabulary before it) move to WHERE
            froms = [f"{table} {alias}", *(_WD.sub(w, f) for f in others)]
            conds = ([f"({rest})"] if rest else []) + [_WD.sub(w, c) for c in conds]
            cols = _WD.sub(w, cols)
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        return f"SELECT DISTINCT {cols} FROM {' '.join(froms)}{where}"


# a body's first person table, joined to `worlds wd` (its alias, its other conditions); `wd.w` anywhere
_PERSON_JOIN = re.compile(r"JOIN (\S+) (\w+) ON \2\.w = wd\.w(?: AND (.*))?$", re.S)
_WD = re.compile(r"\bwd\.w\b")


def input_positions(kb: KB) -> dict[str, tuple[int, ...]]:
    """The argument positions a derived predicate needs bound by its caller (its rules compute them
    from those, e.g. ``years_after(Start, N, Since)`` from Start and N): the predicates evaluated on
    demand (magic sets), the others bottom-up; with them, the positions every caller binds anyway
    (`_bound_everywhere`: ``years_after_skill``'s level).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> pos = input_positions(load_kb())
    >>> pos["years_after"], pos["years_after_skill"], pos["skill_at_least"]
    ((0, 1), (0, 1), ())
    """
    inputs: dict[str, set[int]] = {p: set() for p in kb.predicates}
    changed = True
    while changed:
        changed = False
        for rule in kb.rules:
            head = rule.head
            need = set()
            bound = {t.value for i, t in enumerate(head.args) if t.is_var and i in inputs[head.pred]}

            def require(terms: list[Term], bound: set[str] = bound, need: set[str] = need) -> None:
                for t in terms:
                    if t.is_var and t.value not in bound:
                        need.add(t.value)
                        bound.add(t.value)

            for b in rule.body:
                if b.is_comparison or b.negated:
                    require(list(b.args))
                    continue
                pred = kb.predicates[b.pred]
                if pred.kind == "builtin":
                    require(list(b.args[: BUILTIN_INPUTS[b.pred]]))
                elif pred.kind == "derived":
                    require([b.args[i] for i in sorted(inputs[b.pred])])
                bound |= b.variables()
            require([t for t in head.args if t.is_var])
            head_vars = {t.value for t in head.args if t.is_var}
            if need - head_vars:
                raise NotImplementedError(f"rule {rule.id}: {sorted(need - head_vars)} never bound")
            new = {i for i, t in enumerate(head.args) if t.is_var and t.value in need} - inputs[head.pred]
            if new:
                inputs[head.pred] |= new
                changed = True
    _bound_everywhere(kb, inputs)
    return {p: tuple(sorted(v)) for p, v in inputs.items()}


def _bound_everywhere(kb: KB, inputs: dict[str, set[int]]) -> None:
    """Add to a predicate evaluated on demand the positions every caller binds (a constant, or a
    variable bound before the call; in an option or exemption rule, a constant): its demand then
    carries them, and its rules compute only what is asked.  ``years_after_skill(高级技师, 10, Since)``
    is asked with its level each time; without it the plan computed the years after every level held
    (514k rows for 5,000 persons where ~60k are asked)."""
    changed = True
    while changed:
        changed = False
        bound_at: dict[str, set[int] | None] = {}  # pred → positions bound at every site so far
        for rule in kb.rules:
            head = rule.head
            grounded = head.pred in ("option", "exemption")
            bound = {t.value for i, t in enumerate(head.args) if t.is_var and i in inputs[head.pred]}
            for b in rule.body:
                if not b.is_comparison and not b.negated and inputs.get(b.pred):
                    here = {
                        i
                        for i, t in enumerate(b.args)
                        if not t.is_var or (not grounded and t.value in bound)
                    }
                    seen = bound_at.get(b.pred)
                    bound_at[b.pred] = here if seen is None else seen & here
                if not b.is_comparison and not b.negated:
                    bound |= b.variables()
        for pred, positions in bound_at.items():
            new = (positions or set()) - inputs[pred]
            if new:
                inputs[pred] |= new
                changed = True


def compile_plan(kb: KB, groundings: dict[str, list[dict[str, Any]]], vocab_table: dict[str, str] | None = None) -> Plan:
    """The SQL plan of every rule of the KB (option and exemption rules included).

    ``groundings`` are the option rules' head groundings (`Compiled.groundings`): the conditions the
    semantics asks, once grounded, are the demands of the predicates evaluated on demand.
    ``vocab_table`` names the table of each vocabulary predicate (default ``v_<pred>``).
    """
    plan = Plan()
    vocab_table = vocab_table or {p.name: f"v_{p.name}" for p in kb.predicates.values() if p.kind == "vocab"}
    inputs = plan.inputs = input_positions(kb)
    nodes: dict[str, tuple[str, set[str]]] = {}  # table → (SELECT, tables it reads)
    spec: dict[str, tuple] = {}
    for pred in kb.predicates.values():
        if pred.kind != "base":
            continue
        table = plan.base_table[pred.name] = f"b_{pred.name}"
        cols = "".join(f", f.a{i}" for i in range(len(pred.args)))
        included = (
            "f.item < 0 OR wd.kind = 'o' OR (wd.kind = 'm' AND f.item <> wd.item)"
            " OR (wd.kind IN ('c', 'w') AND f.item = wd.item AND f.j = wd.j)"
            " OR (wd.kind = 'w' AND f.item <> wd.item AND f.ex)"
        )
        nodes[table] = (f"SELECT wd.w AS w{cols} FROM worlds wd JOIN f_{pred.name} f ON f.p = wd.p WHERE {included}", set())
        spec[table] = ("base", pred.name)
    for pred in kb.predicates.values():
        if pred.kind == "derived":
            plan.derived_table[pred.name] = f"d_{pred.name}"
    # each demand: its SELECT, the tables it reads, and its values when they are constants of the rule
    demands: dict[str, list[tuple[str, set[str], tuple | None]]] = {p: [] for p, pos in inputs.items() if pos}
    sites: dict[str, list[tuple[Rule, int]]] = {p: [] for p in demands}
    consts: dict[str, list[tuple]] = {p: [] for p in demands}
    heads: dict[str, list[str]] = {}
    for rule in kb.rules:
        body = _Body(plan, kb, vocab_table)
        pos = inputs.get(rule.head.pred, ())
        if pos:
            body.froms.append(f"JOIN m_{rule.head.pred} m ON m.w = wd.w")
            body.reads.add(f"m_{rule.head.pred}")
            for i in pos:
                body.bind_or_check(rule.head.args[i], f"m.a{i}")
        for k, b in enumerate(rule.body):
            if not b.is_comparison and not b.negated and inputs.get(b.pred):
                sites[b.pred].append((rule, k))
                exprs = [body.value(b.args[i]) for i in inputs[b.pred]]
                cols = ", ".join(f"{e} AS a{i}" for e, i in zip(exprs, inputs[b.pred], strict=True))
                fixed = [b.args[i] for i in inputs[b.pred]]
                fixed = None if any(t.is_var for t in fixed) else tuple(t.value for t in fixed)
                demands[b.pred].append((body.select_raw(f"wd.w AS w, {cols}"), set(body.reads), fixed))
            body.atom(b)
        variables = sorted(set().union(rule.head.variables(), *(b.variables() for b in rule.body)))
        name = plan.rule_table[rule.id] = f"r_{len(plan.rule_table)}"
        plan.rule_vars[rule.id] = variables
        nodes[name] = (body.select(variables), set(body.reads))
        spec[name] = ("rule", rule)
        heads.setdefault(rule.head.pred, []).append(_head(rule, name))
    for rule in kb.rules:  # what the semantics asks: the option and exemption rules' conditions, grounded
        if rule.head.pred not in ("option", "exemption"):
            continue
        for env in groundings.get(rule.id, [{}]):
            for b in rule.body:
                if b.is_comparison or not inputs.get(b.pred):
                    continue
                values = [env.get(b.args[i].value) if b.args[i].is_var else b.args[i].value for i in inputs[b.pred]]
                if None not in values:
                    consts[b.pred].append(tuple(values))
                    cols = ", ".join(f"{sql_literal(v)} AS a{i}" for v, i in zip(values, inputs[b.pred], strict=True))
                    demands[b.pred].append((f"SELECT w, {cols} FROM worlds", set(), None))
    for pred, selects in demands.items():
        # a rule's demand of constant values the option conditions already ask in every world adds
        # nothing to the union (its joins cost ~60 of the ~80 ms of m_years_after_skill at 5,000 persons);
        # what it reads stays a dependency: the small batches' evaluator (`columnar_small`) asks every site
        everywhere = set(consts[pred])
        reads = set().union(*(r for _, r, _ in selects))
        selects = [(sql, r) for sql, r, fixed in selects if fixed is None or fixed not in everywhere]
        if not selects:
            cols = ", ".join(f"NULL AS a{i}" for i in inputs[pred])
            selects = [(f"SELECT w, {cols} FROM worlds WHERE FALSE", set())]
        nodes[f"m_{pred}"] = (" UNION ".join(s for s, _ in selects), reads)
        spec[f"m_{pred}"] = ("demand", pred, sites[pred], consts[pred])
    for pred, table in plan.derived_table.items():
        spec[table] = ("derived", pred)
        if pred in heads:
            nodes[table] = (" UNION ".join(heads[pred]), {plan.rule_table[r.id] for r in kb.rules_for(pred)})
        else:  # declared, never concluded
            cols = "".join(f", NULL AS a{i}" for i in range(len(kb.predicates[pred].args)))
            nodes[table] = (f"SELECT w{cols} FROM worlds WHERE FALSE", set())
    order = TopologicalSorter({t: {r for r in reads if r in nodes} for t, (_, reads) in nodes.items()}).static_order()
    plan.statements = [(t, nodes[t][0]) for t in order]
    plan.nodes = [(t, spec[t]) for t, _ in plan.statements]
    return plan


def _head(rule: Rule, table: str) -> str:
    cols = ["w"] + [
        f"{_ident(t.value) if t.is_var else sql_literal(t.value)} AS a{i}" for i, t in enumerate(rule.head.args)
    ]
    return f"SELECT {', '.join(cols)} FROM {table}"
