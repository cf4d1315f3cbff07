"""Why not: for an option that is not eligible, each condition that fails, is unknown or not yet due.

Each condition comes with its clauses quoted, the date time cures it (``cured_by_time``, ``earliest``),
the fields to confirm, the leaves of its proof tree that cause it, and how far the other routes to the
same level are.  The shape is documented in docs/explain.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..engine import Option, condition_clauses, condition_text
from ..kb import KB
from .model import ProofNode

__all__: list[str] = []


def _clause_list(kb: KB, ids: Iterable[str]) -> list[dict[str, str]]:
    return [{"id": c, "text": kb.clause_text(c)} for c in ids]


def _causes(node: ProofNode, kb: KB, rule: ProofNode | None = None) -> list[dict[str, Any]]:
    """The leaves below `node` that fail or are unknown, each with the nearest rule's clauses."""
    out: list[dict[str, Any]] = []
    if node.status in ("holds", "skipped", "not_yet") and node.kind != "option":
        return out
    if node.kind == "rule":
        rule = node
    if not node.children or node.kind in ("fact", "vocab", "calc", "check"):
        if node.kind != "rule":
            out.append(
                {
                    "kind": node.kind,
                    "status": node.status,
                    "text": node.text,
                    "text_en": node.text_en or node.text,
                    "literal": node.literal_text() if node.literal is not None else None,
                    "rule": rule.rule.id if rule else None,
                    "clauses": [c for c, _ in rule.clauses] if rule else [],
                    "to_confirm": node.to_confirm,
                }
            )
        return out
    for c in node.children:
        out.extend(_causes(c, kb, rule))
    return out


def _route_summary(kb: KB, o: Option, tree: ProofNode | None = None) -> dict[str, Any]:
    return {
        "track": o.track,
        "level": o.level,
        "route": o.route,
        "rule": o.rule.id,
        "status": o.status,
        "earliest": o.earliest.isoformat() if o.earliest else None,
        "failing": sum(c.status == "fails" for c in o.conditions),
        "unknown": sum(c.status == "unknown" for c in o.conditions),
        "not_yet": sum(c.status == "not_yet" for c in o.conditions),
        "to_confirm": list(o.to_confirm),
        "clauses": list(o.rule.clauses),
    }


def _why_not(kb: KB, option: Option, tree: ProofNode, all_options: list[Option]) -> dict[str, Any] | None:
    if option.status == "eligible":
        return None
    routes = []
    for alt, node in zip([option, *option.alternatives], tree.children, strict=True):
        conds = []
        for child, lit in zip(node.children, alt.rule.body, strict=True):
            if child.status in ("holds", "skipped"):
                continue
            g = child.literal or lit
            ids = condition_clauses(kb, lit, alt.rule)
            cured = child.status == "not_yet" or (child.status == "unknown" and child.since is not None)
            conds.append(
                {
                    "literal": child.literal_text() or str(g),
                    "text": condition_text(kb, g) if not lit.is_comparison else child.text,
                    "status": child.status,
                    "since": child.since.isoformat() if child.since else None,
                    "cured_by_time": child.status == "not_yet" or (cured and child.since == alt.earliest),
                    "earliest": child.since.isoformat() if cured and child.since else None,
                    "clauses": _clause_list(kb, ids),
                    "to_confirm": sorted({f for n in child.walk() for f in n.to_confirm}),
                    "causes": _causes(child, kb, node),
                }
            )
        routes.append({**_route_summary(kb, alt), "conditions": conds, "source": alt.rule.source})
    others = []
    for o in all_options:
        if o.track == option.track and o.level == option.level and o.route != option.route:
            for alt in [o, *o.alternatives]:
                others.append(_route_summary(kb, alt))
    return {
        "status": option.status,
        "earliest": option.earliest.isoformat() if option.earliest else None,
        "routes": routes,
        "other_routes": others,
    }


# ---------------------------------------------------------------------------------------------
# public entry points
