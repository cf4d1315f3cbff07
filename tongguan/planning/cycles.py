"""Evaluation cycles: how often each track's evaluation is held, and which cycle a date falls in.

The calendar comes from the separate module ``kb/outside/evaluation_cycles.yaml`` (outside the plan,
each track marked as an assumption when no source is at hand); an ``--assumptions`` file may change it
under ``cycles``.  The path planner (`tongguan.planning.paths`) holds at most one evaluation of a track
per cycle and puts a step that needs an earlier step's result in a later cycle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..kb import KB, load_kb
from .within import AssumptionsError

__all__ = ["Calendar", "evaluation_cycles"]

_KEYS = {"per_year", "starts", "source", "assumption", "note"}
_DEFAULT = {"per_year": 1, "starts": 1, "source": None, "assumption": True}


@dataclass(frozen=True)
class Calendar:
    """The evaluation rounds of one track: `per_year` equal periods a year, the first from month `starts`.

    Examples
    --------
    >>> c = Calendar("title", 1, 1, None, True)
    >>> c.label(dt.date(2030, 6, 1)), c.next_start(dt.date(2030, 6, 1))
    ('2030', datetime.date(2031, 1, 1))
    >>> h = Calendar("title", 2, 3, None, True)
    >>> h.label(dt.date(2030, 2, 1)), h.label(dt.date(2030, 9, 1)), h.next_start(dt.date(2030, 9, 1))
    ('2029-2', '2030-2', datetime.date(2031, 3, 1))
    """

    track: str
    per_year: int
    starts: int
    source: str | None
    assumption: bool

    @property
    def months(self) -> int:
        return 12 // self.per_year

    def _index(self, d: dt.date) -> tuple[int, int]:
        """(year the cycle's calendar year begins in, 1-based round within that year) of date `d`."""
        m = d.year * 12 + d.month - 1 - (self.starts - 1)
        year, offset = divmod(m, 12)
        return year, offset // self.months + 1

    def label(self, d: dt.date) -> str:
        """The name of the cycle `d` falls in: ``2030`` (yearly) or ``2030-2`` (the second round of 2030)."""
        year, n = self._index(d)
        return str(year) if self.per_year == 1 else f"{year}-{n}"

    def next_start(self, d: dt.date) -> dt.date:
        """The first day of the cycle after the one `d` falls in."""
        year, n = self._index(d)
        m = year * 12 + (self.starts - 1) + n * self.months
        return dt.date(m // 12, m % 12 + 1, 1)


def evaluation_cycles(kb: KB | None = None, assumptions: dict[str, Any] | None = None) -> dict[str, Calendar]:
    """The calendar of each track (kb/outside/evaluation_cycles.yaml, with the user's ``cycles`` overrides).

    A track the module does not list is held once a year from January, as an assumption (`for_track`).

    Examples
    --------
    >>> evaluation_cycles()["title"].per_year
    1
    >>> c = evaluation_cycles(assumptions={"cycles": {"title": {"per_year": 2}}})["title"]
    >>> c.per_year, c.assumption
    (2, True)
    """
    kb = kb or load_kb()
    raw = (kb.outside.get("evaluation_cycles") or {}).get("tracks") or {}
    tracks: dict[str, dict[str, Any]] = {str(t): {**_DEFAULT, **dict(v or {})} for t, v in raw.items()}
    changes = (assumptions or {}).get("cycles") or {}
    if not isinstance(changes, dict):
        raise AssumptionsError("cycles", changes, "expected a mapping of track → {per_year, starts}")
    for track, change in changes.items():
        where = f"cycles.{track}"
        if not isinstance(change, dict):
            raise AssumptionsError(where, change, "expected a mapping (per_year, starts, source…)")
        merged = {**tracks.get(str(track), _DEFAULT), **change}
        merged["assumption"] = not (change.get("assumption") is False and change.get("source"))
        tracks[str(track)] = merged
    out = {}
    for track, spec in tracks.items():
        where = f"cycles.{track}"
        bad = set(spec) - _KEYS
        if bad:
            k = sorted(bad)[0]
            raise AssumptionsError(f"{where}.{k}", spec[k], "unknown key")
        per_year, starts = spec.get("per_year"), spec.get("starts")
        if per_year not in (1, 2, 3, 4, 6, 12) or isinstance(per_year, bool):
            raise AssumptionsError(f"{where}.per_year", per_year, "one of 1, 2, 3, 4, 6, 12 (rounds a year)")
        if not isinstance(starts, int) or isinstance(starts, bool) or not 1 <= starts <= 12:
            raise AssumptionsError(f"{where}.starts", starts, "a month, 1 to 12")
        out[track] = Calendar(track, per_year, starts, spec.get("source"), bool(spec.get("assumption")))
    return out


def for_track(calendars: dict[str, Calendar], track: str) -> Calendar:
    """The calendar of `track`: its own, or once a year from January (an assumption).

    Examples
    --------
    >>> for_track({}, "exam").label(dt.date(2030, 5, 1))
    '2030'
    """
    return calendars.get(track) or Calendar(track, 1, 1, None, True)
