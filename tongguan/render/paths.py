"""The readable text of `tongguan paths` (Chinese, or English): the fastest dated paths, step by step with clauses."""

from __future__ import annotations

from ..kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)
from ..labels import ROUTE_EN, field_label
from ..messages import render
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
    lang: str = "zh",
) -> str:
    """The readable text of `tongguan paths`, in Chinese or English (the words from `tongguan.messages`,
    the levels and the steps' notes as the policy names them).  The paths that need an award come
    last, under their own heading, each named 「如果获得…」 / "if you win …" with the steps only the
    award opens marked."""

    def say(key: str, **params: object) -> str:
        return render(f"paths.{key}", lang, params)

    sep = "；" if lang != "en" else "; "

    def paren(text: str) -> str:
        return f" ({text})" if lang == "en" else f"（{text}）"
    who = person.name or person.id or say("someone")
    target_name = node_short(kb, target)
    lines = [say("title", who=who, target=target_name, day=person.as_of.isoformat())]
    lines.append(say("assumptions", text=sep.join(plan_assumptions(kb, lang))))
    lines.extend(say("note", text=n) for n in notes)
    if already:
        lines.append(say("already", target=target_name))
        return "\n".join(lines) + "\n"
    if not results:
        lines.append(say("none"))
        return "\n".join(lines) + "\n"
    routes = kb.vocabulary["routes"]
    for i, r in enumerate(results, 1):
        lines.append("")
        if r.award is None:
            lines.append(say("path", i=i, day=r.arrival.isoformat(), n=len(r.steps)))
        else:
            if i == 1 or results[i - 2].award is None:
                lines[-1:] = ["", say("award_header"), ""] if i > 1 else [say("award_header"), ""]
            lines.append(say("award_path", i=i, award=r.award, day=r.arrival.isoformat(), n=len(r.steps)))
            if r.also_awards:
                lines.append("     " + say("award_also", text=(", " if lang == "en" else "、").join(r.also_awards)))
        for j, s in enumerate(r.steps, 1):
            if s.outside:
                route = say("outside")
            elif lang == "en":
                route = ROUTE_EN.get((s.track, s.route), s.route)
            else:
                route = routes.get(s.track, {}).get(s.route, s.route)
            where = "、".join(s.clauses) if s.clauses else (s.source or say("no_source"))
            lines.append(
                f"  {j}. {s.date.isoformat()}{paren(cycle_text(s.cycle, lang))}  {node_short(kb, s.from_node)} → {node_short(kb, s.to_node)}"
                f"  [{route}] {s.rule}  {say('basis', where=where)}"
            )
            if s.needs_award and r.award is not None:
                lines.append("       ★ " + say("award_step", award=r.award))
            for note in s.assumptions:
                lines.append(f"       ⚠ {note}")
            if s.to_confirm:
                shown = [field_label(kb, f) if "." in f or f.isidentifier() else f for f in s.to_confirm]
                lines.append("       " + say("to_confirm", text=sep.join(shown)))
            if s.route == "promotion":  # the plan's one year; the standard's years are the committee's
                for item in s.to_review:
                    if item["clause"] in s.clauses:
                        lines.append("       " + say("review", clause=item["clause"], text=item["text"]))
            if s.also:
                lines.append("       " + say("also", text="、".join(s.also)))
    return "\n".join(lines) + "\n"
