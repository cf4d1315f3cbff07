"""The README shows what the tool really does: its sections are the docs files, and its `ask` example is
the tool's output on the bundled example."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tongguan.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    head = "\n".join(README.splitlines()[:10])
    assert "make run" in head and "make test" in head


def test_readme_includes_each_docs_section_verbatim():
    for name in ("explain", "overpass", "audit", "roster", "reform"):
        text = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8").rstrip("\n")
        assert text in README, f"docs/{name}.md is not in the README as it stands: paste it again"


def test_readme_ask_example_is_the_tools_output():
    block = re.search(r"<!-- ask-example:.*?-->\n```text\n(.*?)\n```", README, re.S)
    assert block, "the README has no ask example block"
    result = CliRunner().invoke(app, ["ask", str(ROOT / "queries/profiles/welder-senior-technician.yaml")])
    assert result.exit_code == 0
    assert block.group(1) == result.stdout.rstrip("\n")
