"""`tongguan query`: formats, scopes, and bad input as one line (and a caret), exit 2, nothing written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from tongguan.cli import app

ROOT = Path(__file__).resolve().parents[2]
WELDER = str(ROOT / "queries/profiles/welder-senior-technician.yaml")
ROSTER = str(ROOT / "queries/rosters/sample.jsonl")


def run(*args: str):
    return CliRunner().invoke(app, ["query", *args])


def test_text_json_and_csv():
    text = run("award_opens(中华技能大奖, L)")
    assert text.exit_code == 0 and "正高级" in text.stdout and "（1 个答案）" in text.stdout
    data = json.loads(run("award_opens(中华技能大奖, L)", "--json").stdout)
    assert data == {"query": "award_opens(中华技能大奖, L)", "scope": "kb", "columns": ["L"], "answers": [{"L": "正高级"}]}
    rows = list(csv.reader(io.StringIO(run("skill(L, _, D)", "--roster", ROSTER, "--csv").stdout)))
    assert rows[0] == ["person", "L", "D"] and ["p01", "技师", "2014-09-01"] in rows


def test_a_query_without_variables_answers_yes_or_no():
    assert run("frontline", "--profile", WELDER).stdout == "是\n"
    assert run("award(_, 中华技能大奖, _)", "--profile", WELDER).stdout == "否\n"
    assert run("frontline", "--profile", WELDER, "--lang", "en").stdout == "yes\n"


def test_dates_are_shown_as_dates():
    out = run("skill(L, _, D) & as_of(N)", "--profile", WELDER, "--json").stdout
    assert json.loads(out)["answers"][0] == {"L": "技师", "D": "2014-09-01", "N": "2025-06-01"}


def test_the_profile_scope_with_as_of():
    out = run("as_of(N)", "--profile", WELDER, "--as-of", "2030-01-01", "--json").stdout
    assert json.loads(out)["answers"] == [{"N": "2030-01-01"}]


def test_a_syntax_error_has_a_caret_and_exit_2():
    result = run("title_rank(L, R) &\n  award_open(K, L)")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == "错误：第 2 行第 3 列：未声明的谓词 award_open；是不是 award_opens？"
    assert lines[1] == "    award_open(K, L)" and lines[2] == "    ^"


def test_errors_in_english():
    result = run("~skill(L, _, _)", "--profile", WELDER, "--lang", "en")
    assert result.exit_code == 2
    assert result.output.startswith("error: line 1, column 1: variable L of the negation ~skill(L, _, _) is not bound")


def test_one_scope_at_a_time_and_one_format():
    assert run("rule(R, H)", "--profile", WELDER, "--roster", ROSTER).exit_code == 2
    assert run("rule(R, H)", "--json", "--csv").exit_code == 2


def test_a_person_predicate_without_a_person():
    result = run("skill(L, _, _)")
    assert result.exit_code == 2 and "--profile" in result.output


def test_a_bad_profile_is_one_line(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("skills: [{level: 九级}]\n", encoding="utf-8")
    result = run("skill(L, _, _)", "--profile", str(bad))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "skills[0].level" in result.output


def test_output_file_and_never_over_an_input(tmp_path):
    out = tmp_path / "a.csv"
    assert run("rule(R, option)", "--csv", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"R\r\n")
    assert run("rule(R, option)", "--profile", WELDER, "-o", WELDER).exit_code == 2


def test_an_empty_query():
    assert run("  ").exit_code == 2
    assert run().exit_code == 2
