"""`tongguan paths`: the fastest dated paths to a target level."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["paths_command"]


def paths_command(
    profile: Annotated[Path, typer.Argument(help=text("arg.profile"), show_default=False)],
    to: Annotated[str, typer.Option("--to", help=text("opt.to"))] = "title:正高级",
    k: Annotated[int, typer.Option("--k", min=1, max=20, help=text("opt.k"))] = 3,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.json"))] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.paths_as_of"))] = None,
    assumptions: Annotated[
        Path | None, typer.Option("--assumptions", help=text("opt.assumptions"))
    ] = None,
    reform: Annotated[Path | None, typer.Option("--reform", help=text("opt.paths_reform"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    from ..engine import Engine
    from ..errors import TongguanError
    from ..planning import (
        AssumptionsError,
        TargetError,
        already_held,
        fastest_paths,
        load_assumptions,
        parse_target,
        plan_assumptions,
    )
    from ..profile import load_profile
    from ..render.paths import render_paths
    from .common import fail, kb_or_fail, parse_date, set_language

    set_language(lang)
    kb = kb_or_fail()
    later = None
    if reform is not None:  # a reform in force from its `effective` day: the steps from then use its rules
        from .reform import variant_or_fail

        later = variant_or_fail(reform)[2]
        if later.document.get("effective") is None or later.document.get("effective") == kb.document.get("effective"):
            from ..errors import OptionError

            fail(OptionError("--reform", str(reform), "reform.no_effective"))
    date = parse_date(as_of, "--as-of")
    try:
        target = parse_target(kb, to)
        person = load_profile(profile, kb=kb, as_of=date)
        extra = load_assumptions(assumptions) if assumptions else None
        results = fastest_paths(person, target, k=k, kb=kb, assumptions=extra, later=later, awards=True)
    except (TongguanError, TargetError, AssumptionsError) as exc:
        fail(exc)
        return
    already = not results and already_held(kb, person, target)
    notes = Engine(kb).evaluate(person).notes
    if as_json:
        out = {
            "as_of": person.as_of.isoformat(),
            "target": target,
            "already_held": already,
            "assumptions": plan_assumptions(kb),
            "notes": notes,
            "paths": [r.to_dict() for r in results if not r.needs_award],
            "award_paths": [r.to_dict() for r in results if r.needs_award],  # "if you win …", after them
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_paths(kb, person, target, results, already, notes, lang))
