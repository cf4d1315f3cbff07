"""The overpass (立交桥) as a networkx graph: both ladders, the entry points, and the crossings between them.

The graph is *derived from the KB rules*, never kept by hand: its edges are the crossings of
`tongguan.planning.crossings`, each with its conditions in Chinese and its clauses; within-ladder
promotions governed by documents outside the plan come from ``kb/outside/within_ladder.yaml``
(`tongguan.planning.within`) and are flagged ``outside``.  Node labels are the ``nodes`` templates of
``kb/figure.yaml``.  Drawing it is the render layer's (`tongguan.render.drawing`,
`tongguan.render.graph_formats`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..engine import condition_text
from ..engine.terms import apply as _apply
from ..engine.terms import walk as _walk
from ..kb import KB, Term, load_kb
from .crossings import Crossing, crossings, ladders
from .within import within_ladder

__all__ = ["build_graph", "label_of", "node_label"]


def node_label(kb: KB, kind: str, level: str) -> str:
    """The label of a node of kind `kind` (``skill``, ``title``…): the ``nodes.<kind>.label`` template of
    kb/figure.yaml, the level itself when the figure names no template.

    Examples
    --------
    >>> node_label(load_kb(), "title", "正高级"), node_label(load_kb(), "school", "高级工班")
    ('正高级职称', '技工院校高级工班毕业')
    """
    spec = (kb.figure.get("nodes") or {}).get(kind) or {}
    return str(spec.get("label", "{level}")).format(level=level)


def label_of(kb: KB, node: str) -> str:
    """The label of a node id such as ``title:正高级`` (正高级职称); the id itself for an unknown kind.

    Examples
    --------
    >>> label_of(load_kb(), "title:正高级"), label_of(load_kb(), "nowhere:x")
    ('正高级职称', 'nowhere:x')
    """
    kind, _, level = node.partition(":")
    return node_label(kb, kind, level) if kind in (kb.figure.get("nodes") or {}) else node


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
    g = nx.MultiDiGraph(name=kb.figure.get("name", "overpass"))
    for ladder in ladders(kb):
        for i, level in enumerate(kb.ladder(ladder)):
            g.add_node(f"{ladder}:{level}", ladder=ladder, level=level, rank=i + 1, label=node_label(kb, ladder, level))
    for exam in kb.vocabulary.get("exams") or ():
        g.add_node(f"exam:{exam}", ladder="exam", level=exam, rank=None, label=node_label(kb, "exam", exam))
    for award in kb.vocabulary.get("awards") or ():
        g.add_node(f"award:{award}", ladder="award", level=award, rank=None, label=node_label(kb, "award", award))
    for school in kb.vocabulary.get("technical_school_classes") or ():
        label = node_label(kb, "school", school)
        g.add_node(f"school:{school}", ladder="school", level=school, rank=None, label=label)
    for c in crossings(kb):
        for n in (c.source, c.target):
            if n not in g:  # a node a rule names but the vocabulary lacks: keep it visible
                kind, _, level = n.partition(":")
                g.add_node(n, ladder=kind, level=level, rank=None, label=level)
        g.add_edge(c.source, c.target, key=c.key, **_edge_attrs(kb, c))
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


def _edge_attrs(kb: KB, c: Crossing) -> dict[str, Any]:
    """The attributes of the edge a crossing gives: its conditions in Chinese, clauses, years, ``show``."""
    rule, specific, track, level, route = c.rule, c.via, c.track, c.level, c.route
    origin, group, alt = c.origin, c.group, c.alt
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
