"""The `tongguan` command line.

Bad input (a profile field, a date, a file) never gets a traceback: one message naming the field and
the value on standard error, exit code 2, nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .engine import Answer, Engine, Option
from .kb import KB, KBError, load_kb
from .profile import ProfileError, load_profile

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="通桥: 四川省高技能人才与专业技术人才职业发展贯通 — what a person can apply for, and why.",
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2

STATUS_ZH = {"eligible": "可申报", "conditional": "待确认", "not_yet": "未到期", "ineligible": "不符合"}
STATUS_STYLE = {"eligible": "green", "conditional": "yellow", "not_yet": "cyan", "ineligible": "red"}


@app.callback()
def _root() -> None:
    """通桥: 四川省高技能人才与专业技术人才职业发展贯通 — what a person can apply for, and why."""


class BadInput(Exception):
    """A user error to report in one line with exit code 2."""


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print one error line and exit with `code` (2 = bad input)."""
    Console(stderr=True).print(f"[bold red]错误[/]: {message}", highlight=False, soft_wrap=True, markup=True)
    raise typer.Exit(code)


def parse_date(value: str | None, name: str) -> dt.date | None:
    """A command-line date (YYYY-MM-DD), or an error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: {value!r}: not a date (YYYY-MM-DD)")
    return None


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder renamed into place, so no
    half-written file is ever left; the file gets the usual permissions (umask), not mkstemp's 0600."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def kb_or_fail(kb_dir: Path | None = None) -> KB:
    """The KB (shipped or at `kb_dir`); a malformed one exits 1 with the reason."""
    try:
        return load_kb(str(kb_dir) if kb_dir else None)
    except KBError as exc:
        fail(f"KB: {exc}", code=1)
    raise AssertionError  # unreachable


def answer_for(profile: Path, as_of: str | None, kb: KB) -> Answer:
    """Read, validate and evaluate a profile file; bad input exits 2."""
    date = parse_date(as_of, "--as-of")
    try:
        person = load_profile(profile, kb=kb, as_of=date)
    except ProfileError as exc:
        fail(str(exc))
    return Engine(kb).evaluate(person)


def label(kb: KB, o: Option) -> tuple[str, str, str]:
    """Chinese labels for (track, level-or-exam, route)."""
    voc = kb.vocabulary
    track = voc["tracks"][o.track]
    level = o.level if o.track != "exam" else f"{o.level}专业技术资格考试"
    if o.track == "title" and o.series:
        own = kb.title_display(o.series, o.level)
        level = f"{o.series}系列 {o.level}职称" + (f"（{own}）" if own else "")
    elif o.track == "title":
        level = f"{o.level}职称"
    route = voc["routes"][o.track][o.route]
    return track, level, route


def field_label(kb: KB, path: str) -> str:
    """``assessments.2024`` → ``年度考核 (assessments.2024)``."""
    head = path.split(".")[0].split("[")[0]
    zh = kb.vocabulary.get("field_labels", {}).get(head)
    return f"{zh}（{path}）" if zh else path


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
    who = answer.person.name or answer.person.id or ""
    table = Table(title=f"{who} 可申报事项（截至 {answer.as_of.isoformat()}）", show_lines=True)
    for col in ("类别", "申报事项", "途径", "状态", "最早日期", "依据", "说明"):
        table.add_column(col, overflow="fold")
    rows = answer.listed(include_ineligible)
    for o in rows:
        track, level, route = label(kb, o)
        table.add_row(
            track,
            level,
            route,
            f"[{STATUS_STYLE[o.status]}]{STATUS_ZH[o.status]}[/]",
            o.earliest.isoformat() if o.earliest else "",
            "、".join(o.clauses[:3]),
            reasons(kb, o),
        )
    if rows:
        console.print(table)
    else:
        console.print(f"截至 {answer.as_of.isoformat()}，没有可申报的事项（用 --all 查看不符合的事项及原因）。")
    for note in answer.notes:
        console.print(f"注：{note}")


@app.command()
def ask(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluate at this date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list ineligible options, with reasons.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also print each option's proof tree and why-not.")] = False,
    target: Annotated[
        str | None, typer.Option("--target", help="What would make TRACK:LEVEL possible, e.g. title:副高级.")
    ] = None,
) -> None:
    """What this person can apply for: every title, skill level and exam, by route, with status."""
    from . import explain as ex

    kb = kb_or_fail()
    goal = None
    if target is not None:
        try:
            goal = ex.parse_target(kb, target)
        except ValueError as exc:
            fail(f"--target: {exc}")
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
            ex.render_text(kb, x, "zh", out, header=False)


def console() -> Console:
    """Standard output; wide enough for the Chinese tables when it is not a terminal."""
    out = Console()
    return out if out.is_terminal else Console(width=180)


def main() -> None:
    """Entry point of the `tongguan` script."""
    try:
        app()
    except BadInput as exc:  # pragma: no cover - fail() exits before
        fail(str(exc))


# Commands whose code lives with the concept they present (each module's `command`).
from . import audit, explain, overpass, paths  # noqa: E402

app.command("explain")(explain.command)
app.command("graph")(overpass.command)
app.command("paths")(paths.command)
app.command("audit")(audit.command)
