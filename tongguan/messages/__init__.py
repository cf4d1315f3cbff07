"""The catalogue of error messages, in Chinese and English, and how a user's value is echoed in them.

A message is a key with parameters (``"level.unknown"``, ``allowed=...``); `render` fills the template of
the wanted language.  A text that is not a key is shown as it is in both languages (messages built
elsewhere).  Echoed values are clipped and their control characters escaped, so a value can neither flood
the terminal nor drive it (ANSI escapes), and they are plain text to every renderer.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from importlib import import_module
from typing import Any

__all__ = ["ECHO_LIMIT", "MESSAGES", "REASONS_ZH", "echo", "echo_field", "render"]

ECHO_LIMIT = 80


# One catalogue, kept in a module an area (tongguan/messages/*.py): a key defined in two areas is a
# mistake found at import.
_AREAS = ("inputs", "commands", "answers", "batch", "query", "reform", "audit_report", "audit_findings", "audit_words")


def _catalogue() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for area in _AREAS:
        part = import_module(f".{area}", __name__).MESSAGES
        twice = sorted(set(out) & set(part))
        if twice:
            raise RuntimeError(f"message keys defined twice (tongguan/messages/{area}.py): {twice}")
        out.update(part)
    return out


# key: (Chinese, English); {name} are parameters.
MESSAGES: dict[str, tuple[str, str]] = _catalogue()

# operating-system reasons (strerror) in Chinese
REASONS_ZH = {
    "Permission denied": "没有权限",
    "Is a directory": "是文件夹",
    "No such file or directory": "文件夹不存在",
    "No such device or address": "没有这个设备",
    "Read-only file system": "只读文件系统",
    "No space left on device": "磁盘已满",
    "Not a directory": "路径中有一段不是文件夹",
}

LADDER_ZH = {"skill": "技能", "title": "职称", "qualification": "职业资格"}


def render(key: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """The message `key` in `lang` with `params` filled in; a text that is not a key is returned as is.

    Examples
    --------
    >>> render("number.min", "zh", {"limit": 1})
    '应不小于 1'
    >>> render("number.min", "en", {"limit": 1})
    'should be at least 1'
    >>> render("anything else", "en")
    'anything else'
    """
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    params = dict(params or {})
    if "ladder" in params:
        params.setdefault("ladder_zh", LADDER_ZH.get(params["ladder"], params["ladder"]))
    return pair[1 if lang == "en" else 0].format(**params)


def _clip(text: str, limit: int = ECHO_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_repr = reprlib.Repr()
_repr.maxstring = ECHO_LIMIT
_repr.maxother = ECHO_LIMIT
_repr.maxlevel = 2
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4


def echo(value: Any) -> str:
    """A value as a user sees it in a message: quoted, clipped to `ECHO_LIMIT`, control characters escaped.

    Examples
    --------
    >>> echo("九级")
    "'九级'"
    >>> echo("\\x1b[31m红")
    "'\\\\x1b[31m红'"
    >>> len(echo("x" * 1000)) <= 82
    True
    >>> echo(None)
    'None'
    """
    if isinstance(value, str):
        return repr(_clip(value))
    if isinstance(value, dt.datetime):  # as the user wrote it
        return repr(value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "<" + _clip(f"{value.bit_length()}-bit integer", ECHO_LIMIT) + ">"
    try:
        text = _repr.repr(value)
    except Exception:  # pragma: no cover - a value whose repr fails
        text = f"<{type(value).__name__}>"
    return _clip(text if text.isprintable() else repr(text)[1:-1])


def echo_field(field: str) -> str:
    """A field path (may contain a user's key) clipped and with control characters escaped.

    Examples
    --------
    >>> echo_field("skills[0].level")
    'skills[0].level'
    >>> echo_field("a\\nb")
    'a\\\\nb'
    """
    text = _clip(str(field))
    return text if text.isprintable() else repr(text)[1:-1]
