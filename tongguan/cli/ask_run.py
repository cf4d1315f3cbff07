"""What `tongguan ask` does, without typer: what a person can apply for, as a table that fits the terminal
(or JSON).  `tongguan.cli.ask` declares the command's options to typer, and `tongguan.cli.quick` parses
a plain ``tongguan ask`` by `FLAGS` and `VALUES` without it; both call `run_ask`.

The table has four columns: the option, its status, its earliest date and the option's plain sentence
(`tongguan.sentences`).  Its widths are computed from the console's width (80 columns when piped, or
$COLUMNS), and the long cells are broken by `common.wrap`, which never splits a date, a clause ID or a
field name.  Options to look into (facts most people do not have) follow under their own heading; the
committee-review items are counted in the table and listed with ``--detail``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..labels import option_label, route_words, status_label
from ..messages import render
from .common import answer_for, console, fail, kb_or_fail, set_language, wrap

if TYPE_CHECKING:
    from rich.console import Console

    from ..engine import Answer, Option
    from ..kb import KB
    from ..profile import Profile

__all__ = ["FLAGS", "STATUS_STYLE", "VALUES", "layout", "reasons", "render_table", "rich_write", "run_ask", "to_json"]

STATUS_STYLE = {"eligible": "green", "conditional": "yellow", "not_yet": "cyan", "ineligible": "red"}


OVERHEAD_PER_COLUMN = 3  # a rule and one cell of padding each side


def reasons(kb: KB, o: Option, profile: Profile | None = None, lang: str = "zh", detail: bool = False) -> str:
    """One cell: the option's sentence (without the option's name, shown beside it), then exemptions,
    same-level holdings elsewhere, notes and the count of committee-review items."""
    from ..sentences import sentence_parts

    sep = render("ask.sep", lang)
    parts = []
    if profile is not None:
        parts.append(sentence_parts(kb, profile, o, lang).reason)
    if o.exemptions:
        parts.append(
            sep.join(render("ask.exempt", lang, {"what": e["what"], "clauses": sep.join(e["clauses"])}) for e in o.exemptions)
        )
    if o.held_elsewhere:
        parts.append(render("ask.held_elsewhere", lang, {"what": sep.join(o.held_elsewhere)}))
    parts.extend(o.notes)
    if o.to_review:
        parts.append(render("ask.review", lang, {"n": len(o.to_review)}))
    return "\n".join(parts)


def _widths(total: int, items: list[str], statuses: list[str], headers: tuple[str, ...]) -> list[int]:
    """Column widths filling `total` cells: status and date as wide as their widest value, the option
    column up to 2/5 of what is left, the sentence the rest (at least 16 cells)."""
    from rich.cells import cell_len

    status_w = max(cell_len(s) for s in [*statuses, headers[1]])
    date_w = max(10, cell_len(headers[2]))
    free = total - OVERHEAD_PER_COLUMN * 4 - 1 - status_w - date_w
    natural = max([cell_len(headers[0]), *(max(cell_len(x) for x in i.split("\n")) for i in items)])
    item_w = max(10, min(natural, free * 2 // 5))
    return [item_w, status_w, date_w, max(16, free - item_w)]


def _item(kb: KB, o: Option, lang: str) -> str:
    track, level, _ = option_label(kb, o, lang)
    return f"{track}·{route_words(kb, o, lang)}\n{level}" if lang == "zh" else f"{track}, {route_words(kb, o, lang)}\n{level}"


def layout(
    kb: KB,
    answer: Answer,
    include_ineligible: bool,
    width: int,
    lang: str = "zh",
    detail: bool = False,
) -> list[tuple[Any, ...]]:
    """What `render_table` prints, for a console `width` cells wide: ``("table", title, headers, widths,
    rows)`` (each row its four cells' lines and the status's style) and ``("text", text, style)``, in order."""
    from ..sentences import look_into, sentence_parts

    def say(key: str, **params: object) -> str:
        return render(f"ask.{key}", lang, params)

    def text(value: str, wide: int = width, style: str | None = None) -> tuple[Any, ...]:
        return ("text", "\n".join(wrap(value, wide, lang)), style)

    def bullet(value: str) -> tuple[Any, ...]:
        lines = wrap(value, width - 4, lang)
        return ("text", "\n".join(["  · " + lines[0], *("    " + ln for ln in lines[1:])]), None)

    columns = tuple(say(f"col.{c}") for c in ("option", "status", "earliest", "details"))
    who = answer.person.name or answer.person.id or ""
    day = answer.as_of.isoformat()
    listed = answer.listed(include_ineligible)
    rows = [o for o in listed if not look_into(kb, o)]
    further = [o for o in listed if look_into(kb, o)]
    items = [_item(kb, o, lang) for o in rows]
    out: list[tuple[Any, ...]] = []
    if rows:
        widths = _widths(width, items, [status_label(o.status, lang) for o in rows], columns)
        cells = [
            (
                wrap(item, widths[0], lang),
                [status_label(o.status, lang)],
                [o.earliest.isoformat() if o.earliest else ""],
                wrap(reasons(kb, o, answer.person, lang, detail), widths[3], lang),
                STATUS_STYLE[o.status],
            )
            for o, item in zip(rows, items, strict=True)
        ]
        out.append(("table", say("title", who=who, day=day), columns, widths, cells))
        if not detail and any(o.to_review for o in rows):
            out.append(text(say("review_hint")))
    else:
        lead = (f"{who}：" if lang == "zh" else f"{who}: ") if who else ""
        out.append(text(say("none", who=lead, day=day)))
    if further:
        out.append(("text", "", None))
        out.append(text(say("further"), style="bold"))
        out.extend(bullet(sentence_parts(kb, answer.person, o, lang).text) for o in further)
    if detail:
        judged = [o for o in listed if o.to_review]
        if judged:
            out.append(("text", "", None))
            out.append(text(say("detail"), style="bold"))
        for o in judged:
            out.append(text(sentence_parts(kb, answer.person, o, lang).item))
            out.extend(bullet(f"{r['clause']} {r['text']}") for r in o.to_review)
    out.extend(text(say("note", note=note)) for note in answer.notes)
    return out


def render_table(
    kb: KB,
    answer: Answer,
    include_ineligible: bool,
    console: Console,
    lang: str = "zh",
    detail: bool = False,
) -> None:
    """The table of `tongguan ask`, then the options to look into, the review items (``detail``) and
    the answer's notes; fits `console`'s width (80 columns: no line longer, no date split)."""
    rich_write(layout(kb, answer, include_ineligible, console.width, lang, detail), console)


def rich_write(blocks: list[tuple[Any, ...]], console: Console) -> None:
    """Print `layout`'s blocks on a rich console."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    for block in blocks:
        if block[0] == "text":
            if block[2]:
                console.print(Text(block[1]), style=block[2])
            elif block[1]:
                console.print(Text(block[1]))
            else:
                console.print()
            continue
        _, title, columns, widths, cells = block
        table = Table(title=Text(title), show_lines=True, box=box.HEAVY_HEAD)
        for header, width in zip(columns, widths, strict=True):
            table.add_column(header, width=width, no_wrap=True)
        for *lines, style in cells:
            table.add_row(*(Text("\n".join(c), style=style if i == 1 else "") for i, c in enumerate(lines)))
        console.print(table)


