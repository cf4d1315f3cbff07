"""The overpass (立交桥): the two ladders and their crossings as a networkx graph, and its drawings.

The graph is *derived from the KB rules*, never kept by hand: every option rule
(``option(Track, Level, Route) <= body``) is expanded through the definitions its body uses
(``skill_at_least``, ``years_after_skill``, ``professional_at_least``, ``exceptional_award_for`` →
``exceptional_tier``, ``sci_tech_award``, ``school_equivalent_education``…) down to the profile facts they
read (``skill``, ``title``, ``award``, ``school_class``).  Those facts name the node an edge starts
from; the ``anniversary`` the date of that fact flows into gives the years (``obtained``), one that
counts from ``technical_work_since`` gives ``cumulative`` years.  Within-ladder promotions governed by
documents outside the plan come from the separate module ``kb/outside/within_ladder.yaml`` and are
flagged ``outside``.

`build_graph` returns the graph; `render` draws it as PNG/SVG (matplotlib, with a CJK font), a
self-contained interactive HTML page (inline SVG, hover an edge to see its conditions and clauses),
Graphviz DOT or GraphML.
"""

from __future__ import annotations

import html
import importlib.util
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .engine import condition_text, vocab_facts
from .engine.terms import apply as _apply
from .engine.terms import compare
from .engine.terms import unify_terms as _unify
from .engine.terms import walk as _walk
from .errors import DocumentError
from .kb import KB, Atom, Rule, Term, load_kb

__all__ = [
    "FORMATS",
    "ROUTE_STYLE",
    "AssumptionsError",
    "build_graph",
    "load_assumptions",
    "render",
    "within_ladder",
]

FORMATS = ("png", "svg", "html", "dot", "graphml")
LADDERS = ("skill", "title", "qualification")

# How each route is drawn: colour, line style, Chinese name.
ROUTE_STYLE: dict[str, dict[str, Any]] = {
    "normal": {"color": "#1f5fa8", "style": "solid", "zh": "常规"},
    "exceptional": {"color": "#d62728", "style": "dashed", "zh": "破格"},
    "direct": {"color": "#2ca02c", "style": "dashdot", "zh": "直接申报"},
    "promotion": {"color": "#8e44ad", "style": "solid", "zh": "晋级"},
    "equivalence": {"color": "#a0522d", "style": "dotted", "zh": "学历比照报考"},
    "skill_level": {"color": "#a0522d", "style": "solid", "zh": "凭技能等级报考"},
    "within": {"color": "#8a8a8a", "style": "dotted", "zh": "层级内晋升（本方案之外）"},
}
HIGHLIGHT = "#ff8c00"

# The profile facts that name a node: base predicate → (ladder, or "@Arg" for the argument holding it;
# the argument holding the level or name; the argument holding the date, if any).
_NODE_FACTS = {
    "skill": ("skill", "Level", "Obtained"),
    "title": ("@Kind", "Level", "Obtained"),
    "award": ("award", "Kind", None),
    "school_class": ("school", "Class", None),
}
# =============================================================================================
# within-ladder promotions (kb/outside/within_ladder.yaml) and the user's overrides


class AssumptionsError(ValueError):
    """A bad within-ladder entry or override: names the field and the value.

    Examples
    --------
    >>> str(AssumptionsError("edges.x.years", -1, "must be a whole number of years >= 0"))
    'edges.x.years: -1: must be a whole number of years >= 0'
    """

    def __init__(self, field: str, value: Any, message: str):
        self.field, self.value, self.message = field, value, message
        super().__init__(f"{field}: {value!r}: {message}")


class AssumptionsFileError(DocumentError, AssumptionsError):
    """An assumptions file that cannot be read or is out of bounds (a `DocumentError`, in both languages)."""


_EDGE_KEYS = {"id", "ladder", "from", "to", "years", "years_from", "series", "variants", "conditions", "source"}
_EDGE_KEYS |= {"assumption", "note", "enabled"}


def load_assumptions(path: str | Path) -> dict[str, Any]:
    """Read an overrides file for the within-ladder edges (see kb/outside/within_ladder.yaml).

    Raises `AssumptionsError` naming the field on bad input.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.yaml"
    >>> _ = p.write_text("edges: {skill-technician-to-senior-technician: {years: 5}}", encoding="utf-8")
    >>> load_assumptions(p)["edges"]["skill-technician-to-senior-technician"]["years"]
    5
    """
    from .documents import Limits, read_document

    path = Path(path)
    try:  # bounded while read: impossible dates, nesting, alias bombs are the file's own problems
        data = read_document(path, Limits(text=2000), label="--assumptions")
    except DocumentError as exc:
        raise exc.recast(AssumptionsFileError) from None
    if data is None:
        raise AssumptionsError("--assumptions", str(path), "the file is empty")
    if not isinstance(data, dict) or set(data) - {"edges", "add"}:
        raise AssumptionsError("--assumptions", str(path), "expected a mapping with `edges` and/or `add`")
    if not isinstance(data.get("edges") or {}, dict):
        raise AssumptionsError("edges", data.get("edges"), "expected a mapping of edge id → changes")
    if not isinstance(data.get("add") or [], list):
        raise AssumptionsError("add", data.get("add"), "expected a list of edges")
    return data


