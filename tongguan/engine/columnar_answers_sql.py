"""The semantics' questions about every option condition, compiled into SQL over all persons at once.

`tongguan.engine.semantics.Session.condition` settles a condition from a few facts about it in each
world of the person: does it hold there, and from which day (`Session._first_day`).  The plan of
`tongguan.engine.columnar_sql` already has every derived predicate in every world; the statements
here (appended to that plan, so any engine running it, DuckDB or Spark, runs them too) compute, for
every person and every grounded condition of the option and exemption rules:

* ``a_cw(w, p, kind, item, j, c, day, sv)``: the condition ``c`` holds in world ``w``, from ``day``
  (the least date of its dated argument, NULL if none), with ``sv`` the least value of the variable a
  rule shows (``show:``), if any;
* ``a_cb(p, c, k, kday, o, oday, ksv, osv)``: the same in the known and the optimistic world;
* ``a_cn(p, c, item, nfin, complete, cmax)``: for a condition the known world does not settle, each
  missing item it needs (`Session._needed`: candidates under the condition, those without which it
  holds no more or later, the exhaustive ones whose value matters), how many, whether it holds by
  cases (`Session.completions`: one exhaustive item needed and every value admits it) and then
  from which day (`Session._every_completion`: the latest first day of the cases);
* ``a_mark(p)``: the persons for whom one of the `marked_rules` holds in the known world (only
  their evidence walk can change the answer).

Pure text from the rule data (no user value): standard SQL (joins, CASE, GROUP BY, window sums,
VALUES) that sqlglot transpiles to Spark.  `tongguan.engine.columnar_answers` reads the last two
back and builds the answers.

Examples
--------
>>> from tongguan.kb import load_kb
>>> from tongguan.engine.columnar_sql import compile_plan
>>> kb = load_kb()
>>> ap = answer_plan(kb, compile_plan(kb, {}), {r.id: [{}] for r in kb.option_rules})
>>> [t for t, _ in ap.statements][-2:], ap.conditions[0][0].pred in kb.predicates
(['a_cn', 'a_mark'], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb import KB, Atom, Rule
from .columnar_sql import Plan, sql_literal
from .results import open_parents, under
from .rules import rules_below, split_body
from .semantics import _plan
from .terms import ground

__all__ = ["AnswerPlan", "answer_plan", "marked_rules", "named_bases", "walk_rules"]


@dataclass
class AnswerPlan:
    """The condition statements, and what the answer builder needs to read their results."""

    statements: list[tuple[str, str]] = field(default_factory=list)
    conditions: list[tuple[Atom, str | None, str | None]] = field(default_factory=list)  # c → (atom, since var, shown var)
    cid: dict[str, int] = field(default_factory=dict)  # str(positive atom) → c
    static: dict[int, bool] = field(default_factory=dict)  # c of a world-independent condition → holds
    marks: bool = False  # ``a_mark`` lists the persons for whom a `marked_rules` rule holds
    walk: list[Rule] = field(default_factory=list)  # `walk_rules`
    walk_bases: set[str] = field(default_factory=set)  # `named_bases`: a person with a known row of one is walked
    texts: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (rule, literal) → clauses, text (a cache)


def marked_rules(kb: KB) -> set[str]:
    """Rules whose presence in an option's evidence changes what the answer shows: those citing an
    item under the option rule's open clauses, or with an item judged only when used.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> sorted(marked_rules(load_kb()))[:2]
    ['assessed-undetermined', 'exceptional-deputy-national-class1-individual']
    """
    plan, out = _plan(kb), set()
    for rule in kb.option_rules:
        parents = open_parents(rule)
        for r in rules_below(kb, plan.evidence_preds(rule)):
            if any(under(c, parents) for c in r.clauses) or any(i.when_used for i in r.review):
                out.add(r.id)
    return out


def walk_rules(kb: KB) -> list[Rule]:
    """Every rule an evidence walk may ask (`Session.supporting_rules` under the worth predicates)."""
    plan = _plan(kb)
    return list(rules_below(kb, [p for r in kb.option_rules for p in plan.evidence_preds(r)]))


def _shown(kb: KB) -> dict[str, set[str]]:
    """Per option rule, the variables its ``show`` entries take from a condition's first solution."""
    return {r.id: {v for _, v in r.show} for r in kb.option_rules}


