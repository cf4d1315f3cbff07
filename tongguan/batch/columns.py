"""A roster's columns: Chinese headers ↔ profile fields, and one person's rows → a profile mapping.

A flat roster (CSV, XLSX, Parquet) has one header row.  Each header names a person field (姓名, 系列,
参加工作时间 …), a year's assessment (2024年度考核), or one field of a *holding* — a skill level, a title
or an award — numbered when a person has several (职业技能等级1, 技能取得时间1, 职业技能等级2 …).  A
person may also take one row per holding: consecutive rows with the same 工号/身份证号 are one person
(`merge_rows`).  docs/roster.md is the user's description of this mapping; `HEADERS` is its one source.

Every value keeps where it came from (the column and the row), so a profile error found later
(``skills[1].obtained``) is reported as the cell the user typed (技能取得时间2, row 7): `Provenance`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import TongguanError

__all__ = [
    "GROUPS",
    "HEADERS",
    "Column",
    "Provenance",
    "RowError",
    "assessment_cell",
    "cell_bool",
    "cell_date",
    "cell_int",
    "cell_text",
    "merge_rows",
    "parse_header",
    "row_fields",
]


class RowError(TongguanError):
    """A bad row or cell of a roster: names the column and the value (the row is in the report)."""


# person field → accepted headers (the first is the template's)
PERSON: dict[str, tuple[str, ...]] = {
    "id": ("工号", "身份证号", "编号", "人员编号", "id"),
    "name": ("姓名", "name"),
    "as_of": ("评估日期", "as_of"),
    "series": ("系列", "申报系列", "series"),
    "occupation": ("职业（工种）", "职业(工种)", "职业", "工种", "occupation"),
    "technical_work_since": ("参加工作时间", "参加技术技能工作时间", "technical_work_since"),
    "assessments": ("年度考核", "assessments"),
    "law_abiding": ("遵纪守法", "law_abiding"),
    "good_conduct": ("职业道德", "good_conduct"),
    "frontline": ("长期坚守生产服务一线", "坚守一线", "frontline"),
    "technical_school_class": ("技工院校班级", "technical_school_class"),
    "relevant_diploma": ("相关专业毕业证书", "relevant_diploma"),
    "foreign_language": ("外语水平", "foreign_language"),
    "computer_skills": ("计算机应用能力", "computer_skills"),
}
# holding group → its fields → accepted headers (before the number)
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "skills": {
        "level": ("职业技能等级", "技能等级"),
        "occupation": ("技能工种", "技能职业（工种）", "技能职业"),
        "obtained": ("技能取得时间",),
    },
    "titles": {
        "level": ("职称", "职称或职业资格"),
        "series": ("职称系列",),
        "kind": ("职称类别",),
        "obtained": ("职称取得时间",),
    },
    "awards": {
        "kind": ("奖项", "奖项称号"),
        "year": ("获奖年份",),
        "medal": ("奖牌",),
        "class": ("竞赛类别",),
        "rank": ("名次",),
        "team_size": ("团队人数",),
    },
}
# a bare 取得时间 belongs to the nearest skill-level or title column to its left
BARE_OBTAINED = "取得时间"
BOOLEANS = {"law_abiding", "good_conduct", "frontline", "relevant_diploma", "foreign_language", "computer_skills"}
DATES = {"as_of", "technical_work_since"}
GROUP_DATES = {"obtained"}
GROUP_INTS = {"year", "rank", "team_size"}
KINDS = {"职称": "title", "title": "title", "职业资格": "qualification", "qualification": "qualification"}
TRUE = {"是", "有", "true", "True", "TRUE", "1", "√", "✓", "y", "Y", "yes", "Yes", "符合", "合格"}
FALSE = {"否", "无", "没有", "false", "False", "FALSE", "0", "×", "✗", "n", "N", "no", "No", "不符合"}
HEADERS: dict[str, tuple[str, ...]] = {**PERSON, **{f"{g}.{f}": h for g, fs in GROUPS.items() for f, h in fs.items()}}

_BY_HEADER: dict[str, tuple[str, str | None]] = {}  # header → (person field | group, group field)
for _f, _hs in PERSON.items():
    for _h in _hs:
        _BY_HEADER[_h] = (_f, None)
for _g, _fs in GROUPS.items():
    for _f, _hs in _fs.items():
        for _h in _hs:
            _BY_HEADER[_h] = (_g, _f)
_NUMBERED = re.compile(r"^(.*?)\s*[（(]?(\d{1,3})[)）]?$")
_YEAR_COLUMN = re.compile(r"^(?:(\d{4})\s*年?\s*年度考核|年度考核\s*[（(]?(\d{4})[)）]?)$")


@dataclass(frozen=True)
class Column:
    """What one header means: a person field, a year's assessment, or field `part` of holding `index`."""

    header: str
    target: str  # a person field, "assessments", or a group (skills, titles, awards)
    part: str | None = None  # the group's field
    index: int = 1  # the holding's number (1 when unnumbered)
    year: int | None = None  # for a year's assessment column


