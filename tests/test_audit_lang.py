"""`tongguan audit` speaks Chinese by default and English with ``--lang en`` (or ``TONGGUAN_LANG=en``):
its titles, heads, summary and findings come from the one catalogue (tongguan/messages/) or, for a
policy's own texts (principle titles, plan facts), from the policy's kb/ files in both languages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tongguan.audit import run_audit
from tongguan.cli import app
from tongguan.kb import default_kb_dir

runner = CliRunner()
DEMO = Path(__file__).resolve().parent / "policies" / "demo"

# what may stay in Latin letters in a Chinese text: IDs, file paths, code and values in backticks
_CODE = re.compile(r"`[^`]*`")
_ID_OR_PATH = re.compile(r"[A-Za-z0-9_.:/\-]*[0-9_.:/\-][A-Za-z0-9_.:/\-]*")
_ALLOWED = {"YAML", "ID"}


def english_words(text: str) -> list[str]:
    """The English words left in `text` once IDs, paths and code are taken out."""
    text = _ID_OR_PATH.sub(" ", _CODE.sub(" ", text))
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in _ALLOWED]


def test_english_words_sees_words_not_ids():
    assert english_words("规则 title-intermediate-normal（rules/titles.yaml）引用 A1-5.2.4：`years(3)`") == []
    assert english_words("审核 clean") == ["clean"]


@pytest.fixture(scope="module")
def report():
    return run_audit(witnesses=False, cases=False)


def test_the_default_report_is_chinese_at_80_columns():
    result = runner.invoke(app, ["audit", "--no-cases"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("审核通过", "各项检查", "发现", "各部分的覆盖情况", "贯通所需年限的平衡（B-2.2）", "解读登记表"):
        assert title in out, title
    for english in ("audit clean", "Coverage per section", "Checks", "Findings", "Interpretation register"):
        assert english not in out, english
    assert max(len(line) for line in out.splitlines()) <= 80


def test_titles_summary_and_findings_have_no_english_words(report):
    texts = [report.summary(), report.timing()]
    texts += [c["title"] for c in report.checks()] + [c["skipped"] or "" for c in report.checks()]
    for f in report.findings:
        texts += [f.text(), f.fix_text()]
    md = report.to_markdown()
    texts += [line for line in md.splitlines() if line.startswith("#") and not line.startswith("### ")]
    texts += [line for line in md.splitlines() if line.startswith("| 检查") or line.startswith("| 级别")]
    left = {t: english_words(t) for t in texts if english_words(t)}
    assert left == {}


def test_the_markdown_report_is_chinese_and_english_with_lang_en():
    zh = runner.invoke(app, ["audit", "--no-cases", "--md"]).stdout
    assert zh.startswith("# 规则库审核报告\n\n## 概要")
    for section in ("## 发现", "## 各部分的覆盖情况", "## 贯通所需年限的平衡（B-2.2）", "## 立交桥图", "## 解读登记表"):
        assert section in zh
    en = runner.invoke(app, ["audit", "--no-cases", "--md", "--lang", "en"]).stdout
    assert en.startswith("# Audit of the rule base\n\n## Summary") and "规则库审核报告" not in en


def test_json_texts_follow_the_language():
    zh = json.loads(runner.invoke(app, ["audit", "--no-cases", "--json"]).stdout)
    en = json.loads(runner.invoke(app, ["audit", "--no-cases", "--json", "--lang", "en"]).stdout)
    assert zh["summary"].startswith("审核通过") and en["summary"].startswith("audit clean")
    assert [c["check"] for c in zh["checks"]] == [c["check"] for c in en["checks"]]  # IDs stay IDs
    fact = {f["fact"]: f for f in zh["findings"]}["F-shortcut-senior"]
    assert "捷径" in fact["message"] and "共 9 年" in fact["message"] and not english_words(fact["explanation"])


def test_tongguan_lang_en_gives_the_english_report():
    script = Path(sys.executable).parent / "tongguan"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "tongguan"]
    env = {**os.environ, "TONGGUAN_LANG": "en"}
    out = subprocess.run([*cmd, "audit", "--no-cases", "--md"], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("# Audit of the rule base"), out.stderr


def test_findings_of_a_broken_copy_are_chinese(tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), kb)
    path = kb / "not_encoded.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dropped = next(e["id"] for e in data["clauses"] if e["id"] == "B-1")
    data["clauses"] = [e for e in data["clauses"] if e["id"] != dropped]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = run_audit(kb, witnesses=False, graph=False, cases=False)
    found = [f for f in report.findings if f.kind == "uncovered"]
    assert found and found[0].clause == str(dropped)
    assert "既没有规则引用，也没有列为未编码" in found[0].text()
    assert "neither cited by a rule nor listed as not encoded" in found[0].message  # the English as before
    assert report.summary().startswith("审核未通过")
    for f in report.findings:
        if f.severity != "fact":
            assert english_words(f.text()) == [] and english_words(f.fix_text()) == [], f


def test_the_second_policy_audits_clean_in_chinese():
    res = runner.invoke(app, ["--kb", str(DEMO), "audit", "--md"])
    assert res.exit_code == 0, res.output
    assert "审核通过：错误 0 项，警告 0 项" in res.stdout and "原则 P3.3：破格途径不受资历限制" in res.stdout
    en = runner.invoke(app, ["--kb", str(DEMO), "audit", "--md", "--lang", "en"]).stdout
    assert "Principle P3.3: the exceptional route not conditioned on 资历" in en


def _broken_copy(tmp_path: Path) -> Path:
    """A copy of kb/ broken for the words, structure and dead-rule checks at once."""
    from test_audit import mutate_rule
    from test_audit_words import RULE_MUTATIONS, VOCAB_MUTATIONS, edit_vocabulary

    kb = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), kb)
    skip = {"years-3-to-2", "senior-worker-for-technician"}  # same rule as intermediate-concludes-deputy
    for mid, rule_id, change, _ in RULE_MUTATIONS:
        if mid not in skip:
            mutate_rule(kb, rule_id, change)
    mutate_rule(kb, "title-intermediate-normal", lambda r: r["body"].append("frontline"))
    mutate_rule(
        kb,
        "skill-technician-normal",
        lambda r: r.update(body=[b.replace("professional_at_least(中级)", "professional_at_least(正高级)") for b in r["body"]]),
    )

    def vocabulary(voc):
        for _, change, _ in VOCAB_MUTATIONS:
            change(voc)
        voc["exams"] = [x for x in voc["exams"] if x != "审计"]
        voc["awards"]["天府工匠"]["clause"] = "A1-6.1.2"

    edit_vocabulary(kb, vocabulary)
    return kb


def test_words_structure_and_dead_rule_findings_speak_both_languages(tmp_path: Path):
    kb = _broken_copy(tmp_path)
    report = run_audit(kb, witnesses=False, graph=False, cases=False)
    found = [f for f in report.findings if f.check in ("words", "structure", "dead-rules")]
    kinds = {(f.check, f.kind) for f in found}
    for expected in [("words", "years"), ("words", "condition"), ("words", "medal"), ("structure", "level-heading"),
                     ("structure", "basic-conditions"), ("structure", "enumeration"), ("structure", "award-clause"),
                     ("structure", "award-level"), ("dead-rules", "dead-rule")]:
        assert expected in kinds, (expected, sorted(kinds))
    for f in found:
        zh, en = f.text(), f.text("en")
        assert english_words(zh) == [] and english_words(f.fix_text()) == [], (zh, f.fix_text())
        assert en == f.message and zh != en and f.fix_text("en") == f.fix and f.fix_text() != f.fix
        assert not re.search(r"[\u4e00-\u9fff]", _english_frame(f)), (en, f.fix)
    dead = next(f for f in found if f.check == "dead-rules" and f.rule == "skill-technician-normal")
    assert "永远不会触发" in dead.text() and "can never fire" in dead.message
    assert "professional_at_least(正高级)" in dead.text() and "professional_at_least(正高级)" in dead.message
    # the same texts through the command, in either language
    zh = json.loads(runner.invoke(app, ["--kb", str(kb), "audit", "--no-cases", "--json"]).stdout)
    en = json.loads(runner.invoke(app, ["--kb", str(kb), "audit", "--no-cases", "--json", "--lang", "en"]).stdout)
    zh_words = [f["message"] for f in zh["findings"] if f["check"] == "words"]
    en_words = [f["message"] for f in en["findings"] if f["check"] == "words"]
    assert zh_words and len(zh_words) == len(en_words)
    assert all(not english_words(m) for m in zh_words) and all(" the body " in m for m in en_words)


def _english_frame(f) -> str:
    """The English finding and fix without what they quote of the plan and the rules (Chinese there)."""
    text = f"{f.message} {f.fix}"
    text = re.sub(r"「[^」]*」|`[^`]*`|\([^()]*\)|\S*[\u4e00-\u9fff]\S*", " ", text)
    return text


def test_the_register_speaks_both_languages_and_a_missing_one_fails_the_audit(tmp_path: Path):
    zh = runner.invoke(app, ["audit", "--no-cases", "--md"]).stdout
    en = runner.invoke(app, ["audit", "--no-cases", "--md", "--lang", "en"]).stdout
    assert "- **问题**: “近3年”指哪几年？" in zh and "Which years are \"近3年\"?" not in zh
    assert "Which years are \"近3年\"?" in en and "“近3年”指哪几年？" not in en
    register = zh[zh.index("## 解读登记表"):]
    for line in register.splitlines():
        if line.startswith(("- **问题**", "- **采用的解读**", "- **其他解读**")):
            assert not english_words(line), line
    data = json.loads(runner.invoke(app, ["audit", "--no-cases", "--json", "--lang", "en"]).stdout)
    assert {e["id"]: e for e in data["register"]}["I-recent-years"]["question"] == 'Which years are "近3年"?'
    kb = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), kb)
    path = kb / "interpretations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["interpretations"][0]["reading"].pop("zh")
    data["interpretations"][1]["alternatives"][0] = "one text only"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = run_audit(kb, witnesses=False, graph=False, cases=False)
    gaps = [(f.subject["interpretation"], f.subject["part"]) for f in report.findings if f.kind == "register-language"]
    assert gaps == [("I-level-at-least", "reading"), ("I-work-since", "alternatives[1]"), ("I-work-since", "alternatives[1]")]
    assert not report.ok and any(
        "缺少 `zh` 文本" in f.text() for f in report.findings
    )
