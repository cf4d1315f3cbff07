"""A roster's or a report's file format: the one given, else the one its suffix names."""

from __future__ import annotations

from pathlib import Path

from ..errors import TongguanError

__all__ = ["file_format"]


def file_format(path: Path, given: str | None, formats: dict[str, str], *, given_field: str, path_field: str,
                suffix_key: str, error: type[TongguanError] = TongguanError) -> str:
    """`given` if it is one of `formats`' values, else the format `path`'s suffix names.

    An unknown format raises `error` on `given_field` (``format.unknown``); an unknown suffix on
    `path_field` (`suffix_key`), listing the formats allowed.

    Examples
    --------
    >>> fmts = {".csv": "csv", ".xlsx": "xlsx"}
    >>> kw = dict(given_field="--format", path_field="OUT", suffix_key="format.suffix")
    >>> file_format(Path("a.XLSX"), None, fmts, **kw), file_format(Path("a"), "csv", fmts, **kw)
    ('xlsx', 'csv')
    >>> file_format(Path("a.txt"), None, fmts, **kw)
    Traceback (most recent call last):
    ...
    tongguan.errors.TongguanError: OUT：'a.txt'：看不出文件后缀对应的格式：请用 --format 指定（csv、xlsx）
    """
    allowed = "、".join(dict.fromkeys(formats.values()))
    if given is not None:
        if given not in set(formats.values()):
            raise error(given_field, given, "format.unknown", allowed=allowed)
        return given
    fmt = formats.get(path.suffix.lower())
    if fmt is None:
        raise error(path_field, str(path), suffix_key, allowed=allowed)
    return fmt
