"""`tongguan audit`: the rule base checked against the plan, its principles and its own cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["audit_command"]


def audit_command(
    kb: Annotated[Path | None, typer.Option("--kb", help="KB folder to audit (default: the shipped kb/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print the report as Markdown.")] = False,
    no_cases: Annotated[
        bool, typer.Option("--no-cases", help="Do not run the KB's own cases (kb/cases/): faster.")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of messages: zh (default) or en.")] = "zh",
) -> None:
    """Audit the rule base against the plan and its own principles; exit 1 when a check fails."""
    from ..audit import render, run_audit
    from ..errors import OptionError
    from .common import console, fail, set_language

    set_language(lang)
    if as_json and as_md:
        fail(OptionError("--json/--md", "--json --md", "option.one_format"))
    if kb is not None and not kb.is_dir():
        fail(OptionError("--kb", str(kb), "option.no_folder"))
    report = run_audit(kb, cases=not no_cases)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif as_md:
        typer.echo(report.to_markdown(), nl=False)
    else:
        render(report, console())
    raise typer.Exit(0 if report.ok else 1)
