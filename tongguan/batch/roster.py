"""Reading a roster lazily, bounded before it is built: JSONL, CSV, XLSX and Parquet, one `Entry` per person.

A roster is read row by row (a chunk of rows at a time for Parquet), so its size never decides the
memory used.  Its bounds (`RosterLimits`) are checked before anything is built where the format says
them up front (the file's size, an XLSX's uncompressed parts, a Parquet file's row count) and while
reading otherwise (the rows, a line's length, a cell's length).  A roster that breaks them, or whose
header cannot be read, raises a `TongguanError` before any person is screened; a bad *row* never
does — it becomes an `Entry` carrying its error, and the report lists it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..documents import LIMITS, Limits, parse_json
from ..errors import DocumentError, TongguanError
from ..messages import REASONS_ZH
from .columns import PERSON, Column, Provenance, RowError, cell_text, merge_rows, parse_header, row_fields
from .formats import file_format

__all__ = ["ROSTER_FORMATS", "Entry", "Roster", "RosterLimits", "open_roster", "roster_format"]

ROSTER_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip


@dataclass(frozen=True)
class RosterLimits:
    """Bounds of a roster.

    Attributes
    ----------
    size : int
        Bytes in the file.
    rows : int
        Data rows (JSONL: non-blank lines).
    line : int
        Bytes in one JSONL line or CSV field.
    cell : int
        Characters in one cell (the profile's bound on a text).
    columns : int
        Columns in the header.
    unzipped : int
        Bytes of an XLSX's parts once uncompressed (a zip bomb is refused before it is opened).
    """

    size: int = 4 * 1024**3
    rows: int = 2_000_000
    line: int = 65_536
    cell: int = LIMITS.text
    columns: int = 500
    unzipped: int = 8 * 1024**3


def _none() -> None:
    return None


_LATER = frozenset({"data", "provenance", "error", "id", "name"})


@dataclass
class Entry:
    """One person of a roster: the rows they came from, their profile mapping, or the error of their rows.

    Reading a roster leaves the making of an entry's mapping from its cells (or its JSONL line) to
    whoever first asks for it: with ``--jobs N`` that is the worker the entry goes to, by pickle, as
    its cells — a few hundred bytes pickled and unpickled in ~5 µs, where the mapping and its
    provenance took ~670 bytes and ~45 µs — and the work of making the mapping is the worker's,
    not the process that reads the roster and writes the report.  Asking is reading `data`,
    `provenance`, `error` (or any field not given to `later`): `__getattr__` makes them then.
    (A table's persons only: a JSONL line is made as it is read, see `Roster._jsonl`.)
    """

    first: int  # the roster row (header = row 1) or JSONL line the person starts on
    last: int
    # default_factory, not default: no class attribute, so that an entry still to be made has none
    data: dict[str, Any] | None = field(default_factory=_none)
    provenance: Provenance = field(default_factory=Provenance)
    error: TongguanError | None = field(default_factory=_none)
    id: str | None = field(default_factory=_none)
    name: str | None = field(default_factory=_none)

    @classmethod
    def later(cls, first: int, last: int, make: tuple[Any, ...], **known: Any) -> Entry:
        """An entry whose other fields are made by ``make[0](*make[1:])`` (a function returning them as a
        mapping) when first asked for; `known` are the fields given now."""
        entry = cls.__new__(cls)
        entry.__dict__.update(first=first, last=last, **known, _make=make)
        return entry

    def __getattr__(self, name: str) -> Any:
        make = self.__dict__.pop("_make", None) if name in _LATER else None
        if make is None:
            raise AttributeError(name)
        made = make[0](*make[1:])
        for k in _LATER:
            if k not in self.__dict__:
                self.__dict__[k] = made.get(k, Provenance() if k == "provenance" else None)
        return self.__dict__[name]

    @property
    def rows(self) -> str:
        """``7`` or ``7-9``: the rows of the roster this person is."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    # An entry goes to a worker process by pickle (``--jobs N``); a `TongguanError` cannot be unpickled
    # by itself (its constructor takes field, value, key: the exception's default reduce gives it only
    # the text), which broke the pool on the first bad row.  So the error travels as its parts.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        e = state.get("error")
        if isinstance(e, TongguanError):
            state["error"] = _ErrorParts(type(e), e.field, e.value, e.key, e.params, e.params_en)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        e = state.get("error")
        if isinstance(e, _ErrorParts):
            err = e.cls(e.field, e.value, e.key, **e.params)
            err.params_en = e.params_en
            state["error"] = err
        self.__dict__.update(state)


@dataclass(frozen=True)
class _ErrorParts:
    cls: type[TongguanError]
    field: str
    value: Any
    key: str
    params: dict[str, Any]
    params_en: dict[str, Any]


def roster_format(path: Path, given: str | None = None) -> str:
    """The roster's format: `given`, else from the suffix; an unknown one raises `TongguanError`.

    >>> roster_format(Path("staff.xlsx")), roster_format(Path("x.txt"), "csv")
    ('xlsx', 'csv')
    """
    return file_format(path, given, ROSTER_FORMATS, given_field="--roster-format", path_field="ROSTER",
                       suffix_key="roster.suffix")


class Roster:
    """A roster opened for reading: its format, an estimate of its rows (for a progress bar), its persons.

    Iterating it yields each `Entry` once, lazily.  Everything wrong with the file as a whole raises
    when it is opened (`open_roster`) or, for what only reading finds (too many rows), while iterating.
    """

    def __init__(self, path: Path, fmt: str, limits: RosterLimits):
        self.path, self.format, self.limits = path, fmt, limits
        self.total: int | None = None  # rows, when the format tells (else None)
        self._name = str(path)
        self._check_file()
        if fmt == "xlsx":
            self._open_xlsx()
        elif fmt == "parquet":
            self._open_parquet()
        elif fmt == "csv":
            self._open_csv()

    # ---- the file as a whole ---------------------------------------------------------------------

    def _fatal(self, key: str, **params: Any) -> TongguanError:
        return DocumentError("ROSTER", self._name, key, **params)

    def _check_file(self) -> None:
        try:
            if self.path.is_dir():
                raise self._fatal("file.folder")
            size = self.path.stat().st_size
            with open(self.path, "rb"):
                pass
        except FileNotFoundError:
            raise self._fatal("file.missing") from None
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise self._fatal("file.unreadable", reason=REASONS_ZH.get(reason, reason), en={"reason": reason}) from None
        if size > self.limits.size:
            raise self._fatal("file.too_large", limit=_bytes(self.limits.size))
        if size == 0:
            raise self._fatal("file.empty")

    def _open_xlsx(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as z:
                unzipped = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, OSError):
            raise self._fatal("roster.not_xlsx") from None
        if unzipped > self.limits.unzipped:
            raise self._fatal("roster.unzipped", limit=_bytes(self.limits.unzipped))
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        try:  # calamine (Rust): ~25 µs a row where openpyxl's read-only parser took ~500 (benchmarks/README.md)
            self._book = CalamineWorkbook.from_path(str(self.path))
            first = next(i for i, m in enumerate(self._book.sheets_metadata) if m.typ == SheetTypeEnum.WorkSheet)
            self._sheet = self._book.get_sheet_by_index(first)
        except Exception as exc:  # calamine raises several kinds for a damaged workbook (or none is a worksheet)
            self.close()
            raise self._fatal("roster.not_xlsx", detail=type(exc).__name__) from None
        end = self._sheet.end
        self.total = end[0] if end is not None else None  # rows after the header (row 1)
        self._check_rows(self.total)

    def _open_parquet(self) -> None:
        import pyarrow.parquet as pq

        try:
            self._parquet = pq.ParquetFile(self.path)
        except Exception:
            raise self._fatal("roster.not_parquet") from None
        self.total = self._parquet.metadata.num_rows
        self._check_rows(self.total)

    def _open_csv(self) -> None:
        with open(self.path, "rb") as fh:
            head = fh.read(65_536)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not a character cut by the read
                text = head.decode("gb18030", errors="replace")
                if re.search(r"[\u4e00-\u9fff]", text):
                    raise self._fatal("file.gbk") from None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise self._fatal("file.utf16")

    def _check_rows(self, n: int | None) -> None:
        if n is not None and n > self.limits.rows:
            raise self._fatal("roster.too_many_rows", limit=self.limits.rows)

    def close(self) -> None:
        """Release the file (an XLSX workbook stays open while it is read)."""
        book = getattr(self, "_book", None)
        if book is not None:
            self._book = None
            with contextlib.suppress(Exception):  # calamine: already closed
                book.close()

    # ---- persons -----------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Entry]:
        if self.format == "jsonl":
            yield from self._jsonl()
            return
        rows = {"csv": self._csv_rows, "xlsx": self._xlsx_rows, "parquet": self._parquet_rows}[self.format]()
        yield from self._persons(rows)

    def _count(self, n: int) -> None:
        if n > self.limits.rows:
            raise self._fatal("roster.too_many_rows", limit=self.limits.rows)

    def _jsonl(self) -> Iterator[Entry]:
        limits = Limits(size=self.limits.line, text=self.limits.cell)
        count = 0
        with open(self.path, "rb") as fh:
            for number, raw in enumerate(_lines(fh, self.limits.line), start=1):
                if raw is None:
                    count += 1
                    self._count(count)
                    yield Entry(number, number, error=RowError(f"第 {number} 行", "…", "roster.line_long",
                                                               limit=_bytes(self.limits.line)))  # fmt: skip
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                if not raw.strip():
                    continue
                count += 1
                self._count(count)
                # made here, not later (Entry.later): a JSONL entry made in the worker kept the engine's
                # answers alive there (~2 GB a worker by 100k persons; why is not yet understood)
                yield _json_entry(raw, number, limits)

    def _csv_rows(self) -> Iterator[tuple[int, list[Any] | RowError]]:
        with open(self.path, "rb") as fh:
            text = (b.decode("utf-8", errors="surrogateescape") for b in _csv_lines(fh, self.limits.line))
            reader = csv.reader(text)
            number = 0
            while True:
                number += 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield number, RowError(f"第 {number} 行", "…", "roster.csv", detail=str(exc))
                    continue
                if values == [_LONG]:
                    yield number, RowError(f"第 {number} 行", "…", "roster.line_long", limit=_bytes(self.limits.line))
                    continue
                bad = next((v for v in values if _surrogates(v)), None)
                if bad is not None:
                    yield number, RowError(f"第 {number} 行", bad.encode("utf-8", "surrogateescape").decode(
                        "utf-8", "replace"), "file.encoding", line=reader.line_num)  # fmt: skip
                    continue
                yield number, list(values)

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any] | RowError]]:
        """The sheet's rows from row 1 (calamine starts at the first used column: the columns left of it,
        empty, are put back so that a header starting at column B reads as openpyxl read it)."""
        start = self._sheet.start
        pad = [None] * (start[1] if start is not None else 0)
        try:
            for number, values in enumerate(self._sheet.iter_rows(), start=1):
                yield number, [*pad, *values] if pad else values
        finally:
            self.close()

    def _parquet_rows(self) -> Iterator[tuple[int, list[Any] | RowError]]:
        headers = list(self._parquet.schema_arrow.names)
        yield 1, headers
        number = 1
        for batch in self._parquet.iter_batches(batch_size=4096):
            cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*cols, strict=True):
                number += 1
                yield number, list(values)

    def _persons(self, rows: Iterator[tuple[int, list[Any] | RowError]]) -> Iterator[Entry]:
        """Rows → persons: the header first, then consecutive rows of one 工号/身份证号 as one person."""
        columns: list[Column | None] | None = None
        id_at: int | None = None
        name_at: int | None = None
        group: list[tuple[int, list[Any] | RowError]] = []
        group_id: str | None = None
        seen: dict[str, int] = {}
        count = 0
        for number, values in rows:
            if columns is None:
                if isinstance(values, RowError):
                    raise values
                if all(_blank(v) for v in values):
                    continue
                if len(values) > self.limits.columns:
                    raise self._fatal("roster.too_many_columns", limit=self.limits.columns)
                long = next((v for v in values if isinstance(v, str) and len(v) > self.limits.cell), None)
                if long is not None:
                    raise RowError("表头", long, "text.too_long", limit=self.limits.cell)
                columns = parse_header(values)
                id_at = next((i for i, c in enumerate(columns) if c and c.target == "id"), None)
                name_at = next((i for i, c in enumerate(columns) if c and c.target == "name"), None)
                continue
            if not isinstance(values, RowError) and all(_blank(v) for v in values):
                continue  # an empty row is no person
            count += 1
            self._count(count)
            ident = None
            if not isinstance(values, RowError) and id_at is not None and id_at < len(values):
                raw = cell_text(values[id_at])
                ident = raw if isinstance(raw, str) and raw and len(raw) <= self.limits.cell else None
            if group and (ident is None or ident != group_id):
                yield self._entry(columns, group, id_at, name_at)
                group = []
            if ident is not None and ident != group_id and ident in seen:
                group_id = None
                yield Entry(number, number, error=RowError(PERSON["id"][0], ident, "roster.id_repeated",
                                                           first=seen[ident]), id=ident)  # fmt: skip
                continue
            if ident is not None:
                seen.setdefault(ident, number)
            group.append((number, values))
            group_id = ident
        if group:
            yield self._entry(columns, group, id_at, name_at)
        if columns is None:
            raise self._fatal("roster.no_header")

    def _entry(
        self, columns: list[Column | None], group: list[tuple[int, list[Any] | RowError]], id_at: int | None,
        name_at: int | None,
    ) -> Entry:  # fmt: skip
        first, last = group[0][0], group[-1][0]

        def pick(at: int | None) -> str | None:
            for _, values in group:
                if not isinstance(values, RowError) and at is not None and at < len(values):
                    v = cell_text(values[at])
                    if isinstance(v, str) and v:
                        return v[: self.limits.cell]
            return None

        ident, name = pick(id_at), pick(name_at)
        if any(isinstance(values, RowError) for _, values in group):
            return Entry(first, last, id=ident, name=name, **_rows_entry(columns, group, self.limits.cell))
        return Entry.later(first, last, (_rows_entry, columns, group, self.limits.cell), id=ident, name=name)


