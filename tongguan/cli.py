"""The `tongguan` command line.

Bad input (a profile field, a date, a file) never gets a traceback: one message naming the field and
the value on standard error, exit code 2, nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .engine import Answer, Engine, Option
from .errors import OptionError, OutputError, TongguanError
from .kb import KB, KBError, load_kb
from .messages import REASONS_ZH
from .profile import FIRST_DAY, LAST_AS_OF, ProfileError, load_profile

__all__ = ["app", "fail", "main", "parse_date", "refuse_inputs", "set_language", "write_atomically"]

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


LANGS = ("zh", "en")
LANG_HELP = "Language of messages: zh (default) or en."
_lang = ["zh"]


def set_language(lang: str) -> str:
    """Use `lang` (zh or en) for this command's messages; any other value exits 2 (the message in both)."""
    if lang not in LANGS:
        _lang[0] = "zh"
        err = OptionError("--lang", lang, "option.choice", allowed="zh、en", en={"allowed": "zh, en"})
        fail(f"{err.text('zh')} / {err.text('en')}")
    _lang[0] = lang
    return lang


def language() -> str:
    """The language of the running command's messages."""
    return _lang[0]


def _printable(text: str) -> str:
    """`text` with control characters (ANSI escapes, line breaks) shown as escapes."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def fail(message: str | Exception, code: int = EXIT_BAD_INPUT) -> None:
    """Print one error line and exit with `code` (2 = bad input).

    A `TongguanError` is shown in the command's language; the line is plain text (no rich markup, so a
    value with square brackets is shown as it is) and its control characters are escaped.
    """
    text = message.text(language()) if isinstance(message, TongguanError) else str(message)
    head = "错误" if language() == "zh" else "error"
    line = Text.assemble((head, "bold red"), "：" if language() == "zh" else ": ", _printable(text))
    Console(stderr=True, highlight=False, markup=False, emoji=False).print(line, soft_wrap=True)
    raise typer.Exit(code)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str | None, name: str) -> dt.date | None:
    """A command-line date (YYYY-MM-DD, 1900..2100: the date of evaluation), or an error naming the option."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value) if _ISO_DAY.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        fail(OptionError(name, value, "option.date"))
    elif not FIRST_DAY <= day <= LAST_AS_OF:
        fail(OptionError(name, value, "date.range", low=FIRST_DAY.isoformat(), high=LAST_AS_OF.isoformat()))
    return day


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_inputs(output: Path | None, *inputs: Path | None, option: str = "--output") -> None:
    """Exit 2 when `output` is one of the `inputs` (writing it would destroy the input)."""
    if output is None:
        return
    for path in inputs:
        if path is not None and _same_file(Path(output), Path(path)):
            fail(OutputError(option, str(output), "output.is_input"))


def _cannot_write(option: str, path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or exc.__class__.__name__
    return OutputError(option, str(path), "output.cannot", reason=REASONS_ZH.get(reason, reason), en={"reason": reason})


def write_atomically(path: Path, data: str | bytes, option: str = "--output") -> None:
    """Write `data` to `path` so no half-written file is ever left, and nothing but `path` is replaced.

    A symbolic link is followed: its target is written (the link stays).  A regular file is written
    through a temporary file in the same folder renamed into place, keeping an existing file's
    permissions (a new one gets the usual umask ones, not mkstemp's 0600).  A device or FIFO (say
    /dev/null or /dev/stdout) is written directly, never replaced by a plain file.  A folder or an
    unwritable place exits 2.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        fail(_cannot_write(option, path, exc))
        return
    if st is not None and stat.S_ISDIR(st.st_mode):
        fail(OutputError(option, str(path), "output.folder"))
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(target, "wb") as fh:
                fh.write(payload)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            if st is not None:
                mode = stat.S_IMODE(st.st_mode)
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        fail(_cannot_write(option, path, exc))


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
        fail(exc)
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
    who = escape(answer.person.name or answer.person.id or "")  # the profile's text is data, never markup
    table = Table(title=f"{who} 可申报事项（截至 {answer.as_of.isoformat()}）", show_lines=True)
    for col in ("类别", "申报事项", "途径", "状态", "最早日期", "依据", "说明"):
        table.add_column(col, overflow="fold")
    rows = answer.listed(include_ineligible)
    for o in rows:
        track, level, route = label(kb, o)
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
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "zh",
) -> None:
    """What this person can apply for: every title, skill level and exam, by route, with status."""
    from . import explain as ex

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
            ex.render_text(kb, x, lang, out, header=False)


def console() -> Console:
    """Standard output; wide enough for the Chinese tables when it is not a terminal."""
    out = Console()
    return out if out.is_terminal else Console(width=180)


def main() -> None:
    """Entry point of the `tongguan` script."""
    try:
        app()
    except (BadInput, TongguanError) as exc:  # pragma: no cover - fail() exits before
        fail(exc)


# Commands whose code lives with the concept they present (each module's `command`).
from . import audit, explain, overpass, paths  # noqa: E402

app.command("explain")(explain.command)
app.command("graph")(overpass.command)
app.command("paths")(paths.command)
app.command("audit")(audit.command)
