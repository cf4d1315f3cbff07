"""The `tongguan` command line: one module per command, each importing the library only when it runs,
so `tongguan --help` starts without loading the engine, the KB or the drawing libraries.

Everything it prints is Chinese by default and English with ``--lang en`` (or ``TONGGUAN_LANG=en``),
its help included (`tongguan.cli.help`).  Bad input (a profile field, a date, a file) never gets a
traceback: one message naming the field and the value on standard error, exit code 2, nothing written.
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
    "main",
    "parse_date",
    "refuse_inputs",
    "set_language",
    "version",
    "write_atomically",
]

localise()

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=text("cmd.root"),
    pretty_exceptions_enable=False,
)


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


@app.callback()
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

app.command("ask", help=text("cmd.ask"))(ask_command)
app.command("explain", help=text("cmd.explain"))(explain_command)
app.command("graph", help=text("cmd.graph"))(graph_command)
app.command("paths", help=text("cmd.paths"))(paths_command)
app.command("audit", help=text("cmd.audit"))(audit_command)
app.command("batch", help=text("cmd.batch"))(batch_command)
app.command("query", help=text("cmd.query"))(query_command)
app.command("repl", help=text("cmd.repl"))(repl_command)
app.command("serve", help=text("cmd.serve"))(serve_command)
app.command("report", help=text("cmd.report"))(report_command)
app.command("reform", help=text("cmd.reform"))(reform_command)
app.command("diff", help=text("cmd.diff"))(diff_command)


def main() -> None:
    """Entry point of the `tongguan` script."""
    try:
        app()
    except (BadInput, TongguanError) as exc:  # pragma: no cover - fail() exits before
        fail(exc)
