"""The `tongguan` command line: one module per command, each importing the library only when it runs,
so `tongguan --help` starts without loading the engine, the KB or the drawing libraries.

Everything it prints is Chinese by default and English with ``--lang en`` (or ``TONGGUAN_LANG=en``),
its help included (`tongguan.cli.help`).  Bad input (a profile field, a date, a file) never gets a
traceback: one message naming the field and the value on standard error, exit code 2, nothing written.

The typer application is `tongguan.cli.application` (its names are re-exported here lazily).  A plain, well-formed
``tongguan ask PROFILE [options]`` is run without it (`tongguan.cli.quick`): typer 0.29 builds a pydantic
TypeAdapter for every parameter it parses, about a third of that command's start-up; anything else (a
help screen, a usage error, another command) goes through typer as before.
"""

from __future__ import annotations

import sys

from ..lazy import lazy_exports

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
    "version",
    "write_atomically",
]

_EXPORTS = {name: "application" for name in __all__ if name != "main"}
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)


def main() -> None:
    """Entry point of the `tongguan` script."""
    from .quick import run_quick

    args = sys.argv[1:]
    if run_quick(args):
        return
    from .application import run

    run(args)
