"""The README's query examples are the tool's real output, and so is the error shown there."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from tongguan.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"<!-- query-example: (.*?) -->\n```text\n\$ (.*?)\n(.*?)\n```", README, re.S)


def run(command: str, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)  # the examples name files from the top of the repository
    args = shlex.split(command)
    assert args[0] == "tongguan"
    result = CliRunner().invoke(app, args[1:])
    return result.exit_code, result.output


def test_the_readme_has_three_query_examples():
    assert len(EXAMPLES) >= 3
    assert {"--roster" in c for c, _, _ in EXAMPLES} == {True, False}


def test_each_readme_query_example_is_the_tools_output(monkeypatch):
    for marker, shown, output in EXAMPLES:
        assert marker == shown
        code, out = run(shown, monkeypatch)
        assert code == 0, out
        assert out.rstrip("\n") == output, shown


def test_the_readme_error_example_is_the_tools_output(monkeypatch):
    block = re.search(r"    \$ (tongguan query 'title_rank.*?)\n((?:    .*\n)+)", README)
    assert block
    code, out = run(block.group(1), monkeypatch)
    assert code == 2
    assert out == "".join(line[4:] + "\n" for line in block.group(2).splitlines())


def test_docs_query_md_error_example_is_the_tools_output(monkeypatch):
    doc = (ROOT / "docs" / "query.md").read_text(encoding="utf-8")
    block = re.search(r"\n((?:    错误.*\n)(?:    .*\n)+)", doc)
    assert block
    code, out = run("tongguan query 'title_rank(L, R) &\n  award_open(K, L)'", monkeypatch)
    assert code == 2
    assert out == "".join(line[4:] + "\n" for line in block.group(1).splitlines())
