"""The web front end of tongguan: `tongguan serve` — the page and the JSON API (FastAPI on uvicorn).

A front end like the command line: it calls the library (through `tongguan.web.library` alone) and
turns its errors into 422 responses naming the field and the value.  `create_app` builds the app.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The FastAPI application (see `tongguan.web.app.create_app`); imported when called."""
    from .app import create_app as make

    return make(*args, **kwargs)