def answer_plan(kb: KB, plan: Plan, groundings: dict[str, list[dict[str, Any]]]) -> AnswerPlan:
    """The statements of `AnswerPlan` for the grounded conditions of the option and exemption rules.

    Raises NotImplementedError for a condition it has no SQL for (the back end then keeps the
    per-person semantics).
    """
    ap = AnswerPlan()
    shown = _shown(kb)
    wanted: list[tuple[Atom, set[str]]] = []
    for rule in [*kb.option_rules, *kb.rules_for("exemption")]:
        conds = split_body(kb, rule)[1] if rule.head.pred == "option" else list(rule.body)
        for env in groundings.get(rule.id, [{}]):
            for c in conds:
                wanted.append((ground(c, env), shown.get(rule.id, set())))
    for atom, show in wanted:
        key = str(Atom(atom.pred, atom.args))
        if key not in ap.cid:
            ap.cid[key] = len(ap.conditions)
            ap.conditions.append(_condition(kb, Atom(atom.pred, atom.args), show))
        elif show:
            c = ap.cid[key]
            a, since, sv = ap.conditions[c]
            if sv is None:
                ap.conditions[c] = _condition(kb, a, show)
    selects = []
    for c, (atom, since, sv) in enumerate(ap.conditions):
        sel = _select(kb, plan, atom, c, since, sv)
        if isinstance(sel, bool):
            ap.static[c] = sel
            if sel:
                selects.append(f"SELECT w, {c} AS c, CAST(NULL AS BIGINT) AS day, CAST(NULL AS VARCHAR) AS sv FROM worlds")
        else:
            selects.append(sel)
    if not selects:
        selects = ["SELECT w, 0 AS c, CAST(NULL AS BIGINT) AS day, CAST(NULL AS VARCHAR) AS sv FROM worlds WHERE FALSE"]
    st = ap.statements
    st.append((
        "a_cw",
        "SELECT wd.w AS w, wd.p AS p, wd.kind AS kind, wd.item AS item, wd.j AS j, x.c AS c, x.day AS day, x.sv AS sv"
        f" FROM ({' UNION ALL '.join(selects)}) x JOIN worlds wd ON wd.w = x.w",
    ))
    st.append((
        "a_cb",
        "SELECT p, c, MAX(CASE WHEN kind = 'k' THEN 1 ELSE 0 END) AS k, MIN(CASE WHEN kind = 'k' THEN day END) AS kday,"
        " MAX(CASE WHEN kind = 'o' THEN 1 ELSE 0 END) AS o, MIN(CASE WHEN kind = 'o' THEN day END) AS oday,"
        " MIN(CASE WHEN kind = 'k' THEN sv END) AS ksv, MIN(CASE WHEN kind = 'o' THEN sv END) AS osv"
        " FROM a_cw WHERE kind IN ('k', 'o') GROUP BY p, c",
    ))
    items = [
        f"SELECT DISTINCT p, item, ex, {sql_literal(p.name)} AS pred FROM f_{p.name} WHERE item >= 0"
        for p in kb.predicates.values()
        if p.kind == "base"
    ]
    st.append(("a_items", " UNION ALL ".join(items)))
    under = [
        f"({c}, {sql_literal(pred)})"
        for c, (atom, _, _) in enumerate(ap.conditions)
        for pred in sorted(kb.base_predicates_under(atom.pred))
    ]
    st.append(("a_under", f"SELECT * FROM (VALUES {', '.join(under)}) AS u(c, pred)"))
    # the candidates of each condition that holds in the optimistic world only, and per candidate:
    # hw = it holds as well without the item (o-N), the exhaustive item's rows, in how many of their
    # w-N-J worlds it holds as well, in how many c-N-J worlds it holds at all and the latest first day
    st.append((
        "a_cand",
        "SELECT d.p AS p, d.c AS c, d.item AS item, d.ex AS ex,"
        " CASE WHEN m.w IS NOT NULL AND COALESCE(m.day, 0) <= d.best THEN 1 ELSE 0 END AS hw,"
        " COALESCE(nw.n, 0) AS nj, COALESCE(ww.nwhw, 0) AS nwhw, COALESCE(ww.nc, 0) AS nc, ww.cmax AS cmax"
        " FROM (SELECT b.p AS p, b.c AS c, i.item AS item, i.ex AS ex, COALESCE(b.oday, 0) AS best"
        "  FROM a_cb b JOIN a_under u ON u.c = b.c JOIN a_items i ON i.p = b.p AND i.pred = u.pred"
        "  WHERE b.k = 0 AND b.o = 1) d"
        " LEFT JOIN a_cw m ON m.p = d.p AND m.c = d.c AND m.kind = 'm' AND m.item = d.item"
        " LEFT JOIN (SELECT p, item, COUNT(*) AS n FROM worlds WHERE kind = 'w' GROUP BY p, item) nw"
        "  ON nw.p = d.p AND nw.item = d.item"
        " LEFT JOIN (SELECT y.p AS p, y.c AS c, y.item AS item,"
        "   SUM(CASE WHEN y.kind = 'w' AND COALESCE(y.day, 0) <= b.best THEN 1 ELSE 0 END) AS nwhw,"
        "   SUM(CASE WHEN y.kind = 'c' THEN 1 ELSE 0 END) AS nc, MAX(CASE WHEN y.kind = 'c' THEN y.day END) AS cmax"
        "   FROM a_cw y JOIN (SELECT p, c, COALESCE(oday, 0) AS best FROM a_cb WHERE k = 0 AND o = 1) b"
        "   ON b.p = y.p AND b.c = y.c WHERE y.kind IN ('w', 'c') GROUP BY y.p, y.c, y.item) ww"
        "  ON ww.p = d.p AND ww.c = d.c AND ww.item = d.item",
    ))
    # `Session._find_needed` as window sums: the pool (needed ones, or every candidate when none is
    # needed alone), then the exhaustive ones whose value never matters dropped (unless none is left)
    pool = (
        "SELECT p, c, item, ex, hw, nj, nwhw, nc, cmax,"
        " CASE WHEN ncand < 2 THEN 1 WHEN nneed >= 1 THEN 1 - hw ELSE 1 END AS inpool,"
        " CASE WHEN ncand < 2 THEN ncand WHEN nneed >= 1 THEN nneed ELSE ncand END AS npool"
        " FROM (SELECT a_cand.*, COUNT(*) OVER (PARTITION BY p, c) AS ncand,"
        "  SUM(1 - hw) OVER (PARTITION BY p, c) AS nneed FROM a_cand) x"
    )
    kept = (
        "SELECT q.*, CASE WHEN inpool = 1 AND (NOT ex OR nwhw < nj) THEN 1 ELSE 0 END AS kept,"
        " SUM(CASE WHEN inpool = 1 AND (NOT ex OR nwhw < nj) THEN 1 ELSE 0 END) OVER (PARTITION BY p, c) AS nkept"
        f" FROM ({pool}) q"
    )
    final = (
        "SELECT r.*, CASE WHEN npool < 2 THEN inpool WHEN nkept > 0 THEN kept ELSE inpool END AS fin"
        f" FROM ({kept}) r"
    )
    st.append((
        "a_cn",
        "SELECT p, c, item, nfin, CASE WHEN nfin = 1 AND ex AND nj > 0 AND nc = nj THEN 1 ELSE 0 END AS complete, cmax"
        f" FROM (SELECT s.*, SUM(fin) OVER (PARTITION BY p, c) AS nfin FROM ({final}) s) t WHERE fin = 1",
    ))
    marked = [plan.rule_table[r] for r in sorted(marked_rules(kb))]
    if marked:
        ap.marks = True
        selects = [f"SELECT DISTINCT wd.p AS p FROM {t} t JOIN worlds wd ON wd.w = t.w WHERE wd.kind = 'k'" for t in marked]
        st.append(("a_mark", " UNION ".join(selects)))
    ap.walk = walk_rules(kb)
    ap.walk_bases = named_bases(kb)
    return ap


