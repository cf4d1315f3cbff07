"""`tongguan serve`: the web page and JSON API on uvicorn; `tongguan report`: the printable decision page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .help import default_language, lang_help, text

__all__ = ["report_command", "serve_command"]


def serve_command(
    host: Annotated[str, typer.Option("--host", help=text("opt.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=text("opt.port"))] = 8000,
    threads: Annotated[
        int, typer.Option("--engine-threads", min=1, max=16, help=text("opt.engine_threads"))
    ] = 2,
    processes: Annotated[
        int, typer.Option("--processes", min=1, max=16, help=text("opt.processes"))
    ] = 1,
) -> None:
    """Serve the page (Chinese, works offline) and the JSON API (OpenAPI at /api/openapi.json)."""
    import os

    import uvicorn

    from .common import kb_dir, kb_or_fail

    kb_or_fail()  # a malformed KB exits 1 here, with the reason, before anything listens
    if kb_dir() is not None:
        os.environ["TONGGUAN_KB"] = str(kb_dir().resolve())  # the root's --kb, for every server process
    typer.echo(f"通桥：在浏览器中打开 http://{host}:{port}/ （Ctrl+C 停止）", err=True)
    os.environ["TONGGUAN_ENGINE_THREADS"] = str(threads)
    uvicorn.run(
        "tongguan.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=processes,
        log_level="warning",
        server_header=False,
    )


def report_command(
    profile: Annotated[Path, typer.Argument(help=text("arg.profile"), show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help=text("opt.report_output"))],
    as_of: Annotated[str | None, typer.Option("--as-of", help=text("opt.as_of"))] = None,
    lang: Annotated[str, typer.Option("--lang", help=lang_help())] = default_language(),
) -> None:
    """The printable decision page: the person's facts, each option with its clauses quoted, what to confirm."""
    from ..profile import ProfileError, load_profile
    from ..web.report import report_html
    from .common import fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically

    set_language(lang)
    refuse_inputs(output, profile, option="-o")
    kb = kb_or_fail()
    try:
        person = load_profile(profile, kb=kb, as_of=parse_date(as_of, "--as-of"))
    except ProfileError as exc:
        fail(exc)
        return
    html = report_html(kb, person, lang)
    if output.suffix.lower() == ".pdf":
        try:
            from weasyprint import HTML  # optional: PDF only where WeasyPrint is installed
        except ImportError:
            from ..errors import OptionError

            fail(OptionError("-o", str(output), "value.invalid", detail="PDF 需要安装 WeasyPrint；请改用 .html 并用浏览器打印"))
            return
        write_atomically(output, HTML(string=html).write_pdf(), option="-o")
    else:
        write_atomically(output, html, option="-o")