def to_json(kb: KB, answer: Answer, include_ineligible: bool, lang: str = "zh") -> dict:
    """`Answer.to_dict` with each option's sentence and whether it is one to look into."""
    from ..sentences import answer_data

    return answer_data(kb, answer, include_ineligible, lang)


# The options of `tongguan ask` (`tongguan.cli.ask.ask_command` declares them to typer; a test holds the
# two equal): the flags, and the options taking a value, each with its parameter of `run_ask`.
FLAGS = {"--json": "as_json", "--all": "show_all", "--detail": "detail", "--explain": "explain"}
VALUES = {"--as-of": "as_of", "--target": "target", "--reform": "reform", "--lang": "lang"}


def run_ask(
    profile: Path,
    as_of: str | None = None,
    as_json: bool = False,
    show_all: bool = False,
    detail: bool = False,
    explain: bool = False,
    target: str | None = None,
    reform: Path | None = None,
    lang: str = "zh",
) -> None:
    """Answer `tongguan ask` on a profile file: the table (or the JSON) on standard output; bad input
    exits 2 (`common.fail`)."""
    set_language(lang)
    if reform is not None:
        from .reform import variant_or_fail

        kb = variant_or_fail(reform)[2]
    else:
        kb = kb_or_fail()
    goal = None
    if target is not None:
        from ..kb import parse_target

        try:
            goal = parse_target(kb, target)
        except ValueError as exc:
            fail(exc)
    answer = answer_for(profile, as_of, kb)
    x = None
    if explain or goal:  # the explainer is imported only when asked for: most runs are the table alone
        from .. import explain as ex

        keys = [(o.track, o.level, o.route) for o in answer.listed(show_all)] if explain else []
        x = ex.explain(answer.person, kb, options=keys, include_held=True, target=goal)
    if as_json:
        data = to_json(kb, answer, show_all, lang)
        if x is not None:
            data["explanations"] = [o.to_dict() for o in x.options] if explain else None
            data["target"] = x.target
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        from .plain import plain_width, plain_write

        width = plain_width() if x is None else None
        if width is None or not plain_write(layout(kb, answer, show_all, width, lang, detail), width):
            out = console()
            render_table(kb, answer, show_all, out, lang, detail)
        if x is not None:
            from ..render.explanation import render_text

            out.print()
            render_text(kb, x, lang, out, header=False)

