"""`tongguan batch`: the roster's column mapping, every format in and out, the template, and the command
(bad rows reported row by row, exit codes, atomic output, --force, --newly-eligible-since, --eligible-by)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from itertools import zip_longest
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tongguan.batch import ReportWriter, RowError, Screening, open_roster, parse_header, run_batch
from tongguan.batch.columns import merge_rows, row_fields
from tongguan.batch.screen import _Context, screen_entry
from tongguan.batch.template import example_profiles, template_rows
from tongguan.cli import app
from tongguan.kb import load_kb
from tongguan.profile import parse_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "queries" / "profiles"
TEMPLATE = ROOT / "queries" / "roster-template.xlsx"
AS_OF = dt.date(2025, 6, 1)
runner = CliRunner()


def batch(*args: object):
    return runner.invoke(app, ["batch", *map(str, args)])


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_parquet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    def text(v: object) -> object:
        return None if v is None else v.isoformat() if isinstance(v, dt.date) else str(v)

    cols = {h: [text(r[i]) for r in rows] for i, h in enumerate(header)}
    pq.write_table(pa.table(cols), path)
    return path


def write_jsonl(path: Path, profiles: list[dict]) -> Path:
    def plain(v: object) -> object:
        return v.isoformat() if isinstance(v, dt.date) else v

    lines = [
        json.dumps(json.loads(json.dumps(p, default=plain, ensure_ascii=False)), ensure_ascii=False) for p in profiles
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def normalised(data: dict) -> dict:
    return parse_profile(data, as_of=AS_OF).model_dump(exclude={"id"})


# ---- the mapping ---------------------------------------------------------------------------------------


def test_headers_name_fields_numbered_holdings_years_and_the_bare_obtained_column():
    cols = parse_header(["工号", "职业技能等级", "取得时间", "职称2", "取得时间", "2023年度考核", "年度考核2024", None])
    assert [(c.target, c.part, c.index) for c in cols[:5]] == [
        ("id", None, 1),
        ("skills", "level", 1),
        ("skills", "obtained", 1),
        ("titles", "level", 2),
        ("titles", "obtained", 2),
    ]
    assert (cols[5].year, cols[6].year, cols[7]) == (2023, 2024, None)


@pytest.mark.parametrize(
    "headers, key, value",
    [
        (["姓名", "爱好"], "roster.column_unknown", "爱好"),
        (["姓名", "name"], "roster.column_twice", "name"),
        (["取得时间"], "roster.column_unknown", "取得时间"),
        (["职业技能等级0"], "roster.column_unknown", "职业技能等级0"),
    ],
)
def test_a_bad_header_names_the_column(headers, key, value):
    with pytest.raises(RowError) as e:
        parse_header(headers)
    assert (e.value.key, e.value.value) == (key, value)


def test_cells_are_read_as_a_spreadsheet_holds_them():
    cols = parse_header(
        ["工号", "参加工作时间", "遵纪守法", "奖项1", "获奖年份1", "名次1", "职称1", "职称类别1", "年度考核"]
    )
    row = [
        1001,
        dt.datetime(2010, 7, 1),
        "√",
        "国家级技能竞赛",
        2021.0,
        "第3名",
        "中级",
        "职业资格",
        "2023:合格；2024：优秀",
    ]
    person, held, prov = row_fields(cols, row, 5)
    assert person == {
        "id": "1001",
        "technical_work_since": "2010-07-01",
        "law_abiding": True,
        "assessments": {"2023": "合格", "2024": "优秀"},
    }
    assert held == {"awards": {1: {"kind": "国家级技能竞赛", "year": 2021, "rank": 3}},
                    "titles": {1: {"level": "中级", "kind": "qualification"}}}  # fmt: skip
    assert prov.locate("assessments.2024") == ("年度考核", 5)


def test_one_row_per_holding_merges_and_disagreement_names_the_row():
    cols = parse_header(["工号", "姓名", "职业技能等级", "技能取得时间", "2024年度考核"])
    a = (2, *row_fields(cols, ["7", "王五", "技师", "2015-01-01", "合格"], 2))
    b = (3, *row_fields(cols, ["7", "", "高级技师", "2020-01-01", "合格"], 3))
    data, prov = merge_rows([a, b])
    assert data == {"id": "7", "name": "王五", "assessments": {"2024": "合格"},
                    "skills": [{"level": "技师", "obtained": "2015-01-01"}, {"level": "高级技师", "obtained": "2020-01-01"}]}  # fmt: skip
    assert prov.locate("skills[1].obtained") == ("技能取得时间", 3)
    c = (4, *row_fields(cols, ["7", "王六", "", "", ""], 4))
    with pytest.raises(RowError) as e:
        merge_rows([a, c])
    assert (e.value.field, e.value.value, e.value.key, e.value.params) == (
        "姓名",
        "王六",
        "roster.rows_differ",
        {"first": 2},
    )


def test_an_assessment_cell_that_is_not_years_and_grades_names_its_column():
    cols = parse_header(["年度考核"])
    with pytest.raises(RowError) as e:
        row_fields(cols, ["去年合格"], 2)
    assert (e.value.field, e.value.key) == ("年度考核", "roster.assessments")


# ---- formats in: every format gives the same persons as the profiles themselves -------------------------


@pytest.fixture(scope="module")
def examples():
    return example_profiles(PROFILES)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_every_roster_format_reads_the_example_profiles_as_their_files_do(tmp_path, examples, fmt):
    header, rows = template_rows(examples)
    path = tmp_path / f"roster.{fmt}"
    if fmt == "csv":
        write_csv(path, header, rows)
    elif fmt == "xlsx":
        write_xlsx(path, header, rows)
    elif fmt == "parquet":
        write_parquet(path, header, rows)
    else:
        write_jsonl(path, [p for _, p in examples])
    entries = list(open_roster(path))
    assert [e.error for e in entries] == [None] * len(examples)
    assert [e.first for e in entries] == list(range(2, 2 + len(examples))) if fmt != "jsonl" else [1, 2, 3, 4, 5, 6]
    for entry, (_, profile) in zip(entries, examples, strict=True):
        assert normalised(entry.data) == normalised(profile)


def test_an_xlsx_roster_away_from_a1_reads_with_its_row_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["D3"] = "工号", "职业技能等级", "技能取得时间"
    sheet["B5"], sheet["C5"], sheet["D5"] = 1001, "技师", dt.datetime(2019, 3, 1)
    sheet["B6"], sheet["C6"], sheet["D6"] = 1002.0, "高级工", "2019/3/1"
    book.save(tmp_path / "r.xlsx")
    roster = open_roster(tmp_path / "r.xlsx")
    entries = list(roster)
    assert roster.total == 5
    assert [(e.rows, e.id, e.error, e.data) for e in entries] == [
        ("5", "1001", None, {"id": "1001", "skills": [{"level": "技师", "obtained": "2019-03-01"}]}),
        ("6", "1002", None, {"id": "1002", "skills": [{"level": "高级工", "obtained": "2019-03-01"}]}),
    ]


def test_the_shipped_template_is_up_to_date_and_reads_as_the_example_profiles(examples):
    header, rows = template_rows(examples)
    sheet = openpyxl.load_workbook(TEMPLATE).worksheets[0]
    shipped = [list(r) for r in sheet.iter_rows(values_only=True)]
    as_cells = [[v.date() if isinstance(v, dt.datetime) else v for v in r] for r in shipped]
    assert as_cells == [header, *rows], "regenerate it: make template"
    for entry, (_, profile) in zip(open_roster(TEMPLATE), examples, strict=True):
        assert normalised(entry.data) == normalised(profile)


def test_one_row_per_holding_in_a_csv(tmp_path):
    path = write_csv(tmp_path / "r.csv", ["工号", "姓名", "职业技能等级", "技能取得时间"],
                     [["1", "甲", "技师", "2014-09-01"], ["1", "", "高级技师", "2020-01-01"], ["2", "乙", "技师", ""],
                      ["1", "甲", "技师", ""]])  # fmt: skip
    entries = list(open_roster(path))
    assert [(e.rows, e.id, e.error and e.error.key) for e in entries] == [
        ("2-3", "1", None), ("4", "2", None), ("5", "1", "roster.id_repeated")]  # fmt: skip
    assert len(entries[0].data["skills"]) == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl", "parquet"])
def test_every_report_format_round_trips(tmp_path, fmt):
    rows = [["1", "甲", "技师", "2019-01-01"], ["2", "乙", "九级", ""], ["3", "丙", "高级工", "2010-01-01"]]
    roster = write_csv(tmp_path / "r.csv", ["工号", "姓名", "职业技能等级", "技能取得时间"], rows)
    out = tmp_path / f"out.{fmt}"
    done = run_batch(
        open_roster(roster), ReportWriter(out, since=True), Screening(as_of=AS_OF, since=dt.date(2024, 1, 1))
    )
    assert (done.persons, done.failed) == (3, 1)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        assert book.sheetnames == ["汇总", "明细"]
        table = list(book["汇总"].iter_rows(values_only=True))
        summary = [dict(zip_longest(table[0], row)) for row in table[1:]]
        detail = list(book["明细"].iter_rows(values_only=True))
        assert [s["工号"] for s in summary] == ["1", "2", "3"]
        assert summary[1]["错误列"] == "职业技能等级" and "九级" in summary[1]["错误信息"]
        assert "1" in {d[1] for d in detail[1:]} and "2" not in {d[1] for d in detail[1:]}  # a failed row: no detail
        assert summary[0]["可申报"] + summary[0]["待确认"] + summary[0]["未到期"] == len(
            [d for d in detail if d[1] == "1"]
        )
        return
    if fmt == "csv":
        with open(out, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.DictReader(fh))
        key = {"id": "工号", "error_column": "错误列", "status_code": "状态代码"}
    elif fmt == "jsonl":
        table = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        key = {k: k for k in ("id", "error_column", "status_code")}
    else:
        table = pq.read_table(out).to_pylist()
        key = {k: k for k in ("id", "error_column", "status_code")}
    assert [r[key["id"]] for r in table if not r[key["status_code"]]] == ["2"]
    assert {r[key["id"]] for r in table} == {"1", "2", "3"}
    assert [r[key["error_column"]] for r in table if r[key["id"]] == "2"] == ["职业技能等级"]


# ---- screening ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx():
    return _Context(Screening(as_of=AS_OF, since=dt.date(2023, 1, 1), by=dt.date(2030, 6, 1)))


def test_newly_eligible_and_eligible_by(ctx):
    from tongguan.batch.roster import Entry

    data = {"series": "工程", "technical_work_since": "2008-07-01", "law_abiding": True, "good_conduct": True,
            "assessments": {2020: "合格", 2021: "合格", 2022: "合格", 2023: "合格", 2024: "合格"},
            "skills": [{"level": "技师", "obtained": "2014-09-01"}, {"level": "高级技师", "obtained": "2020-01-01"}]}  # fmt: skip
    r = screen_entry(Entry(2, 2, data=data), ctx)
    assert r.error is None
    got = {(o.option, o.route): (o.status, o.newly, o.by) for o in r.options}
    # 副高级 opened in 2024 (高级技师 + 4 years); 中级 was open in 2023 already; 正高级 opens in 2030
    assert got[("工程系列 副高级职称（高级工程师）", "常规")] == ("eligible", True, True)
    assert got[("工程系列 中级职称（工程师）", "常规")] == ("eligible", False, True)
    assert got[("工程系列 正高级职称（正高级工程师）", "常规")] == ("not_yet", False, True)
    assert "副高级" in r.newly and "中级" not in r.newly


def test_a_row_dated_before_the_since_date_is_an_error_of_that_row():
    from tongguan.batch.roster import Entry

    c = _Context(Screening(since=dt.date(2025, 1, 1)))
    r = screen_entry(Entry(2, 2, data={"as_of": "2024-06-01"}), c)
    assert r.error_column == "--newly-eligible-since" and "2024-06-01" in r.error


# ---- the command --------------------------------------------------------------------------------------

BAD_ROWS = [
    # (row cells, the column named, the value echoed)
    (["1", "甲", "技师", "2019-01-01", "", ""], None, None),
    (["2", "乙", "九级", "", "", ""], "职业技能等级", "'九级'"),
    (["3", "丙", "技师", "2019-02-30", "", ""], "技能取得时间", "'2019-02-30'"),
    (["4", "丁", "技师", "2019-01-01", "也许", ""], "遵纪守法", "'也许'"),
    (["5", "戊", "", "", "", "去年合格"], "年度考核", "'去年合格'"),
    (["6", "己", "技师", "2030-01-01", "", ""], "技能取得时间", "'2030-01-01'"),
    (["7", "庚" * 300, "", "", "", ""], "姓名", None),
]


def test_a_roster_with_bad_rows_reports_every_row_with_its_error_and_exits_3(tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["工号", "姓名", "职业技能等级", "技能取得时间", "遵纪守法", "年度考核"],
                       [r for r, _, _ in BAD_ROWS])  # fmt: skip
    out = tmp_path / "out.xlsx"
    res = batch(roster, "-o", out, "--as-of", "2025-06-01")
    assert res.exit_code == 3, res.output
    summary = list(openpyxl.load_workbook(out, read_only=True)["汇总"].iter_rows(values_only=True))
    head, body = summary[0], [dict(zip_longest(summary[0], r)) for r in summary[1:]]
    assert "错误信息" in head and len(body) == len(BAD_ROWS)
    for got, (cells, column, value) in zip(body, BAD_ROWS, strict=True):
        assert got["工号"] == cells[0]
        assert got["错误列"] == column
        if value is not None:
            assert got["错误值"] == value and value in got["错误信息"]
        assert got["结果"] == ("正常" if column is None else "有误")
    # the message is the one `tongguan ask` gives for the same profile field
    assert body[1]["错误信息"].startswith("skills[0].level：'九级'：不是已知的技能等级")


def test_a_clean_roster_exits_0_and_the_template_screens_clean(tmp_path):
    res = batch(TEMPLATE, "-o", tmp_path / "out.parquet")
    assert res.exit_code == 0, res.output
    assert res.output == ""  # piped: no progress bar, no summary line
    assert len({r["rows"] for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}) == 6


def test_an_existing_report_is_kept_unless_force_and_an_input_is_never_the_output(tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["姓名", "职业技能等级"], [["甲", "技师"]])
    out = tmp_path / "out.csv"
    out.write_text("earlier", encoding="utf-8")
    res = batch(roster, "-o", out)
    assert res.exit_code == 2 and "--force" in res.output and out.read_text(encoding="utf-8") == "earlier"
    assert batch(roster, "-o", out, "--force").exit_code == 0 and "甲" in out.read_text(encoding="utf-8-sig")
    res = batch(roster, "-o", roster, "--format", "csv", "--force")
    assert res.exit_code == 2 and "输入文件" in res.output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_nothing_half_written_when_writing_fails_or_ctrl_c(tmp_path, monkeypatch):
    import tongguan.batch as batch_pkg

    roster = write_csv(tmp_path / "r.csv", ["姓名", "职业技能等级"], [["甲", "技师"], ["乙", "技师"], ["丙", "技师"]])
    out = tmp_path / "out.xlsx"
    real = batch_pkg.screen

    def interrupted(entries, cfg, jobs=1, chunk=64):
        for n, r in enumerate(real(entries, cfg, jobs=jobs)):
            if n == 2:
                raise KeyboardInterrupt
            yield r

    monkeypatch.setattr(batch_pkg, "screen", interrupted)
    res = batch(roster, "-o", out)
    assert res.exit_code == 130 and not out.exists() and leftovers(tmp_path) == []
    out.write_bytes(b"earlier")
    res = batch(roster, "-o", out, "--force")
    assert res.exit_code == 130 and out.read_bytes() == b"earlier" and leftovers(tmp_path) == []

    def broken(self, r):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch_pkg, "screen", real)
    monkeypatch.setattr(ReportWriter, "add", broken)
    with pytest.raises(OSError):
        run_batch(open_roster(roster), ReportWriter(tmp_path / "x.csv"), Screening())
    assert not (tmp_path / "x.csv").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "content, name, words",
    [
        ("姓名,爱好\n甲,书\n", "r.csv", "爱好"),
        ("", "r.csv", "空"),
        ("姓名\n甲\n", "r.txt", "--roster-format"),
        ("not a zip", "r.xlsx", "XLSX"),
    ],
)
def test_a_roster_that_cannot_be_read_exits_2_and_writes_nothing(tmp_path, content, name, words):
    roster = tmp_path / name
    roster.write_text(content, encoding="utf-8")
    res = batch(roster, "-o", tmp_path / "out.csv")
    assert res.exit_code == 2 and words in res.output, res.output
    assert not (tmp_path / "out.csv").exists() and leftovers(tmp_path) == []


def test_too_many_rows_stops_before_anything_is_written(tmp_path):
    from tongguan.batch import RosterLimits

    roster = write_csv(tmp_path / "r.csv", ["姓名"], [["甲"], ["乙"], ["丙"]])
    with pytest.raises(Exception, match="行数太多"):
        run_batch(open_roster(roster, limits=RosterLimits(rows=2)), ReportWriter(tmp_path / "o.csv"), Screening())
    assert not (tmp_path / "o.csv").exists() and leftovers(tmp_path) == []


def test_bad_options_exit_2(tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["姓名"], [["甲"]])
    for args, words in [(["--engine", "nope"], "pydatalog"), (["--jobs", "0"], "--jobs"),
                        (["--eligible-by", "2025-13-01"], "--eligible-by")]:  # fmt: skip
        res = batch(roster, "-o", tmp_path / "o.csv", *args)
        assert res.exit_code == 2 and words in res.output, res.output


def test_jobs_give_the_same_report_in_the_same_order(tmp_path):
    header, rows = template_rows(example_profiles(PROFILES))
    roster = write_csv(tmp_path / "r.csv", header, rows * 3)
    roster = write_csv(tmp_path / "r.csv", header, [[f"p{i}", *r[1:]] for i, r in enumerate(rows * 3)])
    assert batch(roster, "-o", tmp_path / "one.jsonl").exit_code == 0
    assert batch(roster, "-o", tmp_path / "two.jsonl", "--jobs", "2").exit_code == 0
    assert (tmp_path / "one.jsonl").read_text(encoding="utf-8") == (tmp_path / "two.jsonl").read_text(encoding="utf-8")


def test_kb_is_shared():
    assert load_kb() is load_kb()


def test_the_xlsx_writer_keeps_any_text_readable(tmp_path):
    from python_calamine import CalamineWorkbook

    from tongguan.batch.xlsx import XlsxStream

    out = tmp_path / "w.xlsx"
    w = XlsxStream(out, ["汇总", "明细"])
    texts = [" 前后空格 ", "a<b>&c", "行\n换", "\x01控制\x1f", "\ud800"]
    for i in range(5000):  # past one buffer of rows
        w.append(i % 2, [str(i), i, *texts, None, True])
    w.close()
    rows = list(openpyxl.load_workbook(out, read_only=True)["明细"].iter_rows(values_only=True))
    assert len(rows) == 2500 and rows[0][:9] == ("1", 1, " 前后空格 ", "a<b>&c", "行\n换", "\ufffd控制\ufffd", "\ufffd", None, True)
    assert CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()[-1][:2] == ["4998", 4998.0]
