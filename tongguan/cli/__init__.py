"""The `tongguan` command line: one module per command, each importing the library only when it runs,
so `tongguan --help` starts without loading the engine, the KB or the drawing libraries.

Bad input (a profile field, a date, a file) never gets a traceback: one message naming the field and
the value on standard error, exit code 2, nothing written.
"""

from __future__ import annotations

import typer

from ..errors import TongguanError
from ..labels import STATUS_ZH
from .ask import ask_command
from .audit import audit_command
from .common import BadInput, console, fail, kb_or_fail, parse_date, refuse_inputs, set_language, write_atomically
from .explain import explain_command
from .graph import graph_command
from .paths import paths_command
from .serve import report_command, serve_command

__all__ = [
    "STATUS_ZH",
    "app",
    "console",
    "fail",
    "kb_or_fail",
    "main",
    "parse_date",
    "refuse_inputs",
    "set_language",
    "write_atomically",
]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="通桥: 四川省高技能人才与专业技术人才职业发展贯通 — what a person can apply for, and why.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """通桥: 四川省高技能人才与专业技术人才职业发展贯通 — what a person can apply for, and why."""


app.command("ask")(ask_command)
app.command("explain")(explain_command)
app.command("graph")(graph_command)
app.command("paths")(paths_command)
app.command("audit")(audit_command)
app.command("serve")(serve_command); app.command("report")(report_command)  # noqa: E702  (the web front end)


def main() -> None:
    """Entry point of the `tongguan` script."""
    try:
        app()
    except (BadInput, TongguanError) as exc:  # pragma: no cover - fail() exits before
        fail(exc)
