"""The REPL's commands without a terminal (`Repl.handle`): bad input never ends the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongguan.cli.repl import Repl, data_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repl(kb):
    return Repl(kb)


def test_a_query_then_explain_a_kb_answer(repl):
    out = repl.handle("award_opens(中华技能大奖, L)")
    assert "正高级" in out and "1 个答案" in out
    why = repl.handle(":explain 1")
    assert "exceptional-senior-china-skill-award" in why and "A1-6.3.2" in why


def test_load_and_explain_a_derived_atom(repl):
    assert "张师傅" in repl.handle(f":load {ROOT / 'queries/profiles/welder-senior-technician.yaml'}")
    assert repl.prompt == "tongguan[张师傅]> "
    repl.handle("skill_at_least(技师, D)")
    why = repl.handle(":explain 1")
    assert "skill-at-least" in why and "skill(" in why


def test_roster_and_explain_by_person(repl):
    assert "8 人" in repl.handle(f":roster {ROOT / 'queries/rosters/sample.jsonl'}")
    out = repl.handle("status(title, L, exceptional, eligible)")
    assert "p04" in out
    assert "title-exceptional" in repl.handle(":explain 1")


def test_bad_input_is_a_message(repl):
    for line in ("skil(X)", ":nosuch", ":explain 1", ":load /nonexistent.yaml", "title_rank(", ":explain x",
                 "clause(A, _) & clause(B, _) & clause(C, _)"):
        out = repl.handle(line)
        assert out.startswith("错误："), (line, out)
    with pytest.raises(EOFError):
        repl.handle(":quit")


def test_help_predicates_saved_and_kb(repl):
    assert ":explain" in repl.handle(":help")
    preds = repl.handle(":predicates")
    assert "award_opens(Kind, Level)" in preds and "持有的职称" in preds
    assert "options-without-education" in repl.handle(":saved")
    assert "welder-eligible" not in repl.handle("welder-eligible")  # a saved query runs on its own data
    assert "副高级" in repl.handle("welder-eligible")
    assert "title-deputy-senior-normal" in repl.handle(":explain 3")  # on the saved query's own profile
    assert repl.handle(":kb").endswith("知识库")


def test_english(kb):
    r = Repl(kb, "en")
    assert r.handle("skil(X)").startswith("error: line 1, column 1")


def test_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("TONGGUAN_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir() == tmp_path / "tongguan"
    monkeypatch.setenv("TONGGUAN_DATA_DIR", str(tmp_path / "x"))
    assert data_dir() == tmp_path / "x"
