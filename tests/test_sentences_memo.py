"""The sentences' shared words (what a person's options share, computed once a person; the labels, once a
KB) change no sentence: every option's sentence, in whatever order the options and the persons come,
is the one worded with nothing kept (a fresh copy of the profile is a person never seen)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.roster_gen import persons
from tongguan import Engine, load_kb, parse_profile
from tongguan.cases import load_cases
from tongguan.engine import Condition, Option
from tongguan.model import Atom, Term
from tongguan.sentences import _awards, sentence, sentence_parts

KB = load_kb()
AS_OF = dt.date(2025, 6, 1)


def _answers(backend: str, profiles: list) -> list:
    return list(Engine(KB, backend=backend).evaluate_many(profiles))


def _people() -> list:
    out = [parse_profile(c.profile, kb=KB) for c in load_cases()]
    out += [parse_profile(p, kb=KB, as_of=AS_OF) for p in persons(300)]
    return out


@pytest.fixture(scope="module")
def answers() -> list:
    return _answers("duckdb", _people())


def _cold(person, o, lang: str) -> str:
    return sentence(KB, person.model_copy(), o, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_warm_sentences_are_the_cold_ones(answers, lang):
    for a in answers:
        options = a.listed(include_ineligible=True)
        warm = [sentence(KB, a.person, o, lang) for o in options]
        assert warm == [_cold(a.person, o, lang) for o in options]


def test_persons_and_options_in_any_order(answers):
    pairs = [(a.person, o) for a in answers[:60] for o in a.listed(include_ineligible=True)]
    cold = {(id(p), id(o)): _cold(p, o, "zh") for p, o in pairs}
    for p, o in reversed(pairs[::2] + pairs[1::2]):  # persons interleaved, options in reverse
        assert sentence(KB, p, o) == cold[(id(p), id(o))]
        assert sentence_parts(KB, p, o).text == cold[(id(p), id(o))]


def test_the_pydatalog_options_word_the_same():
    people = [parse_profile(p, kb=KB, as_of=AS_OF) for p in persons(25, seed=7)]
    for duck, pyd in zip(_answers("duckdb", people), _answers("pydatalog", people), strict=True):
        for od, op in zip(duck.listed(True), pyd.listed(True), strict=True):
            assert sentence(KB, duck.person, od, "en") == sentence(KB, pyd.person, op, "en")


class _Untouchable(list):
    def __iter__(self):
        raise AssertionError("the evidence was walked")


def test_a_person_without_awards_has_no_evidence_walked():
    person = parse_profile({"as_of": "2025-06-01", "skills": [{"level": "高级工", "obtained": "2020-01-01"}]}, kb=KB)
    c = Condition(Atom("exceptional_tier", (Term("一类"),)), "holds")
    o = Option(track="skill", level="技师", route="direct", status="eligible", rule=KB.option_rules[0],
               evidence=_Untouchable(), conditions=[c])  # fmt: skip
    assert _awards(person, o) == []


def _var(name: str) -> Term:
    return Term(name, True)


def _option(status: str, *conds: Condition, edu: str | None = None) -> Option:
    return Option(track="skill", level="技师", route="promotion", status=status, rule=KB.option_rules[0],
                  conditions=list(conds), education_equivalent=edu)  # fmt: skip


def test_a_phrase_kept_is_the_one_of_the_same_condition():
    """The same literal, once a person, with another status, since, education or a level counted:
    each option still words its own (nothing kept across what the phrase reads)."""
    person = parse_profile(
        {"as_of": "2025-06-01", "technical_work_since": "2018-03-01", "technical_school_class": "高级工班",
         "skills": [{"level": "高级工", "obtained": "2019-05-01"}]},
        kb=KB,
    )  # fmt: skip
    years = Atom("cumulative_years", (Term(8), _var("Since")))
    edu = Atom("school_equivalent_education", (_var("E"),))
    at_least = Atom("skill_at_least", (Term("高级工"), _var("Obtained")))
    counted = Atom("years_after_skill", (Term("高级工"), Term(2), _var("Since")))
    options = [
        _option("not_yet", Condition(years, "not_yet", dt.date(2026, 3, 1))),
        _option("not_yet", Condition(years, "not_yet", dt.date(2027, 3, 1))),
        _option("eligible", Condition(years, "holds", dt.date(2024, 3, 1))),
        _option("not_yet", Condition(years, "not_yet", dt.date(2024, 3, 1))),
        _option("eligible", Condition(years, "holds")),
        _option("eligible", Condition(edu, "holds"), edu="高中"),
        _option("eligible", Condition(edu, "holds"), edu="大专"),
        _option("eligible", Condition(at_least, "holds")),
        _option("eligible", Condition(at_least, "holds"), Condition(counted, "holds", dt.date(2021, 5, 1))),
        _option("eligible", Condition(at_least, "holds")),
    ]
    warm = [sentence(KB, person, o, lang) for o in options for lang in ("zh", "en")]  # one person, both languages
    assert warm == [_cold(person, o, lang) for o in options for lang in ("zh", "en")]
    assert len(set(warm[::2])) == len(set(warm[1::2])) == 8, warm  # a since held is not said; the last is the 7th
