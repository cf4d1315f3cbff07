"""A lone surrogate (a JSON ``"\\ud800"`` escape) has no UTF-8: a profile or roster holding one is a
clear error naming the field, never a traceback when the answer, the report or the response is
written (found writing CSV and Parquet reports; `tongguan ask` and ``/api/ask`` failed the same way)."""

from __future__ import annotations

import csv

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tongguan.cli import app
from tongguan.documents import parse_json
from tongguan.errors import DocumentError
from tongguan.profile import ProfileError, parse_profile

runner = CliRunner()
BAD = '{"name": "张\\ud800三", "skills": [{"level": "技师", "obtained": "2019-01-01"}]}'


def test_a_json_document_with_a_lone_surrogate_names_where():
    with pytest.raises(DocumentError) as e:
        parse_json(BAD)
    assert e.value.field == "name" and e.value.key == "text.surrogate"
    with pytest.raises(DocumentError) as e:
        parse_json('{"na\\udfffme": 1}')
    assert e.value.field == "na\\udfffme"  # the key, printable
    e.value.text("zh").encode("utf-8")  # the message itself can be written


def test_a_profile_text_with_a_lone_surrogate_is_refused():
    with pytest.raises(ProfileError) as e:
        parse_profile({"series": "工\udfff程"})
    assert e.value.field == "series" and e.value.key == "text.surrogate"
    e.value.text("en").encode("utf-8")


def test_ask_says_one_line_and_exits_2(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(BAD, encoding="utf-8")
    r = runner.invoke(app, ["ask", str(f)])
    assert r.exit_code == 2 and "name" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "xlsx"])
def test_a_roster_row_with_a_lone_surrogate_is_that_rows_error(tmp_path, fmt):
    roster = tmp_path / "r.jsonl"
    roster.write_text(BAD + "\n" + '{"name": "李四", "series": "工\\udfff程"}\n'
                      + '{"name": "王五", "skills": [{"level": "技师", "obtained": "2019-01-01"}]}\n', encoding="utf-8")
    out = tmp_path / f"o.{fmt}"
    r = runner.invoke(app, ["batch", str(roster), "-o", str(out), "--engine", "duckdb", "--as-of", "2025-06-01"])
    assert r.exit_code == 3, r.output  # written, some rows failed
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert [row["错误列"] for row in rows][:2] == ["name", "series"]
    elif fmt == "parquet":
        t = pq.read_table(out).to_pylist()
        assert {row["rows"] for row in t} == {"1", "2", "3"}


def test_the_api_answers_422_naming_the_field():
    from fastapi.testclient import TestClient

    from tongguan.web.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    r = client.post("/api/ask", content='{"profile": ' + BAD + "}", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "name"
    assert r.json()["error"]["code"] == "text.surrogate"
