"""Versions in force by date: the policy data records the day a version takes effect (kb/document.yaml
`effective`, a reform's `effective`) and which version it replaces; an answer asked for a day before it
carries a note saying the version was not yet in force."""

from __future__ import annotations

import datetime as dt

from ..kb import KB

__all__ = ["effective_date", "in_force_note"]


def effective_date(kb: KB) -> dt.date | None:
    """The day the KB's version takes effect (``document.effective``), or None when it does not say.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> effective_date(load_kb())
    datetime.date(2021, 11, 1)
    """
    value = kb.document.get("effective")
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        return dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        return None


def in_force_note(kb: KB, day: dt.date, lang: str = "zh") -> str | None:
    """The note an answer for `day` carries when the KB's version was not yet in force that day, else None.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> in_force_note(load_kb(), dt.date(2021, 6, 1))[:23]
    '评估日期 2021-06-01 早于该版本方案'
    >>> in_force_note(load_kb(), dt.date(2025, 6, 1)) is None
    True
    """
    eff = effective_date(kb)
    if eff is None or day >= eff:
        return None
    note = kb.notes.get("not_in_force")
    if note is None:
        return None
    replaces = kb.document.get("replaces") or kb.document.get("base") or ""
    return note[lang if lang in note else "zh"].format(
        id=kb.document.get("id", ""), effective=eff.isoformat(), as_of=day.isoformat(), replaces=replaces
    )