def parse_header(headers: list[Any]) -> list[Column | None]:
    """The meaning of each header (``None`` for an empty header over an empty column).

    Raises `RowError` naming the header when one is unknown or two mean the same cell.

    Examples
    --------
    >>> [(c.target, c.part, c.index) for c in parse_header(["姓名", "职业技能等级2", "取得时间2"])]
    [('name', None, 1), ('skills', 'level', 2), ('skills', 'obtained', 2)]
    >>> parse_header(["姓名", "爱好"])
    Traceback (most recent call last):
    tongguan.batch.columns.RowError: 表头：'爱好'：不是名单的列（列名见 docs/roster.md）
    """
    out: list[Column | None] = []
    seen: dict[tuple, str] = {}
    last_level: tuple[str, int] | None = None
    for raw in headers:
        text = "" if raw is None else str(raw).strip()
        if not text:
            out.append(None)
            continue
        col = _column(text, last_level)
        if col is None:
            raise RowError("表头", text, "roster.column_unknown")
        if col.part == "level":
            last_level = (col.target, col.index)
        key = (col.target, col.part, col.index, col.year)
        if key in seen:
            raise RowError("表头", text, "roster.column_twice", other=seen[key])
        seen[key] = text
        out.append(col)
    return out


def _column(text: str, last_level: tuple[str, int] | None) -> Column | None:
    if text in _BY_HEADER:
        target, part = _BY_HEADER[text]
        return Column(text, target, part)
    m = _YEAR_COLUMN.match(text)
    if m:
        return Column(text, "assessments", year=int(m.group(1) or m.group(2)))
    m = _NUMBERED.match(text)
    if text == BARE_OBTAINED or (m and m.group(1) == BARE_OBTAINED):
        return None if last_level is None else Column(text, last_level[0], "obtained", last_level[1])
    if m is None:
        return None
    base, index = m.group(1), int(m.group(2))
    hit = _BY_HEADER.get(base)
    if hit is None or hit[1] is None or index < 1:
        return None
    return Column(text, hit[0], hit[1], index)


# ---- cells -----------------------------------------------------------------------------------------------

_DAY_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


def cell_text(v: Any) -> Any:
    """A text cell: numbers (an XLSX 工号 1001) as text; anything else as it is (the profile checks it).

    >>> cell_text(1001), cell_text(12.0), cell_text(" 技师 ")
    ('1001', '12', '技师')
    """
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v.strip() if isinstance(v, str) else v


def cell_date(v: Any) -> Any:
    """A date cell: an XLSX date, or YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 → ISO text.

    Anything else is left as it is, so the profile gives `ask`'s message for it.

    >>> cell_date("2020/1/5"), cell_date("2020年10月1日"), cell_date(dt.datetime(2020, 1, 5))
    ('2020-01-05', '2020-10-01', '2020-01-05')
    >>> cell_date("2020.13.01")
    '2020.13.01'
    """
    if isinstance(v, dt.datetime) and v.time() == dt.time(0) and v.tzinfo is None:
        return v.date().isoformat()
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, str):
        s = v.strip()
        for form in _DAY_FORMS:
            m = form.match(s)
            if m:
                y, mo, d = (int(x) for x in m.groups())
                try:
                    return dt.date(y, mo, d).isoformat()
                except ValueError:
                    return s
        return s
    return v


