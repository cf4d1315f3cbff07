"""`tongguan ask`: what a person can apply for, as a table that fits the terminal (or JSON).

The command's options as typer reads them; what it does is `tongguan.cli.ask_run` (which a plain
``tongguan ask`` reaches without typer, `tongguan.cli.quick`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .ask_run import OVERHEAD_PER_COLUMN, STATUS_STYLE, reasons, render_table, run_ask, to_json
from .help import default_language, lang_help, text

__all__ = ["OVERHEAD_PER_COLUMN", "STATUS_STYLE", "ask_command", "reasons", "render_table", "to_json"]


def ask_command(
    profile: Annotated[Path, typer.Argument(help=text("arg.profile"), show_default=False)],
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.as_of"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.json"))] = False,
    show_all: Annotated[bool, typer.Option("--all", help=text("opt.all"))] = False,
    detail: Annotated[bool, typer.Option("--detail", help=text("opt.detail"))] = False,
    explain: Annotated[bool, typer.Option("--explain", help=text("opt.explain"))] = False,
    target: Annotated[str | None, typer.Option("--target", help=text("opt.target"))] = None,
    reform: Annotated[Path | None, typer.Option("--reform", help=text("opt.ask_reform"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    run_ask(profile, as_of, as_json, show_all, detail, explain, target, reform, lang)