def within_ladder(kb: KB | None = None, assumptions: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The within-ladder edges of kb/outside/within_ladder.yaml, with the user's overrides applied.

    Parameters
    ----------
    kb : KB, optional
        The KB (the shipped one by default).
    assumptions : dict, optional
        Overrides as `load_assumptions` returns them: ``{"edges": {id: {years: 5, ...}}, "add": [...]}``.

    Examples
    --------
    >>> e = {x["id"]: x for x in within_ladder()}
    >>> e["skill-technician-to-senior-technician"]["years"], e["skill-technician-to-senior-technician"]["outside"]
    (4, True)
    >>> within_ladder(assumptions={"edges": {"skill-technician-to-senior-technician": {"years": 5}}})[3]["years"]
    5
    """
    kb = kb or load_kb()
    raw = (kb.outside.get("within_ladder") or {}).get("edges") or []
    edges = [dict(e) for e in raw]
    by_id = {e.get("id"): e for e in edges}
    assumptions = assumptions or {}
    for eid, change in (assumptions.get("edges") or {}).items():
        where = f"edges.{eid}"
        if eid not in by_id:
            raise AssumptionsError(where, eid, "no within-ladder edge has this id (see kb/outside/within_ladder.yaml)")
        if not isinstance(change, dict):
            raise AssumptionsError(where, change, "expected a mapping of changes (years, years_from, enabled…)")
        bad = set(change) - (_EDGE_KEYS - {"id", "ladder", "from", "to"})
        if bad:
            raise AssumptionsError(f"{where}.{sorted(bad)[0]}", change[sorted(bad)[0]], "cannot be overridden")
        e = by_id[eid]
        e.update(change)
        e["assumption"] = not (change.get("assumption") is False and change.get("source"))
        e["overridden"] = True
    for i, add in enumerate(assumptions.get("add") or ()):
        if not isinstance(add, dict):
            raise AssumptionsError(f"add[{i}]", add, "expected a mapping (id, ladder, from, to, years…)")
        if add.get("id") in by_id:
            raise AssumptionsError(f"add[{i}].id", add.get("id"), "already exists (override it under `edges`)")
        e = dict(add)
        e.setdefault("assumption", True)
        e["assumption"] = not (e.get("assumption") is False and e.get("source"))
        e["overridden"] = True
        edges.append(e)
        by_id[e.get("id")] = e
    out = []
    for i, e in enumerate(edges):
        where = f"add[{i - len(raw)}]" if i >= len(raw) else f"edges.{e.get('id')}"
        _check_within(kb, e, where)
        if e.get("enabled", True) is False:
            continue
        e["outside"] = True
        e["assumption"] = bool(e.get("assumption"))
        out.append(e)
    return out


def _check_within(kb: KB, e: dict[str, Any], where: str) -> None:
    bad = set(e) - _EDGE_KEYS - {"overridden"}
    if bad:
        k = sorted(bad)[0]
        raise AssumptionsError(f"{where}.{k}", e[k], "unknown key")
    if not isinstance(e.get("id"), str) or not e["id"]:
        raise AssumptionsError(f"{where}.id", e.get("id"), "every edge needs an id")
    if e.get("ladder") not in ("skill", "title"):
        raise AssumptionsError(f"{where}.ladder", e.get("ladder"), "must be skill or title")
    levels = kb.ladder(e["ladder"])
    for k in ("from", "to"):
        if e.get(k) not in levels:
            raise AssumptionsError(f"{where}.{k}", e.get(k), f"not a {e['ladder']} level ({'、'.join(levels)})")
    if levels.index(e["to"]) <= levels.index(e["from"]):
        raise AssumptionsError(f"{where}.to", e["to"], f"must be above {e['from']}")
    if not isinstance(e.get("years"), int) or isinstance(e.get("years"), bool) or e["years"] < 0:
        raise AssumptionsError(f"{where}.years", e.get("years"), "must be a whole number of years >= 0")
    if e.get("years_from", "obtained") not in ("obtained", "cumulative"):
        raise AssumptionsError(f"{where}.years_from", e.get("years_from"), "must be obtained or cumulative")
    e.setdefault("years_from", "obtained")
    series = e.get("series")
    if e["ladder"] == "title":
        if series is None:
            e["series"] = "default"
        elif series != "default" and not (isinstance(series, list) and all(isinstance(s, str) for s in series)):
            raise AssumptionsError(f"{where}.series", series, "a list of series names, or `default`")
    for j, v in enumerate(e.get("variants") or ()):
        ok = isinstance(v, dict) and isinstance(v.get("when"), dict) and isinstance(v.get("years"), int)
        if not ok:
            raise AssumptionsError(f"{where}.variants[{j}]", v, "expected {when: {field: [values]}, years: N}")
    conds = e.get("conditions") or []
    if not isinstance(conds, list):
        raise AssumptionsError(f"{where}.conditions", conds, "a list of texts")
    if e.get("enabled", True) not in (True, False):
        raise AssumptionsError(f"{where}.enabled", e.get("enabled"), "true or false")


# =============================================================================================
# deriving the crossings from the rules


def _rename(atom: Atom, n: int) -> Atom:
    return Atom(atom.pred, tuple(Term(f"{t.value}#{n}", True) if t.is_var else t for t in atom.args), atom.negated)


@dataclass
class _Alt:
    """One way an option rule's body unfolds: its leaves, each with the chain of rules it came through."""

    leaves: list[tuple[Atom, tuple[Rule, ...]]]
    subst: dict[str, Term]


def _expandable(kb: KB, atom: Atom) -> bool:
    """Derived literals that lead to the facts naming a node, or to a date (the years)."""
    if atom.is_comparison or atom.negated:
        return False
    pred = kb.predicates.get(atom.pred)
    if pred is None or pred.kind != "derived":
        return False
    return pred.dated or bool(kb.base_predicates_under(atom.pred) & set(_NODE_FACTS))


def _expand(
    kb: KB, lits: list[tuple[Atom, tuple[Rule, ...]]], subst: dict[str, Term], counter: Iterator[int]
) -> list[_Alt]:
    """Every way the conjunction `lits` unfolds into leaves, through the rules defining its literals."""
    if not lits:
        return [_Alt([], subst)]
    (first, chain), rest = lits[0], lits[1:]
    if not _expandable(kb, first):
        return [_Alt([(first, chain), *a.leaves], a.subst) for a in _expand(kb, rest, subst, counter)]
    out = []
    for r in kb.rules_for(first.pred):
        n = next(counter)
        head = _rename(r.head, n)
        s: dict[str, Term] | None = subst
        for a, b in zip(first.args, head.args, strict=True):
            s = _unify(a, b, s)
            if s is None:
                break
        if s is None:
            continue
        body = [(_rename(b, n), (*chain, r)) for b in r.body]
        out.extend(_expand(kb, body + rest, s, counter))
    return out


def _join(kb: KB, leaves: list[Atom]) -> list[dict[str, Any]]:
    """Bindings of the vocabulary literals and comparisons among `leaves` (the person's facts left open)."""
    envs: list[dict[str, Any]] = [{}]
    for lit in leaves:
        if lit.is_comparison or kb.predicates[lit.pred].kind != "vocab":
            continue
        rows = vocab_facts(kb, lit.pred)
        new = []
        for env in envs:
            for row in rows:
                e = dict(env)
                for t, v in zip(lit.args, row, strict=True):
                    if t.is_var:
                        if e.setdefault(t.value, v) != v:
                            break
                    elif t.value != v:
                        break
                else:
                    new.append(e)
        envs = new

    def val(t: Term, e: dict[str, Any]) -> Any:
        return e.get(t.value) if t.is_var else t.value

    for lit in leaves:
        if lit.is_comparison:
            envs = [
                e
                for e in envs
                if val(lit.args[0], e) is None
                or val(lit.args[1], e) is None
                or compare(lit.pred, val(lit.args[0], e), val(lit.args[1], e))
            ]
    return envs


@dataclass
class _Origin:
    node: str
    ladder: str
    level: str
    date_var: str | None
    chain: tuple[Rule, ...] = ()
    years: int | None = None
    years_from: str | None = None


def _origins(kb: KB, leaves: list[tuple[Atom, tuple[Rule, ...]]], group: list[dict[str, Any]]) -> list[_Origin]:
    """The nodes the person's facts among `leaves` name (a ladder's lowest admissible level; each award/class),
    with the years counted from their date."""
    out = []
    for lit, chain in leaves:
        spec = _NODE_FACTS.get(lit.pred)
        if spec is None or lit.negated:
            continue
        names = kb.predicates[lit.pred].args
        ladder_spec, level_arg, date_arg = spec
        if ladder_spec.startswith("@"):
            t = lit.args[names.index(ladder_spec[1:])]
            if t.is_var:
                continue  # any title or qualification: a condition, not a node
            ladder = str(t.value)
        else:
            ladder = ladder_spec
        t = lit.args[names.index(level_arg)]
        if t.is_var:
            values = {e[t.value] for e in group if t.value in e}
            if not values:
                continue  # unconstrained: any level
        else:
            values = {t.value}
        date_var = None
        if date_arg:
            d = lit.args[names.index(date_arg)]
            date_var = d.value if d.is_var else None
        if ladder in LADDERS:
            level = min(values, key=lambda v: kb.rank(ladder, v))
            out.append(_Origin(f"{ladder}:{level}", ladder, level, date_var, chain))
        else:
            out.extend(_Origin(f"{ladder}:{v}", ladder, v, date_var, chain) for v in sorted(values))
    # the years: an anniversary counted from an origin's date (possibly via later_of) or from the start of work
    source: dict[str, Any] = {o.date_var: o for o in out if o.date_var}
    atoms = [lit for lit, _ in leaves]
    for lit in atoms:
        if lit.pred == "technical_work_since" and lit.args[0].is_var:
            source.setdefault(lit.args[0].value, "work")
    for lit in atoms:
        if lit.pred == "later_of":
            a, b, later = (x.value if x.is_var else None for x in lit.args)
            src = source.get(a) if isinstance(source.get(a), _Origin) else source.get(b)
            if later and src is not None:
                source[later] = src
    cumulative = None
    for lit in atoms:
        if lit.pred == "anniversary" and lit.args[0].is_var and not lit.args[1].is_var:
            src = source.get(lit.args[0].value)
            if isinstance(src, _Origin):
                src.years, src.years_from = int(lit.args[1].value), "obtained"
            elif src == "work":
                cumulative = int(lit.args[1].value)
    for o in out:
        if o.years is None and cumulative is not None:
            o.years_from, o.years = "cumulative", cumulative
    return out


def _anchor(origins: list[_Origin], track: str) -> list[_Origin]:
    """The origins an edge starts from: the one the years count from, else awards/classes, else a ladder."""
    dated = [o for o in origins if o.years_from == "obtained"]
    if dated:
        return dated[:1]
    entries = [o for o in origins if o.ladder not in LADDERS]
    if entries:
        return entries
    other = [o for o in origins if o.ladder != track] or origins
    return other[:1]


def _specific(rule: Rule) -> bool:
    """A definition naming one case (``exceptional_tier(正高级)``, ``sci_tech_award``), not a general one."""
    return not rule.head.variables() and rule.head.pred != "option"


def crossings(kb: KB | None = None) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Every edge the option rules give: ``(from node, to node, key, attributes)``.

    Examples
    --------
    >>> e = [x for x in crossings() if x[3]["rule"] == "title-deputy-senior-normal"]
    >>> e[0][:2], e[0][3]["years"], e[0][3]["years_from"]
    (('skill:高级技师', 'title:副高级'), 4, 'obtained')
    """
    kb = kb or load_kb()
    counter = itertools.count(1)
    out = []
    seen = set()
    for rule in kb.option_rules:
        for alt in _expand(kb, [(b, ()) for b in rule.body], {}, counter):
            leaves = [(_apply(x, alt.subst), chain) for x, chain in alt.leaves]
            head = _apply(rule.head, alt.subst)
            groups: dict[tuple, list[dict[str, Any]]] = {}
            for env in _join(kb, [x for x, _ in leaves]):
                key = tuple(env.get(t.value) if t.is_var else t.value for t in head.args)
                if None not in key:
                    groups.setdefault(key, []).append(env)
            for (track, level, route), group in groups.items():
                for origin in _anchor(_origins(kb, leaves, group), str(track)):
                    specific = [r for r in origin.chain if _specific(r)]
                    target = f"{track}:{level}"
                    key = "|".join([rule.id, *(r.id for r in specific), origin.node, target])
                    if key in seen:
                        continue
                    seen.add(key)
                    attrs = _edge_attrs(kb, rule, specific, str(track), str(level), str(route), origin, group, alt)
                    out.append((origin.node, target, key, attrs))
    return out


def _edge_attrs(
    kb: KB,
    rule: Rule,
    specific: list[Rule],
    track: str,
    level: str,
    route: str,
    origin: _Origin,
    group: list[dict[str, Any]],
    alt: _Alt,
) -> dict[str, Any]:
    head_env = {t.value: Term(v) for t, v in zip(rule.head.args, (track, level, route), strict=True) if t.is_var}
    conditions = []
    for lit in rule.body:
        kind = "cmp" if lit.is_comparison else kb.predicates[lit.pred].kind
        if kind not in ("vocab", "cmp"):
            conditions.append(condition_text(kb, _apply(lit, head_env)))
    for r in specific:
        if r.source and r.source != rule.source and r.source not in conditions:
            conditions.append(r.source)
    extra = [c for r in specific for c in r.clauses if c not in rule.clauses]
    clauses = list(dict.fromkeys([*extra, *rule.clauses]))
    same_ladder = kb.ladder(track) if track in kb.vocabulary["ladders"] else []
    a_fortiori = any(  # an award listed for a higher level, opening this lower one
        not t.is_var and t.value in same_ladder and t.value != level for r in specific for t in r.head.args
    )
    attrs: dict[str, Any] = {
        "rule": rule.id,
        "via": [r.id for r in specific],
        "clauses": clauses,
        "route": route,
        "track": track,
        "years": origin.years,
        "years_from": origin.years_from,
        "conditions": list(dict.fromkeys(conditions)),
        "outside": False,
        "source": rule.source or None,
        "assumption": False,
        "a_fortiori": a_fortiori,
    }
    for name, var in rule.show:  # e.g. the education a technical-school class counts as
        rep = _walk(Term(var, True), alt.subst)
        if not rep.is_var:
            attrs[name] = rep.value
            continue
        vals = {e.get(rep.value) for e in group if origin.level in e.values()} - {None}
        if vals:
            attrs[name] = sorted(vals)[0]
    return attrs


# =============================================================================================
# the graph


def _node_label(kind: str, level: str) -> str:
    return {
        "skill": level,
        "title": f"{level}职称",
        "qualification": f"{level}专业技术人员职业资格",
        "exam": f"{level}专业技术人员职业资格考试",
        "award": level,
        "school": f"技工院校{level}毕业",
    }[kind]


def build_graph(
    kb: KB | None = None,
    *,
    outside: bool = True,
    profile: Any = None,
    assumptions: dict[str, Any] | None = None,
) -> nx.MultiDiGraph:
    """The overpass as a networkx MultiDiGraph, derived from the KB rules.

    Nodes ``"skill:高级工"``, ``"title:中级"``, ``"qualification:中级"``, ``"exam:翻译"``,
    ``"award:中华技能大奖"``, ``"school:高级工班"`` with ``ladder``, ``level``, ``rank`` (int within a ladder,
    None otherwise), ``label``; with a `profile`, also ``held`` and ``obtained``.  Edges carry ``rule``,
    ``clauses``, ``route``, ``track``, ``years``, ``years_from`` (``obtained``/``cumulative``/None),
    ``conditions`` (Chinese), ``outside``, ``source``, ``assumption`` (and ``via``, ``a_fortiori``).

    Parameters
    ----------
    kb : KB, optional
    outside : bool
        Include the within-ladder promotions of kb/outside/within_ladder.yaml.
    profile : Profile, optional
        Mark the nodes the person holds.
    assumptions : dict, optional
        Overrides of the within-ladder edges (see `within_ladder`).

    Examples
    --------
    >>> g = build_graph()
    >>> [d["years"] for _, _, d in g.edges("skill:高级技师", data=True) if d["rule"] == "title-senior-normal-from-skill"]
    [10]
    >>> g.nodes["title:正高级"]["rank"], g.nodes["award:中华技能大奖"]["rank"]
    (4, None)
    """
    kb = kb or load_kb()
    g = nx.MultiDiGraph(name="立交桥")
    for ladder in LADDERS:
        for i, level in enumerate(kb.ladder(ladder)):
            g.add_node(f"{ladder}:{level}", ladder=ladder, level=level, rank=i + 1, label=_node_label(ladder, level))
    for exam in kb.vocabulary["exams"]:
        g.add_node(f"exam:{exam}", ladder="exam", level=exam, rank=None, label=_node_label("exam", exam))
    for award in kb.vocabulary["awards"]:
        g.add_node(f"award:{award}", ladder="award", level=award, rank=None, label=_node_label("award", award))
    for school in kb.vocabulary["technical_school_classes"]:
        g.add_node(f"school:{school}", ladder="school", level=school, rank=None, label=_node_label("school", school))
    for u, v, key, attrs in crossings(kb):
        for n in (u, v):
            if n not in g:  # a node a rule names but the vocabulary lacks: keep it visible
                kind, _, level = n.partition(":")
                g.add_node(n, ladder=kind, level=level, rank=None, label=level)
        g.add_edge(u, v, key=key, **attrs)
    if outside:
        for e in within_ladder(kb, assumptions):
            series = e.get("series")
            conds = list(e.get("conditions") or [])
            if e["ladder"] == "title":
                conds.append(f"适用系列：{'、'.join(series) if isinstance(series, list) else '其他系列（默认）'}")
            if e.get("note"):
                conds.append(str(e["note"]))
            g.add_edge(
                f"{e['ladder']}:{e['from']}",
                f"{e['ladder']}:{e['to']}",
                key=e["id"],
                rule=e["id"],
                via=[],
                clauses=[],
                route="within",
                track="within",
                years=e["years"],
                years_from=e["years_from"],
                conditions=conds,
                outside=True,
                source=e.get("source"),
                assumption=bool(e.get("assumption")),
                a_fortiori=False,
                series=series,
            )
    if profile is not None:
        _mark_held(g, profile)
    return g


def _mark_held(g: nx.MultiDiGraph, profile: Any) -> None:
    """``held`` and ``obtained`` (ISO date; the year alone for an award) on the nodes the person holds."""
    held: dict[str, str | None] = {}

    def hold(node: str, when: str | None) -> None:
        if node in g:
            old = held.get(node)
            held[node] = when if old is None or (when is not None and when < old) else old

    for s in profile.skills:
        hold(f"skill:{s.level}", s.obtained.isoformat() if s.obtained else None)
    for t in profile.titles:
        hold(f"{t.kind}:{t.level}", t.obtained.isoformat() if t.obtained else None)
    for a in profile.awards:
        hold(f"award:{a.kind}", str(a.year) if a.year else None)
    if profile.technical_school_class:
        hold(f"school:{profile.technical_school_class}", None)
    for n in g.nodes:
        g.nodes[n]["held"] = n in held
        g.nodes[n]["obtained"] = held.get(n)


# =============================================================================================
# drawing


def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can use (registered on first call), or None.

    Looks first for the Noto Sans CJK SC shipped by the `mplfonts` package (a project dependency), then
    for a system font.

    Examples
    --------
    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    spec = importlib.util.find_spec("mplfonts")
    if spec and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            for name in ("NotoSansCJKsc-Regular.otf", "SourceHanSerifSC-Regular.otf"):
                path = Path(loc) / "fonts" / name
                if path.is_file():
                    font_manager.fontManager.addfont(str(path))
                    return font_manager.FontProperties(fname=str(path)).get_name()
    wanted = (
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "Source Han Sans SC",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Droid Sans Fallback",
        "SimHei",
        "Microsoft YaHei",
        "PingFang SC",
        "AR PL UMing CN",
    )
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((w for w in wanted if w in names), None)


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float
    text: str
    fontsize: float
    face: str


_FACE = {
    "skill": "#dbe8f7",
    "title": "#fde3c8",
    "qualification": "#e8ddf2",
    "exam": "#f1e4d8",
    "award": "#fadbd8",
    "school": "#dcefdc",
}
_DY = 1.8  # vertical distance between two levels of a ladder
_X = {"skill": 0.0, "title": 7.5, "qualification": -4.4, "award": 12.9, "science": -4.4}
_EXAM_Y, _SCHOOL_Y = -2.1, -4.5
_BRACKET_Y = _EXAM_Y - 0.75


def _award_clauses(g: nx.MultiDiGraph, n: str) -> str:
    firsts = []
    for _, _, e in g.out_edges(n, data=True):
        if not e.get("a_fortiori") and e["clauses"] and e["clauses"][0] not in firsts:
            firsts.append(e["clauses"][0])
    return "、".join(sorted(firsts))


def _layout(g: nx.MultiDiGraph) -> dict[str, _Box]:
    """Where each node is drawn: skill levels in one column, title levels in the next, each title level
    level with the skill level that crosses to it; awards beside the level they open."""
    boxes: dict[str, _Box] = {}
    tiers: dict[int, list[str]] = {}
    science = []
    for n, d in g.nodes(data=True):
        kind = d["ladder"]
        if kind == "skill":
            boxes[n] = _Box(_X[kind], (d["rank"] - 1) * _DY, 1.9, 0.62, d["level"], 13, _FACE[kind])
        elif kind in ("title", "qualification"):
            boxes[n] = _Box(
                _X[kind], (d["rank"] + 1) * _DY, 1.9, 0.62, d["level"], 13 if kind == "title" else 12, _FACE[kind]
            )
        elif kind == "award":
            ranks = [
                g.nodes[v].get("rank") or 0
                for _, v, e in g.out_edges(n, data=True)
                if not e.get("a_fortiori") and g.nodes[v]["ladder"] == "title"
            ]
            if ranks:
                tiers.setdefault(max(ranks), []).append(n)
            elif any(g.nodes[v]["ladder"] == "skill" for v in g.successors(n)):
                science.append(n)
    exams = [n for n, d in g.nodes(data=True) if d["ladder"] == "exam"]
    for i, n in enumerate(exams):
        text = g.nodes[n]["level"]
        text = text if len(text) <= 4 else text[:3] + "\n" + text[3:]
        boxes[n] = _Box(0.2 + i * 1.05, _EXAM_Y, 0.95, 0.62, text, 9.5, _FACE["exam"])
    schools = [n for n, d in g.nodes(data=True) if d["ladder"] == "school"]
    for i, n in enumerate(schools):
        boxes[n] = _Box(0.4 + i * 1.7, _SCHOOL_Y, 1.6, 0.5, g.nodes[n]["level"], 9, _FACE["school"])
    y = 4 * _DY + 1.5  # the highest tier first, from the top down
    for rank in sorted(tiers, reverse=True):
        for n in sorted(tiers[rank]):
            text = f"{g.nodes[n]['level']}  {_award_clauses(g, n)}"
            boxes[n] = _Box(_X["award"], y, 4.1, 0.42, text, 8.5, _FACE["award"])
            y -= 0.52
        y -= 0.35
    for i, n in enumerate(sorted(science)):
        text = f"{g.nodes[n]['level']}  {_award_clauses(g, n)}"
        boxes[n] = _Box(_X["science"], 1.5 - i * 0.6, 2.9, 0.42, text, 8.5, _FACE["award"])
    return boxes


@dataclass
class _Drawn:
    """One drawn arrow: the graph edges it stands for (parallel edges of one route are merged)."""

    u: str
    v: str
    route: str
    outside: bool
    edges: list[dict[str, Any]] = field(default_factory=list)
    rad: float = 0.0
    start: tuple[float, float] = (0.0, 0.0)
    end: tuple[float, float] = (0.0, 0.0)
    label: str = ""
    label_at: tuple[float, float] | None = None
    ha: str = "center"

    @property
    def assumption(self) -> bool:
        return all(e.get("assumption") for e in self.edges)


def _clip(b: _Box, toward: tuple[float, float]) -> tuple[float, float]:
    dx, dy = toward[0] - b.x, toward[1] - b.y
    if dx == 0 and dy == 0:
        return b.x, b.y
    sx = (b.w / 2) / abs(dx) if dx else float("inf")
    sy = (b.h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return b.x + dx * s, b.y + dy * s


def _drawn_edges(g: nx.MultiDiGraph, boxes: dict[str, _Box]) -> list[_Drawn]:
    """The arrows to draw: parallel edges merged; an award's direct route drawn to the lowest level it
    opens; a technical-school class drawn to the bracket under the eight exams; a-fortiori awards left out."""
    groups: dict[tuple, _Drawn] = {}
    lowest: dict[str, str] = {}
    for u, v, d in g.edges(data=True):
        direct = d["route"] == "direct" and g.nodes[u]["ladder"] == "award"
        if direct and (u not in lowest or g.nodes[v]["rank"] < g.nodes[lowest[u]]["rank"]):
            lowest[u] = v
    for u, v, d in g.edges(data=True):
        if d.get("a_fortiori") or u not in boxes or v not in boxes:
            continue
        target = v
        if d["route"] == "equivalence":
            target = "exam:*"
        elif u in lowest and d["route"] == "direct":
            target = lowest[u]
        key = (u, target, d["route"], d["outside"])
        groups.setdefault(key, _Drawn(u, target, d["route"], d["outside"])).edges.append({**d, "_u": u, "_v": v})
    out = list(groups.values())
    for e in out:
        bu = boxes[e.u]
        e.label = _edge_label(e, g)
        if e.v == "exam:*":
            e.start = (bu.x, bu.y + bu.h / 2)
            e.end = (bu.x, _BRACKET_Y)
            e.label = ""
            continue
        bv = boxes[e.v]
        ku, kv = g.nodes[e.u]["ladder"], g.nodes[e.v]["ladder"]
        mid_y = (bu.y + bv.y) / 2
        if ku == kv and ku in ("skill", "title") and bu.x == bv.x:
            # a step inside a ladder: the plan's promotion on the inner side, the outside standards on the outer
            if e.route == "within":
                side = -1
                e.start = (bu.x + side * bu.w / 2, bu.y + 0.12)
                e.end = (bv.x + side * bv.w / 2, bv.y - 0.12)
                e.rad = 0.5 * side * (1 if bv.y > bu.y else -1)
                bulge = abs(e.rad) * (bv.y - bu.y) / 2
                e.label_at, e.ha = (bu.x - bu.w / 2 - bulge - 0.08, mid_y), "right"
            else:
                off = bu.w / 4 if ku == "skill" else 0.0
                e.start = (bu.x + off, bu.y + bu.h / 2)
                e.end = (bv.x + off, bv.y - bv.h / 2)
                e.label_at, e.ha = (bu.x + off + 0.1, mid_y), "left"
            continue
        if {ku, kv} <= {"skill", "title"}:
            diagonal = abs(bu.y - bv.y) > 1e-6
            if not diagonal:
                e.rad = 0.1
            elif e.route == "direct":
                e.rad = 0.22 if bu.x > bv.x else -0.22
            else:
                e.rad = -0.1 if bu.x < bv.x else 0.1
        e.start = _clip(bu, (bv.x, bv.y))
        e.end = _clip(bv, (bu.x, bu.y))
        if ku == "award":  # leave the award's box on the side facing the ladders, clear of the boxes above
            e.start = (bu.x + (bu.w / 2 if bv.x > bu.x else -bu.w / 2), bu.y)
            e.end = _clip(bv, e.start)
            e.label = ""
        else:
            e.label_at = _bezier(e.start, e.end, e.rad, 0.5)
    return out


def _edge_label(d: _Drawn, g: nx.MultiDiGraph | None = None) -> str:
    years = sorted({(e["years"], e["years_from"]) for e in d.edges if e.get("years") is not None}, key=str)
    parts = [f"累计{y}年" if how == "cumulative" else f"满{y}年" for y, how in years]
    if d.outside:
        return ("、".join(parts) or "层级内") + ("（假设）" if d.assumption else "（本方案外）")
    first = []
    for e in d.edges:
        if e["clauses"] and e["clauses"][0] not in first:
            first.append(e["clauses"][0])
    prefix = {"exceptional": "破格", "direct": "直接申报", "promotion": "晋级"}.get(d.route)
    if prefix:
        parts.insert(0, prefix)
    return " ".join(x for x in ("、".join(parts), "、".join(first[:2])) if x)


def _bezier(p0, p2, rad: float, t: float) -> tuple[float, float]:
    (x0, y0), (x2, y2) = p0, p2
    mx, my = (x0 + x2) / 2, (y0 + y2) / 2
    dx, dy = x2 - x0, y2 - y0
    cx, cy = mx + rad * dy, my - rad * dx
    return (
        (1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t**2 * x2,
        (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t**2 * y2,
    )


def _rc() -> dict[str, Any]:
    font = cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*([font] if font else []), "DejaVu Sans"],
        "svg.hashsalt": "tongguan",
        "svg.fonttype": "path",
    }


def _figure(g: nx.MultiDiGraph, path: Any = None, title: str | None = None, gids: bool = False):
    """The matplotlib figure of the overpass; with `gids`, drawn edge ``i`` gets ids ``e<i>`` (the arrow)
    and ``h<i>`` (a wide transparent stroke to hover)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    boxes = _layout(g)
    drawn = _drawn_edges(g, boxes)
    fig = Figure(figsize=(19, 14.2))
    ax = fig.add_axes((0.005, 0.005, 0.99, 0.95))
    ax.set_xlim(-6.4, 15.3)
    ax.set_ylim(-5.3, 10.5)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.suptitle(title or "立交桥：四川省高技能人才与专业技术人才职业发展贯通", fontsize=19, y=0.985)
    top_skill = 4 * _DY
    for x, y, text in (
        (_X["skill"], top_skill + 0.85, "职业技能等级"),
        (_X["title"], 5 * _DY + 1.2, "职称"),
        (_X["qualification"], 4 * _DY + 1.0, "专业技术人员\n职业资格"),
        (_X["award"], 4 * _DY + 2.15, "可破格申报职称的奖项、称号（附件1第六条）"),
        (_X["science"], 2.3, "科学技术奖：可直接申报\n相应技能等级（B-3.3.3）"),
        (-1.3, _EXAM_Y, "职业资格\n考试"),
        (-1.3, _SCHOOL_Y, "技工院校\n毕业班级"),
    ):
        ax.text(x, y, text, ha="center", va="center", fontsize=12.5, color="#222222")
    exam_boxes = [b for n, b in boxes.items() if g.nodes[n]["ladder"] == "exam"]
    if any(d.v == "exam:*" for d in drawn) and exam_boxes:
        color = ROUTE_STYLE["equivalence"]["color"]
        x0, x1 = min(b.x for b in exam_boxes) - 0.4, max(b.x for b in exam_boxes) + 0.4
        ax.plot([x0, x1], [_BRACKET_Y, _BRACKET_Y], color=color, lw=1.4, zorder=1)
        for b in exam_boxes:
            ax.add_patch(
                FancyArrowPatch(
                    (b.x, _BRACKET_Y),
                    (b.x, b.y - b.h / 2),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color=color,
                    lw=1.0,
                    shrinkA=0,
                    shrinkB=1,
                    zorder=1,
                )
            )
        ax.text(x1 + 0.15, _BRACKET_Y, "按相当学历报考（B-3.2.2）", fontsize=9.5, ha="left", va="center", color=color)
    for i, d in enumerate(drawn):
        st = ROUTE_STYLE[d.route]
        color = "#b0b0b0" if d.outside and d.assumption else st["color"]
        style = "dotted" if d.outside else st["style"]
        arrow = FancyArrowPatch(
            d.start,
            d.end,
            connectionstyle=f"arc3,rad={d.rad}",
            arrowstyle="-|>",
            mutation_scale=13,
            color=color,
            linestyle=style,
            linewidth=1.7,
            shrinkA=1,
            shrinkB=1,
            zorder=2,
        )
        if gids:
            arrow.set_gid(f"e{i}")
        ax.add_patch(arrow)
        if gids:
            hit = FancyArrowPatch(
                d.start,
                d.end,
                connectionstyle=f"arc3,rad={d.rad}",
                arrowstyle="-",
                color="#ffffff",
                alpha=0.01,
                linewidth=10,
                zorder=8,
            )
            hit.set_gid(f"h{i}")
            ax.add_patch(hit)
        if d.label and d.label_at:
            ax.text(
                *d.label_at,
                d.label,
                fontsize=9.5,
                ha=d.ha,
                va="center",
                color=color,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9},
            )
    if path is not None:  # the person's fastest path
        for n, step in enumerate(path.steps, 1):
            a, b = boxes.get(step.from_node), boxes.get(step.to_node)
            if b is None:
                continue
            match = next((d for d in drawn if (d.u, d.v) == (step.from_node, step.to_node)), None)
            if match is not None:
                p0, p2, rad = match.start, match.end, match.rad
            elif a is not None:
                p0, p2, rad = _clip(a, (b.x, b.y)), _clip(b, (a.x, a.y)), 0.0
            else:
                continue
            ax.add_patch(
                FancyArrowPatch(
                    p0,
                    p2,
                    connectionstyle=f"arc3,rad={rad}",
                    arrowstyle="-|>",
                    mutation_scale=22,
                    color=HIGHLIGHT,
                    alpha=0.75,
                    linewidth=6,
                    zorder=1.5,
                )
            )
            ax.text(
                b.x,
                b.y + b.h / 2 + 0.22,
                f"第{n}步 {step.date.isoformat()}",
                fontsize=10.5,
                ha="center",
                color="#a34f00",
                zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "#fff4e0", "ec": HIGHLIGHT},
            )
    for i, (n, b) in enumerate(boxes.items()):
        held = g.nodes[n].get("held")
        patch = FancyBboxPatch(
            (b.x - b.w / 2, b.y - b.h / 2),
            b.w,
            b.h,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            fc="#ffd966" if held else b.face,
            ec="#8a5a00" if held else "#555555",
            lw=2.8 if held else 1.0,
            zorder=5,
        )
        if gids:
            patch.set_gid(f"n{i}")
        ax.add_patch(patch)
        ax.text(b.x, b.y, b.text, ha="center", va="center", fontsize=b.fontsize, zorder=6)
        if held:
            when = g.nodes[n].get("obtained")
            beside = g.nodes[n]["ladder"] == "award"  # awards are stacked tightly: write it on the left
            ax.text(
                b.x - b.w / 2 - 0.1 if beside else b.x - 0.3,
                b.y if beside else b.y - b.h / 2 - 0.2,
                "持有" + (f" {when}" if when else ""),
                fontsize=9,
                ha="right" if beside else "center",
                va="center",
                color="#8a5a00",
                zorder=6,
            )
    handles = [
        Line2D(
            [],
            [],
            color=ROUTE_STYLE[r]["color"],
            linestyle=ROUTE_STYLE[r]["style"],
            lw=2,
            label=f"{ROUTE_STYLE[r]['zh']}（{r}）",
        )
        for r in ("normal", "exceptional", "direct", "promotion", "skill_level", "equivalence", "within")
    ]
    handles.append(Line2D([], [], color="#b0b0b0", linestyle="dotted", lw=2, label="层级内晋升，年限为假设（待核实）"))
    if path is not None:
        handles.append(Line2D([], [], color=HIGHLIGHT, lw=6, alpha=0.75, label="最快路径"))
    ax.legend(handles=handles, loc="lower right", fontsize=10.5, frameon=True, title="途径", title_fontsize=11.5)
    ax.text(
        15.2,
        1.2,
        "标注：年限与条款编号（B-正文，A1-附件1，A2-附件2）。\n"
        "满N年：取得该等级后从事技术技能工作满N年；累计N年：累计从事本专业工作N年。\n"
        "奖项亦可破格申报较低层级（I-exceptional-a-fortiori），图中从略。\n"
        "虚线（灰）为本方案之外的层级内晋升（kb/outside/within_ladder.yaml）。",
        fontsize=9,
        ha="right",
        va="top",
        color="#444444",
        linespacing=1.5,
    )
    return fig, drawn


