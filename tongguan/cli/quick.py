"""A plain ``tongguan ask`` without typer: the script's arguments parsed by `ask_run.FLAGS` and
`ask_run.VALUES`, then `ask_run.run_ask`, as typer would have called it.

Why: typer 0.29 builds a pydantic TypeAdapter for every parameter it parses, so running any command
through it imports pydantic's validators and typer's adapters (about 0.2 s of the 0.6 s ``ask`` took,
benchmarks/README.md, section startup).  Only arguments whose meaning is beyond doubt are taken here:
the root's ``--kb``, then ``ask``, one profile and the command's own options, each at most once (a
value as ``--opt VALUE`` or ``--opt=VALUE``, never starting with ``-``).  Anything else — a help
screen, ``--version``, an unknown or repeated option, a missing profile, another command, shell
completion — is left to typer (`run_quick` returns False having done nothing), so its help and its
usage errors stay typer's own.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["parse_ask", "run_quick"]


def _value(arg: str, args: list[str], i: int) -> tuple[str | None, int]:
    """The value of the option at ``args[i]`` (``--opt=VALUE`` or ``--opt VALUE``) and the next index."""
    if "=" in arg:
        return arg.partition("=")[2], i + 1
    if i + 1 < len(args) and not args[i + 1].startswith("-"):
        return args[i + 1], i + 2
    return None, i + 1


def parse_ask(args: list[str], environ: Mapping[str, str] | None = None) -> tuple[Path | None, dict[str, Any]] | None:
    """The root's ``--kb`` and `run_ask`'s arguments for a plain ``tongguan ask``, or None when typer
    should read these arguments.

    Examples
    --------
    >>> parse_ask(["ask", "p.yaml", "--json", "--as-of=2025-01-01"], {})
    (None, {'profile': PosixPath('p.yaml'), 'as_json': True, 'as_of': '2025-01-01', 'lang': 'zh'})
    >>> parse_ask(["--kb", "kb", "ask", "--lang", "en", "p.yaml"], {})[0]
    PosixPath('kb')
    >>> [parse_ask(a, {}) for a in (["ask", "--help"], ["ask"], ["ask", "p", "--json", "--json"], ["paths", "p"])]
    [None, None, None, None]
    """
    from .ask_run import FLAGS, VALUES
    from .help import default_language

    env = os.environ if environ is None else environ
    if "_TONGGUAN_COMPLETE" in env:
        return None
    kb_text = env.get("TONGGUAN_KB") or None  # click ignores an empty variable
    i = 0
    while i < len(args) and args[i] != "ask":
        arg = args[i]
        if arg != "--kb" and not arg.startswith("--kb="):
            return None
        kb_text, i = _value(arg, args, i)
        if not kb_text:
            return None
    i += 1
    if i > len(args):
        return None
    params: dict[str, Any] = {}
    while i < len(args):
        arg = args[i]
        name = arg.partition("=")[0]
        if arg in FLAGS and FLAGS[arg] not in params:
            params[FLAGS[arg]] = True
            i += 1
        elif name in VALUES and VALUES[name] not in params:
            value, i = _value(arg, args, i)
            if value is None:
                return None
            params[VALUES[name]] = Path(value) if VALUES[name] == "reform" else value
        elif not arg.startswith("-") and arg and "profile" not in params:
            params["profile"] = Path(arg)
            i += 1
        else:
            return None
    if "profile" not in params or params.get("reform") == Path():
        return None
    params.setdefault("lang", default_language(env))
    return (Path(kb_text) if kb_text else None), params


def run_quick(args: list[str]) -> bool:
    """Run a plain ``tongguan ask`` (`parse_ask`) and say so; False, having done nothing, for
    anything typer should read.  Exits as typer would: 2 on bad input, 130 on an interrupt, 1 on a
    closed pipe."""
    parsed = parse_ask(args)
    if parsed is None:
        return False
    from ..errors import OptionError, TongguanError
    from .ask_run import run_ask
    from .common import BadInput, fail, set_kb_dir

    kb, params = parsed
    try:
        try:
            if kb is not None and not kb.is_dir():
                fail(OptionError("--kb", str(kb), "option.no_folder"))
            set_kb_dir(kb)
            run_ask(**params)
        except (BadInput, TongguanError) as exc:
            fail(exc)
        except KeyboardInterrupt:
            sys.exit(130)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            from typer._click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
            sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
            sys.exit(1)
    except Exception as exc:
        typer = sys.modules.get("typer")  # a part of the command that imported typer ends with its Exit
        if typer is not None and isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        raise
    return True
