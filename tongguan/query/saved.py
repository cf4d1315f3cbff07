"""Saved queries: one YAML file each in ``queries/saved/``, with its purpose, scope and expected answer.

A file::

    purpose: 哪些奖项可以破格申报副高级职称？      # one line, Chinese
    purpose_en: Which awards open the exceptional route to 副高级?   # optional
    scope: kb                                      # kb, profile or roster
    data: profiles/welder-senior-technician.yaml   # profile/roster: the bundled data, from queries/
    query: award_opens(Kind, Tier) & …
    expected:                                      # the answer on the bundled data (dates as ISO text)
      - {Kind: 全国技术能手, Tier: 副高级}

The test suite runs every saved query on its bundled data and compares the answer with ``expected``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..documents import read_document
from ..errors import TongguanError
from ..kb import KB
from .evaluate import run_kb, run_profile, run_roster
from .language import Query, parse_query
from .output import shown

__all__ = ["SCOPES", "SavedQuery", "evaluate", "find_saved", "list_saved", "load_saved", "saved_dir"]

SCOPES = ("kb", "profile", "roster")


def saved_dir() -> Path:
    """Where saved queries are: ``$TONGGUAN_QUERIES``, else ``queries/saved`` of the checkout."""
    env = os.environ.get("TONGGUAN_QUERIES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "queries" / "saved"


@dataclass(frozen=True)
class SavedQuery:
    """One saved query file."""

    name: str
    purpose: str
    query: str
    scope: str
    data: Path | None = None
    expected: tuple[dict[str, Any], ...] = ()
    purpose_en: str = ""
    path: Path | None = None

    def purpose_in(self, lang: str) -> str:
        return self.purpose_en if lang == "en" and self.purpose_en else self.purpose


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def load_saved(path: str | Path) -> SavedQuery:
    """Read and check one saved-query file (a `TongguanError` naming the field otherwise).

    Examples
    --------
    >>> q = load_saved(saved_dir() / "exceptional-deputy-senior-awards.yaml")
    >>> q.scope, q.purpose[:6]
    ('kb', '哪些奖项可以')
    """
    path = Path(path)
    data = read_document(path, label="QUERY")
    if not isinstance(data, dict):
        raise TongguanError(str(path), data, "doc.not_mapping")

    def need(name: str, kinds: type | tuple[type, ...] = str) -> Any:
        v = data.get(name)
        if not isinstance(v, kinds) or (isinstance(v, str) and not v.strip()):
            raise TongguanError(f"{path.name}: {name}", v, "query.saved_field", name=name)
        return v

    purpose = need("purpose").strip()
    if "\n" in purpose:
        raise TongguanError(f"{path.name}: purpose", purpose, "query.saved_field", name="purpose")
    scope = need("scope")
    if scope not in SCOPES:
        raise TongguanError(f"{path.name}: scope", scope, "query.saved_field", name="scope")
    where = None
    if scope != "kb":
        where = path.resolve().parent.parent / need("data")
    expected = data.get("expected") or []
    if not isinstance(expected, list) or not all(isinstance(e, dict) for e in expected):
        raise TongguanError(f"{path.name}: expected", expected, "query.saved_field", name="expected")
    return SavedQuery(
        name=path.stem,
        purpose=purpose,
        query=" ".join(need("query").split()),
        scope=scope,
        data=where,
        expected=tuple({str(k): _value(v) for k, v in e.items()} for e in expected),
        purpose_en=str(data.get("purpose_en") or ""),
        path=path,
    )


def list_saved(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query of the folder, by name."""
    folder = folder or saved_dir()
    return [load_saved(p) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []


def find_saved(name: str, folder: Path | None = None) -> SavedQuery | None:
    """The saved query of that name, or None (a name is letters, digits, ``-`` and ``_``)."""
    folder = folder or saved_dir()
    if not name or not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        return None
    path = folder / f"{name}.yaml"
    return load_saved(path) if path.is_file() else None


def evaluate(
    kb: KB, query: Query, scope: str, data: Path | None = None, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """The answers (dates as ISO text) of a query in a scope: the KB, one profile file, a roster file."""
    from ..profile import load_profile
    from .roster import read_roster

    if scope == "kb":
        rows = run_kb(query, kb)
    elif scope == "profile":
        rows = run_profile(query, kb, load_profile(data, kb=kb, as_of=as_of))  # type: ignore[arg-type]
    else:
        rows = list(run_roster(query, kb, read_roster(data, kb, as_of)))  # type: ignore[arg-type]
    return shown(kb, query, rows)


def run_saved(kb: KB, saved: SavedQuery) -> list[dict[str, Any]]:
    """A saved query's answers on its own bundled data."""
    return evaluate(kb, parse_query(saved.query, kb), saved.scope, saved.data)