def cell_bool(v: Any) -> Any:
    """A yes/no cell: 是/否, 有/无, √/×, true/false, 1/0 → bool; anything else as it is.

    >>> cell_bool("是"), cell_bool("×"), cell_bool(1), cell_bool("也许")
    (True, False, True, '也许')
    """
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        s = v.strip()
        if s in TRUE:
            return True
        if s in FALSE:
            return False
        return s
    return v


def cell_int(v: Any) -> Any:
    """A whole-number cell (a year, a rank): 2021, 2021.0, "2021", "2021年", "第2名" → int; else as it is.

    >>> cell_int(2021.0), cell_int("2021年"), cell_int("第2名"), cell_int("二")
    (2021, 2021, 2, '二')
    """
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        m = re.fullmatch(r"\s*第?\s*(\d{1,6})\s*[年名人]?\s*", v)
        return int(m.group(1)) if m else v.strip()
    return v


_ASSESSMENT = re.compile(r"(\d{4})\s*年?(?:度)?\s*[:：=]?\s*([^\d\s,，;；、|/]+)")
_SEPARATORS = re.compile(r"[\s,，;；、|/]+")


def assessment_cell(v: Any, header: str) -> dict[str, Any]:
    """A 年度考核 cell listing years and grades: ``2022:合格；2023:优秀`` (also 2022年合格, 2022=合格).

    Raises `RowError` naming the column when a part of it is not a year and a grade.

    >>> assessment_cell("2022:合格；2023年优秀, 2024 基本合格", "年度考核")
    {'2022': '合格', '2023': '优秀', '2024': '基本合格'}
    """
    if not isinstance(v, str):
        raise RowError(header, v, "roster.assessments")
    out: dict[str, Any] = {}
    rest = v.strip()
    pos = 0
    for m in _ASSESSMENT.finditer(rest):
        if _SEPARATORS.sub("", rest[pos : m.start()]):
            raise RowError(header, v, "roster.assessments")
        if m.group(1) in out:
            raise RowError(header, v, "roster.assessment_twice", year=m.group(1))
        out[m.group(1)] = m.group(2)
        pos = m.end()
    if _SEPARATORS.sub("", rest[pos:]) or not out:
        raise RowError(header, v, "roster.assessments")
    return out


# ---- rows → profile --------------------------------------------------------------------------------------


@dataclass
class Provenance:
    """Where each profile field of one person came from: the column header and the roster row."""

    cells: dict[str, tuple[str, int]] = field(default_factory=dict)  # profile path → (header, row)

    def add(self, path: str, header: str, row: int) -> None:
        self.cells[path] = (header, row)

    def locate(self, path: str) -> tuple[str, int | None]:
        """The column (and row) for a profile path, or the longest prefix of it that has one.

        >>> p = Provenance({"skills[0].level": ("职业技能等级1", 3)})
        >>> p.locate("skills[0].obtained"), p.locate("skills[0].level"), p.locate("name")
        (('职业技能等级1', 3), ('职业技能等级1', 3), ('name', None))
        """
        if path in self.cells:
            return self.cells[path]
        head = re.match(r"^[^.\[]+(\[\d+\])?", path)
        prefix = head.group(0) if head else path
        for p, where in self.cells.items():
            if p == prefix or p.startswith(prefix + ".") or p.startswith(prefix + "["):
                return where
        return path, None


def _convert(target: str, part: str | None, v: Any) -> Any:
    key = part or target
    if (part is None and key in DATES) or (part is not None and key in GROUP_DATES):
        return cell_date(v)
    if part is None and key in BOOLEANS:
        return cell_bool(v)
    if part is not None and key in GROUP_INTS:
        return cell_int(v)
    if part == "kind" and target == "titles":
        s = cell_text(v)
        return KINDS.get(s, s) if isinstance(s, str) else s
    return cell_text(v)


