"""The builtin predicates of kb/predicates.yaml as pure functions on dates and ints.

Every back end computes them through these functions (the pyDatalog back end wraps them as Python
resolvers), and the explainer calls them directly, so a builtin is written once.  Dates are ordinal
days; `LONG_AGO` is the optimistic world's "any date" and `UNKNOWN` a value the profile does not give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "BUILTINS",
    "BUILTIN_INPUTS",
    "LONG_AGO",
    "UNKNOWN",
    "WINDOW_YEARS_AHEAD",
    "anniversary",
    "assessment_windows",
    "is_day",
    "to_date",
]

UNKNOWN = "?"  # a date or value the profile does not give
LONG_AGO = 1  # ordinal day used for "any date" in the optimistic world
WINDOW_YEARS_AHEAD = 3  # a failing year has left every 近3年 window after this many years


def is_day(v: Any) -> bool:
    """Whether an argument value is a real date (an ordinal day, not `LONG_AGO` or `UNKNOWN`).

    Examples
    --------
    >>> is_day(dt.date(2020, 1, 1).toordinal()), is_day(LONG_AGO), is_day(UNKNOWN)
    (True, False, False)
    """
    return isinstance(v, int) and v > LONG_AGO


def to_date(v: Any) -> dt.date | None:
    """The date of an ordinal-day value, or None for `LONG_AGO`, `UNKNOWN` and non-dates.

    Examples
    --------
    >>> to_date(dt.date(2020, 1, 1).toordinal()), to_date(LONG_AGO)
    (datetime.date(2020, 1, 1), None)
    """
    return dt.date.fromordinal(v) if isinstance(v, int) and v > LONG_AGO else None


def anniversary(start: dt.date, years: int) -> dt.date:
    """The `years`-th anniversary of `start` (29 February → 28 February).

    Examples
    --------
    >>> anniversary(dt.date(2020, 2, 29), 1)
    datetime.date(2021, 2, 28)
    >>> anniversary(dt.date(2020, 1, 1), 4)
    datetime.date(2024, 1, 1)
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def assessment_windows(as_of: dt.date) -> list[tuple[int, int, int, dt.date]]:
    """The 近3年 windows of an evaluation held in as_of's year or one of the next three: the three
    calendar years before the evaluation's year, and the first day of that year (I-recent-years).

    A failing year leaves the window as time passes, so the condition is dated: it holds from the
    first evaluation year whose window passes.  Three years ahead the window holds only years still to
    come, so no failing assessment ever makes an option final.

    Examples
    --------
    >>> assessment_windows(dt.date(2025, 6, 1))[:2]
    [(2024, 2023, 2022, datetime.date(2025, 1, 1)), (2025, 2024, 2023, datetime.date(2026, 1, 1))]
    """
    return [(e - 1, e - 2, e - 3, dt.date(e, 1, 1)) for e in range(as_of.year, as_of.year + WINDOW_YEARS_AHEAD + 1)]


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) for v in values)


def _anniversary(start: Any, years: Any, *_: Any) -> Iterator[tuple]:
    if not _ints(start, years):
        return
    if start == LONG_AGO:
        yield (start, years, LONG_AGO)
        return
    yield (start, years, anniversary(dt.date.fromordinal(start), years).toordinal())


def _later_of(a: Any, b: Any, *_: Any) -> Iterator[tuple]:
    if _ints(a, b):
        yield (a, b, max(a, b))


def _assessment_window(as_of: Any, *_: Any) -> Iterator[tuple]:
    if _ints(as_of):
        for y1, y2, y3, first in assessment_windows(dt.date.fromordinal(as_of)):
            yield (as_of, y1, y2, y3, first.toordinal())


# name → function of the argument values (None where unbound) yielding whole rows; a builtin yields
# nothing until its inputs (the first BUILTIN_INPUTS[name] arguments) are bound.
BUILTINS: dict[str, Callable[..., Iterator[tuple]]] = {
    "anniversary": _anniversary,
    "later_of": _later_of,
    "assessment_window": _assessment_window,
}
BUILTIN_INPUTS = {"anniversary": 2, "later_of": 2, "assessment_window": 1}
