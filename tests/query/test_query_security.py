"""No query text is ever run: code-shaped input is a syntax error, and the query modules hold no text
API of pyDatalog, no eval, exec or compile (a source scan, and a scan that catches what it looks for)."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongguan.cli import app
from tongguan.query import QueryError, parse_query

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "tongguan" / "query").glob("*.py")), ROOT / "tongguan/cli/query.py", ROOT / "tongguan/cli/repl.py"]
SYNTAX = {"query.bad_char", "query.unexpected", "query.unexpected_end"}


def payloads(marker: Path) -> list[str]:
    return [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w')",
        f'open("{marker}")',
        f"exec(\"open('{marker}', 'w')\")",
        "X <= Y",  # a pyDatalog rule definition
        "p(X) <= q(X)",
        "option(T, L, R) <= skill(L, _, _)",
        "+ skill(技师, x, 1)",  # a pyDatalog fact assertion
        "skill(L, _, D) & (lambda: 1)()",
        "skill(L, _, D); import os",
        "title_rank(L, R) if True else 0",
        "[x for x in ()]",
        "title_rank(L, R).__class__",
        "title_rank(L, R) # comment",
        "`id`",
        "$(id)",
    ]


@pytest.fixture
def no_eval(monkeypatch, kb):
    """Any eval/exec while a query is parsed fails the test (the parser is built and the modules are
    imported first: importing a module execs its code)."""
    parse_query("title_rank(L, R)", kb)
    with pytest.raises(QueryError):
        parse_query("title_rank(", kb)

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec/compile called")

    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, refuse)


def test_code_shaped_input_is_refused_before_anything_runs(kb, tmp_path, no_eval):
    marker = tmp_path / "pwned"
    for text in payloads(marker):
        with pytest.raises(QueryError) as err:
            parse_query(text, kb)
        # rule definitions and code are syntax errors; `X <= Y` alone is a comparison of unbound variables
        assert err.value.key in SYNTAX | {"query.unbound_comparison"}, (text, err.value.key)
        if text != "X <= Y":
            assert err.value.key in SYNTAX, text
    assert not marker.exists()


def test_code_shaped_input_through_the_command_line(tmp_path):
    marker = tmp_path / "pwned"
    profile = ROOT / "queries/profiles/welder-senior-technician.yaml"
    for text in payloads(marker):
        result = CliRunner().invoke(app, ["query", text, "--profile", str(profile)])
        assert result.exit_code == 2, (text, result.output)
        assert "错误" in result.output
    assert not marker.exists()


def test_constants_that_look_like_code_are_data(kb):
    from tongguan.query import run_kb

    q = parse_query("clause(C, T) & C == 注意__import__", kb)
    assert run_kb(q, kb) == []


BANNED_CALLS = {"eval", "exec", "compile", "__import__"}


def offences(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BANNED_CALLS:
            out.append(f"{path.name}:{node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("load", "ask"):
            base = node.func.value
            if isinstance(base, ast.Name) and base.id.lower().startswith("pydatalog"):
                out.append(f"{path.name}:{node.lineno}: {base.id}.{node.func.attr}()")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] == "pyDatalog" for n in names):
                out.append(f"{path.name}:{node.lineno}: imports pyDatalog")
    return out


def test_the_query_modules_hold_no_text_api_eval_or_exec():
    assert len(SOURCES) >= 8
    found = [o for p in SOURCES for o in offences(p)]
    assert not found, found


def test_the_scan_catches_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pyDatalog\nfrom pyDatalog import pyDatalog\neval('1')\nexec('x')\npyDatalog.load('p(X)')\n"
                   "pyDatalog.ask('p(X)')\ncompile('1', 'f', 'eval')\n")
    assert len(offences(bad)) == 7
