"""`tongguan ask` as a worker reads it (issue 11): the plain sentence in a table that fits the terminal
(no line wider than it, no date, clause ID or field split), options to look into apart, the committee's
items listed with --detail, Chinese by default and English with --lang en, help and --version."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tongguan.cli import app, version

ROOT = Path(__file__).resolve().parents[1]
PROFILES = sorted((ROOT / "queries" / "profiles").iterdir())
WELDER = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"
runner = CliRunner()
TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|(?<![A-Za-z0-9])[A-Z]\d*-\d+(?:\.\d+)*|\d{4}–\d{4}")


def ask(*args: str, columns: int = 80, **env: str):
    result = runner.invoke(app, ["ask", *map(str, args)], env={"COLUMNS": str(columns), **env})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [80, 64, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_the_table_fits_and_never_splits_a_date_or_an_id(path, lang, columns):
    text = ask(path, "--all", "--detail", "--lang", lang, columns=columns)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= columns, max(lines, key=cell_len)
    data = json.loads(ask(path, "--all", "--json", "--lang", lang))
    wanted = set()
    for o in data["options"]:
        wanted |= set(TOKEN.findall(o["sentence"]))
        wanted |= {o["earliest"]} - {None}
    for token in wanted:
        assert any(token in line for line in lines), f"{token} is split or missing at {columns} columns"


@pytest.mark.parametrize("columns", [80, 64])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_english_never_splits_a_chinese_term(path, columns):
    """In English the plan's Chinese terms are words: 四川省技术能手 is never broken across lines."""
    lines = ask(path, "--all", "--detail", "--lang", "en", columns=columns).splitlines()
    data = json.loads(ask(path, "--all", "--json", "--lang", "en"))
    terms = {t for o in data["options"] for t in re.findall(r"[\u3400-\u9fff]+", o["sentence"]) if cell_len(t) <= 16}  # (a longer phrase than a narrow column is folded, as a last resort)
    for term in terms:
        assert any(term in line for line in lines), f"{term} is split at {columns} columns"


def test_piped_output_uses_80_columns_not_180():
    lines = ask(WELDER, columns=80).splitlines()
    assert max(cell_len(line) for line in lines) == 80


def test_the_sentence_is_in_the_table_and_the_json():
    text = ask(WELDER)
    assert "您于2020-01-01取得高级技师" in text and "2022–2024年度考核合格" in text
    data = json.loads(ask(WELDER, "--json"))
    deputy = next(o for o in data["options"] if (o["level"], o["route"]) == ("副高级", "normal"))
    assert deputy["sentence"].startswith("可申报工程系列 副高级职称（高级工程师）") and deputy["look_into"] is False
    exam = next(o for o in data["options"] if o["exam"] == "翻译")
    assert exam["look_into"] is True and exam["status"] == "conditional"


def test_options_to_look_into_have_their_own_section():
    table, further = ask(WELDER).split("可进一步了解")
    assert "翻译专业技术资格考试" in further and "计算机技术与软件专业技术资格考试" in further
    assert "翻译" not in table and "待确认" not in table
    assert "You may also look into" in ask(WELDER, "--lang", "en")


def test_detail_lists_the_committee_items():
    data = json.loads(ask(WELDER, "--json"))
    plain, detail = ask(WELDER), ask(WELDER, "--detail", columns=200)
    assert "评委会审查 6 项" in plain and "--detail" in plain
    for o in data["options"]:
        for item in o["to_review"]:
            assert f"· {item['clause']} {item['text']}" in detail, item


def test_english_everywhere_with_lang_en():
    text = ask(WELDER, "--lang", "en", columns=200)
    assert "what can be applied for" in text and "you obtained 高级技师 on 2020-01-01" in text
    assert "可申报事项" not in text and "eligible" in text


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"tongguan {version()}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version())


@pytest.mark.parametrize("command", ["ask", "explain", "graph", "paths", "audit"])
def test_help_is_chinese_and_every_command_takes_lang(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "--lang" in result.stdout and "选项" in result.stdout and "显示此帮助并退出" in result.stdout
    assert "Show this message" not in result.stdout


def test_help_in_english_with_tongguan_lang_or_lang_en():
    script = Path(sys.executable).parent / "tongguan"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "tongguan"]
    env = {**os.environ, "COLUMNS": "100", "TONGGUAN_LANG": "en"}
    out = subprocess.run([*cmd, "ask", "--help"], env=env, capture_output=True, text=True, timeout=60).stdout
    assert "Profile file (YAML or JSON)." in out and "档案文件" not in out
    env.pop("TONGGUAN_LANG")
    out = subprocess.run([*cmd, "paths", "--help", "--lang", "en"], env=env, capture_output=True, text=True,
                         timeout=60).stdout
    assert "How many paths" in out and "Options" in out
    out = subprocess.run([*cmd, "--help"], env=env, capture_output=True, text=True, timeout=60).stdout
    assert "四川省" in out and "命令" in out
