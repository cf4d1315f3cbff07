"""The audit against the words of the plan (issue 9): each plausible misencoding is caught twice — by the
word and structure checks alone (`tongguan audit --no-cases`), and by the policy's own cases alone
(`tongguan.cases.run_cases`) — and the finding names the rule, the clause and the phrase.

Each mutation is applied to a copy of kb/ through the YAML structure (by rule ID, or by vocabulary key).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_audit import dump_yaml, load_yaml, mutate_rule
from typer.testing import CliRunner

from tongguan.audit import run_audit
from tongguan.audit.phrases import phrases
from tongguan.audit.words import check_words
from tongguan.cases import load_cases, run_cases
from tongguan.cli import app
from tongguan.kb import default_kb_dir, load_kb, load_kb_from

runner = CliRunner()


def replace_in_body(old: str, new: str):
    def change(r):
        assert any(old in b for b in r["body"]), (old, r["body"])
        r["body"] = [b.replace(old, new) for b in r["body"]]

    return change


def drop_from_body(literal: str):
    def change(r):
        assert literal in r["body"], (literal, r["body"])
        r["body"] = [b for b in r["body"] if b != literal]

    return change


def set_head(head: str):
    return lambda r: r.update(head=head)


def edit_vocabulary(kb_dir: Path, change) -> None:
    voc = load_yaml(kb_dir / "vocabulary.yaml")
    change(voc)
    dump_yaml(kb_dir / "vocabulary.yaml", voc)


# (id, rule to change, change, expected finding: check, rule, clause, phrase)
RULE_MUTATIONS = [
    ("years-3-to-2", "title-intermediate-normal", replace_in_body("(技师, 3,", "(技师, 2,"),
     ("words", "title-intermediate-normal", "A1-5.2.4", "满3年")),
    ("senior-worker-for-technician", "title-intermediate-normal", replace_in_body("技师", "高级工"),
     ("words", "title-intermediate-normal", "A1-5.2.4", "技师")),
    ("basics-dropped-deputy", "title-deputy-senior-normal", drop_from_body("title_basics(Basics)"),
     ("structure", "title-deputy-senior-normal", "A1-5", "除必须达到上述条件外")),
    ("years-10-to-8", "title-senior-normal-from-skill", replace_in_body("(高级技师, 10,", "(高级技师, 8,"),
     ("words", "title-senior-normal-from-skill", "A1-5.4.5", "满10年")),
    ("intermediate-concludes-deputy", "title-intermediate-normal", set_head("option(title, 副高级, normal)"),
     ("structure", "title-intermediate-normal", "A1-5.2.4", "中级职称")),
    ("sichuan-expert-opens-deputy", "exceptional-intermediate-sichuan-technical-expert",
     set_head("exceptional_tier(副高级)"),
     ("structure", "exceptional-intermediate-sichuan-technical-expert", "A1-6.1.2", "中级职称")),
    ("top5-to-top6", "exceptional-deputy-national-class1-individual", replace_in_body("Rank <= 5", "Rank <= 6"),
     ("words", "exceptional-deputy-national-class1-individual", "A1-6.2.3", "前5名")),
    ("silver-opens-senior", "exceptional-senior-worldskills-gold", replace_in_body("award_medal(A, 金)", "award_medal(A, 银)"),
     ("words", "exceptional-senior-worldskills-gold", "A1-6.3.3", "金牌")),
    ("allowance-without-frontline", "exceptional-senior-state-council-allowance", drop_from_body("frontline"),
     ("words", "exceptional-senior-state-council-allowance", "A1-6.3.1", "长期工作在生产服务岗位第一线")),
    ("basics-without-assessments", "title-basics", drop_from_body("recent_assessments_passed(Since)"),
     ("words", "title-basics", "A1-3", "年度考核合格")),
    ("translation-without-language", "exam-translation-skill-level", drop_from_body("foreign_language"),
     ("words", "exam-translation-skill-level", "B-3.2.3", "外语水平")),
]


def _senior_class_as_bachelor(voc):
    voc["technical_school_classes"]["高级工班"] = "本科"


def _health_opened(voc):
    voc["series"]["opened"].append("卫生")


VOCAB_MUTATIONS = [
    ("senior-class-as-bachelor", _senior_class_as_bachelor,
     ("words", "school-equivalent-education", "B-3.2.2", "高级工班")),
    ("health-series-opened", _health_opened, ("words", "series-opened", "B-3.1.1", "卫生")),
]


def mutated(kb_dir: Path, mutation_id: str) -> tuple:
    for mid, rule_id, change, expect in RULE_MUTATIONS:
        if mid == mutation_id:
            mutate_rule(kb_dir, rule_id, change)
            return expect
    for mid, change, expect in VOCAB_MUTATIONS:
        if mid == mutation_id:
            edit_vocabulary(kb_dir, change)
            return expect
    raise AssertionError(mutation_id)


ALL = [m[0] for m in RULE_MUTATIONS] + [m[0] for m in VOCAB_MUTATIONS]
SHIPPED_CASES = load_cases()  # the mutations leave kb/cases/ as shipped


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), dest)
    return dest


@pytest.mark.parametrize("mutation", ALL)
def test_caught_by_the_words_and_structure_checks_alone(kb_copy: Path, mutation: str):
    check, rule, clause, phrase = mutated(kb_copy, mutation)
    result = runner.invoke(app, ["audit", "--no-cases", "--json", "--lang", "en", "--kb", str(kb_copy)])
    assert result.exit_code == 1, result.stdout[:500]
    report = json.loads(result.stdout)
    assert any(c["check"] == "cases" and c["result"] == "skipped" for c in report["checks"])
    found = [f for f in report["findings"] if f["severity"] == "error" and f["check"] == check and f["rule"] == rule]
    assert found, [f["message"] for f in report["findings"] if f["severity"] == "error"]
    hit = [f for f in found if f["clause"] == clause and phrase in (f["subject"].get("phrase"), f["subject"].get("constant"))]
    assert hit, [(f["clause"], f["subject"], f["message"]) for f in found]
    assert phrase in hit[0]["message"] and rule in hit[0]["message"]


@pytest.mark.parametrize("mutation", ALL)
def test_caught_by_the_shipped_cases_alone(kb_copy: Path, mutation: str):
    rule = mutated(kb_copy, mutation)[1]
    kb = load_kb_from(kb_copy)
    # every shipped case, those of the case files about the mutated rule's clauses first (only for speed:
    # the run stops at the first failing case)
    cited = set(kb.rule(rule).clauses)
    cases = sorted(SHIPPED_CASES, key=lambda c: not set(c.clauses) & cited)
    failures = run_cases(kb, cases, first=True)
    assert failures, f"no case of kb/cases/ catches {mutation}"
    f = failures[0]
    assert f.case and f.name and f.option is not None and f.what and f.message


def test_the_message_names_rule_clause_phrase_and_constant(kb_copy: Path):
    mutated(kb_copy, "years-3-to-2")
    msgs = [f.message for f in check_words(load_kb_from(kb_copy))]
    assert "title-intermediate-normal: A1-5.2.4 says 满3年, the body has years_after_skill(技师, 2, Since)" in msgs


def test_a_failing_case_is_an_error_finding_with_case_option_statuses_and_rules(kb_copy: Path):
    mutated(kb_copy, "years-3-to-2")
    report = run_audit(kb_copy, witnesses=False, graph=False)
    found = [f for f in report.findings if f.check == "cases" and f.severity == "error"]
    assert found and report.cases["failed"] >= 1 and report.seconds["cases"] > 0
    status = next(f for f in found if f.subject["what"] == "status")
    assert status.rule == "title-intermediate-normal" and status.subject["option"] == "title:中级:normal"
    assert "expected not_yet" in status.message and "gives eligible" in status.message
    assert "「" in status.message and "rules: title-intermediate-normal" in status.message


def test_no_cases_flag_and_timing(kb_copy: Path):
    result = runner.invoke(app, ["audit", "--no-cases", "--md", "--lang", "en"])
    assert result.exit_code == 0 and "cases not run (--no-cases)" in result.stdout
    result = runner.invoke(app, ["audit", "--json", "--lang", "en"])
    report = json.loads(result.stdout)
    assert report["cases"]["cases"] >= 150 and report["cases"]["failed"] == 0
    assert "cases run in" in report["timing"] and report["seconds"]["total"] > 0


def test_a_malformed_case_file_is_an_error_finding(kb_copy: Path):
    (kb_copy / "cases" / "broken.yaml").write_text("- not\n- a mapping\n", encoding="utf-8")
    report = run_audit(kb_copy, witnesses=False, graph=False)
    assert any(f.check == "cases" and f.kind == "malformed" and f.severity == "error" for f in report.findings)


def test_enumerations_and_award_clauses(kb_copy: Path):
    def change(voc):
        voc["exams"] = [x for x in voc["exams"] if x != "审计"]
        voc["awards"]["天府工匠"]["clause"] = "A1-6.1.2"

    edit_vocabulary(kb_copy, change)
    report = run_audit(kb_copy, witnesses=False, graph=False, cases=False)
    kinds = {(f.check, f.kind, f.clause) for f in report.findings if f.severity == "error"}
    assert ("structure", "enumeration", "B-3.2.2") in kinds
    assert ("structure", "award-clause", "A1-6.1.2") in kinds


def test_an_added_constant_the_sentence_does_not_name(kb_copy: Path):
    mutate_rule(kb_copy, "exceptional-deputy-worldskills-medal",
                replace_in_body("medal_rank(铜, RB)", "medal_rank(银, RB)"))
    found = [f for f in check_words(load_kb_from(kb_copy)) if f.rule == "exceptional-deputy-worldskills-medal"]
    # the sentence's 铜牌以上 has no counterpart: the body admits 银 and 金 only
    assert [(f.clause, f.subject["phrase"]) for f in found] == [("A1-6.2.3", "铜牌以上")]
    assert "admits 金、银" in found[0].message


def test_the_grammar_reads_the_plan():
    kb = load_kb()
    items = phrases(kb, kb.clause_text("A1-5.4.5"))
    years = [(i.value, i.sense, i.anchor) for i in items if i.kind == "years"]
    assert years == [(5, "after", "副高级"), (10, "after", "高级技师")]
    items = phrases(kb, kb.clause_text("B-3.2.2"))
    assert [(i.value[1]) for i in items if i.kind == "school"] == ["中专", "大专", "本科"]
    assert [i.value for i in items if i.kind == "exam"] == kb.vocabulary["exams"]
    items = phrases(kb, kb.clause_text("A2-5.1.3"))
    assert [(i.value, i.group) for i in items if i.kind == "level"] == [(("title", "助理级"), 1),
                                                                         (("qualification", "初级"), 1)]
    assert [i.sense for i in items if i.kind == "years"] == ["cumulative"]
    # 金奖 inside an award's name is not a medal; 中级工班 is not 中级工
    assert not [i for i in phrases(kb, kb.clause_text("A1-6.3.3")) if i.kind == "medal" and i.phrase == "金奖"]
    assert "level" not in [i.kind for i in phrases(kb, "中级工班、高级工班毕业，可分别按相当于中专、大专学历")]


def test_shipped_kb_words_and_structure_clean():
    report = run_audit(witnesses=False, graph=False, cases=False)
    assert not [f for f in report.findings if f.check in ("words", "structure")]



def test_years_counted_from_another_level(kb_copy: Path):
    mutate_rule(kb_copy, "title-intermediate-normal", replace_in_body("years_after_skill(技师, 3,", "years_after_skill(高级工, 3,"))
    found = [f for f in check_words(load_kb_from(kb_copy)) if f.rule == "title-intermediate-normal"]
    assert any(f.kind == "years" and f.subject["phrase"] == "满3年" and "years_after_skill(高级工, 3, Since)" in f.message
               for f in found), [f.message for f in found]


def test_a_condition_the_sentence_does_not_name(kb_copy: Path):
    mutate_rule(kb_copy, "title-intermediate-normal", lambda r: r["body"].append("frontline"))
    found = [f for f in check_words(load_kb_from(kb_copy)) if f.rule == "title-intermediate-normal"]
    assert [(f.kind, f.clause, f.subject["constant"]) for f in found] == [("condition", "A1-5.2.4", "frontline")]
    assert "一线" in found[0].message
