"""The readable Chinese text of `tongguan paths`: the fastest dated paths, step by step with clauses."""

from __future__ import annotations

from ..kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)
from ..labels import field_label
from ..planning import PathResult, cycle_text, plan_assumptions
from ..profile import Profile

__all__ = ["node_short", "render_paths"]


def node_short(kb: KB, node: str) -> str:
    """The short label `tongguan paths` writes for a node id (``nodes.<kind>.short`` of kb/figure.yaml).

    Examples
    --------
    >>> node_short(load_kb(), "qualification:中级"), node_short(load_kb(), "exam:翻译")
    ('中级职业资格', '翻译考试')
    """
    kind, _, level = node.partition(":")
    spec = (kb.figure.get("nodes") or {}).get(kind)
    return str(spec.get("short", "{level}")).format(level=level) if spec else node


def render_paths(
    kb: KB,
    person: Profile,
    target: str,
    results: list[PathResult],
    already: bool = False,
    notes: list[str] | tuple[str, ...] = (),
) -> str:
    """The readable Chinese text of `tongguan paths`."""
    who = person.name or person.id or "此人"
    lines = [f"{who} → {node_short(kb, target)}：最快路径（截至 {person.as_of.isoformat()}）"]
    lines.append("假设：" + "；".join(plan_assumptions(kb)) + "。")
    lines.extend(f"注：{n}" for n in notes)
    if already:
        lines.append(f"已持有{node_short(kb, target)}（或更高层级），无需路径。")
        return "\n".join(lines) + "\n"
    if not results:
        lines.append("在 6 步、40 年之内没有找到到达目标的路径（用 tongguan ask --all 查看各途径缺少的条件）。")
        return "\n".join(lines) + "\n"
    routes = kb.vocabulary["routes"]
    for i, r in enumerate(results, 1):
        lines.append("")
        lines.append(f"路径 {i}：{r.arrival.isoformat()} 到达，{len(r.steps)} 步")
        for j, s in enumerate(r.steps, 1):
            route = "层级内晋升（本方案之外）" if s.outside else routes.get(s.track, {}).get(s.route, s.route)
            where = "、".join(s.clauses) if s.clauses else (s.source or "无出处")
            lines.append(
                f"  {j}. {s.date.isoformat()}（{cycle_text(s.cycle)}）  {node_short(kb, s.from_node)} → {node_short(kb, s.to_node)}"
                f"  [{route}] {s.rule}  依据：{where}"
            )
            for note in s.assumptions:
                lines.append(f"       ⚠ {note}")
            if s.to_confirm:
                shown = [field_label(kb, f) if "." in f or f.isidentifier() else f for f in s.to_confirm]
                lines.append("       待确认：" + "；".join(shown))
            if s.route == "promotion":  # the plan's one year; the standard's years are the committee's
                for item in s.to_review:
                    if item["clause"] in s.clauses:
                        lines.append(f"       评委会审查（{item['clause']}）：{item['text']}")
            if s.also:
                lines.append("       同日亦可：" + "、".join(s.also))
    return "\n".join(lines) + "\n"
