"""A second policy without code changes (issue 10): the synthetic policy of `tests/policies/demo` —
other ladder names, other years, one 破格 title, its own clauses, profile schema, principles and figure —
runs through ask, explain, paths, graph, audit, batch and query, by the same code as the Sichuan plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tongguan.cases import load_cases, run_cases
from tongguan.cli import app
from tongguan.cli.common import set_kb_dir
from tongguan.kb import load_kb

HERE = Path(__file__).resolve().parent / "policies"
DEMO = HERE / "demo"
PERSON = HERE / "demo-person.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _shipped_policy_after():
    yield
    set_kb_dir(None)  # the root's --kb is process state: the next test uses the shipped policy again


def cli(*args: str):
    return runner.invoke(app, ["--kb", str(DEMO), *map(str, args)])


def test_the_demo_policy_loads_with_its_own_ladders_and_identity():
    kb = load_kb(DEMO)
    assert kb.ladder("skill") == ["技工", "高级技工", "首席技工"]
    assert kb.ladder("title") == ["员级", "师级", "高级师级"]
    assert kb.qualified("P3.2") == "demo-bridge-2030:P3.2"
    assert set(kb.profile["fields"]) == {"id", "name", "as_of", "skills", "titles", "technical_work_since", "law_abiding", "awards"}


@pytest.mark.parametrize("backend_name", ["pydatalog"])
def test_the_demo_policy_passes_its_own_cases(backend_name):
    kb = load_kb(DEMO)
    cases = load_cases(DEMO)
    assert len(cases) >= 5
    assert run_cases(kb, cases) == []


def test_ask_answers_under_the_demo_policy():
    res = cli("ask", PERSON, "--json")
    assert res.exit_code == 0, res.output
    got = {(o["track"], o["level"], o["route"]): o for o in json.loads(res.output)["options"]}
    assert got[("title", "师级", "normal")]["status"] == "not_yet"
    assert got[("title", "师级", "normal")]["earliest"] == "2032-03-01"
    assert got[("title", "员级", "normal")]["status"] == "eligible"
    table = cli("ask", PERSON)
    assert table.exit_code == 0 and "师级职称" in table.output and "2032-03-01" in table.output


def test_a_profile_field_the_demo_schema_does_not_have_is_refused(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text(yaml.safe_dump({"as_of": "2031-06-01", "series": "工程"}, allow_unicode=True), encoding="utf-8")
    res = cli("ask", p)
    assert res.exit_code == 2 and "series" in res.output


def test_explain_quotes_the_demo_clauses():
    res = cli("explain", PERSON, "--json")
    assert res.exit_code == 0, res.output
    text = res.output
    assert "P3.2" in text and "取得高级技工等级后，从事技术工作满4年，可申报师级职称。" in text


def test_paths_plan_across_the_demo_ladders():
    res = cli("paths", PERSON, "--to", "title:高级师级", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    first = out["paths"][0]
    assert first["arrival"] == "2037-03-01"
    assert [s["rule"] for s in first["steps"]] == ["demo-title-middle", "demo-title-2-3"]
    assert out["assumptions"] == ["每次申报均在最早可申报之日提出并获通过"]  # no assessments in this policy


def test_graph_draws_the_demo_overpass(tmp_path):
    out = tmp_path / "demo.svg"
    res = cli("graph", "-p", PERSON, "--to", "title:高级师级", "-o", out)
    assert res.exit_code == 0, res.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") or "<svg" in svg[:500]
    dot = cli("graph", "--format", "dot")
    assert dot.exit_code == 0 and "高级师级" in dot.output and "demo-title-exceptional" in dot.output


def test_the_demo_policy_audits_clean():
    res = cli("audit", "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    bad = [f for f in report["findings"] if f["severity"] in ("error", "warning")]
    assert bad == []
    checks = {c["check"] for c in report["checks"]}
    assert {"P3.3", "P1", "cases", "coverage"} <= checks  # its own principles, by their clause IDs


def test_the_audit_catches_a_mistake_in_the_demo_policy(tmp_path):
    import shutil

    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    rules = copy / "rules" / "titles.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("years_after_skill(高级技工, 4, Since)", "years_after_skill(高级技工, 3, Since)"), encoding="utf-8")
    res = runner.invoke(app, ["--kb", str(copy), "audit", "--json"])
    assert res.exit_code == 1
    report = json.loads(res.output)
    assert any(f["check"] == "words" and f["severity"] == "error" for f in report["findings"])


def test_batch_screens_a_roster_under_the_demo_policy(tmp_path):
    roster = tmp_path / "r.jsonl"
    person = yaml.safe_load(PERSON.read_text(encoding="utf-8"))
    lines = [dict(person, id=f"d{i}") for i in range(3)]
    roster.write_text("\n".join(json.dumps(x, ensure_ascii=False, default=str) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.jsonl"
    res = cli("batch", roster, "-o", out)
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows and any("师级" in json.dumps(r, ensure_ascii=False) for r in rows)


def test_query_over_the_demo_policy():
    res = cli("query", "option_rule(Rule, title, Level, Route)", "--json")
    assert res.exit_code == 0, res.output
    answers = json.loads(res.output)["answers"]
    assert {a["Rule"] for a in answers} == {"demo-title-junior", "demo-title-middle", "demo-title-exceptional"}