def _rows_entry(columns: list[Column | None], group: list[tuple[int, list[Any] | RowError]], cell: int) -> dict[str, Any]:
    """A person's profile mapping and provenance from their rows, or the error of the first bad one."""
    try:
        parts = []
        for number, values in group:
            if isinstance(values, RowError):
                raise values
            _check_cells(columns, values, number, cell)
            parts.append((number, *row_fields(columns, values, number)))
        data, provenance = merge_rows(parts)
    except TongguanError as exc:
        return {"error": exc}
    return {"data": data, "provenance": provenance}


def _check_cells(columns: list[Column | None], values: list[Any], number: int, cell: int) -> None:
    """Raise `RowError` for the row's first cell without a column that is not blank, or text too long."""
    if len(values) <= len(columns) and _all_named(columns):  # the usual: looked at in C, all cells at once
        try:
            longest = max(map(len, values), default=0)
        except TypeError:  # a cell that is not text (a number, a date, None)
            longest = max([len(v) for v in values if isinstance(v, str)], default=0)
        if longest <= cell:
            return
    for i, v in enumerate(values):
        col = columns[i] if i < len(columns) else None
        if col is None:
            if not _blank(v):
                raise RowError(f"第 {i + 1} 列", v, "roster.no_column")
            continue
        if isinstance(v, str) and len(v) > cell:
            raise RowError(col.header, v, "text.too_long", limit=cell)


