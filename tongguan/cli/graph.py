"""`tongguan graph`: the overpass (立交桥) drawn from the rules, with a person's position and path."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["graph_command"]


def _format_for(fmt: str | None, output: Path | None) -> str:
    from ..errors import OptionError
    from ..render.graph_formats import FORMATS
    from .common import fail

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"gv": "dot", "htm": "html", "xml": "graphml"}.get(suffix, suffix) if suffix else "png"
        if fmt not in FORMATS:
            fail(OptionError("-o", str(output), "format.suffix", allowed=", ".join(FORMATS)))
    if fmt not in FORMATS:
        fail(OptionError("--format", fmt, "format.unknown", allowed=", ".join(FORMATS)))
    return fmt


def graph_command(
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=text("opt.format")),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help=text("opt.profile"))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=text("opt.output"))
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=text("opt.graph_as_of"))
    ] = None,
    to: Annotated[
        str, typer.Option("--to", help=text("opt.graph_to"))
    ] = "title:正高级",
    assumptions: Annotated[
        Path | None, typer.Option("--assumptions", help=text("opt.assumptions"))
    ] = None,
    plan_only: Annotated[
        bool, typer.Option("--plan-only", help=text("opt.plan_only"))
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    from ..errors import OptionError, TongguanError
    from ..planning import (
        AssumptionsError,
        TargetError,
        already_held,
        build_graph,
        evaluation_cycles,
        fastest_paths,
        label_of,
        load_assumptions,
        parse_target,
        within_ladder,
    )
    from ..profile import ProfileError, load_profile
    from ..render.graph_formats import render
    from .common import fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically

    set_language(lang)
    refuse_inputs(output, profile, assumptions, option="-o")
    kb = kb_or_fail()
    fmt = _format_for(fmt, output)
    if output is None and fmt == "png" and sys.stdout.isatty():
        fail(OptionError("--format", "png", "output.terminal"))
    try:
        extra = load_assumptions(assumptions) if assumptions else None
        within_ladder(kb, extra)
        evaluation_cycles(kb, extra)
    except (AssumptionsError, TongguanError) as exc:
        fail(exc)
    person = path = None
    title = None
    date = parse_date(as_of, "--as-of")
    if profile is not None:
        try:
            person = load_profile(profile, kb=kb, as_of=date)
            target = parse_target(kb, to)
        except (ProfileError, TargetError) as exc:
            fail(exc)
        results = fastest_paths(person, target, k=1, kb=kb, assumptions=extra, outside=not plan_only)
        path = results[0] if results else None
        who = person.name or person.id or Path(profile).stem
        label = label_of(kb, target)
        day = person.as_of.isoformat()
        if lang == "en":
            if path is not None:
                arrival = f", {label} at the earliest on {path.arrival.isoformat()}"
            elif already_held(kb, person, target):
                arrival = f", {label} already held"
            else:
                arrival = f", no path to {label} found"
            title = f"Overpass (立交桥): {who}'s position (as of {day}){arrival}"
        else:
            if path is not None:
                arrival = f"，最快 {path.arrival.isoformat()} 到达{label}"
            elif already_held(kb, person, target):
                arrival = f"，已持有{label}"
            else:
                arrival = f"，未找到到达{label}的路径"
            title = f"立交桥：{who}的位置（截至 {day}）{arrival}"
    g = build_graph(kb, outside=not plan_only, profile=person, assumptions=extra)
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):  # a name with $ is text, not mathtext
        data = render(g, fmt, kb=kb, path=path, title=title, lang=lang)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data, option="-o")
