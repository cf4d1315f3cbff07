"""Writing a screening report incrementally and atomically: XLSX (汇总 + 明细), CSV, JSONL, Parquet.

XLSX has two sheets: 汇总, one row per person, and 明细, one row per person × option.  CSV, JSONL and
Parquet hold one *long table*: the person's summary columns repeated on each of their option rows (one
row with empty option columns for a person with none, or whose row failed), so every roster row is in
every report.  CSV and XLSX headers are Chinese; JSONL and Parquet use the keys (`SUMMARY`, `OPTION`).

A report is written to a temporary file beside its target and renamed into place only when complete:
an error or Ctrl-C leaves no half-written report, and an existing file is replaced only when asked
(``force``).  A device or FIFO (/dev/null, /dev/stdout) is written directly.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
import tempfile
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..labels import STATUS_ZH
from ..messages import REASONS_ZH
from .formats import file_format
from .screen import OptionRow, Result

__all__ = ["OPTION", "REPORT_FORMATS", "SUMMARY", "ReportWriter", "report_format"]

REPORT_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                  ".pq": "parquet"}  # fmt: skip

# (key, Chinese header, kind) — kind: text, int, bool
SUMMARY: list[tuple[str, str, str]] = [
    ("rows", "行号", "text"),
    ("id", "工号", "text"),
    ("name", "姓名", "text"),
    ("as_of", "评估日期", "text"),
    ("result", "结果", "text"),
    ("error_column", "错误列", "text"),
    ("error_value", "错误值", "text"),
    ("error", "错误信息", "text"),
    *[(s, STATUS_ZH[s], "int") for s in STATUS_ZH],
    ("best", "最佳选项", "text"),
    ("sentences", "说明", "text"),
    ("newly_eligible", "新近可申报事项", "text"),
    ("eligible_by", "届时可申报事项", "text"),
]
OPTION: list[tuple[str, str, str]] = [
    ("track", "类别", "text"),
    ("option", "申报事项", "text"),
    ("route", "途径", "text"),
    ("status", "状态", "text"),
    ("status_code", "状态代码", "text"),
    ("earliest", "最早日期", "text"),
    ("clauses", "依据", "text"),
    ("to_confirm", "待确认事项", "text"),
    ("missing", "缺少条件", "text"),
    ("sentence", "本项说明", "text"),
    ("option_newly", "本项新近可申报", "bool"),
    ("option_by", "本项届时可申报", "bool"),
    ("rule", "规则", "text"),
]
RESULT_ZH = {False: "正常", True: "有误"}
_OPTIONAL = {"newly_eligible": "since", "eligible_by": "by", "option_newly": "since", "option_by": "by"}


def report_format(path: Path, given: str | None = None) -> str:
    """The report's format: `given`, else from the suffix; an unknown one raises `OutputError`.

    >>> report_format(Path("out.xlsx")), report_format(Path("out"), "csv")
    ('xlsx', 'csv')
    """
    return file_format(path, given, REPORT_FORMATS, given_field="--format", path_field="--output",
                       suffix_key="format.suffix", error=OutputError)


_STATUSES = tuple(STATUS_ZH)
# an option's detail columns (`OPTION`'s order) as attributes of an `OptionRow`
_OPTION_ATTRS = attrgetter("track", "option", "route", "status_label", "status", "earliest", "clauses", "to_confirm",
                           "missing", "sentence", "newly", "by", "rule")  # fmt: skip


def summary_row(r: Result) -> list[Any]:
    """A person's summary columns, in `SUMMARY`'s order."""
    failed = r.failed
    counts = [r.counts[s] for s in _STATUSES]
    return [r.rows, r.id, r.name, r.as_of, RESULT_ZH[failed], r.error_column, r.error_value, r.error,
            *([None] * len(counts) if failed else counts), r.best if not failed else None,
            r.sentences if not failed else None, r.newly, r.by]  # fmt: skip


def option_row(o: OptionRow) -> tuple[Any, ...]:
    """An option's detail columns, in `OPTION`'s order."""
    return _OPTION_ATTRS(o)


def summary_values(r: Result) -> dict[str, Any]:
    """A person's summary columns by key."""
    return dict(zip([k for k, _, _ in SUMMARY], summary_row(r), strict=True))


