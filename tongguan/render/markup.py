"""Markdown and HTML pieces the explanation pages share: escaping, the page head, the clauses quoted.

The short (`render.brief`) and the full (`render.explanation`) explanation lay out different content
but frame it alike; the frame is written here once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["clauses_html", "clauses_markdown", "html_head", "md_escape"]


def md_escape(text: str, specials: str = "\\*`<") -> str:
    """`text` with the Markdown characters in `specials` backslash-escaped.

    Examples
    --------
    >>> md_escape("a*b<c")
    'a\\\\*b\\\\<c'
    """
    return re.sub(f"([{re.escape(specials)}])", r"\\\1", text)


def html_head(title: str, css: str, lang: str) -> list[str]:
    """The first lines of a self-contained page: doctype, language, title, inline CSS and the heading.

    Examples
    --------
    >>> html_head("A & B", "p{}", "en")[-1]
    '<h1>A &amp; B</h1>'
    """
    e = html.escape
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{css}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]


def clauses_markdown(heading: str, quoted: Iterable[tuple[str, str]], specials: str = "\\*`<") -> list[str]:
    """The clauses quoted, as a Markdown section (nothing when there are none).

    Examples
    --------
    >>> clauses_markdown("条款", [("A1-1", "文")])
    ['## 条款', '', '- **A1-1** 文', '']
    """
    quoted = list(quoted)
    if not quoted:
        return []
    return [f"## {md_escape(heading, specials)}", "", *(f"- **{c}** {md_escape(t, specials)}" for c, t in quoted), ""]


def clauses_html(heading: str, quoted: Iterable[tuple[str, str]]) -> list[str]:
    """The clauses quoted, as an HTML definition list under a heading (nothing when there are none).

    Examples
    --------
    >>> clauses_html("条款", [("A1-1", "<文>")])
    ['<h2>条款</h2><dl>', '<dt>A1-1</dt><dd>&lt;文&gt;</dd>', '</dl>']
    """
    quoted = list(quoted)
    if not quoted:
        return []
    e = html.escape
    return [f"<h2>{e(heading)}</h2><dl>", *(f"<dt>{e(c)}</dt><dd>{e(t)}</dd>" for c, t in quoted), "</dl>"]
