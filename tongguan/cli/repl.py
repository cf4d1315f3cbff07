"""`tongguan repl`: an interactive session of queries (prompt_toolkit), like a Prolog or Soufflé prompt.

History is kept in the user's data folder (``$TONGGUAN_DATA_DIR``, else ``$XDG_DATA_HOME/tongguan``,
else ``~/.local/share/tongguan``); Tab completes predicate names, vocabulary constants, commands and,
after ``:load``/``:roster``, file names.  Bad input — a syntax error, an unknown predicate, a profile
that does not validate, an internal error even — prints one message and the session goes on.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import _printable  # control characters of a pasted line shown escaped, never sent to the terminal
from .help import default_language, lang_help, text

__all__ = ["COMMANDS", "Repl", "data_dir", "repl_command"]

COMMANDS = {
    ":help": ("这份说明", "this help"),
    ":predicates": ("列出全部谓词：种类、参数、中文释义", "list every predicate: kind, arguments, reading"),
    ":saved": ("列出保存的查询（输入其名称即可运行）", "list the saved queries (type a name to run one)"),
    ":load": ("`:load 文件` 以此人的个人信息为查询范围", "`:load FILE` ask about this person"),
    ":roster": ("`:roster 文件` 以名单中每个人为查询范围", "`:roster FILE` ask about everyone of a roster"),
    ":kb": ("回到只查询知识库本身", "back to asking the KB itself"),
    ":explain": ("`:explain N` 第 N 个答案为什么成立", "`:explain N` why answer N holds"),
    ":quit": ("退出（也可 Ctrl-D）", "leave (or Ctrl-D)"),
}


def data_dir() -> Path:
    """The user's data folder for tongguan: ``$TONGGUAN_DATA_DIR``, ``$XDG_DATA_HOME/tongguan`` or
    ``~/.local/share/tongguan``."""
    env = os.environ.get("TONGGUAN_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tongguan"


_TOKEN = re.compile(r"[^\s,()&~<>=!]*$")


def _completer(kb: Any) -> Any:
    from prompt_toolkit.completion import Completer, Completion, PathCompleter
    from prompt_toolkit.document import Document

    from ..query import META, vocabulary_constants

    names = sorted(set(kb.predicates) | set(META))
    constants = sorted(vocabulary_constants(kb))
    paths = PathCompleter(expanduser=True)

    class _Complete(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            text = document.text_before_cursor
            for cmd in (":load ", ":roster "):
                if text.startswith(cmd):
                    sub = Document(text[len(cmd) :], len(text) - len(cmd))
                    yield from paths.get_completions(sub, complete_event)
                    return
            word = _TOKEN.search(text).group(0)  # type: ignore[union-attr]
            if text.lstrip().startswith(":") and " " not in text.strip():
                pool = list(COMMANDS)
            elif not word:
                return
            else:
                pool = names + constants
            for w in pool:
                if w.startswith(word) and w != word:
                    yield Completion(w, start_position=-len(word))

    return _Complete()


class Repl:
    """The state of one session: the scope, the last query and its answers.  `handle` takes one line
    and returns the text to print; it raises only to leave (`EOFError`)."""

    def __init__(self, kb: Any, lang: str = "zh"):
        self.kb, self.lang = kb, lang
        self.scope, self.label = "kb", ""
        self.profile: Any = None
        self.roster: list[Any] = []
        self.query: Any = None
        self.rows: list[dict[str, Any]] = []
        self.asked: tuple[str, Any, list[Any]] = ("kb", None, [])  # the scope the last query ran in

    def zh(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    @property
    def prompt(self) -> str:
        return f"tongguan[{self.label}]> " if self.label else "tongguan> "

    def handle(self, line: str) -> str:
        from ..errors import TongguanError
        from ..query import QueryError

        line = line.strip()
        if not line:
            return ""
        try:
            if line.startswith(":"):
                return self.command(line)
            return self.run_query(line)
        except QueryError as exc:
            caret = "".join("\n" + _printable(x) for x in exc.caret().splitlines())
            return self.zh("错误：", "error: ") + _printable(exc.text(self.lang)) + caret
        except TongguanError as exc:
            return self.zh("错误：", "error: ") + _printable(exc.text(self.lang))
        except (EOFError, KeyboardInterrupt):
            raise
        except Exception as exc:  # the session never ends on bad input, whatever goes wrong
            return self.zh("内部错误：", "internal error: ") + f"{exc.__class__.__name__}: {exc}"

    def command(self, line: str) -> str:
        from ..errors import TongguanError

        cmd, _, arg = line.partition(" ")
        arg = arg.strip()
        if cmd in (":quit", ":q", ":exit"):
            raise EOFError
        if cmd in (":help", ":h", ":?"):
            return self.help()
        if cmd == ":predicates":
            return self.predicates()
        if cmd == ":saved":
            from ..query.saved import list_saved

            return "\n".join(f"{s.name}  [{s.scope}]  {s.purpose_in(self.lang)}" for s in list_saved())
        if cmd == ":kb":
            self.scope, self.label, self.profile, self.roster = "kb", "", None, []
            return self.zh("查询范围：知识库", "scope: the KB")
        if cmd == ":load":
            from ..profile import load_profile

            self.profile = load_profile(Path(arg), kb=self.kb)
            self.scope, self.roster = "profile", []
            self.label = self.profile.name or self.profile.id or Path(arg).name
            return self.zh(f"查询范围：{self.label}", f"scope: {self.label}")
        if cmd == ":roster":
            from ..query.roster import read_roster

            self.roster = read_roster(Path(arg), self.kb)
            self.scope, self.profile = "roster", None
            self.label = f"{Path(arg).name}: {len(self.roster)}"
            return self.zh(f"查询范围：名单 {Path(arg).name}（{len(self.roster)} 人）", f"scope: roster {Path(arg).name} ({len(self.roster)} people)")
        if cmd == ":explain":
            return self.explain(arg)
        raise TongguanError("command", cmd, "repl.unknown_command")

    def help(self) -> str:
        lines = [
            self.zh(
                "输入查询（如 award_opens(Kind, 副高级)），以 & 或 , 连接多个条件；~atom 为否定；_ 为匿名变量。",
                "Type a query (e.g. award_opens(Kind, 副高级)); join literals with & or ,; ~atom negates; _ is anonymous.",
            ),
            self.zh("Tab 补全谓词名与词表常量。命令：", "Tab completes predicate names and constants. Commands:"),
        ]
        lines += [f"  {c:<12} {self.zh(*d)}" for c, d in COMMANDS.items()]
        lines.append(self.zh("语言说明见 docs/query.md。", "The language: docs/query.md."))
        return "\n".join(lines)

    def predicates(self) -> str:
        from ..query import META

        rows = [(p.name, p.kind, ", ".join(p.args), p.doc) for p in self.kb.predicates.values()]
        rows += [(m.name, m.kind, ", ".join(m.args), m.doc if self.lang != "en" else m.doc_en) for m in META.values()]
        width = max(len(f"{n}({a})") for n, _, a, _ in rows)
        return "\n".join(f"{(n + '(' + a + ')').ljust(width)}  {k:<11} {d}" for n, k, a, d in rows)

    def run_query(self, text: str) -> str:
        from ..query import parse_query, run_kb, run_profile, run_roster
        from ..query.output import columns, shown, to_text
        from ..query.saved import find_saved

        saved = find_saved(text)
        if saved is not None:
            text = saved.query
        query = parse_query(text, self.kb)
        scope, profile, roster = self.scope, self.profile, self.roster
        if scope == "kb" and saved is not None and saved.scope != "kb":  # a saved query on its own data
            from ..profile import load_profile
            from ..query.roster import read_roster

            scope = saved.scope
            if scope == "profile":
                profile = load_profile(saved.data, kb=self.kb)  # type: ignore[arg-type]
            else:
                roster = read_roster(saved.data, self.kb)  # type: ignore[arg-type]
        if scope == "profile":
            rows = run_profile(query, self.kb, profile)
        elif scope == "roster":
            rows = list(run_roster(query, self.kb, roster))
        else:
            rows = run_kb(query, self.kb)
        self.query, self.rows, self.asked = query, rows, (scope, profile, roster)
        numbered = [{"#": i + 1, **r} for i, r in enumerate(shown(self.kb, query, rows))]
        return to_text(["#", *columns(query, scope == "roster")], numbered, self.lang).rstrip("\n")

    def explain(self, arg: str) -> str:
        from ..errors import TongguanError
        from ..query.derivation import explain_answer
        from ..query.evaluate import person_id

        if self.query is None or not self.rows:
            raise TongguanError(":explain", arg, "repl.explain_none")
        if not arg.isdigit() or not 1 <= int(arg) <= len(self.rows):
            raise TongguanError(":explain", arg, "repl.explain_range", n=arg, count=len(self.rows))
        row = self.rows[int(arg) - 1]
        scope, person, roster = self.asked
        if scope == "roster":
            person = next(p for i, p in enumerate(roster) if person_id(p, i) == row["person"])
        return "\n".join(explain_answer(self.kb, self.query, row, person, self.lang))


def repl_command(
    profile: Annotated[Path | None, typer.Option("--profile", help=text("opt.repl_profile"))] = None,
    roster: Annotated[Path | None, typer.Option("--roster", help=text("opt.repl_roster"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    """An interactive query session: history, Tab completion, :predicates, :load, :roster, :explain N, :help."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    from .common import kb_or_fail, set_language

    set_language(lang)
    kb = kb_or_fail()
    repl = Repl(kb, lang)
    for opt, value in ((":load", profile), (":roster", roster)):
        if value is not None:
            print(repl.handle(f"{opt} {value}"))
    history: Any
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        history = FileHistory(str(folder / "repl_history"))
    except OSError:  # a read-only home: the session goes on without a saved history
        history = InMemoryHistory()
    session: Any = PromptSession(history=history, completer=_completer(kb), complete_while_typing=False)
    print(repl.zh("通桥查询（:help 查看说明，:quit 退出）", "tongguan query session (:help for help, :quit to leave)"))
    while True:
        try:
            line = session.prompt(repl.prompt)
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        try:
            out = repl.handle(line)
        except EOFError:
            break
        if out:
            print(out)
            sys.stdout.flush()
