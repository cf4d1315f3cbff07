"""`tongguan ask`'s table written without rich when rich would write plain text anyway.

Why: importing rich's console and laying a table out with it is about 80 ms of the command's start-up
(benchmarks/README.md, section startup), yet when standard output is not a terminal rich writes no
colour and no style, only the characters of the box and the cells.  The table's columns have fixed
widths and every cell is wrapped before it is laid out (`ask_run.layout`, `common.wrap`), so those
characters follow from the widths alone.  Anything that would make rich do more than that — a
terminal, a colour forced (``FORCE_COLOR``, ``TTY_COMPATIBLE``), Jupyter, an encoding other than
UTF-8, a line longer than its column or than the console, a tab or a control character, a header
rich would read as markup or emoji — and `plain_write` writes nothing and says so, and rich writes
the table as before.  `tests/test_cli_plain.py` holds the two writers' output equal.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["plain_lines", "plain_width", "plain_write"]

_RICH_CHANGES = set("\t\r\x07\x08\x0b\x0c")  # characters rich's Text expands or strips


def plain_width(environ: Mapping[str, str] | None = None) -> int | None:
    """The width rich's ``Console()`` would give standard output when it would write it as plain text,
    else None (a terminal, colour forced, Jupyter, not UTF-8, Windows)."""
    env = os.environ if environ is None else environ
    out = sys.stdout
    if os.name == "nt" or out is None or getattr(builtins, "get_ipython", None) is not None:
        return None
    if env.get("TTY_COMPATIBLE", "") == "1" or env.get("FORCE_COLOR") or "idlelib" in sys.modules:
        return None
    try:
        if out.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    if not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    width = None
    for fd in (0, 1, 2):  # rich's Console.size: the first standard stream that is a terminal
        try:
            width = os.get_terminal_size(fd)[0]
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if width > 0 else None


def _fits(line: str, width: int) -> bool:
    from rich.cells import cell_len

    return not (_RICH_CHANGES & set(line)) and cell_len(line) <= width


def _table(title: str, headers: tuple[str, ...], widths: list[int], rows: list[Any], width: int) -> list[str] | None:
    from rich.cells import cell_len

    total = sum(widths) + 3 * len(widths) + 1
    if total > width or not title or not _fits(title, total) or "\n" in title or title != title.strip():
        return None  # (rich centres a title without its outer spaces: left to rich)
    if any("[" in h or ":" in h or "\n" in h or not _fits(h, w) for h, w in zip(headers, widths, strict=True)):
        return None

    def cell(text: str, w: int) -> str:
        return " " + text + " " * (w - cell_len(text)) + " "

    def rule(left: str, line: str, cross: str, right: str) -> str:
        return left + cross.join(line * (w + 2) for w in widths) + right

    excess = total - cell_len(title)
    lines = [" " * (excess // 2) + title + " " * (excess - excess // 2), rule("┏", "━", "┳", "┓")]
    lines.append("┃" + "┃".join(cell(h, w) for h, w in zip(headers, widths, strict=True)) + "┃")
    lines.append(rule("┡", "━", "╇", "┩"))
    for n, row in enumerate(rows):
        columns = row[: len(widths)]
        if any(not _fits(ln, w) for c, w in zip(columns, widths, strict=True) for ln in c):
            return None
        height = max(1, *(len(c) for c in columns))
        for i in range(height):
            parts = [cell(c[i] if i < len(c) else "", w) for c, w in zip(columns, widths, strict=True)]
            lines.append("│" + "│".join(parts) + "│")
        if n < len(rows) - 1:
            lines.append(rule("├", "─", "┼", "┤"))
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def plain_lines(blocks: list[tuple[Any, ...]], width: int) -> list[str] | None:
    """The lines rich would write for `ask_run.layout`'s blocks on a plain-text console `width` cells
    wide, or None when rich would do more than write them (a line to wrap or crop, a character it
    changes).

    Examples
    --------
    >>> plain_lines([("table", "T", ("a", "b"), [3, 4], [(["x"], ["y"], "green")]), ("text", "", None)], 14)
    ['      T       ', '┏━━━━━┳━━━━━━┓', '┃ a   ┃ b    ┃', '┡━━━━━╇━━━━━━┩', '│ x   │ y    │', '└─────┴──────┘', '']
    >>> plain_lines([("text", "a line too long", None)], 10) is None
    True
    """
    out: list[str] = []
    for block in blocks:
        if block[0] == "table":
            got = _table(*block[1:], width)
            if got is None:
                return None
            out.extend(got)
        else:
            lines = block[1].split("\n")
            if any(not _fits(ln, width) for ln in lines):
                return None
            out.extend(lines)
    return out


def plain_write(blocks: list[tuple[Any, ...]], width: int) -> bool:
    """Write `plain_lines` to standard output and say so; False, having written nothing, when rich
    should write these blocks."""
    lines = plain_lines(blocks, width)
    if lines is None:
        return False
    sys.stdout.write("".join(line + "\n" for line in lines))
    return True