def render(
    g: nx.MultiDiGraph,
    fmt: str,
    *,
    kb: KB | None = None,
    path: Any = None,
    title: str | None = None,
) -> bytes:
    """The overpass `g` in format `fmt` (png, svg, html, dot, graphml), as bytes.

    `path` (a `tongguan.paths.PathResult`) is highlighted in the drawings.

    Examples
    --------
    >>> render(build_graph(), "dot")[:17]
    b'digraph overpass '
    """
    kb = kb or load_kb()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "dot":
        return to_dot(g, path=path).encode("utf-8")
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_graphml_ready(g), buf, encoding="utf-8")
        return buf.getvalue()
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_rc()):
        fig, drawn = _figure(g, path=path, title=title, gids=fmt == "html")
        if fmt == "png":
            fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
            return buf.getvalue()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "tongguan"})
    svg = buf.getvalue().decode("utf-8")
    if fmt == "svg":
        return svg.encode("utf-8")
    return _html(kb, g, svg, drawn, title=title, path=path).encode("utf-8")


# ---- html ------------------------------------------------------------------------------------


def _edge_info(kb: KB, g: nx.MultiDiGraph, d: _Drawn) -> dict[str, Any]:
    src = g.nodes[d.u]["label"]
    dst = "八类专业技术人员职业资格考试" if d.v == "exam:*" else g.nodes[d.v]["label"]
    items = []
    for e in d.edges:
        years = ""
        if e.get("years") is not None:
            years = f"累计满{e['years']}年" if e["years_from"] == "cumulative" else f"取得后满{e['years']}年"
        items.append(
            {
                "rule": e["rule"],
                "to": g.nodes[e["_v"]]["label"],
                "years": years,
                "conditions": e["conditions"],
                "clauses": [{"id": c, "text": kb.clause_text(c)} for c in e["clauses"]],
                "outside": e["outside"],
                "source": e.get("source") if e["outside"] else None,
                "assumption": e.get("assumption"),
            }
        )
    return {
        "title": f"{src} → {dst}",
        "route": ROUTE_STYLE[d.route]["zh"],
        "items": items,
    }


