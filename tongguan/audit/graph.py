"""Graph checks on the overpass: unreached levels, cycles, shortcuts."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from ..kb import KB, Rule, load_kb  # noqa: F401 (load_kb: for the doctests)
from .logic import _first
from .report import Finding, _rule_file

# ---------------------------------------------------------------------------------------------
# 4. graph checks on the overpass


def check_graph(kb: KB) -> tuple[list[Finding], dict[str, Any], str | None]:
    """Unreached levels, cycles and shortcuts on `tongguan.planning.build_graph`.

    Returns the findings, a summary, and a reason when the check had to be skipped.

    Examples
    --------
    >>> findings, summary, skipped = check_graph(load_kb())
    >>> skipped is None and [s["via"] for s in summary["shortcuts"]]
    [['title:副高级']]
    """
    try:
        from .. import planning

        build = planning.build_graph
    except Exception:  # the module is a stub (no build_graph) or does not import
        return (
            [
                Finding(
                    "graph",
                    "skipped",
                    "warning",
                    "audit.graph.no_build",
                    "audit.graph.no_build.fix",
                    file="tongguan/planning/graph.py",
                )
            ],
            {},
            "audit.skip.no_build",
        )
    try:
        g = build(kb, outside=False)
    except Exception as exc:  # a malformed KB copy may break the graph builder; say so, no traceback
        return (
            [
                Finding(
                    "graph",
                    "skipped",
                    "warning",
                    "audit.graph.not_built",
                    "audit.graph.not_built.fix",
                    params={"what": f"{exc.__class__.__name__}: {exc}"},
                    file="tongguan/planning/graph.py",
                )
            ],
            {},
            "audit.skip.not_built",
        )
    return _graph_findings(kb, g)


def _node_desc(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label") or n)


def _graph_findings(kb: KB, g: nx.MultiDiGraph) -> tuple[list[Finding], dict[str, Any], None]:
    out: list[Finding] = []
    summary: dict[str, Any] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}

    # unreached levels: a level of a ladder the routes lead to (skill, title) that no edge from another
    # node reaches; the lowest level of a ladder is an entry, not a gap.  Awards, school classes and
    # exams are where routes start or end, not levels.
    tracks = {d.get("track") for _, _, d in g.edges(data=True)}
    unreached = []
    for n, data in g.nodes(data=True):
        if data.get("ladder") not in tracks or data.get("rank") is None:
            continue
        if any(u != n for u, _ in g.in_edges(n)):
            continue
        unreached.append(n)
        if data.get("rank") == 1:
            continue
        out.append(
            Finding(
                "graph",
                "unreached",
                "warning",
                "audit.graph.unreached",
                "audit.graph.unreached.fix",
                params={"node": n},
                subject={"node": n},
            )
        )
    summary["unreached"] = unreached

    # cycles: a within-ladder edge that does not go up is an error; cycles across the two ladders are
    # what the bridging plan is for (holding a level in each), reported only
    for u, v, data in g.edges(data=True):
        du, dv = g.nodes[u], g.nodes[v]
        if du.get("ladder") == dv.get("ladder") and (dv.get("rank") or 0) <= (du.get("rank") or 0):
            rid = data.get("rule")
            r = _safe_rule(kb, rid)
            out.append(
                Finding(
                    "graph",
                    "cycle",
                    "error",
                    "audit.graph.cycle",
                    "audit.graph.cycle.fix",
                    params={"u": u, "v": v, "rule": rid, "route": data.get("route")},
                    rule=rid,
                    file=_rule_file(kb, r) if r else None,
                    clause=_first(data.get("clauses")),
                    subject={"from": u, "to": v},
                )
            )
    simple = nx.DiGraph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    cycles = []
    for cyc in nx.simple_cycles(simple, length_bound=4):
        cycles.append(cyc)
        if len(cycles) >= 200:
            break
    summary["cycles"] = len(cycles)
    summary["cycle_examples"] = [" → ".join([*c, c[0]]) for c in sorted(cycles, key=len)[:5]]

    out.extend(_shortcuts(kb, g, summary))
    return out, summary, None


def _safe_rule(kb: KB, rid: Any) -> Rule | None:
    try:
        return kb.rule(str(rid))
    except KeyError:
        return None


def _timed_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """The fastest time-based edge between each pair of levels (edges without years are left out)."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, data in g.edges(data=True):
        years = data.get("years")
        if u == v or not isinstance(years, int | float) or data.get("route") == "exceptional":
            continue
        if (u, v) not in best or years < best[(u, v)]["years"]:
            best[(u, v)] = dict(data)
    return best


def _shortcuts(kb: KB, g: nx.MultiDiGraph, summary: dict[str, Any]) -> list[Finding]:
    timed = _timed_edges(g)
    h = nx.DiGraph()
    for (u, v), data in timed.items():
        h.add_edge(u, v, **data)
    out, found = [], []
    for (u, v), direct in sorted(timed.items()):
        best_path = None
        for path in nx.all_simple_paths(h, u, v, cutoff=4):
            if len(path) < 3:
                continue
            total = sum(h.edges[a, b]["years"] for a, b in itertools.pairwise(path))
            if total < direct["years"] and (best_path is None or total < best_path[1]):
                best_path = (path, total)
        if best_path is None:
            continue
        path, total = best_path
        steps = [h.edges[a, b] for a, b in itertools.pairwise(path)]
        desc = " → ".join(f"{path[0]}" if i == 0 else f"{path[i]} ({steps[i - 1]['years']})" for i in range(len(path)))
        rules = [s.get("rule") for s in steps]
        found.append(
            {
                "from": u,
                "to": v,
                "via": path[1:-1],
                "path_years": total,
                "direct_years": direct["years"],
                "direct_rule": direct.get("rule"),
                "path_rules": rules,
            }
        )
        r = _safe_rule(kb, direct.get("rule"))
        out.append(
            Finding(
                "graph",
                "shortcut",
                "warning",
                "audit.graph.shortcut",
                "audit.graph.shortcut.fix",
                params={"desc": desc, "total": total, "u": u, "v": v, "rule": direct.get("rule"), "years": direct["years"]},
                rule=direct.get("rule"),
                file=_rule_file(kb, r) if r else None,
                clause=_first(direct.get("clauses")),
                subject={"from": u, "to": v, "via": path[1:-1]},
            )
        )
    summary["shortcuts"] = found
    return out
