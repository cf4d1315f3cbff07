"""Bad input a real user will type: each ends with exit 2 and one line naming the field and the value, in
Chinese (English with --lang en), nothing written.  The same cases make docs/bad-inputs.md; a test keeps
the page equal to what the tool prints.  Regenerate it with ``python tests/test_inputs.py``."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongguan.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "bad-inputs.md"
GOOD = (
    "as_of: 2025-06-01\nseries: 工程\ntechnical_work_since: 2010-07-01\n"
    "assessments: {2022: 合格, 2023: 优秀, 2024: 合格}\nlaw_abiding: true\ngood_conduct: true\n"
    "skills: [{level: 技师, obtained: 2018-01-01}]\n"
)
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "name: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
)

# (what, file name, content, command and options, field, value as echoed)
CASES: list[tuple[str, str, str | bytes, list[str], str, str]] = [
    (
        "impossible date",
        "p.yaml",
        "skills: [{level: 技师, obtained: 2025-02-30}]\n",
        ["ask"],
        "skills[0].obtained",
        "'2025-02-30'",
    ),
    (
        "29 February of a common year",
        "p.yaml",
        "technical_work_since: 2021-02-29\n",
        ["ask"],
        "technical_work_since",
        "'2021-02-29'",
    ),
    ("year 0", "p.yaml", "as_of: 0000-01-01\n", ["ask"], "as_of", "'0000-01-01'"),
    ("!!timestamp that is no date", "p.yaml", "as_of: !!timestamp 明天\n", ["ask"], "as_of", "'明天'"),
    (
        "a date near 9999",
        "p.yaml",
        GOOD + "titles: [{level: 中级, obtained: 9999-12-01}]\n",
        ["ask"],
        "titles[0].obtained",
        "'9999-12-01'",
    ),
    ("--as-of near 9999 (ask)", "p.yaml", GOOD, ["ask", "--as-of", "9999-12-31"], "--as-of", "'9999-12-31'"),
    ("--as-of near 9999 (explain)", "p.yaml", GOOD, ["explain", "--as-of", "9999-12-31"], "--as-of", "'9999-12-31'"),
    ("--as-of near 9999 (paths)", "p.yaml", GOOD, ["paths", "--as-of", "9999-12-31"], "--as-of", "'9999-12-31'"),
    (
        "--as-of near 9999 (graph)",
        "p.yaml",
        GOOD,
        ["graph", "-f", "dot", "--as-of", "9999-12-31", "-p"],
        "--as-of",
        "'9999-12-31'",
    ),
    ("square brackets in --as-of", "p.yaml", GOOD, ["ask", "--as-of", "[/x]"], "--as-of", "'[/x]'"),
    ("square brackets in a file name", "[/x].yaml", "series: [工程\n", ["ask"], "PROFILE", "'[/x].yaml'"),
    ("an ANSI escape in a name", "p.yaml", 'name: "\\e[31m张"\n', ["ask"], "name", "'\\x1b[31m张'"),
    ("nesting 1,000 deep (YAML)", "p.yaml", "name: " + "[" * 1000 + "]" * 1000 + "\n", ["ask"], "PROFILE", "'p.yaml'"),
    (
        "nesting 1,000 deep (JSON)",
        "p.json",
        '{"name": ' + "[" * 1000 + "]" * 1000 + "}",
        ["ask"],
        "PROFILE",
        "'p.json'",
    ),
    (
        "a 5,000-digit integer",
        "p.yaml",
        "awards: [{kind: 天府工匠, year: " + "9" * 5000 + "}]\n",
        ["ask"],
        "awards[0].year",
        "'9999",
    ),
    ("an alias bomb (237 bytes; 9⁶ values expanded)", "p.yaml", BOMB, ["ask"], "PROFILE", "'p.yaml'"),
    ("a 100,000-character series", "p.yaml", "series: " + "工" * 100_000 + "\n", ["ask"], "series", "'工工工"),
    ("101 skills", "p.yaml", "skills:\n" + "  - {level: 技师}\n" * 101, ["ask"], "skills", "101"),
    (
        "100,000 skills (a 2 MB file)",
        "p.yaml",
        "skills:\n" + "  - {level: 技师}\n" * 100_000,
        ["ask"],
        "PROFILE",
        "'p.yaml'",
    ),
    ("a duplicate key (YAML)", "p.yaml", "series: 工程\nseries: 农业\n", ["ask"], "series", "'series'"),
    ("a duplicate key (JSON)", "p.json", '{"series": "工程", "series": "农业"}', ["ask"], "series", "'series'"),
    ("a negative assessment year", "p.yaml", "assessments: {-5: 合格}\n", ["ask"], "assessments.-5", "-5"),
    (
        "an award year that is a boolean",
        "p.yaml",
        "awards: [{kind: 天府工匠, year: true}]\n",
        ["ask"],
        "awards[0].year",
        "True",
    ),
    ("a negative award year", "p.yaml", "awards: [{kind: 天府工匠, year: -3}]\n", ["ask"], "awards[0].year", "-3"),
    (
        "a rank that is a boolean",
        "p.yaml",
        "awards: [{kind: 国家级技能竞赛, rank: true}]\n",
        ["ask"],
        "awards[0].rank",
        "True",
    ),
    ("a date with a time", "p.yaml", "as_of: 2025-06-01 10:30:00\n", ["ask"], "as_of", "'2025-06-01 10:30:00'"),
    (
        "a list of skills given as a mapping",
        "p.yaml",
        "skills: {level: 技师}\n",
        ["ask"],
        "skills",
        "{'level': '技师'}",
    ),
    ("a GBK file", "p.yaml", "series: 工程\n".encode("gbk"), ["ask"], "PROFILE", "'p.yaml'"),
    (
        "a UTF-16 file",
        "p.yaml",
        codecs.BOM_UTF16_LE + "series: 工程\n".encode("utf-16-le"),
        ["ask"],
        "PROFILE",
        "'p.yaml'",
    ),
    ("a YAML syntax error", "p.yaml", "series: 工程\n  skills: x\n", ["ask"], "PROFILE", "'p.yaml'"),
    ("a JSON syntax error", "p.json", '{"series": "工程",\n "x": }', ["ask"], "PROFILE", "'p.json'"),
    ("-o is the profile (explain)", "p.yaml", GOOD, ["explain", "-o", "p.yaml"], "--output", "'p.yaml'"),
    ("-o is the profile (graph)", "p.yaml", GOOD, ["graph", "-f", "dot", "-o", "p.yaml", "-p"], "-o", "'p.yaml'"),
    ("-o is a folder", "p.yaml", GOOD, ["explain", "-o", "."], "--output", "'.'"),
    ("an unknown --lang", "p.yaml", GOOD, ["paths", "--lang", "fr"], "--lang", "'fr'"),
]

runner = CliRunner()


def run(case: tuple, lang: str, folder: Path):
    """Run one case in `folder` (relative names, as a user types them); returns the result."""
    _what, name, content, command, *_ = case
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    args = [command[0], *(["--lang", lang] if "--lang" not in command else []), *command[1:], name]
    with contextlib.chdir(folder):
        return runner.invoke(app, args)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _input(case: tuple) -> str:
    _what, name, content, *_ = case
    if isinstance(content, str) and content.startswith(GOOD):
        rest = content[len(GOOD) :].strip()
        return f"`{name}`: a valid profile" + (f" and `{_cell(rest)}`" if rest else "")
    shown = content if isinstance(content, str) else repr(content)
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return f"`{name}`: `{_cell(shown.strip())}`" if shown.strip() else f"`{name}`"


def table() -> str:
    """docs/bad-inputs.md, from what the tool prints now."""
    lines = [
        "# Bad inputs and what the tool says",
        "",
        "Each bad input below ends with exit code 2 and one line on standard error naming the field and",
        "the value (clipped to 80 characters, control characters escaped), in Chinese, or in English with",
        "`--lang en`; nothing is written. Limits: a profile file is at most 1 MB, nested at most 16 levels,",
        "holds at most 10,000 values (aliases counted as what they expand to), a text at most 200 characters,",
        "a number at most 20 digits, a list at most 100 entries; dates lie in 1900-01-01..2200-12-31 (`as_of` and `--as-of` in 1900-01-01..2100-12-31).",
        "",
        "Generated by `python tests/test_inputs.py` (tests/test_inputs.py keeps it equal to the tool).",
        "",
        "| Input | Command | Message (zh) | Message (en) |",
        "|---|---|---|---|",
    ]
    for case in CASES:
        out = {}
        for lang in ("zh", "en"):
            with tempfile.TemporaryDirectory() as tmp:
                result = run(case, lang, Path(tmp))
            out[lang] = result.stderr.strip()
        cmd = " ".join([*case[3], case[1]])
        lines.append(
            f"| {case[0]}: {_input(case)} | `tongguan {_cell(cmd)}` | {_cell(out['zh'])} | {_cell(out['en'])} |"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, case, lang):
    result = run(case, lang, tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert result.exit_code == 2, (result.exit_code, result.stdout[-500:], result.stderr[-2000:])
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "Traceback" not in line and "\x1b" not in line and len(line) < 400
    assert line.startswith("错误：" if lang == "zh" or "--lang" in case[3] else "error: ")
    field, value = case[4], case[5]
    assert field in line and value in line, line
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    name = tmp_path / case[1]
    content = case[2]
    assert name.read_bytes() == (content if isinstance(content, bytes) else content.encode("utf-8"))


def test_the_page_matches_the_tool():
    assert DOC.read_text(encoding="utf-8") == table(), "docs/bad-inputs.md is stale: run python tests/test_inputs.py"


# ---- what is accepted ------------------------------------------------------------------------------


def test_square_brackets_and_markup_in_values_are_shown_literally(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("series: 工程", 'series: "[red]卫生"') + 'name: "[/bogus][bold]x"\n', encoding="utf-8")
    result = runner.invoke(app, ["ask", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "[/bogus][bold]x" in result.stdout and "[red]卫生" in result.stdout


def test_a_dollar_in_a_name_is_text_in_the_drawing_not_mathtext(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + 'name: "$\\\\frac{[/b]$"\n', encoding="utf-8")
    result = runner.invoke(app, ["graph", "-f", "svg", "-p", str(path)])
    assert result.exit_code == 0, result.exception


def test_json_with_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps({"series": "工程", "as_of": "2025-06-01"}).encode())
    result = runner.invoke(app, ["ask", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["person"]["series"] == "工程"


def test_a_profile_of_one_megabyte_of_comments_is_read(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + ("# " + "注" * 30 + "\n") * 10_000, encoding="utf-8")
    assert 900_000 < path.stat().st_size <= 1_048_576
    assert runner.invoke(app, ["ask", str(path), "--json"]).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_output_onto_a_symlink_writes_its_target_and_onto_a_fifo_writes_it_directly(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = runner.invoke(app, ["explain", str(profile), "--md", "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("#")
    assert (target.stat().st_mode & 0o777) == 0o640
    null = runner.invoke(app, ["graph", "-f", "dot", "-o", os.devnull])
    assert null.exit_code == 0 and Path(os.devnull).is_char_device()


def test_output_through_a_link_to_the_input_is_refused(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(profile)
    result = runner.invoke(app, ["explain", str(profile), "-o", str(tmp_path / "link.yaml")])
    assert result.exit_code == 2 and profile.read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    "content",
    ["edges: {x: {years: 2025-02-30}}\n", "edges: " + "[" * 1000 + "]" * 1000 + "\n", BOMB.replace("name:", "edges:")],
    ids=["impossible date", "nesting 1,000 deep", "alias bomb"],
)
@pytest.mark.parametrize("command", ["paths", "graph"])
def test_a_bad_assumptions_file_exits_2_with_one_line(tmp_path, content, command):
    profile, extra = tmp_path / "p.yaml", tmp_path / "a.yaml"
    profile.write_text(GOOD, encoding="utf-8")
    extra.write_text(content, encoding="utf-8")
    args = [command, str(profile)] if command == "paths" else [command, "-f", "dot"]
    result = runner.invoke(app, [*args, "--assumptions", str(extra)])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


if __name__ == "__main__":
    DOC.write_text(table(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