_LAST: tuple[list[Column | None], list[Any]] | None = None  # the last header read, and its steps
_YES_NO = {**dict.fromkeys(TRUE, True), **dict.fromkeys(FALSE, False)}
_DAYS: dict[str, Any] = {}  # a date cell's stripped text → `cell_date` of it (a roster's dates repeat)


def _day(s: str) -> Any:
    """`cell_date` of a stripped text, remembered (up to 65,536 texts)."""
    day = _DAYS.get(s)
    if day is None:
        if len(_DAYS) >= 65_536:
            _DAYS.clear()
        day = _DAYS[s] = cell_date(s)
    return day


_RAW = object()  # a column whose text cells are converted from the cell as it is, not its stripped text


def _converter(target: str, part: str | None) -> tuple[Any, Any]:
    """What `_convert` does for a column, chosen once per header rather than once per cell: for any
    value, and for a text cell from its stripped text (``None``: that text itself; `_RAW`: as for any
    value)."""
    key = part or target
    if (part is None and key in DATES) or (part is not None and key in GROUP_DATES):
        return cell_date, _day
    if part is None and key in BOOLEANS:
        return cell_bool, lambda s: _YES_NO.get(s, s)
    if part is not None and key in GROUP_INTS:
        return cell_int, _RAW
    if part == "kind" and target == "titles":
        return (lambda v: _convert(target, part, v)), lambda s: KINDS.get(s, s)
    return cell_text, None


def _steps(columns: list[Column | None]) -> list[Any]:
    """Per column: (kind, header, provenance path, converter, text converter, target, number, part,
    year), or None; computed once per header."""
    global _LAST
    last = _LAST  # one read: another thread may replace it meanwhile (it holds its columns, so no id is reused)
    if last is not None and last[0] is columns:
        return last[1]
    steps: list[Any] = []
    for col in columns:
        if col is None:
            steps.append(None)
        elif col.target == "assessments":
            steps.append((2, col.header, None, None, None, col.target, col.index, None, col.year))
        elif col.part is None:
            steps.append((0, col.header, col.target, *_converter(col.target, None), col.target, col.index, None, None))
        else:
            path = f"#{col.target}.{col.index}.{col.part}"
            steps.append((1, col.header, path, *_converter(col.target, col.part), col.target, col.index, col.part, None))
    _LAST = (columns, steps)
    return steps


def row_fields(
    columns: list[Column | None], values: list[Any], row: int
) -> tuple[dict[str, Any], dict[str, dict[int, dict[str, Any]]], Provenance]:
    """One row's person fields, holdings by group and number, and where each came from (blank cells skipped).

    A text cell (most of a roster) is stripped once and converted from its stripped text; any other
    value as `_convert` does.

    Examples
    --------
    >>> cols = parse_header(["姓名", "职业技能等级", "取得时间", "2024年度考核"])
    >>> person, held, _ = row_fields(cols, ["张三", "技师", "2019/3/1", "合格"], 2)
    >>> person, held
    ({'name': '张三', 'assessments': {'2024': '合格'}}, {'skills': {1: {'level': '技师', 'obtained': '2019-03-01'}}})
    """
    person: dict[str, Any] = {}
    held: dict[str, dict[int, dict[str, Any]]] = {}
    prov = Provenance()
    cells = prov.cells
    for step, v in zip(_steps(columns), values, strict=False):
        if (not v and (v is None or v == "")) or step is None:  # the usual empty cell, at once
            continue
        if type(v) is str:
            s = v.strip()
            if not s:
                continue
            kind, header, path, convert, text, target, index, part, year = step
            x = s if text is None else convert(v) if text is _RAW else text(s)
        else:
            if isinstance(v, str):
                if not v.strip():
                    continue
            elif isinstance(v, float) and v != v:
                continue
            kind, header, path, convert, text, target, index, part, year = step
            x = cell_text(v) if kind == 2 else convert(v)
        if kind == 0:  # a person field
            person[target] = x
            cells[path] = (header, row)
        elif kind == 1:  # a holding's field (numbered: merge_rows renames the path)
            holding = held.get(target)
            if holding is None:
                holding = held[target] = {}
            fields = holding.get(index)
            if fields is None:
                fields = holding[index] = {}
            fields[part] = x
            cells[path] = (header, row)
        else:
            grades = {str(year): x} if year else assessment_cell(x, header)
            book = person.setdefault("assessments", {})
            for y, grade in grades.items():
                if y in book:
                    raise RowError(header, v, "roster.assessment_twice", year=y)
                book[y] = grade
                cells[f"assessments.{y}"] = (header, row)
    return person, held, prov