def named_bases(kb: KB) -> set[str]:
    """Base predicates a `marked_rules` rule reads with a constant (``award(_, 四川省技术能手, _)``).

    A person with a known row of one of them has their evidence walked from the chunk's tables even
    when no marked rule holds: the plain sentence of an award condition reads the option's evidence
    for the awards it names, and a deferred evidence costs the person evaluated alone (~30 ms).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> sorted(named_bases(load_kb()))
    ['award', 'award_class', 'award_medal', 'award_placing']
    """
    bases = {p.name for p in kb.predicates.values() if p.kind == "base"}
    marked = marked_rules(kb)
    return {
        b.pred
        for r in kb.rules
        if r.id in marked
        for b in r.body
        if b.pred in bases and not b.negated and any(not a.is_var for a in b.args)
    }


def _condition(kb: KB, atom: Atom, show: set[str]) -> tuple[Atom, str | None, str | None]:
    pred = kb.predicates[atom.pred]
    since = atom.args[-1].value if pred.dated and atom.args and atom.args[-1].is_var else None
    variables = sorted({t.value for t in atom.args if t.is_var})
    sv = next((v for v in variables if v in show), None)
    if sv is not None and variables[0] != sv:
        # the first solution in `semantics._canonical` order is not the least value of the shown one
        raise NotImplementedError(f"shown variable {sv} of {atom} is not its first")
    return atom, since, sv


def _select(kb: KB, plan: Plan, atom: Atom, c: int, since: str | None, sv: str | None) -> str | bool:
    """The SELECT of one condition's holding worlds, or whether it holds everywhere (vocabulary)."""
    pred = kb.predicates[atom.pred]
    if pred.kind == "derived":
        table = plan.derived_table[atom.pred]
    elif pred.kind == "base":
        table = plan.base_table[atom.pred]
    else:
        raise NotImplementedError(f"no SQL for a {pred.kind} condition {atom}")
    where, first = [], {}
    for i, t in enumerate(atom.args):
        if not t.is_var:
            where.append(f"a{i} = {sql_literal(t.value)}")
        elif t.value in first:
            where.append(f"a{i} = a{first[t.value]}")
        else:
            first[t.value] = i
    day = f"MIN(a{len(atom.args) - 1})" if since else "CAST(NULL AS BIGINT)"
    shown = f"MIN(a{first[sv]})" if sv else "CAST(NULL AS VARCHAR)"
    cond = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT w, {c} AS c, {day} AS day, {shown} AS sv FROM {table}{cond} GROUP BY w"
