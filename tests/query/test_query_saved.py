"""Every saved query of queries/saved/ runs on its bundled data and gives its expected answer."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from tongguan.cli import app
from tongguan.errors import TongguanError
from tongguan.query.saved import find_saved, list_saved, load_saved, run_saved, saved_dir

SAVED = list_saved()
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_enough_saved_queries_over_every_scope():
    assert len(SAVED) >= 8
    assert {s.scope for s in SAVED} == {"kb", "profile", "roster"}


@pytest.mark.parametrize("saved", SAVED, ids=lambda s: s.name)
def test_a_saved_query_gives_its_expected_answer(kb, saved):
    assert run_saved(kb, saved) == list(saved.expected)


@pytest.mark.parametrize("saved", SAVED, ids=lambda s: s.name)
def test_a_saved_query_has_a_one_line_chinese_purpose_and_an_answer(saved):
    assert "\n" not in saved.purpose and CJK.search(saved.purpose)
    assert saved.expected, "a saved query's expected answer on the bundled data is not empty"
    if saved.scope != "kb":
        assert saved.data is not None and saved.data.is_file()


def test_the_analyst_questions_of_the_issue_are_saved():
    names = {s.name for s in SAVED}
    assert {
        "exceptional-deputy-senior-awards",  # which awards open 破格 副高级?
        "senior-title-clauses",  # which clauses does the 正高级 route depend on?
        "options-without-education",  # which options need no 学历 anywhere below them?
        "roster-technician-three-years",  # in this roster, who holds 技师 and has at least 3 years since?
    } <= names


def test_list_shows_every_name_and_purpose():
    result = CliRunner().invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for s in SAVED:
        assert s.name in result.stdout and s.purpose in result.stdout


@pytest.mark.parametrize("name", ["options-without-education", "welder-eligible", "roster-technician-three-years"])
def test_a_saved_query_by_name_on_the_command_line(name):
    result = CliRunner().invoke(app, ["query", name, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == list(find_saved(name).expected)


def test_a_malformed_saved_query_names_its_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("purpose: 测试\nscope: everywhere\nquery: rule(R, H)\n", encoding="utf-8")
    with pytest.raises(TongguanError) as err:
        load_saved(path)
    assert err.value.params["name"] == "scope"


def test_the_saved_folder_can_be_moved(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text("purpose: 测试\nscope: kb\nquery: rule(title-exceptional, H)\n", encoding="utf-8")
    monkeypatch.setenv("TONGGUAN_QUERIES", str(tmp_path))
    assert saved_dir() == tmp_path and find_saved("mine") is not None
    assert find_saved("../etc/passwd") is None
