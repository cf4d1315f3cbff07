"""Answers as text for people, JSON or CSV: dates as ISO text, one row per answer.

A front end prints what these return; the library itself prints nothing.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..kb import KB
from .evaluate import date_variables, display
from .language import Query

__all__ = ["columns", "shown", "to_csv", "to_json", "to_text"]


def columns(query: Query, roster: bool = False) -> list[str]:
    """The columns of the answers: the query's named variables, after ``person`` for a roster."""
    return (["person"] if roster else []) + list(query.variables)


def shown(kb: KB, query: Query, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their dates as ISO text and the engine's placeholders as ``?``."""
    dates = date_variables(kb, query)
    return [{k: display(v, k in dates) for k, v in row.items()} for row in rows]


def _cell(value: Any) -> str:
    """A value as one table cell: control characters (a line break, an ANSI escape) shown escaped, so a
    value can neither break the table nor drive the terminal."""
    text = str(value)
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(cols: list[str], rows: list[dict[str, Any]], lang: str = "zh") -> str:
    """An aligned table (wide characters counted twice) and the number of answers.

    Examples
    --------
    >>> print(to_text(["L", "R"], [{"L": "中级", "R": 2}, {"L": "副高级", "R": 3}]), end="")
    L       R
    中级    2
    副高级  3
    （2 个答案）
    >>> to_text(["N"], [{"N": "a\\x1b[31m"}]).splitlines()[1]
    'a\\\\x1b[31m'

    """
    if not cols:  # a query without variables: yes or no
        yes = bool(rows)
        return ("是\n" if yes else "否\n") if lang != "en" else ("yes\n" if yes else "no\n")
    cells = [[str(c) for c in cols]] + [[_cell(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cols))]
    lines = []
    for row in cells:
        parts = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    n = len(rows)
    lines.append(f"（{n} 个答案）" if lang != "en" else f"({n} answer{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def to_json(query: Query, scope: str, cols: list[str], rows: list[dict[str, Any]]) -> str:
    """``{"query", "scope", "columns", "answers": [{column: value}]}`` (dates as ISO text)."""
    data = {"query": query.text, "scope": scope, "columns": cols, "answers": rows}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(cols: list[str], rows: list[dict[str, Any]]) -> str:
    """A header of the columns and one line per answer.

    Examples
    --------
    >>> to_csv(["L"], [{"L": "中级"}])
    'L\\r\\n中级\\r\\n'
    """
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols)
    for r in rows:
        w.writerow([r.get(c, "") for c in cols])
    return buf.getvalue()