def option_values(o: OptionRow | None) -> dict[str, Any]:
    """An option's detail columns by key (all empty for ``None``)."""
    if o is None:
        return {k: None for k, _, _ in OPTION}
    return dict(zip([k for k, _, _ in OPTION], option_row(o), strict=True))


def _picker(columns: list[tuple[str, str, str]], wanted: list[tuple[str, str, str]]) -> itemgetter:
    """The function of a row of all `columns` to the tuple of its `wanted` ones (at least two)."""
    return itemgetter(*[columns.index(c) for c in wanted])


class _Target:
    """Where a report goes: a temporary file beside it, renamed into place on `commit`."""

    def __init__(self, path: Path, force: bool, option: str = "--output"):
        self.path, self.option = path, option
        self.real = Path(os.path.realpath(path))
        try:
            st = self.real.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise self._cannot(exc) from None
        self.mode: int | None = None
        self.direct = st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(option, str(path), "output.folder")
        if st is not None and stat.S_ISREG(st.st_mode):
            if not force:
                raise OutputError(option, str(path), "output.exists")
            self.mode = stat.S_IMODE(st.st_mode)
        if self.direct:
            self.tmp = self.real
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.real.name}.", suffix=".part", dir=self.real.parent)
        except OSError as exc:
            raise self._cannot(exc) from None
        os.close(fd)
        self.tmp = Path(tmp)

    def _cannot(self, exc: OSError) -> OutputError:
        reason = exc.strerror or exc.__class__.__name__
        return OutputError(self.option, str(self.path), "output.cannot", reason=REASONS_ZH.get(reason, reason),
                           en={"reason": reason})  # fmt: skip

    def commit(self) -> None:
        if self.direct:
            return
        try:
            if self.mode is None:
                umask = os.umask(0)
                os.umask(umask)
                self.mode = 0o666 & ~umask
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.real)
        except OSError as exc:
            self.abort()
            raise self._cannot(exc) from None

    def abort(self) -> None:
        if not self.direct:
            self.tmp.unlink(missing_ok=True)


