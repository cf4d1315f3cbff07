"""The overpass (立交桥): the two ladders and their crossings as a networkx graph, drawn (issue 4)."""

from __future__ import annotations

__all__ = ["command"]


def command() -> None:
    """Not built yet."""
    from .cli import fail

    fail("not built yet", code=1)
