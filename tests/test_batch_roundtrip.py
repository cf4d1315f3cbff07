"""The round trip's findings: a bad row pickles to a worker, JSONL duplicate keys on orjson's quick path,
the generator's spoiled rows all reported."""

from __future__ import annotations

import datetime as dt
import pickle

from benchmarks.roster_gen import JSONL_FAULTS, faults, write_jsonl
from tongguan.batch import ReportWriter, Screening, open_roster, run_batch
from tongguan.batch.roster import _SLOW, _json_entry, _quick_json
from tongguan.documents import LIMITS


def test_entry_with_error_pickles():
    e = _json_entry(b'{"a": 1, "a": 2}', 3, LIMITS)
    back = pickle.loads(pickle.dumps(e))
    assert type(back.error) is type(e.error) and str(back.error) == str(e.error) and back.error.field == e.error.field


def test_quick_path_refuses_what_it_cannot_vouch_for():
    for text in ['{"a": 1, "a": 2}', '{"a" : 1, "a": 2}', '{"a": {"b": 1, "b": 2}}', '{"a": 123456789012345678901}',
                 '{"a": -12345678901234567890}', '{"a": NaN}', '{"a": "x\\"y"}']:  # fmt: skip
        assert _quick_json(text, LIMITS) is _SLOW, text
    assert _quick_json('{"a": [1, {"b": 2.5}], "c": "\\u4e00"}', LIMITS) == {"a": [1, {"b": 2.5}], "c": "一"}


def test_spoiled_rows_reported_with_two_jobs(tmp_path):
    src = write_jsonl(tmp_path / "r.jsonl", 400, bad=0.02)
    out = tmp_path / "o.jsonl"
    done = run_batch(open_roster(src), ReportWriter(out), Screening(as_of=dt.date(2025, 6, 1)), jobs=2)
    spoilt = faults(400, 12, 0.02, JSONL_FAULTS)
    assert done.persons == 400 and done.failed == len(spoilt) > 0


def _fields(e):
    err = None if e.error is None else (type(e.error), e.error.field, e.error.text("zh"), e.error.text("en"))
    return e.rows, e.id, e.name, e.data, dict(e.provenance.cells), err


def test_an_entry_made_in_the_worker_is_the_entry_made_in_place(tmp_path):
    """An entry is pickled to a worker as its cells (or its line) and made there: the same fields."""
    csv_roster = tmp_path / "r.csv"
    csv_roster.write_text(
        "工号,姓名,职业技能等级,取得时间,2024年度考核,遵纪守法\n"
        "7,王五,技师,2015/1/1,合格,是\n7,,高级技师,2020-01-01,,\n7,别名,,,,\n"  # rows of one person, then a conflict
        "8,赵六,九级,2019年3月1日,优秀,大概\n9,钱七,技师,2019-13-45,合格,√\n10,孙八,,,,\n",
        encoding="utf-8",
    )
    jsonl_roster = write_jsonl(tmp_path / "r.jsonl", 60, bad=0.1)
    for path in (csv_roster, jsonl_roster):
        sent = pickle.loads(pickle.dumps(list(open_roster(path))))
        here = list(open_roster(path))
        assert [_fields(e) for e in sent] == [_fields(e) for e in here]
        assert any(e.error is not None for e in here) and any(e.data is not None for e in here)
