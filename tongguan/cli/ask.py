"""`tongguan ask`: what a person can apply for, as a table (or JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..labels import STATUS_ZH, field_label, option_label
from .common import LANG_HELP, answer_for, console, fail, kb_or_fail, set_language

if TYPE_CHECKING:
    from ..engine import Answer, Option
    from ..kb import KB

__all__ = ["STATUS_STYLE", "ask_command", "reasons", "render_table"]

STATUS_STYLE = {"eligible": "green", "conditional": "yellow", "not_yet": "cyan", "ineligible": "red"}


def reasons(kb: KB, o: Option) -> str:
    """One cell: what is missing, to confirm, to review."""
    parts = []
    if o.missing:
        parts.append("缺：" + "；".join(f"{m['text']}（{'、'.join(m['clauses'][:3])}）" for m in o.missing))
    if o.to_confirm:
        parts.append("待确认：" + "、".join(field_label(kb, f) for f in o.to_confirm))
    if o.education_equivalent:
        parts.append(f"按{o.education_equivalent}学历报名")
    parts.extend(o.notes)
    if o.held_elsewhere:
        parts.append("已持有" + "、".join(o.held_elsewhere) + "（其他系列或职业，不影响本项申报）")
    if o.exemptions:
        parts.append("；".join(f"可免{e['what']}（{'、'.join(e['clauses'])}）" for e in o.exemptions))
    if o.to_review:
        parts.append(f"评委会审查 {len(o.to_review)} 项")
    return "\n".join(parts)


def render_table(kb: KB, answer: Answer, include_ineligible: bool, console: Console) -> None:
    """The readable Chinese table of `tongguan ask`."""
    who = escape(answer.person.name or answer.person.id or "")  # the profile's text is data, never markup
    table = Table(title=f"{who} 可申报事项（截至 {answer.as_of.isoformat()}）", show_lines=True)
    for col in ("类别", "申报事项", "途径", "状态", "最早日期", "依据", "说明"):
        table.add_column(col, overflow="fold")
    rows = answer.listed(include_ineligible)
    for o in rows:
        track, level, route = option_label(kb, o)
        table.add_row(
            escape(track),
            escape(level),
            escape(route),
            f"[{STATUS_STYLE[o.status]}]{STATUS_ZH[o.status]}[/]",
            o.earliest.isoformat() if o.earliest else "",
            escape("、".join(o.clauses[:3])),
            escape(reasons(kb, o)),
        )
    if rows:
        console.print(table)
    else:
        console.print(f"截至 {answer.as_of.isoformat()}，没有可申报的事项（用 --all 查看不符合的事项及原因）。")
    for note in answer.notes:
        console.print(f"注：{note}", markup=False)


def ask_command(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluate at this date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list ineligible options, with reasons.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also print each option's proof tree and why-not.")
    ] = False,
    target: Annotated[
        str | None, typer.Option("--target", help="What would make TRACK:LEVEL possible, e.g. title:副高级.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "zh",
) -> None:
    """What this person can apply for: every title, skill level and exam, by route, with status."""
    from .. import explain as ex
    from ..render.explanation import render_text

    set_language(lang)
    kb = kb_or_fail()
    goal = None
    if target is not None:
        try:
            goal = ex.parse_target(kb, target)
        except ValueError as exc:
            fail(exc)
    answer = answer_for(profile, as_of, kb)
    x = None
    if explain or goal:
        keys = [(o.track, o.level, o.route) for o in answer.listed(show_all)] if explain else []
        x = ex.explain(answer.person, kb, options=keys, include_held=True, target=goal)
    if as_json:
        data = answer.to_dict(show_all)
        if x is not None:
            data["explanations"] = [o.to_dict() for o in x.options] if explain else None
            data["target"] = x.target
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out = console()
        render_table(kb, answer, show_all, out)
        if x is not None:
            out.print()
            render_text(kb, x, lang, out, header=False)