def _tooltip(info: dict[str, Any]) -> str:
    lines = [f"{info['title']}（{info['route']}）"]
    for it in info["items"][:4]:
        lines.append(f"· {it['rule']} {it['years']}".rstrip())
        lines.extend(f"  - {c}" for c in it["conditions"])
        if it["clauses"]:
            lines.append("  条款：" + "、".join(c["id"] for c in it["clauses"]))
        if it["outside"]:
            lines.append("  本方案之外：" + (it["source"] or "无出处") + ("（假设）" if it["assumption"] else ""))
    if len(info["items"]) > 4:
        lines.append(f"… 另 {len(info['items']) - 4} 条")
    return "\n".join(lines)


_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0; display: flex; }}
#pic {{ flex: 1 1 auto; overflow: auto; }}
#pic svg {{ width: 100%; height: auto; }}
#panel {{ flex: 0 0 24em; height: 100vh; overflow: auto; box-sizing: border-box; padding: 1em;
         border-left: 1px solid #ccc; background: #fafafa; font-size: 14px; position: sticky; top: 0; }}
#panel h2 {{ font-size: 16px; margin: 0 0 .5em; }}
#panel .clause {{ color: #555; font-size: 12px; }}
#panel .outside {{ color: #a15c00; }}
g.hit path {{ pointer-events: stroke; cursor: pointer; }}
g.hl path {{ stroke: {hl} !important; stroke-width: 4px !important; }}
</style></head>
<body>
<div id="pic">{svg}</div>
<div id="panel"><h2>立交桥</h2><p>把鼠标移到连线上，查看其条件与条款。</p>
<p>{note}</p></div>
<script>
const EDGES = {data};
function show(i) {{
  const e = EDGES[i]; if (!e) return;
  const esc = s => String(s).replace(/[&<>]/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;'}})[c]);
  let h = '<h2>' + esc(e.title) + '</h2><p><b>' + esc(e.route) + '</b></p>';
  for (const it of e.items) {{
    h += '<p><b>' + esc(it.to) + '</b> · <code>' + esc(it.rule) + '</code> ' + esc(it.years) + '</p><ul>';
    for (const c of it.conditions) h += '<li>' + esc(c) + '</li>';
    h += '</ul>';
    if (it.outside) h += '<p class="outside">本方案之外：' + esc(it.source || '无出处') + (it.assumption ? '（假设，待核实）' : '') + '</p>';
    for (const c of it.clauses) h += '<p class="clause"><b>' + esc(c.id) + '</b> ' + esc(c.text) + '</p>';
  }}
  document.getElementById('panel').innerHTML = h;
}}
document.querySelectorAll('g.hit').forEach(el => {{
  const i = +el.dataset.i;
  el.addEventListener('mouseenter', () => {{ document.getElementById('e' + i)?.classList.add('hl'); show(i); }});
  el.addEventListener('mouseleave', () => document.getElementById('e' + i)?.classList.remove('hl'));
}});
</script>
</body></html>
"""


def _html(kb: KB, g: nx.MultiDiGraph, svg: str, drawn: list[_Drawn], title: str | None, path: Any) -> str:
    infos = [_edge_info(kb, g, d) for d in drawn]
    svg = re.sub(r"^.*?(<svg\b)", r"\1", svg, flags=re.S)  # drop the XML prolog and doctype
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)

    def hit(m: re.Match) -> str:
        i = int(m.group(1))
        tip = html.escape(_tooltip(infos[i]))
        return f'<g id="h{i}" class="hit" data-i="{i}"><title>{tip}</title>'

    svg = re.sub(r'<g id="h(\d+)">', hit, svg)
    data = json.dumps(infos, ensure_ascii=False).replace("</", "<\\/")
    note = "本图由规则推导（tongguan graph），离线可用。"
    if path is not None:
        note += " 橙色为最快路径：" + "；".join(
            f"{s.date.isoformat()} {g.nodes[s.to_node]['label']}" for s in path.steps
        )
    return _HTML.format(title=html.escape(title or "立交桥"), svg=svg, data=data, hl=HIGHLIGHT, note=html.escape(note))


# ---- dot and graphml -------------------------------------------------------------------------


_DOT_STYLE = {"dashdot": "bold"}  # Graphviz has solid, dashed, dotted and bold


def _q(s: Any) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.MultiDiGraph, path: Any = None) -> str:
    """Graphviz DOT text of the overpass (no Graphviz or pydot needed to write it).

    Examples
    --------
    >>> '"skill:高级工" -> "title:助理级"' in to_dot(build_graph())
    True
    """
    on_path = {(s.from_node, s.to_node) for s in getattr(path, "steps", [])}
    lines = [
        "digraph overpass {",
        '  graph [rankdir=LR, label="立交桥：四川省高技能人才与专业技术人才职业发展贯通", labelloc=t, '
        'fontname="Noto Sans CJK SC", newrank=true];',
        '  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC"];',
        '  edge [fontname="Noto Sans CJK SC", fontsize=10];',
    ]
    names = {
        "skill": "职业技能等级",
        "title": "职称",
        "qualification": "专业技术人员职业资格",
        "exam": "专业技术人员职业资格考试",
        "award": "奖项、称号",
        "school": "技工院校毕业",
    }
    for kind, name in names.items():
        lines.append(f"  subgraph {_q('cluster_' + kind)} {{")
        lines.append(f"    label={_q(name)};")
        for n, d in g.nodes(data=True):
            if d["ladder"] == kind:
                attrs = [f"label={_q(d['label'])}", f"fillcolor={_q(_FACE.get(kind, '#eeeeee'))}"]
                if d.get("held"):
                    attrs += ["penwidth=3", 'color="#8a5a00"']
                lines.append(f"    {_q(n)} [{', '.join(attrs)}];")
        lines.append("  }")
    for u, v, k, d in g.edges(keys=True, data=True):
        st = ROUTE_STYLE[d["route"]]
        label = _edge_label(_Drawn(u, v, d["route"], d["outside"], [d]))
        attrs = [
            f"key={_q(k)}",
            f"label={_q(label)}",
            f"color={_q('#b5b5b5' if d['outside'] and d['assumption'] else st['color'])}",
            f"style={_q('dotted' if d['outside'] else _DOT_STYLE.get(st['style'], st['style']))}",
            f"tooltip={_q('；'.join(d['conditions']))}",
            f"rule={_q(d['rule'])}",
            f"clauses={_q(' '.join(d['clauses']))}",
            f"route={_q(d['route'])}",
        ]
        if (u, v) in on_path:
            attrs += [f"penwidth=4, color={_q(HIGHLIGHT)}"]
        lines.append(f"  {_q(u)} -> {_q(v)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def g_label(kb: KB, node: str) -> str:
    """The Chinese label of a node id such as ``title:正高级`` (正高级职称)."""
    kind, _, level = node.partition(":")
    return _node_label(kind, level) if kind in _FACE else node


def _graphml_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(name=g.graph.get("name", ""))
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _graphml_value(v) for k, v in d.items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: _graphml_value(x) for a, x in d.items()})
    return h
