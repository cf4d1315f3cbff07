"""`tongguan explain`: the short explanation of one profile (a worker's screen: sentences, materials, the
clauses quoted once), or with ``--full`` the proof trees, why-not and what-would-change for auditors."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["explain_command"]


def explain_command(
    profile: Annotated[Path, typer.Argument(help=text("arg.profile"), show_default=False)],
    option: Annotated[
        list[str] | None, typer.Option("--option", help=text("opt.option"))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.json"))] = False,
    as_md: Annotated[bool, typer.Option("--md", help=text("opt.md"))] = False,
    as_html: Annotated[bool, typer.Option("--html", help=text("opt.html"))] = False,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.as_of"))] = None,
    target: Annotated[
        str | None, typer.Option("--target", help=text("opt.target"))
    ] = None,
    include_held: Annotated[bool, typer.Option("--held", help=text("opt.held"))] = False,
    full: Annotated[bool, typer.Option("--full", help=text("opt.full"))] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=text("opt.output"))] = None,
) -> None:
    from ..errors import OptionError
    from ..explain import explain, parse_option_filter
    from ..kb import parse_target
    from ..profile import ProfileError, load_profile
    from ..render.explanation import render, render_text
    from .common import console, fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically

    set_language(lang)
    if sum((as_json, as_md, as_html)) > 1:
        flags = [f for f, on in (("--json", as_json), ("--md", as_md), ("--html", as_html)) if on]
        fail(OptionError("--json/--md/--html", " ".join(flags), "option.one_format"))
    refuse_inputs(output, profile)
    kb = kb_or_fail()
    wanted, tgt = None, None
    try:
        wanted = [parse_option_filter(kb, o) for o in option] if option else None
    except ValueError as exc:
        fail(exc)
    try:
        tgt = parse_target(kb, target) if target else None
    except ValueError as exc:
        fail(exc)
    try:
        person = load_profile(profile, kb=kb, as_of=parse_date(as_of, "--as-of"))
    except ProfileError as exc:
        fail(exc)
    x = explain(person, kb, options=wanted, include_held=include_held or bool(wanted), target=tgt)
    fmt = "json" if as_json else "md" if as_md else "html" if as_html else "text"
    if not full and fmt != "json":  # the short form (issue 11 item 2); JSON is the same at both depths
        from ..render import brief
        from .common import wrap

        if fmt == "text":
            width = 160 if output is not None else console().width
            text = brief.render_text(kb, x, lang, width, wrap)
        else:
            text = brief.render_markdown(kb, x, lang) if fmt == "md" else brief.render_html(kb, x, lang)
        if output is not None:
            write_atomically(output, text)
        else:
            sys.stdout.write(text)
        return
    text = render(kb, x, fmt, lang)
    if text is None:
        if output is not None:
            from rich.console import Console

            buf = Console(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115
            render_text(kb, x, lang, buf)
            text = buf.export_text()
        else:
            render_text(kb, x, lang, console())
            return
    if output is not None:
        write_atomically(output, text)
    else:
        sys.stdout.write(text)
