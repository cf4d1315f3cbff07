"""Explanations: proof trees, why-not and what would change the answer (issue 3)."""

from __future__ import annotations

__all__ = ["command"]


def command() -> None:
    """Not built yet."""
    from .cli import fail

    fail("not built yet", code=1)