_NAMED: tuple[Any, bool] = (None, False)  # the last header looked at, and whether all its columns have a header


def _all_named(columns: list[Column | None]) -> bool:
    global _NAMED
    last = _NAMED  # one read (as columns._steps: another thread may replace it)
    if last[0] is not columns:
        last = _NAMED = (columns, None not in columns)
    return last[1]


def open_roster(path: str | Path, fmt: str | None = None, limits: RosterLimits | None = None) -> Roster:
    """Open a roster for reading (its format from the suffix unless `fmt`); raises `TongguanError`.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = Path(d, "r.csv")
    >>> _ = p.write_text("姓名,职业技能等级,取得时间\\n张三,技师,2019-03-01\\n李四,九级,\\n", encoding="utf-8")
    >>> [(e.rows, e.name, e.data) for e in open_roster(p)]  # doctest: +NORMALIZE_WHITESPACE
    [('2', '张三', {'name': '张三', 'skills': [{'level': '技师', 'obtained': '2019-03-01'}]}),
     ('3', '李四', {'name': '李四', 'skills': [{'level': '九级'}]})]
    """
    path = Path(path)
    return Roster(path, roster_format(path, fmt), limits or RosterLimits())


# ---- helpers -------------------------------------------------------------------------------------------


def _json_entry(raw: bytes, number: int, limits: Limits) -> Entry:
    """The entry of JSONL line `number`."""
    return Entry(number, number, **_json_fields(raw, number, limits))


