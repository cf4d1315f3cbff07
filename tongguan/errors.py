"""The project's own errors: bad input named by its field and its value, with the reason in Chinese and English.

The library raises these and never prints or exits; each front end (the command line, later the web and batch
front ends) shows `TongguanError.text` in the user's language.  The reason is a key of
`tongguan.messages.MESSAGES` with its parameters, so both languages come from one catalogue.
"""

from __future__ import annotations

from typing import Any

from .messages import render

__all__ = ["NOT_GIVEN", "DocumentError", "OptionError", "OutputError", "TongguanError"]


class _NotGiven:
    """The value of a required field that is absent."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = _NotGiven()


class TongguanError(ValueError):
    """Bad input: the field, the value, and why (a message key with parameters, or a literal text).

    ``str()`` is the Chinese line; `text` gives either language.  Parameters that differ by language
    (a cause quoted from PyYAML, say) are given in Chinese, with their English under ``en={...}``.

    Examples
    --------
    >>> e = TongguanError("skills[0].level", "九级", "level.unknown", ladder="skill", allowed="技师")
    >>> e.text("en")
    "skills[0].level: '九级': unknown skill level (one of 技师, or a synonym)"
    >>> str(e)
    "skills[0].level：'九级'：不是已知的技能等级（可填 技师 或其同义词）"
    """

    def __init__(self, field: str, value: Any, message: str, /, en: dict[str, Any] | None = None, **params: Any):
        self.field, self.value, self.key, self.params = field, value, message, params
        self.params_en = {**params, **(en or {})}
        ValueError.__init__(self, self.text("zh"))  # explicit: subclasses may mix in other ValueErrors

    @property
    def message(self) -> str:
        """The reason alone, in Chinese."""
        return self.reason("zh")

    def reason(self, lang: str = "zh") -> str:
        """The reason alone, in `lang` (``zh`` or ``en``)."""
        return render(self.key, lang, self.params_en if lang == "en" else self.params)

    def text(self, lang: str = "zh") -> str:
        """One line: field, echoed value (clipped, control characters escaped) and the reason."""
        from .messages import echo, echo_field

        sep = "：" if lang != "en" else ": "
        value = ("(not given)" if lang == "en" else "（未填）") if self.value is NOT_GIVEN else echo(self.value)
        return f"{echo_field(self.field)}{sep}{value}{sep}{self.reason(lang)}"

    def recast(self, cls: type[TongguanError]) -> TongguanError:
        """The same error as an instance of `cls` (a `DocumentError` reading a profile is a profile error)."""
        out = cls(self.field, self.value, self.key, **self.params)
        out.params_en = self.params_en
        return out


class DocumentError(TongguanError):
    """A document (profile or assumptions file) that cannot be read or is out of bounds."""


class OptionError(TongguanError):
    """A command-line option with a bad value."""


class OutputError(TongguanError):
    """An output file that must not or cannot be written."""
