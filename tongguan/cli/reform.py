"""`tongguan reform` and `tongguan diff`: a reform file (docs/reform.md) applied to the policy, its
differences rule by rule, and its effect on a roster (who gains, loses, or gets a route earlier).

Exit codes: 0 done; 2 bad input (a reform naming an unknown rule, parameter, clause or vocabulary path,
an unreadable roster; nothing written); 1 a malformed KB.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .help import default_language, lang_help, text

__all__ = ["diff_command", "reform_command", "variant_or_fail"]

_FORMATS = ("csv", "jsonl", "xlsx")


def variant_or_fail(reform: Path, kb_dir: Path | None = None) -> tuple[Any, Any, Any]:
    """(base KB, reform, variant KB); bad input exits 2."""
    from ..errors import TongguanError
    from ..reform import apply_reform, load_reform
    from .common import fail, kb_or_fail

    base = kb_or_fail(kb_dir)
    try:
        r = load_reform(reform)
        return base, r, apply_reform(base, r)
    except TongguanError as exc:
        fail(exc)
    raise AssertionError  # unreachable


def diff_command(
    reform: Annotated[Path, typer.Option("--reform", help=text("opt.reform"))],
    base: Annotated[Path | None, typer.Argument(help=text("arg.diff_base"), show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.json"))] = False,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    from ..errors import OptionError
    from ..reform.diff import diff_kbs, diff_text
    from .common import fail, set_language

    lang = set_language(lang)
    if base is not None and not base.is_dir():
        fail(OptionError("BASE", str(base), "option.no_folder"))
    kb, r, variant = variant_or_fail(reform, base)
    changes = diff_kbs(kb, variant)
    if as_json:
        out = {"base": kb.document.get("id"), "variant": variant.document.get("id"), "reform": r.name,
               "reform_sha256": r.sha256, "changes": [c.to_dict() for c in changes]}  # fmt: skip
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    head = f"{kb.document.get('id')} → {variant.document.get('id')}"
    typer.echo(head + (f"：{r.purpose}" if r.purpose and lang != "en" else f": {r.purpose}" if r.purpose else ""))
    typer.echo("")
    typer.echo(diff_text(kb, variant, changes, lang), nl=False)


def reform_command(
    reform: Annotated[Path, typer.Argument(help=text("arg.reform"))],
    roster: Annotated[Path, typer.Option("--roster", help=text("opt.reform_roster"))],
    output: Annotated[Path, typer.Option("--output", "-o", help=text("opt.reform_report"))],
    chart: Annotated[Path | None, typer.Option("--chart", help=text("opt.reform_chart"))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.batch_as_of"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    from ..batch import open_roster
    from ..errors import OptionError, TongguanError
    from ..reform.chart import chart_png
    from ..reform.simulate import detail_bytes, simulate, summary_bytes
    from .common import fail, parse_date, refuse_inputs, set_language, write_atomically

    set_language(lang)
    day = parse_date(as_of, "--as-of")
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        fail(OptionError("--output", str(output), "option.choice", allowed="、".join(f".{f}" for f in _FORMATS),
                         en={"allowed": ", ".join(f".{f}" for f in _FORMATS)}))  # fmt: skip
    chart = chart or output.with_suffix(".png")
    refuse_inputs(output, roster, reform)
    refuse_inputs(chart, roster, reform, output, option="--chart")
    base, r, variant = variant_or_fail(reform)
    try:
        open_roster(roster)  # a roster that cannot be read as a whole: exit 2 before any work

        def entries() -> Any:
            return iter(open_roster(roster))

        sim = simulate(base, variant, entries, as_of=day)
    except TongguanError as exc:
        fail(exc)
    meta = {"基准": base.document.get("id"), "变体": variant.document.get("id"), "改革": r.name,
            "目的": r.purpose, "改革文件 sha256": r.sha256, "人数": sim.persons, "无法评估": sim.failed}  # fmt: skip
    summary = sim.summary()
    png = chart_png(summary, f"{r.name}：{r.purpose}" if r.purpose else r.name)  # wrapped to the width
    write_atomically(output, detail_bytes(sim, fmt, meta))
    if fmt != "xlsx":
        write_atomically(output.with_name(f"{output.stem}-summary.{fmt}"), summary_bytes(sim, fmt))
    write_atomically(chart, png, option="--chart")
    typer.echo(f"{variant.document.get('id')}：{sim.persons} 人，{sim.failed} 人无法评估")
    for row in summary:
        typer.echo(f"  {row['track']} {row['option']}（{row['route']}）：获得 {row['gain']}，失去 {row['loss']}，"
                   f"提前 {row['earlier']}，推迟 {row['later']}"
                   + (f"，平均相差 {row['mean_days']} 天" if row["mean_days"] is not None else ""))  # fmt: skip
    if not summary:
        typer.echo("  名册中无人受影响")
