"""`tongguan batch`: screen a whole roster into a report (docs/roster.md).

Exit codes: 0 every row screened; 3 the report is written and some rows carry an error (listed in
it); 2 bad command line or a roster that cannot be read as a whole (nothing written); 1 a malformed KB;
130 interrupted (nothing written, an earlier report left as it was).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["EXIT_INTERRUPTED", "EXIT_ROWS_FAILED", "batch_command"]

EXIT_ROWS_FAILED = 3
EXIT_INTERRUPTED = 130


def batch_command(
    roster: Annotated[Path, typer.Argument(help=text("arg.roster"))],
    output: Annotated[
        Path, typer.Option("--output", "-o", help=text("opt.report"))
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.batch_as_of"))] = None,
    since: Annotated[
        str | None,
        typer.Option("--newly-eligible-since", help=text("opt.newly_eligible_since")),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--eligible-by", help=text("opt.eligible_by"))
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help=text("opt.engine"))] = "pydatalog",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help=text("opt.jobs"))] = 1,
    show_all: Annotated[bool, typer.Option("--all", help=text("opt.batch_all"))] = False,
    force: Annotated[bool, typer.Option("--force", help=text("opt.force"))] = False,
    fmt: Annotated[str | None, typer.Option("--format", help=text("opt.report_format"))] = None,
    roster_fmt: Annotated[
        str | None, typer.Option("--roster-format", help=text("opt.roster_format"))
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    """Screen a roster: every person's options, a summary row each and a detail row per option."""
    from ..batch import ReportWriter, Screening, open_roster, run_batch
    from ..engine.backend import BACKENDS, LAZY_BACKENDS
    from ..errors import OptionError, TongguanError
    from .common import fail, kb_dir, kb_or_fail, parse_date, refuse_inputs, set_language

    set_language(lang)
    day = parse_date(as_of, "--as-of")
    since_day = parse_date(since, "--newly-eligible-since")
    by_day = parse_date(by, "--eligible-by")
    names = sorted({*BACKENDS, *LAZY_BACKENDS})  # duckdb and spark are imported only when named
    if engine not in names:
        fail(OptionError("--engine", engine, "option.choice", allowed="、".join(names), en={"allowed": ", ".join(names)}))
    if jobs < 1:
        fail(OptionError("--jobs", jobs, "number.min", limit=1))
    refuse_inputs(output, roster)
    kb_or_fail()  # a malformed KB is reported once here, not by every worker
    cfg = Screening(backend=engine, as_of=day, since=since_day, by=by_day, include_ineligible=show_all, lang=lang,
        kb_dir=str(kb_dir()) if kb_dir() else None,
    )
    try:
        source = open_roster(roster, roster_fmt)
        writer = ReportWriter(output, fmt, since=since_day is not None, by=by_day is not None, force=force)
    except TongguanError as exc:
        fail(exc)
        return
    from rich.console import Console

    err = Console(stderr=True)
    try:
        if err.is_terminal:
            done = _with_progress(err, source, writer, cfg, jobs)
        else:
            done = run_batch(source, writer, cfg, jobs=jobs)
    except TongguanError as exc:  # the roster as a whole (too many rows, no header): nothing written
        fail(exc)
        return
    except KeyboardInterrupt:
        err.print("已中断：未写入报告。" if lang != "en" else "interrupted: no report written.", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if err.is_terminal:
        if lang == "en":
            line = f"{done.persons} persons screened, {done.failed} with errors: {output}"
        else:
            line = f"已筛查 {done.persons} 人，{done.failed} 人有误：{output}"
        err.print(line, markup=False, highlight=False)
    if done.failed:
        raise typer.Exit(EXIT_ROWS_FAILED)


def _with_progress(err, source, writer, cfg, jobs):  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..batch import run_batch

    columns = [TextColumn("筛查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("roster", total=source.total)
        return run_batch(source, writer, cfg, jobs=jobs, progress=lambda n: bar.update(task, completed=n))
