"""Every option of every YAML case (kb/cases/) has a plain sentence a worker can act on: not empty, in
Chinese and in English, with no variable, binding or Datalog literal (issue 11)."""

from __future__ import annotations

import re

import pytest

from tongguan.cases import load_cases
from tongguan.engine import Engine
from tongguan.profile import parse_profile
from tongguan.sentences import look_into, sentence, sentence_parts

CASES = load_cases()
CLAUSE = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d*-\d+(?:\.\d+)*")  # A1-5, A1-5.3.4, B-3.1.1
LITERAL = re.compile(r"[a-z_]+\(")  # a predicate applied: skill_at_least(
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a predicate or field name: years_after_skill, team_size
VARIABLE = re.compile(r"(?<![A-Za-z])(?:[A-Z][A-Z0-9]?|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![A-Za-z])")  # L, RH, TeamSize


def _options(kb, case):
    person = parse_profile(case.profile, kb=kb)
    return person, Engine(kb).evaluate(person).listed(include_ineligible=True)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_option_has_a_plain_sentence(case, kb):
    person, options = _options(kb, case)
    assert options
    for o in options:
        zh = sentence(kb, person, o)
        assert zh.strip(), o.key
        bare = CLAUSE.sub("", zh)
        assert "=" not in zh and not LITERAL.search(zh), zh
        assert not re.search(r"[A-Za-z_]", bare), f"{o.key}: an identifier in the Chinese sentence: {zh}"
        assert "…" not in zh, f"{o.key}: an unbound argument shown: {zh}"
        en = sentence(kb, person, o, lang="en")
        bare_en = CLAUSE.sub("", en)
        assert en.strip() and "=" not in en and not LITERAL.search(en), en
        assert not SNAKE.search(bare_en), f"{o.key}: a field or predicate name in: {en}"
        assert not VARIABLE.search(bare_en.replace("You ", "you ").replace("From ", "from ")), en
        for c in o.clauses[:1]:
            assert c in zh and c in en


def test_the_sentence_quotes_the_persons_own_facts(kb):
    person = parse_profile(
        {"as_of": "2025-06-01", "series": "工程", "technical_work_since": "2008-07-01",
         "skills": [{"level": "技师", "obtained": "2014-09-01"}],
         "assessments": {2022: "合格", 2023: "优秀", 2024: "合格"}, "law_abiding": True, "good_conduct": True},
        kb=kb,
    )
    answer = Engine(kb).evaluate(person)
    mid = sentence(kb, person, answer.get("title", "中级", "normal"))
    assert "您于2014-09-01取得技师，至今已满3年" in mid and "2022–2024年度考核合格" in mid
    assert mid.startswith("可申报") and "A1-5.2.4" in mid


def test_not_yet_and_conditional_say_when_and_what_to_confirm(kb):
    person = parse_profile(
        {"as_of": "2025-06-01", "series": "工程", "technical_work_since": "2008-07-01",
         "skills": [{"level": "高级技师", "obtained": "2020-01-01"}],
         "assessments": {2022: "合格", 2023: "优秀", 2024: "合格"}, "good_conduct": True},
        kb=kb,
    )
    answer = Engine(kb).evaluate(person)
    top = answer.get("title", "正高级", "normal")
    text = sentence_parts(kb, person, top)
    assert "2030-01-01" in text.text and "遵纪守法" in text.reason, text
    assert not look_into(kb, top)


def test_options_to_look_into_come_from_the_vocabulary(kb):
    person = parse_profile({"as_of": "2025-06-01", "skills": [{"level": "高级工", "obtained": "2020-01-01"}]}, kb=kb)
    answer = Engine(kb).evaluate(person)
    assert set(kb.vocabulary["optional_interest"]) == {"foreign_language", "computer_skills"}
    further = {o.key for o in answer.listed() if look_into(kb, o)}
    assert further == {("exam", "翻译", "skill_level"), ("exam", "计算机技术与软件", "skill_level")}
    stated = parse_profile({"as_of": "2025-06-01", "foreign_language": True,
                            "skills": [{"level": "高级工", "obtained": "2020-01-01"}]}, kb=kb)
    assert not look_into(kb, Engine(kb).evaluate(stated).get("exam", "翻译", "skill_level"))
