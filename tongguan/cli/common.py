"""What every command of the `tongguan` command line shares: messages, dates, files, the KB.

Bad input (a profile field, a date, a file) never gets a traceback: one message naming the field and
the value on standard error, exit code 2, nothing written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OptionError, OutputError, TongguanError
from ..messages import REASONS_ZH

if TYPE_CHECKING:  # the library loads when a command runs, not when the command line starts
    from rich.console import Console

    from ..engine import Answer
    from ..kb import KB

__all__ = [
    "EXIT_BAD_INPUT",
    "LANG_HELP",
    "answer_for",
    "console",
    "fail",
    "kb_dir",
    "kb_or_fail",
    "language",
    "parse_date",
    "refuse_inputs",
    "set_kb_dir",
    "set_language",
    "wrap",
    "write_atomically",
]

EXIT_BAD_INPUT = 2


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
    from rich.console import Console
    from rich.text import Text

    text = message.text(language()) if isinstance(message, TongguanError) else str(message)
    head = "错误" if language() == "zh" else "error"
    line = Text.assemble((head, "bold red"), "：" if language() == "zh" else ": ", _printable(text))
    Console(stderr=True, highlight=False, markup=False, emoji=False).print(line, soft_wrap=True)
    raise _exit(code)


def _exit(code: int) -> BaseException:
    """What ends a command with `code`: typer's ``Exit`` when typer runs the command (the REPL and the
    tests' runner catch it), else ``SystemExit`` (`tongguan.cli.quick` runs ``ask`` without typer)."""
    typer = sys.modules.get("typer")
    return typer.Exit(code) if typer is not None else SystemExit(code)


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
    from ..profile import FIRST_DAY, LAST_AS_OF

    if day is not None and not FIRST_DAY <= day <= LAST_AS_OF:
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


_KB_DIR: list[Path | None] = [None]  # the root's --kb (or $TONGGUAN_KB): every command's policy folder


def set_kb_dir(path: Path | None) -> None:
    """Use the policy folder at `path` (the root's ``--kb``) for every command of this run."""
    _KB_DIR[0] = path


def kb_dir() -> Path | None:
    """The policy folder the root's ``--kb`` named (None: the shipped policy)."""
    return _KB_DIR[0]


def kb_or_fail(kb_dir: Path | None = None) -> KB:
    """The KB (at `kb_dir`, else the root's ``--kb``, else the shipped one); a malformed one exits 1 with
    the reason."""
    from ..kb import KBError, load_kb

    folder = kb_dir or _KB_DIR[0]
    try:
        return load_kb(str(folder) if folder else None)
    except KBError as exc:
        fail(f"KB: {exc}", code=1)
    raise AssertionError  # unreachable


def answer_for(profile: Path, as_of: str | None, kb: KB) -> Answer:
    """Read, validate and evaluate a profile file; bad input exits 2.  A day of evaluation before the
    KB's version took effect adds a note (`tongguan.reform.versions`)."""
    from ..engine import Engine
    from ..profile import ProfileError, load_profile

    date = parse_date(as_of, "--as-of")
    try:
        person = load_profile(profile, kb=kb, as_of=date)
    except ProfileError as exc:
        fail(exc)
    answer = Engine(kb).evaluate(person)
    from ..reform.versions import in_force_note

    note = in_force_note(kb, person.as_of, language())
    if note:  # a day before the version took effect (document.yaml `effective`)
        answer.notes.append(note)
    return answer


def console() -> Console:
    """Standard output: the terminal's width, or when piped $COLUMNS, else 80 columns (rich's rule)."""
    from rich.console import Console

    return Console()


# A run of Latin letters, digits and the marks inside dates, clause IDs and field names (2014-09-01,
# A1-5.3.4, 2022–2024, awards[0].medal): never broken.  Closing punctuation stays with what it
# follows, opening punctuation with what it precedes (the usual Chinese line-breaking rule).
_ATOM = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-–_\[\]/:]*|\s+|.", re.S)
_CLOSING = set("，。；：、）」』》〉！？,.;:)]%")
_OPENING = set("（「『《〈([")
# In English text the plan's Chinese terms (四川省技术能手, 工程) are words too: kept whole.
_ATOM_EN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-–_\[\]/:]*|[\u3400-\u9fff]+|\s+|.", re.S)


def _atoms(text: str, lang: str = "zh") -> list[str]:
    out: list[str] = []
    glue = False
    for m in (_ATOM_EN if lang == "en" else _ATOM).finditer(text):
        tok = m.group(0)
        if out and (glue or (tok in _CLOSING and not out[-1].isspace())):
            out[-1] += tok
        else:
            out.append(tok)
        glue = tok in _OPENING
    return out


def wrap(text: str, width: int, lang: str = "zh") -> list[str]:
    """`text` broken into lines of at most `width` terminal cells, between Chinese characters or at
    spaces, never inside a date, a clause ID or a field name (unless one alone is wider than `width`);
    in English (``lang="en"``) never inside a Chinese term either.

    Examples
    --------
    >>> wrap("您于2014-09-01取得技师，至今已满3年", 12)
    ['您于', '2014-09-01取', '得技师，至今', '已满3年']
    >>> wrap("依据：A1-5.3.4、B-3.1.1。", 10)
    ['依据：', 'A1-5.3.4、', 'B-3.1.1。']
    >>> wrap("you hold 四川省技术能手 (2021)", 14, "en")
    ['you hold', '四川省技术能手', '(2021)']
    """
    from rich.cells import cell_len

    width = max(width, 2)
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0
        for tok in _atoms(para, lang):
            size = cell_len(tok)
            if used + size <= width:
                line, used = line + tok, used + size
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = "" if tok.isspace() else tok
            while cell_len(line) > width:  # one atom wider than the column: folded, as a last resort
                cut = 1
                while cell_len(line[: cut + 1]) <= width:
                    cut += 1
                lines.append(line[:cut])
                line = line[cut:]
            used = cell_len(line)
        lines.append(line.rstrip())
    return lines
