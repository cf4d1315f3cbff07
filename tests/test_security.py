"""User input is data, never code: profile strings that look like Python or Datalog reach pyDatalog only as
constants, and no module under tongguan/ uses a text API (pyDatalog ``load``/``ask``, ``pyParser``) or
``eval``/``exec``."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import BASICS
from typer.testing import CliRunner

from tongguan import Engine, ProfileError, parse_profile
from tongguan.cli import app

PACKAGE = Path(__file__).resolve().parents[1] / "tongguan"
AS_OF = dt.date(2025, 6, 1)
BASE = {
    **BASICS,
    "skills": [{"level": "技师", "obtained": "2018-01-01"}],
}


def payloads(marker: Path) -> list[str]:
    """Strings that would do harm (create `marker`) or change the logic if they were ever run as code."""
    return [
        f"__import__('os').system('touch {marker}')",
        f"X) <= __import__('os').system('touch {marker}')",
        f"'); import os; os.system('touch {marker}'); ('",
        f"exec(\"open('{marker}', 'w').write('x')\")",
        "X) <= os.system('id')",
        "tg_opened_series(X)",
        "X",  # a Datalog variable, if it were parsed as text: would match every series
        "_",
        "P_",
        "工程) & (tg_series(X)",
        "工程\n+ tg_opened_series('卫生')",
        "${HOME}$(id)`id`",
    ]


FREE_TEXT = ("name", "id", "series", "occupation")


@pytest.mark.parametrize("field", FREE_TEXT)
def test_free_text_fields_are_data(kb, tmp_path, field):
    marker = tmp_path / "tg_pwned"
    engine = Engine(kb)
    for payload in payloads(marker):
        person = parse_profile({**BASE, field: payload}, kb=kb, as_of=AS_OF)
        answer = engine.evaluate(person)
        assert getattr(answer.person, field) == payload  # kept verbatim, as data
        if field == "series":
            # no text is a variable: a series that is not one of the eight opens no title route
            assert all(o.status == "ineligible" for o in answer.options if o.track == "title"), payload
            assert any(payload in n for n in answer.notes)
        else:
            assert answer.get("title", "中级", "normal").status == "eligible"
        assert not marker.exists()


def test_free_text_inside_lists_is_data(kb, tmp_path):
    marker = tmp_path / "tg_pwned"
    for payload in payloads(marker):
        data = {
            **BASE,
            "skills": [{"level": "技师", "occupation": payload, "obtained": "2018-01-01"}],
            "titles": [{"level": "中级", "series": payload, "obtained": "2019-01-01"}],
        }
        answer = Engine(kb).evaluate(parse_profile(data, kb=kb, as_of=AS_OF))
        assert answer.person.skills[0].occupation == payload
        assert answer.get("skill", "技师", "normal").status == "eligible"
        assert not marker.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"skills": [{"level": "__import__('os').system('id')"}]},
        {"titles": [{"level": "X) <= os.system('id')"}]},
        {"awards": [{"kind": "tg_award(X, Y, Z)"}]},
        {"awards": [{"kind": "世界技能大赛", "medal": "金') or ('1"}]},
        {"awards": [{"kind": "国家级技能竞赛", "class": "X"}]},
        {"assessments": {2023: "合格'); exec('1"}},
        {"technical_school_class": "__import__('os')"},
        {"__class__": "x"},
        {"skills": [{"level": "技师", "__init__": "x"}]},
    ],
)
def test_code_in_vocabulary_fields_is_a_profile_error(kb, tmp_path, data):
    with pytest.raises(ProfileError):
        parse_profile({**BASE, **data}, kb=kb, as_of=AS_OF)


def test_payload_through_the_command_line(tmp_path):
    marker = tmp_path / "tg_pwned"
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps({**BASE, "as_of": "2025-06-01", "occupation": payloads(marker)[0], "series": payloads(marker)[1]}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["ask", str(path), "--json", "--all"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["person"]["occupation"] == payloads(marker)[0]
    assert not marker.exists()


# ---- source scan -----------------------------------------------------------------------------------

FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__"}
TEXT_APIS = {"load", "ask", "create_terms", "pyParser"}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in FORBIDDEN_BUILTINS | TEXT_APIS:
                out.append(f"{where}: {f.id}(")
            if isinstance(f, ast.Attribute):
                owner = f.value.id if isinstance(f.value, ast.Name) else ""
                if owner in ("pyDatalog", "pyParser", "builtins") or f.attr in ("pyParser", "eval", "exec"):
                    out.append(f"{where}: {owner}.{f.attr}(")
                # pyEngine.Literal.ask() takes no argument; a text API is given the program text
                if f.attr in ("ask", "load") and (node.args or node.keywords):
                    out.append(f"{where}: .{f.attr}(...) with arguments")
        elif isinstance(node, ast.ImportFrom):
            names = {a.name for a in node.names}
            if "pyParser" in (node.module or "") or names & {"pyParser", "load", "ask", "create_terms"}:
                out.append(f"{where}: from {node.module} import {sorted(names)}")
        elif isinstance(node, ast.Import):
            if any("pyParser" in a.name for a in node.names):
                out.append(f"{where}: import pyParser")
        elif isinstance(node, ast.Attribute) and node.attr == "pyParser":
            out.append(f"{where}: .pyParser")
    return out


def test_no_text_api_eval_or_exec_in_the_package():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    found = [v for path in files for v in _violations(path)]
    assert not found, found


@pytest.mark.parametrize(
    "source",
    [
        "from pyDatalog import pyDatalog\npyDatalog.load('p(X) <= q(X)')\n",
        "from pyDatalog import pyDatalog\npyDatalog.ask('p(X)')\n",
        "from pyDatalog import pyParser\n",
        "eval(text)\n",
        "exec(text)\n",
        "from pyDatalog.pyDatalog import load\n",
        "thing.ask(text)\n",
    ],
)
def test_the_scan_catches_text_apis(tmp_path, source):
    path = tmp_path / "bad.py"
    path.write_text(source, encoding="utf-8")
    assert _violations(path)
