"""The `tongguan` command line as a typer application (`app`): every command, the help screens, the usage
errors.  `tongguan.cli.main` runs it, except for a plain well-formed ``tongguan ask`` (`tongguan.cli.quick`),
which starts without typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import TongguanError
from ..labels import STATUS_ZH
from .ask import ask_command
from .audit import audit_command
from .batch import batch_command
from .common import BadInput, console, fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically
from .explain import explain_command
from .graph import graph_command
from .help import localise, text
from .paths import paths_command
from .query import query_command
from .reform import diff_command, reform_command
from .repl import repl_command
from .serve import report_command, serve_command

__all__ = [
    "STATUS_ZH",
    "app",
    "console",
    "fail",
    "kb_or_fail",
    "parse_date",
    "refuse_inputs",
    "run",
    "set_language",
    "version",
    "write_atomically",
]

localise()


def version() -> str:
    """The installed package's version (pyproject.toml's when run from a checkout)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("tongguan")
    except PackageNotFoundError:  # pragma: no cover - not installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tongguan {version()}")
        raise typer.Exit()


def _root(
    show_version: Annotated[
        bool, typer.Option("--version", help=text("opt.version"), callback=_print_version, is_eager=True)
    ] = False,
    kb: Annotated[
        Path | None, typer.Option("--kb", envvar="TONGGUAN_KB", help=text("opt.root_kb"), show_default=False)
    ] = None,
) -> None:
    from ..errors import OptionError
    from .common import set_kb_dir

    if kb is not None and not kb.is_dir():
        fail(OptionError("--kb", str(kb), "option.no_folder"))
    set_kb_dir(kb)


_root.__doc__ = text("cmd.root")

_COMMANDS = {
    "ask": ask_command,
    "explain": explain_command,
    "graph": graph_command,
    "paths": paths_command,
    "audit": audit_command,
    "batch": batch_command,
    "query": query_command,
    "repl": repl_command,
    "serve": serve_command,
    "report": report_command,
    "reform": reform_command,
    "diff": diff_command,
}


def _make_app(names: list[str]) -> typer.Typer:
    """The command line with the commands `names` (in `_COMMANDS`' order)."""
    made = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        help=text("cmd.root"),
        pretty_exceptions_enable=False,
    )
    made.callback()(_root)
    for name in names:
        made.command(name, help=text(f"cmd.{name}"))(_COMMANDS[name])
    return made


app = _make_app(list(_COMMANDS))


def _app_for(args: list[str]) -> typer.Typer:
    """The command line for these arguments: with only the command they run when it is clear which
    (typer builds every command's options and types before running one: the other eleven are start-up
    spent for nothing), else the whole `app` (the help, --version, an unknown command's suggestions).

    Examples
    --------
    >>> [c.name for c in _app_for(["--kb", "kb", "ask", "p.yaml"]).registered_commands]
    ['ask']
    >>> _app_for(["--help", "ask"]) is app, _app_for(["nosuch"]) is app, _app_for([]) is app
    (True, True, True)
    """
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--kb":
            skip = True
        elif arg.startswith("--kb="):
            continue
        elif arg.startswith("-"):
            return app
        else:
            return _make_app([arg]) if arg in _COMMANDS else app
    return app


def run(args: list[str]) -> None:
    """Run the command line on `args` (the script's arguments) through typer."""
    try:
        _app_for(args)(args)
    except (BadInput, TongguanError) as exc:  # pragma: no cover - fail() exits before
        fail(exc)
