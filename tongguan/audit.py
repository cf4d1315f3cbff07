"""The audit of the rule base against the plan and its own principles (issue 5)."""

from __future__ import annotations

__all__ = ["command"]


def command() -> None:
    """Not built yet."""
    from .cli import fail

    fail("not built yet", code=1)
