"""Fuzzing the roster's row parsers (CSV and JSONL): whatever a line holds, every row becomes a person or an
error naming a column — never a traceback, and never a row lost."""

from __future__ import annotations

import datetime as dt
import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongguan.batch import Screening, open_roster
from tongguan.batch.columns import HEADERS
from tongguan.batch.screen import _Context, screen_entry
from tongguan.errors import TongguanError

CTX = _Context(Screening(as_of=dt.date(2025, 6, 1), since=dt.date(2024, 1, 1), by=dt.date(2027, 1, 1)))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER_NAMES = sorted(
    {h for hs in HEADERS.values() for h in hs} | {"2023年度考核", "取得时间", "职业技能等级2", "奖项3"}
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "技师",
            "高级技师",
            "三级",
            "九级",
            "2019-01-01",
            "2019/2/30",
            "2019年3月1日",
            "是",
            "否",
            "√",
            "2023:合格；2024:优秀",
            "国家级技能竞赛",
            "一类",
            "第3名",
            "0",
            "-1",
            "1e9",
            "工程",
            "职业资格",
            "\x1b[31m",
            "'",
            '"',
            "\u202e",
            "null",
            "[]",
            "{}",
        ]
    ),
    st.text(alphabet=string.printable + "技师合格年月日：；，", max_size=30),
    st.text(max_size=20),
)


def entries_of(path: Path) -> list:
    try:
        return list(open_roster(path))
    except TongguanError:  # the roster as a whole refused (a header it cannot read): one line, exit 2
        return []


def check(entries: list) -> None:
    for e in entries:
        assert e.data is not None or isinstance(e.error, TongguanError)
        r = screen_entry(e, CTX)
        assert r.rows == e.rows
        if r.error is not None:
            assert isinstance(r.error, str) and r.error_column is not None
            assert "程序错误" not in r.error, r.error  # the catch-all for bugs never fires


@SETTINGS
@given(header=st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=8, unique=True),
       rows=st.lists(st.lists(VALUES, min_size=0, max_size=9), min_size=1, max_size=4))  # fmt: skip
def test_any_csv_row_is_a_person_or_an_error(header, rows):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "r.csv")
        path.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
        entries = entries_of(path)
        check(entries)
        if entries:  # no row is lost: every non-empty row is in one entry
            filled = [i + 2 for i, r in enumerate(rows) if any(v.strip() for v in r)]
            covered = [n for e in entries for n in range(e.first, e.last + 1)]
            assert set(filled) <= set(covered)


@SETTINGS
@given(lines=st.lists(st.one_of(st.binary(max_size=60), st.text(max_size=60).map(str.encode)), min_size=1, max_size=5))
def test_any_jsonl_line_is_a_person_or_an_error(lines):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "r.jsonl")
        path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
        entries = entries_of(path)
        check(entries)
        assert len(entries) == sum(1 for line in lines if line.replace(b"\n", b" ").strip())


PROFILE_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.text(max_size=12),
        st.sampled_from(["技师", "2019-01-01", "合格", "国家级技能竞赛"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12,
)
FIELDS = st.sampled_from(["name", "series", "skills", "titles", "awards", "assessments", "as_of", "law_abiding",
                          "technical_work_since", "x"])  # fmt: skip


@SETTINGS
@given(profiles=st.lists(st.dictionaries(FIELDS, PROFILE_VALUES, max_size=5), min_size=1, max_size=3))
def test_any_json_profile_line_is_screened_or_refused_with_its_field(profiles):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "r.jsonl")
        path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in profiles) + "\n", encoding="utf-8")
        entries = entries_of(path)
        assert len(entries) == len(profiles)
        check(entries)


def _json_texts():
    """JSON texts near the roster's bounds (small ones, so that hypothesis reaches them), some with a key twice."""
    leaf = st.one_of(st.none(), st.booleans(), st.integers(-(10**8), 10**8), st.floats(allow_nan=False),
                     st.text(alphabet="ab\"\\技 ", max_size=12))  # fmt: skip
    tree = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                        st.dictionaries(st.text(alphabet="ab\"", max_size=3), inner, max_size=3)), max_leaves=10)  # fmt: skip
    dup = st.sampled_from(['{"a": 1, "a": 2}', '{"b": {"x": [], "x": 1}}', '[{"": 0, "": 0}]'])
    return st.one_of(tree.map(lambda v: json.dumps(v, ensure_ascii=False)), dup, st.text(alphabet='{}[]":,0a ', max_size=20))


@settings(max_examples=300, deadline=None)
@given(text=_json_texts(), text_limit=st.integers(1, 12), digits=st.integers(1, 9), depth=st.integers(1, 4),
       values=st.integers(1, 12))  # fmt: skip
def test_the_quick_json_path_agrees_with_parse_json(text, text_limit, digits, depth, values):
    from tongguan.batch.roster import _SLOW, _quick_json
    from tongguan.documents import Limits, parse_json

    limits = Limits(text=text_limit, digits=digits, depth=depth, values=values)
    quick = _quick_json(text, limits)
    if quick is _SLOW:
        return
    assert quick == parse_json(text, limits)  # accepted quickly: parse_json accepts it too, as the same value