def merge_rows(
    parts: list[tuple[int, dict[str, Any], dict[str, dict[int, dict[str, Any]]], Provenance]],
) -> tuple[dict[str, Any], Provenance]:
    """One person's profile mapping from their rows (one row, or one row per holding), with provenance.

    A person field given on several rows must agree; a year's grade likewise.  Holdings are listed in
    row order, then by their number; an empty number is skipped.  Raises `RowError` on a disagreement.

    Examples
    --------
    >>> cols = parse_header(["工号", "姓名", "职业技能等级", "技能取得时间"])
    >>> a = (2, *row_fields(cols, ["7", "王五", "技师", "2015-01-01"], 2))
    >>> b = (3, *row_fields(cols, ["7", None, "高级技师", "2020-01-01"], 3))
    >>> data, prov = merge_rows([a, b])
    >>> data["skills"], prov.locate("skills[1].level")
    ([{'level': '技师', 'obtained': '2015-01-01'}, {'level': '高级技师', 'obtained': '2020-01-01'}], ('职业技能等级', 3))
    """
    if len(parts) == 1:  # one row (the usual): nothing to disagree, its mappings as they are
        return _one_row(*parts[0][1:])
    data: dict[str, Any] = {}
    prov = Provenance()
    lists: dict[str, list[dict[str, Any]]] = {}
    for _row, person, held, rprov in parts:
        for k, v in person.items():
            if k == "assessments":
                book = data.setdefault("assessments", {})
                for year, grade in v.items():
                    if year in book and book[year] != grade:
                        header, _ = rprov.cells[f"assessments.{year}"]
                        raise RowError(header, grade, "roster.rows_differ", first=prov.cells[f"assessments.{year}"][1])
                    if year not in book:
                        book[year] = grade
                        prov.cells[f"assessments.{year}"] = rprov.cells[f"assessments.{year}"]
            elif k in data and data[k] != v:
                header, _ = rprov.cells[k]
                raise RowError(header, v, "roster.rows_differ", first=prov.cells[k][1])
            elif k not in data:
                data[k] = v
                prov.cells[k] = rprov.cells[k]
        for group, entries in held.items():
            out = lists.setdefault(group, [])
            for number in sorted(entries):
                i = len(out)
                out.append(entries[number])
                for part in entries[number]:
                    prov.cells[f"{group}[{i}].{part}"] = rprov.cells[f"#{group}.{number}.{part}"]
    data.update(lists)
    return data, prov


def _one_row(
    person: dict[str, Any], held: dict[str, dict[int, dict[str, Any]]], rprov: Provenance
) -> tuple[dict[str, Any], Provenance]:
    """`merge_rows` of one row: its person fields, then its holdings listed by number; the provenance
    in the order `merge_rows` gives it (a person field's, a year's, then each holding's in turn)."""
    cells = rprov.cells
    out: dict[str, tuple[str, int]] = {}
    for k, v in person.items():
        if k == "assessments":
            for year in v:
                key = f"assessments.{year}"
                out[key] = cells[key]
        else:
            out[k] = cells[k]
    data = dict(person)
    for group, entries in held.items():
        listed = data[group] = []
        for number in sorted(entries):
            fields = entries[number]
            i = len(listed)
            listed.append(fields)
            for part in fields:
                out[f"{group}[{i}].{part}"] = cells[f"#{group}.{number}.{part}"]
    return data, Provenance(out)
