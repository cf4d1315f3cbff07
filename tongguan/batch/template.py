"""The roster template (queries/roster-template.xlsx): the columns of `columns`, filled with the example profiles.

`template_rows` turns profile mappings into the template's header and rows (holdings as numbered
column groups, assessments one column a year); `write_template` saves them as a workbook with a
second sheet explaining the columns.  ``scripts/roster_template.py`` regenerates the shipped file and
a test keeps it equal to what this module makes of ``queries/profiles/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..documents import read_document
from .columns import GROUPS, PERSON

__all__ = ["example_profiles", "template_rows", "write_template"]

_BEFORE = ["id", "name", "as_of", "series", "occupation", "technical_work_since"]
_AFTER = ["law_abiding", "good_conduct", "frontline", "technical_school_class", "relevant_diploma",
          "foreign_language", "computer_skills"]  # fmt: skip
_MIN_GROUP = 2  # numbered groups shown even when no example needs them, so the pattern is visible


def example_profiles(folder: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """The example profiles of `folder` (YAML and JSON) as (file stem, mapping), in name order."""
    out = []
    for p in sorted(Path(folder).iterdir()):
        if p.suffix in (".yaml", ".yml", ".json"):
            out.append((p.stem, read_document(p)))
    return out


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v) if len(v) == 10 else v
        except ValueError:
            return v
    return v


def template_rows(profiles: Iterable[tuple[str, dict[str, Any]]]) -> tuple[list[str], list[list[Any]]]:
    """The template's header and one row per profile (the file stem as 工号 when the profile has no id).

    Examples
    --------
    >>> head, rows = template_rows([("p1", {"name": "张三", "skills": [{"level": "技师"}],
    ...                                     "assessments": {2024: "合格"}})])
    >>> dict((h, v) for h, v in zip(head, rows[0]) if v is not None)
    {'工号': 'p1', '姓名': '张三', '职业技能等级1': '技师', '2024年度考核': '合格'}
    """
    profiles = list(profiles)
    counts = {g: max([_MIN_GROUP, *(len(p.get(g) or []) for _, p in profiles)]) for g in GROUPS}
    years = sorted({int(y) for _, p in profiles for y in (p.get("assessments") or {})})
    cols: list[tuple[str, Any]] = [(PERSON[f][0], f) for f in _BEFORE]
    for group in ("skills", "titles"):
        for i in range(counts[group]):
            cols += [(f"{hs[0]}{i + 1}", (group, i, part)) for part, hs in GROUPS[group].items()]
    cols += [(f"{y}年度考核", ("assessments", y)) for y in years]
    cols += [(PERSON[f][0], f) for f in _AFTER[:3]]
    for i in range(counts["awards"]):
        cols += [(f"{hs[0]}{i + 1}", ("awards", i, part)) for part, hs in GROUPS["awards"].items()]
    cols += [(PERSON[f][0], f) for f in _AFTER[3:]]
    rows = []
    for stem, p in profiles:
        row = []
        for _, key in cols:
            if key == "id":
                v = p.get("id") or stem
            elif isinstance(key, str):
                v = p.get(key)
            elif key[0] == "assessments":
                book = p.get("assessments") or {}
                v = book.get(key[1], book.get(str(key[1])))
            else:
                group, i, part = key
                held = p.get(group) or []
                v = held[i].get(part) if i < len(held) else None
                if group == "titles" and part == "kind" and v is not None:
                    v = {"title": "职称", "qualification": "职业资格"}.get(v, v)
            row.append(_value(v.isoformat() if isinstance(v, dt.date) else v))
        rows.append(row)
    return [h for h, _ in cols], rows


def write_template(path: str | Path, header: list[str], rows: list[list[Any]]) -> None:
    """Save the template: sheet 名单 (the roster), sheet 列说明 (each column's field and other names)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, h in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(10, 2 * len(h) + 2)
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("列说明")
    notes.append(["列名", "档案字段", "其他写法", "说明"])
    for field, names in PERSON.items():
        notes.append([names[0], field, "、".join(names[1:]), ""])
    for group, parts in GROUPS.items():
        for part, names in parts.items():
            notes.append([f"{names[0]}N", f"{group}[N-1].{part}", "、".join(n + "N" for n in names[1:]),
                          "N = 1, 2, …；同一人也可每项持证一行（工号相同的相邻行）"])  # fmt: skip
    notes.append(["YYYY年度考核", "assessments.YYYY", "年度考核YYYY", "或一列「年度考核」：2023:合格；2024:优秀"])
    notes.append(["取得时间", "…obtained", "", "紧随其左侧最近的「职业技能等级」或「职称」列"])
    book.properties.creator = "tongguan"
    book.properties.created = book.properties.modified = dt.datetime(2025, 6, 1)
    book.save(path)