class ReportWriter:
    """A report being written: `add` each `Result` in order, then `close` (or leave the ``with`` block).

    Leaving the block with an exception (Ctrl-C included) removes the partial file and leaves any
    earlier report in place.  `since` and `by` add the columns of ``--newly-eligible-since`` and
    ``--eligible-by``.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp(), "r.csv")
    >>> with ReportWriter(out) as w:
    ...     w.add(Result("2", 2, "7", "张三", error="bad", error_column="姓名"))
    >>> out.read_text(encoding="utf-8-sig").splitlines()[1][:13]
    '2,7,张三,,有误,姓名'
    """

    def __init__(self, path: str | Path, fmt: str | None = None, since: bool = False, by: bool = False,
                 force: bool = False):  # fmt: skip
        self.path = Path(path)
        self.format = report_format(self.path, fmt)
        wanted = {"since": since, "by": by}
        keep = lambda cols: [c for c in cols if c[0] not in _OPTIONAL or wanted[_OPTIONAL[c[0]]]]  # noqa: E731
        self.summary, self.option = keep(SUMMARY), keep(OPTION)
        self.long = self.summary + self.option
        self._summary, self._option = _picker(SUMMARY, self.summary), _picker(OPTION, self.option)
        self.persons = self.failed = self.rows = 0
        self._target = _Target(self.path, force)
        self._closed = False
        try:
            self._open()
        except BaseException:
            self._target.abort()
            raise

    # ---- formats ---------------------------------------------------------------------------------

    def _open(self) -> None:
        tmp = self._target.tmp
        if self.format == "xlsx":
            from .xlsx import XlsxStream

            self._book = XlsxStream(tmp, ["汇总", "明细"])
            self._book.append(0, [zh for _, zh, _ in self.summary])
            self._book.append(1, ["行号", "工号", "姓名", *[zh for _, zh, _ in self.option]])
        elif self.format == "csv":
            self._fh = open(tmp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115  (closed in close/abort)
            self._csv = csv.writer(self._fh)
            self._csv.writerow([zh for _, zh, _ in self.long])
        elif self.format == "jsonl":
            self._fh = open(tmp, "w", encoding="utf-8")  # noqa: SIM115
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            kinds = {"text": pa.string(), "int": pa.int32(), "bool": pa.bool_()}
            self._schema = pa.schema([(k, kinds[kind]) for k, _, kind in self.long])
            self._pq = pq.ParquetWriter(str(tmp), self._schema, compression="zstd")
            self._columns: list[list[Any]] = [[] for _ in self.long]  # a chunk of rows, column by column
            self._repeat: list[int] = []  # per row buffered, the person's (their summary is in once)
            self._buffered = 0

    def add(self, r: Result) -> None:
        """Write one person's rows."""
        self.persons += 1
        self.failed += r.failed
        opts = r.options
        n = len(opts) or 1
        self.rows += n
        head = self._summary(summary_row(r))
        if self.format == "xlsx":
            book, pick = self._book, self._option
            book.append(0, _cells(head))
            lead = (r.rows, r.id, r.name)
            for o in opts:
                book.append(1, (*lead, *_cells(pick(_OPTION_ATTRS(o)))))
            return
        if self.format == "parquet":  # column by column: the person's summary once, repeated at the flush
            self._repeat += [len(self._columns[0])] * n
            for col, v in zip(self._columns, head, strict=False):
                col.append(v)
            rest = self._columns[len(head) :]
            if opts:
                pick = self._option
                for col, vs in zip(rest, zip(*[pick(_OPTION_ATTRS(o)) for o in opts], strict=True), strict=True):
                    col.extend(vs)
            else:
                for col in rest:
                    col.append(None)
            self._buffered += n
            if self._buffered >= 65_536:
                self._flush()
            return
        head = dict(zip([k for k, _, _ in self.summary], head, strict=True))
        for o in opts or [None]:
            row = {**head, **option_values(o)}
            if self.format == "csv":
                self._csv.writerow(["" if (v := _cell(row[k])) is None else v for k, _, _ in self.long])
            else:
                self._fh.write(json.dumps({k: row[k] for k, _, _ in self.long}, ensure_ascii=False) + "\n")

    def _flush(self) -> None:
        """Write the buffered rows as a row group: each summary column converted once a person, then
        repeated over the person's option rows (`pyarrow.Array.take`) rather than converted on each."""
        import pyarrow as pa

        if self._buffered:
            ns = len(self.summary)
            at = pa.array(self._repeat, pa.int32())
            arrays = [
                pa.array(col, field.type).take(at) if i < ns else pa.array(col, field.type)
                for i, (col, field) in enumerate(zip(self._columns, self._schema, strict=True))
            ]
            self._pq.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
            self._columns = [[] for _ in self.long]
            self._repeat = []
            self._buffered = 0

    def close(self) -> None:
        """Finish the report and put it in place."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.format == "xlsx":
                self._book.close()
            elif self.format in ("csv", "jsonl"):
                self._fh.close()
            else:
                self._flush()
                self._pq.close()
        except OSError as exc:
            self._target.abort()
            raise self._target._cannot(exc) from None
        except BaseException:
            self._target.abort()
            raise
        self._target.commit()

    def abort(self) -> None:
        """Drop the partial report (an earlier file at the path stays as it was)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            if self.format in ("csv", "jsonl"):
                self._fh.close()
            elif self.format == "parquet":
                self._pq.close()
            elif self.format == "xlsx":
                self._book.abort()
        self._target.abort()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def _cell(v: Any) -> Any:
    """A value for a CSV or XLSX cell: yes/no in Chinese."""
    if isinstance(v, bool):
        return "是" if v else "否"
    return v


def _cells(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """`_cell` of each value; the values themselves when none is a bool (as is usual: looked at in C)."""
    return tuple(map(_cell, values)) if bool in map(type, values) else values
