"""A streaming XLSX writer of our own: rows go straight into the sheets' XML inside the zip.

Why not openpyxl or xlsxwriter: a report of 100k persons is ~7M cells, and both spend 12-22 µs a cell
in Python (openpyxl's write-only mode 1.5 ms a person, xlsxwriter's ``constant_memory`` 0.7 ms;
benchmarks/README.md, section batch), which alone breaks the 60-s goal of issue 12.  A report needs
only text and numbers in plain cells, so each row is one formatted string of inline-string cells
(``<c t="inlineStr">``, no shared-strings table to keep in memory), written as it comes: the last
sheet streams into its zip member, the others into anonymous temporary files (gone with the process)
copied in when the workbook is closed.  Memory stays that of one buffer of rows whatever the report's
size.  The package has the parts a spreadsheet program needs (content types, workbook, relationships,
styles); openpyxl and calamine read it back (tests/test_batch.py; Excel itself was not tried here).

Examples
--------
>>> import tempfile, openpyxl
>>> from pathlib import Path
>>> out = Path(tempfile.mkdtemp(), "r.xlsx")
>>> w = XlsxStream(out, ["汇总", "明细"])
>>> w.append(0, ["工号", "人数"]); w.append(0, ["7", 3]); w.append(1, ["a<b & c", None, 2.5])
>>> w.close()
>>> book = openpyxl.load_workbook(out)
>>> [list(r) for r in book["汇总"].iter_rows(values_only=True)], list(book["明细"].iter_rows(values_only=True))
([['工号', '人数'], ['7', 3]], [('a<b & c', None, 2.5)])
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

__all__ = ["XlsxStream", "column_letter"]

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}"><sheetData>'
_TAIL = "</sheetData></worksheet>"
# what XML text cannot hold as it is: markup characters, and the control characters XML 1.0 forbids
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_FLUSH = 2000  # rows buffered per sheet before they are written


def column_letter(i: int) -> str:
    """The letters of column `i` (0-based).

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'Z', 'AA', 'AAA')
    """
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


_LETTERS = [column_letter(i) for i in range(512)]


def _escape(s: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(0), "\ufffd"), s) if _SPECIAL.search(s) else s


def _row(n: int, values: list[Any]) -> str:
    """Row `n`'s XML.  A report's cells are text and numbers, and their text almost never holds what
    XML must escape: so the row is written as it is, and its text looked at once, all cells joined,
    rather than cell by cell (a regular expression each: 4.3 µs a row of the report, now 2.7).  A row
    with something to escape, or a cell of another type, is written by `_cells`."""
    r = str(n)
    out = [f'<row r="{r}">']
    text = []
    for i, v in enumerate(values):
        if v is None:
            continue
        t = type(v)
        if t is str:
            out.append(f'<c r="{_LETTERS[i]}{r}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>')
            text.append(v)
        elif t is int or t is float:
            out.append(f'<c r="{_LETTERS[i]}{r}"><v>{v!r}</v></c>')
        else:
            return _cells(n, values)
    s = "".join(text)
    # isprintable: no control character, surrogate or non-character (nor a tab or newline: then look closer)
    if "<" in s or ">" in s or "&" in s or (not s.isprintable() and _SPECIAL.search(s)):
        return _cells(n, values)
    out.append("</row>")
    return "".join(out)


def _cells(n: int, values: list[Any]) -> str:
    """Row `n`'s XML cell by cell, each text escaped (a bool is a boolean cell, anything else its text)."""
    cells = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, str):
            cells.append(f'<c r="{_LETTERS[i]}{n}" t="inlineStr"><is><t xml:space="preserve">{_escape(v)}</t></is></c>')
        elif isinstance(v, bool):
            cells.append(f'<c r="{_LETTERS[i]}{n}" t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, (int, float)):
            cells.append(f'<c r="{_LETTERS[i]}{n}"><v>{v!r}</v></c>')
        else:
            cells.append(f'<c r="{_LETTERS[i]}{n}" t="inlineStr"><is><t xml:space="preserve">{_escape(str(v))}</t></is></c>')
    return f'<row r="{n}">{"".join(cells)}</row>'


class XlsxStream:
    """A workbook of named sheets written row by row; `close` finishes it, `abort` drops it.

    Each sheet holds at most 1,048,576 rows and 512 columns (Excel's row limit; a row past it raises
    `ValueError`).
    """

    def __init__(self, path: str | Path, sheets: list[str], compresslevel: int = 1):
        self.path, self.names = Path(path), list(sheets)
        self._zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._rows = [0] * len(sheets)
        self._buffers: list[list[str]] = [[] for _ in sheets]
        self._spill: list[IO[bytes]] = []
        try:
            for _ in sheets[:-1]:
                self._spill.append(tempfile.TemporaryFile())  # noqa: SIM115 (closed in close/abort)
            last = len(sheets)
            self._stream = self._zip.open(f"xl/worksheets/sheet{last}.xml", "w", force_zip64=True)
            self._stream.write(_HEAD.encode())
        except BaseException:
            self.abort()
            raise

    def append(self, sheet: int, values: list[Any]) -> None:
        """Add a row (``None`` an empty cell) to sheet number `sheet` (0-based)."""
        n = self._rows[sheet] = self._rows[sheet] + 1
        if n > 1_048_576 or len(values) > len(_LETTERS):
            raise ValueError(f"XLSX sheet {self.names[sheet]}: more than 1,048,576 rows or 512 columns")
        buf = self._buffers[sheet]
        buf.append(_row(n, values))
        if len(buf) >= _FLUSH:
            self._flush(sheet)

    def _flush(self, sheet: int) -> None:
        buf = self._buffers[sheet]
        if not buf:
            return
        data = "".join(buf).encode("utf-8", "replace")
        buf.clear()
        (self._stream if sheet == len(self.names) - 1 else self._spill[sheet]).write(data)

    def close(self) -> None:
        """Write what is buffered, the sheets kept aside and the workbook's other parts; close the file."""
        try:
            for i in range(len(self.names)):
                self._flush(i)
            self._stream.write(_TAIL.encode())
            self._stream.close()
            for i, spill in enumerate(self._spill):
                spill.seek(0)
                with self._zip.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as member:
                    member.write(_HEAD.encode())
                    shutil.copyfileobj(spill, member, 1 << 20)
                    member.write(_TAIL.encode())
                spill.close()
            for name, text in self._parts().items():
                self._zip.writestr(name, text)
            self._zip.close()
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Close everything without finishing the workbook (the caller removes the file)."""
        for f in [getattr(self, "_stream", None), *self._spill, self._zip]:
            with contextlib.suppress(Exception):
                if f is not None:
                    f.close()

    def _parts(self) -> dict[str, str]:
        xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        n = len(self.names)
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        return {
            "[Content_Types].xml": f'{xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{sheets}'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>',
            "_rels/.rels": f'{xml}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": f'{xml}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            + "".join(f'<sheet name={quoteattr(s)} sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self.names, 1))
            + "</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": f'{xml}<Relationships xmlns="{_PKG}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
            "xl/styles.xml": f'{xml}<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
            '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
            'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
            '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        }
