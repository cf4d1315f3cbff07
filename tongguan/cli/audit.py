"""`tongguan audit`: the rule base checked against the plan, its principles and its own cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["audit_command"]


def audit_command(
    kb: Annotated[Path | None, typer.Option("--kb", help=text("opt.kb"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.json"))] = False,
    as_md: Annotated[bool, typer.Option("--md", help=text("opt.md"))] = False,
    no_cases: Annotated[
        bool, typer.Option("--no-cases", help=text("opt.no_cases"))
    ] = False,
    reform: Annotated[Path | None, typer.Option("--reform", help=text("opt.audit_reform"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    """The report in the command's language (``--lang``, ``TONGGUAN_LANG``): Chinese by default."""
    from ..audit import render, run_audit
    from ..errors import OptionError
    from .common import console, fail, kb_dir, set_language

    set_language(lang)
    if as_json and as_md:
        fail(OptionError("--json/--md", "--json --md", "option.one_format"))
    if kb is not None and not kb.is_dir():
        fail(OptionError("--kb", str(kb), "option.no_folder"))
    if reform is not None:
        from .reform import variant_or_fail

        _, _, variant = variant_or_fail(reform, kb or kb_dir())
        # the KB's own cases describe the base policy, not the variant: they are not run on it
        report = run_audit(variant, cases=False)
        report.kb_root = f"{report.kb_root} + {reform} ({variant.document['id']})"
        report.skipped["cases"] = "audit.skip.variant"
    else:
        report = run_audit(kb or kb_dir(), cases=not no_cases)
    if as_json:
        typer.echo(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    elif as_md:
        typer.echo(report.to_markdown(lang), nl=False)
    else:
        render(report, console(), lang)
    raise typer.Exit(0 if report.ok else 1)