def _json_fields(raw: bytes, number: int, limits: Limits) -> dict[str, Any]:
    """The fields of JSONL line `number`'s entry: its data, id and name, or its error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"error": RowError(f"第 {number} 行", "…", "file.encoding", line=number)}
    data = _quick_json(text, limits, raw)
    if data is _SLOW:
        try:
            data = parse_json(text, limits, label=f"第 {number} 行", name=f"第 {number} 行")
        except DocumentError as exc:
            return {"error": exc}
    if not isinstance(data, dict):
        return {"error": RowError(f"第 {number} 行", data, "doc.not_mapping")}
    ident, name = data.get("id"), data.get("name")
    return {
        "data": data,
        "id": cell_text(ident)[: limits.text] if isinstance(cell_text(ident), str) else None,
        "name": name[: limits.text] if isinstance(name, str) else None,
    }


_SLOW = object()


@functools.cache
def _risky(text: int) -> re.Pattern[str]:
    return re.compile(f'"[^"]{{{text + 1}}}')


def _quick_json(text: str, limits: Limits, raw: bytes | None = None) -> Any:
    """A line that certainly is within `limits`, parsed by orjson alone (~5 µs a line, where `parse_json`
    takes ~70 and `json.loads` with a duplicate-key hook ~25), else `_SLOW`: then `parse_json` reads it
    and gives the exact error.  `raw` is the line's bytes when the caller has them (orjson reads UTF-8).

    Certainly within: no escaped quote (so a text is what lies between two quotes), no quote followed
    by more characters than a text may have (keys included), fewer brackets than the depth, fewer
    separators than the values, no quote followed by blanks and a colon, no integer of more digits than
    it may have, and no key twice in an object.  orjson keeps the last of a repeated key without a word,
    so that is checked by counting: every key's closing quote is followed by ``:`` at once, so the line
    holds at least as many ``":`` as the objects hold keys, and exactly as many unless a key was repeated
    (the objects then hold fewer) or a text starts with a colon (the line then holds more): equal counts
    mean no key twice.  Whatever orjson refuses (NaN, a lone surrogate, an integer past 64 bits) goes to
    `parse_json`, which decides as `json.loads` does.

    >>> _quick_json('{"a": [1, "b"]}', LIMITS), _quick_json('{"a": 1, "a": 2}', LIMITS) is _SLOW
    ({'a': [1, 'b']}, True)
    >>> _quick_json('{"a" : 1, "a": 2}', LIMITS) is _SLOW, _quick_json('{"a": ":", "b": 1}', LIMITS) is _SLOW
    (True, True)
    """
    if (
        '\\"' in text
        or _risky(limits.text).search(text)
        or text.count("{") + text.count("[") >= limits.depth
        or text.count(",") + text.count(":") + text.count("{") + text.count("[") + 1 >= limits.values
        or (('" ' in text or '"\t' in text or '"\r' in text or '"\n' in text) and _BLANK_COLON.search(text))
    ):
        return _SLOW
    try:
        data = orjson.loads(text if raw is None else raw)
    except (orjson.JSONDecodeError, RecursionError):
        return _SLOW
    keys = _walk(data, limits.digits)
    if keys == _FLOAT:  # a float, or an integer past 64 bits that orjson read as one
        if _long_digits(min(limits.digits, 18)).search(text):
            return _SLOW
        keys = _walk(data, limits.digits, floats=False)
    if keys < 0 or keys != text.count('":'):
        return _SLOW
    return data


_BLANK_COLON = re.compile(r'"[ \t\r\n]+:')
_FLOAT = -2


@functools.cache
def _long_digits(n: int) -> re.Pattern[str]:
    return re.compile(f"\\d{{{n + 1}}}")


def _walk(data: Any, digits: int, floats: bool = True) -> int:
    """The keys of every object in `data`; -1 if an integer has more than `digits` digits (looked at only
    below 18: orjson reads 18 digits exactly, and longer ones are found in the text), `_FLOAT` at the first
    float if `floats`."""
    bound = 10**digits if digits < 18 else 0
    keys = 0
    todo = [data]
    while todo:
        v = todo.pop()
        t = type(v)
        if t is dict:
            keys += len(v)
            v = v.values()
        elif t is not list:
            if t is float and floats:
                return _FLOAT
            if t is int and bound and not -bound < v < bound:
                return -1
            continue
        for x in v:
            t = type(x)
            if t is dict or t is list or t is float or (bound and t is int):
                todo.append(x)
    return keys


def _lines(fh: Any, limit: int) -> Iterator[bytes | None]:
    """The file's lines, each at most `limit` bytes (a longer one yields ``None`` and is skipped)."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line without keeping it
                more = fh.readline(limit + 1)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _csv_lines(fh: Any, limit: int) -> Iterator[bytes]:
    first = True
    for line in _lines(fh, limit):
        if line is None:
            yield _LONG.encode() + b"\n"  # a line too long: a marker in its place, without its text
            continue
        if first and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        first = False
        yield line


_LONG = "\x00\x00line-too-long\x00\x00"


def _surrogates(v: str) -> bool:
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in v


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _bytes(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"
