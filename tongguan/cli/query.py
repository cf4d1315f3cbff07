"""`tongguan query`: a saved query by name, or a query text, over the KB, one profile or a roster."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .help import default_language, lang_help, text

if TYPE_CHECKING:
    from ..query import QueryError

__all__ = ["fail_query", "query_command"]


def fail_query(exc: QueryError) -> None:
    """Print a query error (one line, then the query's line with a caret under the place) and exit 2."""
    from rich.console import Console

    from .common import EXIT_BAD_INPUT, _printable, language

    lang = language()
    head = "错误：" if lang == "zh" else "error: "
    err = Console(stderr=True, highlight=False, markup=False, emoji=False)
    err.print(head + _printable(exc.text(lang)), soft_wrap=True)
    caret = exc.caret()
    if caret:
        err.print("\n".join(_printable(line) for line in caret.splitlines()), soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def render_answers(kb: Any, query: Any, scope: str, rows: list[dict[str, Any]], fmt: str, lang: str) -> str:
    """The answers in `fmt` (text, json or csv)."""
    from ..query.output import columns, to_csv, to_json, to_text

    cols = columns(query, roster=scope == "roster")
    if fmt == "json":
        return to_json(query, scope, cols, rows)
    if fmt == "csv":
        return to_csv(cols, rows)
    return to_text(cols, rows, lang)


def query_command(
    what: Annotated[
        str | None, typer.Argument(help=text("arg.query"))
    ] = None,
    profile: Annotated[Path | None, typer.Option("--profile", help=text("opt.query_profile"))] = None,
    roster: Annotated[
        Path | None, typer.Option("--roster", help=text("opt.query_roster"))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=text("opt.query_json"))] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help=text("opt.query_csv"))] = False,
    list_saved: Annotated[bool, typer.Option("--list", help=text("opt.query_list"))] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.query_as_of"))] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=text("opt.query_output"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    """Ask the knowledge base: rules, clauses, dependencies, or a person's facts and derivations (docs/query.md)."""
    from ..errors import OptionError, TongguanError
    from ..query import QueryError, parse_query
    from ..query.saved import evaluate, find_saved
    from ..query.saved import list_saved as saved_queries
    from .common import fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically

    set_language(lang)
    if as_json and as_csv:
        fail(OptionError("--json/--csv", "--json --csv", "option.one_format"))
    if list_saved:
        try:
            items = saved_queries()
        except TongguanError as exc:
            fail(exc)
        width = max((len(s.name) for s in items), default=0)
        text = "".join(f"{s.name.ljust(width)}  {'[' + s.scope + ']':<9}  {s.purpose_in(lang)}\n" for s in items)
        sys.stdout.write(text)
        return
    if what is None or not what.strip():
        fail(QueryError("query", what or "", "query.empty"))
    if profile is not None and roster is not None:
        fail(OptionError("--profile/--roster", f"{profile} {roster}", "query.one_scope"))
    refuse_inputs(output, profile, roster)
    day = parse_date(as_of, "--as-of")
    kb = kb_or_fail()
    try:
        saved = find_saved(what.strip())
    except TongguanError as exc:
        fail(exc)
    text = saved.query if saved else what
    try:
        query = parse_query(text, kb)
    except QueryError as exc:
        fail_query(exc)
    scope, data = "kb", None
    if profile is not None:
        scope, data = "profile", profile
    elif roster is not None:
        scope, data = "roster", roster
    elif saved is not None and saved.scope != "kb":
        scope, data = saved.scope, saved.data
    try:
        rows = evaluate(kb, query, scope, data, day)
    except QueryError as exc:
        fail_query(exc)
    except TongguanError as exc:
        fail(exc)
    fmt = "json" if as_json else "csv" if as_csv else "text"
    out = render_answers(kb, query, scope, rows, fmt, lang)
    if saved is not None and fmt == "text":
        out = f"# {saved.purpose_in(lang)}\n{out}"
    if output is not None:
        write_atomically(output, out)
    else:
        sys.stdout.write(out)
