"""`tongguan audit`: the shipped KB audits clean, and every injected fault is caught and named.

The mutation tests copy kb/ to a temporary folder, inject one fault each, and run the command line
(`tongguan audit --kb COPY --json`): it must exit 1 and name the check, the rule and the clause.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
import yaml
from typer.testing import CliRunner

from tongguan.audit import _graph_findings, check_balance, crossings, run_audit, witness_profiles
from tongguan.cli import app
from tongguan.kb import default_kb_dir, load_kb

runner = CliRunner()


# ---------------------------------------------------------------------------------------------
# helpers


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), dest)
    return dest


def audit_json(kb_dir: Path | None = None) -> tuple[int, dict]:
    args = ["audit", "--json", "--lang", "en"] + (["--kb", str(kb_dir)] if kb_dir else [])
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def errors(report: dict, **keys: str) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error" and all(f[k] == v for k, v in keys.items())]


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_rules(path: Path, edit) -> None:
    data = load_yaml(path)
    data["rules"] = edit(data["rules"])
    dump_yaml(path, data)


def rules_file(kb_dir: Path, rule_id: str) -> Path:
    for path in sorted((kb_dir / "rules").glob("*.yaml")):
        if any(r["id"] == rule_id for r in load_yaml(path).get("rules") or ()):
            return path
    raise AssertionError(f"no rule {rule_id} in {kb_dir}")


def body_of(rule: dict) -> list[str]:
    body = rule.get("body") or []
    return [x.strip() for x in body.split("&")] if isinstance(body, str) else list(body)


def mutate_rule(kb_dir: Path, rule_id: str, change) -> None:
    """Apply `change(rule_dict)` to one rule of a KB copy, found by its ID (the body as a list)."""

    def edit(rules):
        for r in rules:
            if r["id"] == rule_id:
                r["body"] = body_of(r)
                change(r)
        return rules

    edit_rules(rules_file(kb_dir, rule_id), edit)


def delete_rule(kb_dir: Path, rule_id: str) -> None:
    edit_rules(rules_file(kb_dir, rule_id), lambda rules: [r for r in rules if r["id"] != rule_id])


def add_rules(kb_dir: Path, *rules: dict) -> None:
    edit_rules(kb_dir / "rules" / "titles.yaml", lambda old: [*old, *rules])


# ---------------------------------------------------------------------------------------------
# the shipped KB


def test_shipped_kb_audits_clean():
    code, report = audit_json()
    assert code == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert report["ok"] is True
    assert report["counts"]["error"] == 0
    assert {c["check"] for c in report["checks"]} >= {"coverage", "hygiene", "B-3.1.2", "A1-6", "B-2.2", "graph",
                                                      "dead-rules", "plan-facts"}
    total = report["coverage"][-1]
    assert total["section"] == "total" and total["uncovered"] == 0 and total["clauses"] == len(load_kb().clauses)
    # the documented plan facts are shown as such, with their explanation
    facts = {f["fact"]: f for f in report["findings"] if f["severity"] == "fact"}
    assert {"F-balance-assistant", "F-balance-senior"} <= set(facts)
    assert all(f["explanation"] for f in facts.values())
    import tongguan.planning as planning

    if hasattr(planning, "build_graph"):  # the 9-vs-10-year shortcut 高级技师 → 副高级 → 正高级
        assert "F-shortcut-senior" in facts and "9 years" in facts["F-shortcut-senior"]["message"]
    # the register comes with the clauses' text and the rules following each entry
    reg = {e["id"]: e for e in report["register"]}
    assert reg["I-team-size"]["clauses"][0]["text"].startswith("技艺高超")
    assert "exceptional-deputy-national-class1-team" in reg["I-team-size"]["rules"]


def test_every_finding_names_check_and_fix():
    report = run_audit()
    for f in report.findings:
        assert f.check and f.kind and f.message and (f.fix or f.explanation), f


def test_readable_and_markdown_outputs():
    result = runner.invoke(app, ["audit", "--lang", "en"])
    assert result.exit_code == 0
    assert "audit clean" in result.stdout and "Coverage per section" in result.stdout
    result = runner.invoke(app, ["audit", "--md", "--lang", "en"])
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Audit of the rule base\n\n## Summary")
    for section in ("## Findings", "## Coverage per section", "## Balance of the crossings (B-2.2)",
                    "## Interpretation register", "### I-exceptional-scope"):
        assert section in md


def test_bad_input_exits_2(tmp_path: Path):
    result = runner.invoke(app, ["audit", "--kb", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "--kb" in result.stderr and "Traceback" not in result.stderr
    result = runner.invoke(app, ["audit", "--json", "--md"])
    assert result.exit_code == 2


def test_malformed_kb_is_an_error_finding(kb_copy: Path):
    (kb_copy / "rules" / "titles.yaml").write_text("rules:\n  - id: broken\n    head: option(title,\n", encoding="utf-8")
    code, report = audit_json(kb_copy)
    assert code == 1
    assert errors(report, check="kb", kind="malformed")


def test_kb_files_of_the_wrong_shape(kb_copy: Path):
    (kb_copy / "rules" / "titles.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    code, report = audit_json(kb_copy)
    assert code == 1 and errors(report, check="kb", kind="malformed")
    shutil.copy(default_kb_dir() / "rules" / "titles.yaml", kb_copy / "rules" / "titles.yaml")
    (kb_copy / "plan_facts.yaml").write_text("- a list\n", encoding="utf-8")
    code, report = audit_json(kb_copy)
    assert code == 1 and errors(report, check="plan-facts", kind="malformed")


# ---------------------------------------------------------------------------------------------
# the four mutations of the issue


@pytest.mark.parametrize("condition", ["school_class(_)", "relevant_diploma"])
def test_mutation_education_condition_on_title_rule(kb_copy: Path, condition: str):
    mutate_rule(kb_copy, "title-intermediate-normal", lambda r: r["body"].append(condition))
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="B-3.1.2", rule="title-intermediate-normal")
    assert found, report["findings"]
    assert "学历" in found[0]["message"] and condition.split("(")[0] in found[0]["message"]
    assert found[0]["file"] == "rules/titles.yaml" and found[0]["clause"] == "B-3.1.2"


def test_mutation_unknown_clause(kb_copy: Path):
    mutate_rule(kb_copy, "title-assistant-normal", lambda r: r["clauses"].insert(0, "A1-5.1.9"))
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="coverage", kind="unknown-clause", clause="A1-5.1.9")
    assert found and found[0]["rule"] == "title-assistant-normal"


def test_mutation_deleted_rule_leaves_clause_uncovered(kb_copy: Path):
    # the only rule citing A1-6.3.2 (中华技能大奖)
    assert [r.id for r in load_kb().rules if "A1-6.3.2" in r.clauses] == ["exceptional-senior-china-skill-award"]
    delete_rule(kb_copy, "exceptional-senior-china-skill-award")
    code, report = audit_json(kb_copy)
    assert code == 1
    assert errors(report, check="coverage", kind="uncovered", clause="A1-6.3.2")


def test_mutation_unstratified_negation(kb_copy: Path):
    preds = load_yaml(kb_copy / "predicates.yaml")
    preds["derived"].update({"ping": {"args": [], "doc": "ping"}, "pong": {"args": [], "doc": "pong"}})
    dump_yaml(kb_copy / "predicates.yaml", preds)
    common = {"clauses": ["A1-3"], "source": "从事技术技能工作"}
    add_rules(kb_copy, {"id": "ping-rule", "head": "ping", "body": "not pong", **common},
              {"id": "pong-rule", "head": "pong", "body": "not ping", **common})
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="hygiene", kind="unstratified-negation")
    assert {f["rule"] for f in found} == {"ping-rule", "pong-rule"}
    assert all("ping" in f["message"] and "pong" in f["message"] for f in found)


# ---------------------------------------------------------------------------------------------
# more faults, one check each


def test_misquoted_source(kb_copy: Path):
    mutate_rule(kb_copy, "title-intermediate-normal", lambda r: r.update(source="取得技师职业资格后，从事技术技能工作满30年。"))
    code, report = audit_json(kb_copy)
    assert code == 1
    assert errors(report, check="coverage", kind="misquote", rule="title-intermediate-normal")


def test_unknown_note_and_reasonless_not_encoded(kb_copy: Path):
    mutate_rule(kb_copy, "title-senior-normal-from-title", lambda r: r.update(note="I-no-such-entry"))
    listed = load_yaml(kb_copy / "not_encoded.yaml")
    for e in listed["clauses"]:
        if e["id"] == "B-1":
            e["reason"] = ""
    dump_yaml(kb_copy / "not_encoded.yaml", listed)
    register = load_yaml(kb_copy / "interpretations.yaml")
    register["interpretations"][0]["clauses"].append("A3-1")
    dump_yaml(kb_copy / "interpretations.yaml", register)
    code, report = audit_json(kb_copy)
    assert code == 1
    assert errors(report, kind="unknown-note", rule="title-senior-normal-from-title")
    assert errors(report, kind="no-reason", clause="B-1")
    assert errors(report, kind="uncovered", clause="B-1")
    assert errors(report, kind="unknown-clause", clause="A3-1", file="interpretations.yaml")


def test_hygiene_faults(kb_copy: Path):
    def add(rules):
        base = {"clauses": ["A1-5.2.4"], "source": "取得技师职业资格或职业技能等级后，从事技术技能工作满3年。"}
        return [
            *rules,
            {"id": "undeclared", "head": "title_basics", "body": "no_such_predicate(X)", **base},
            {"id": "bad-arity", "head": "title_basics", "body": "skill_at_least(技师)", **base},
            {"id": "unsafe", "head": "exceptional_tier(L)", "body": "frontline", **base},
            {"id": "bad-level", "head": "title_basics", "body": "skill_at_least(特级技师, _)", **base},
            {**rules[0], "id": "dup-copy"},  # the same rule again, under another ID
            {"id": "shared-variable", "head": "option(title, 中级, normal)",
             "body": "skill(L, _, D) & title(L, _, title, D)", **base},
            {"id": "bad-route", "head": "option(title, 中级, direct)", "body": "title_basics", **base},
            {"id": "bad-award", "head": "exceptional_tier(中级)", "body": "award(_, 全省技术标兵, _)", **base},
            {"id": "bad-medal", "head": "exceptional_tier(中级)", "body": "award(A, 世界技能大赛, _) & award_medal(A, 白金)",
             **base},
            {"id": "bad-exam", "head": "option(exam, 法律, skill_level)", "body": "skill_at_least(高级工, _)", **base},
            {"id": "false-comparison", "head": "title_basics", "body": "frontline & 3 < 2", **base},
        ]

    edit_rules(kb_copy / "rules" / "titles.yaml", add)
    code, report = audit_json(kb_copy)
    assert code == 1
    assert errors(report, kind="undeclared-predicate", rule="undeclared")
    assert errors(report, kind="arity", rule="bad-arity")
    assert errors(report, kind="unsafe-variable", rule="unsafe")
    assert errors(report, kind="undeclared-constant", rule="bad-level")
    assert errors(report, kind="duplicate-rule", rule="dup-copy")
    assert errors(report, kind="engine-restriction", rule="shared-variable")
    assert errors(report, kind="undeclared-constant", rule="bad-route")
    for rid, value in (("bad-award", "全省技术标兵"), ("bad-medal", "白金"), ("bad-exam", "法律")):
        found = errors(report, kind="undeclared-constant", rule=rid)
        assert found and value in found[0]["message"], rid
    assert errors(report, kind="false-comparison", rule="false-comparison")
    # the engine was not asked to evaluate unsafe rules
    assert any(c["check"] == "dead-rules" and c["skipped"] for c in report["checks"])


def test_predicate_declarations(kb_copy: Path):
    preds = load_yaml(kb_copy / "predicates.yaml")
    preds["base"]["relevant_diploma"]["concerns"] = ["学力"]  # misspelt: would switch B-3.1.2 off for it
    preds["base"]["frontline"]["field"] = "front_line"
    preds["vocab"]["medal_rank"]["from"] = "medalz"
    dump_yaml(kb_copy / "predicates.yaml", preds)
    code, report = audit_json(kb_copy)
    assert code == 1
    kinds = {f["kind"] for f in errors(report, check="hygiene", file="predicates.yaml")}
    assert {"unknown-concern", "bad-field", "bad-vocab-source"} <= kinds


def test_exceptional_route_conditioned_on_seniority(kb_copy: Path):
    mutate_rule(kb_copy, "title-exceptional", lambda r: r["body"].append("years_after_skill(高级工, 2, Since)"))
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="A1-6", rule="title-exceptional")
    assert found and "资历" in found[0]["message"]


def test_dead_rule(kb_copy: Path):
    def change(r):
        r["body"] = [b.replace("professional_at_least(中级)", "professional_at_least(正高级)") for b in r["body"]]
        assert "professional_at_least(正高级)" in r["body"]

    mutate_rule(kb_copy, "skill-technician-normal", change)
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="dead-rules", rule="skill-technician-normal")
    assert found and "professional_at_least(正高级)" in found[0]["message"]


def test_dead_rule_found_by_witness_search(kb_copy: Path):
    # statically fine (each literal can hold), but a 正高级 title holder is always a professional
    def add(rules):
        return [*rules, {"id": "never", "head": "option(skill, 高级技师, direct)",
                         "body": "title_at_least(正高级, _) & not professional & skill_basics(B)",
                         "clauses": ["B-3.3.3"], "source": "正高级职称不受年限限制，可直接申报相应职业（工种）高级技师资格。"}]

    edit_rules(kb_copy / "rules" / "skills.yaml", add)
    code, report = audit_json(kb_copy)
    assert code == 1
    found = errors(report, check="dead-rules", rule="never")
    assert found and "witness" in found[0]["message"]


def test_plan_facts_stale_and_missing(kb_copy: Path):
    (kb_copy / "plan_facts.yaml").unlink()
    report = run_audit(kb_copy, graph=False)
    assert report.ok  # the balance findings are warnings until accepted
    assert {f.subject.get("title") for f in report.findings if f.check == "B-2.2"} == {"助理级", "正高级"}
    (kb_copy / "plan_facts.yaml").write_text(
        "facts:\n  - {id: F-x, check: B-2.2, match: {skill: 技师, title: 正高级}, explanation: none}\n"
        "  - {id: F-bad, check: nonsense, match: {}}\n", encoding="utf-8")
    report = run_audit(kb_copy, graph=False)
    assert any(f.kind == "stale" and "F-x" in f.message for f in report.findings)
    assert any(f.kind == "malformed" and f.check == "plan-facts" and f.severity == "error" for f in report.findings)


# ---------------------------------------------------------------------------------------------
# the parts, directly


def test_balance_rows_from_the_rules():
    kb = load_kb()
    _, rows = check_balance(kb)
    got = {(r["skill"], r["title"]): (r["skill_to_title"]["years"], r["title_to_skill"]["years"], r["verdict"])
           for r in rows}
    assert got == {
        ("高级工", "助理级"): (2, 2, "skill→title harsher"),
        ("技师", "中级"): (3, 4, "mixed: fewer years, counted from obtaining the level"),
        ("高级技师", "副高级"): (4, 8, "mixed: fewer years, counted from obtaining the level"),
        ("高级技师", "正高级"): (10, 0, "skill→title harsher"),
    }
    within = {c["rule"]: c for c in crossings(kb)}["title-senior-normal-from-title"]
    assert within["source"] == ("title", "副高级") and within["years"] == 5


def test_witness_profiles_are_valid():
    from tongguan.profile import parse_profile

    kb = load_kb()
    for raw in witness_profiles(kb):
        parse_profile(raw, kb=kb, as_of=__import__("datetime").date(2030, 6, 30))


def _node(g: nx.MultiDiGraph, ladder: str, level: str, rank: int) -> str:
    n = f"{ladder}:{level}"
    g.add_node(n, ladder=ladder, level=level, rank=rank, label=level)
    return n


def test_graph_checks_on_a_small_overpass():
    kb = load_kb()
    g = nx.MultiDiGraph()
    s3, s5 = _node(g, "skill", "高级工", 3), _node(g, "skill", "高级技师", 5)
    t3, t4 = _node(g, "title", "副高级", 3), _node(g, "title", "正高级", 4)
    t1 = _node(g, "title", "助理级", 1)
    award = "award:中华技能大奖"
    g.add_node(award, ladder="award", level="中华技能大奖", rank=None, label="中华技能大奖")
    title = {"track": "title", "route": "normal"}
    g.add_edge(s5, t3, rule="title-deputy-senior-normal", clauses=["A1-5.3.4"], years=4, **title)
    g.add_edge(t3, t4, rule="title-senior-normal-from-title", clauses=["A1-5.4.5"], years=5, **title)
    g.add_edge(s5, t4, rule="title-senior-normal-from-skill", clauses=["A1-5.4.5"], years=10, **title)
    g.add_edge(t4, t3, rule="bogus-down", clauses=["A1-5.4.5"], years=1, **title)
    g.add_edge(award, t4, rule="title-exceptional", clauses=["A1-6"], track="title", route="exceptional", years=None)
    g.add_edge(t3, s5, rule="skill-senior-technician-normal", clauses=["A2-5.3.6"], route="normal", track="skill",
               years=8)
    findings, summary, _ = _graph_findings(kb, g)
    shortcut = [f for f in findings if f.kind == "shortcut"]
    assert len(shortcut) == 1 and shortcut[0].subject == {"from": s5, "to": t4, "via": [t3]}
    assert "9 years" in shortcut[0].message and shortcut[0].rule == "title-senior-normal-from-skill"
    cycle = [f for f in findings if f.kind == "cycle"]
    assert [f.rule for f in cycle] == ["bogus-down"] and cycle[0].severity == "error"
    unreached = {f.subject["node"] for f in findings if f.kind == "unreached"}
    assert unreached == {s3}  # 助理级 is the lowest title level: an entry, not a gap; awards are sources
    assert t1 in summary["unreached"] and award not in summary["unreached"] and summary["cycles"] >= 1


def test_graph_check_skips_without_an_overpass(monkeypatch):
    import tongguan.planning as planning
    from tongguan.audit import check_graph

    monkeypatch.delattr(planning, "build_graph", raising=False)
    findings, summary, skipped = check_graph(load_kb())
    assert skipped and summary == {}
    assert [f.severity for f in findings] == ["warning"] and "skipped" in findings[0].message
