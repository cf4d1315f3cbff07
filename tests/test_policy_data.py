"""The policy as data (issue 10): the profile schema, the audit's principles and the answers' notes are
files of the policy folder, checked as they load; a copy of the folder with other values changes the
model, the messages, the checks and the notes with no code change."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tongguan.audit.principles import check_principles
from tongguan.audit.report import check_titles
from tongguan.engine import answer_notes, profile_facts
from tongguan.kb import KBError, default_kb_dir, load_kb, load_kb_from
from tongguan.profile import Profile, ProfileError, parse_profile, profile_model, profile_schema

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), dest)
    return dest


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---- the profile schema -------------------------------------------------------------------------


def test_the_profile_model_is_the_schemas():
    kb = load_kb()
    schema = kb.profile["fields"]
    assert list(Profile.model_fields) == list(schema)
    assert profile_model(kb) is Profile
    skill = profile_schema(kb).records["skills"]
    assert list(skill.model_fields) == list(schema["skills"]["fields"])
    award = profile_schema(kb).records["awards"]
    assert award.model_fields["class_"].alias == "class"


def test_a_copy_with_the_same_schema_shares_the_model(kb_copy):
    assert profile_model(load_kb_from(kb_copy)) is Profile


def test_other_bounds_change_the_model_and_its_messages(kb_copy):
    edit(kb_copy / "profile.yaml", lambda d: d["bounds"].update(last_day="2150-12-31"))
    kb = load_kb_from(kb_copy)
    assert profile_model(kb) is not Profile
    with pytest.raises(ProfileError) as exc:
        parse_profile({"skills": [{"level": "技师", "obtained": dt.date(2160, 1, 1)}]}, kb=kb, as_of=dt.date(2025, 6, 1))
    assert exc.value.text("en") == "skills[0].obtained: '2160-01-01': the date is out of range (1900-01-01 to 2150-12-31)"
    # the shipped policy is unchanged
    with pytest.raises(ProfileError, match="2200-12-31"):
        parse_profile({"skills": [{"level": "技师", "obtained": dt.date(2260, 1, 1)}]}, as_of=dt.date(2025, 6, 1))


def test_what_the_optimistic_world_assumes_is_the_schemas(kb_copy):
    person = {"series": "工程", "law_abiding": True}
    shipped = profile_facts(load_kb(), parse_profile(person, as_of=dt.date(2025, 6, 1)))
    assert ("technical_work_since", "technical_work_since") in shipped.missing

    def drop(d):
        del d["fields"]["technical_work_since"]["assume"]

    edit(kb_copy / "profile.yaml", drop)
    kb = load_kb_from(kb_copy)
    facts = profile_facts(kb, parse_profile(person, kb=kb, as_of=dt.date(2025, 6, 1)))
    assert "technical_work_since" not in [m for m, _ in facts.missing]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["fields"]["name"].update(type="colour"), "profile.yaml: fields.name: type 'colour' is not one of"),
        (lambda d: d["fields"]["law_abiding"].update(feeds="obeys"), "feeds 'obeys', which predicates.yaml does not declare"),
        (lambda d: d["fields"]["skills"]["feeds"].update(skill=["level", "obtained"]), "takes 3 argument(s)"),
        (lambda d: d["fields"]["awards"]["fields"]["medal"].update(domain=["trophies"]), "domain 'trophies' names no part"),
        (lambda d: d["fields"]["series"].update(assume={"every": "nowhere"}), "names no list of vocabulary.yaml"),
        (lambda d: d["bounds"].update(first_day="yesterday"), "bounds.first_day: 'yesterday' is not a date"),
        (lambda d: d["fields"]["as_of"].pop("role"), "exactly one date field has role: as_of"),
        (lambda d: d["facts_order"].pop(), "facts_order lists each field that feeds a predicate"),
    ],
)
def test_a_malformed_profile_schema_is_a_kb_error(kb_copy, change, message):
    edit(kb_copy / "profile.yaml", change)
    with pytest.raises(KBError, match=re.escape(message)):
        load_kb_from(kb_copy)


def test_the_audit_reads_a_profile_field_from_the_schema(kb_copy):
    from tongguan.audit.hygiene import check_hygiene

    edit(kb_copy / "predicates.yaml", lambda d: d["base"]["frontline"].update(field="at_the_front"))
    found = [f for f in check_hygiene(load_kb_from(kb_copy)) if f.kind == "bad-field"]
    assert [f.subject["predicate"] for f in found] == ["frontline"]


# ---- the principles ------------------------------------------------------------------------------


def test_the_principles_are_the_kbs():
    kb = load_kb()
    ids = [p["id"] for p in kb.principles]
    assert ids == ["B-3.1.2", "A1-6", "B-2.2"]
    assert all(p["quote"] in kb.clause_text(p["clause"]) for p in kb.principles)
    assert list(check_titles(kb))[5:8] == ids


def test_a_principle_added_in_the_folder_is_checked(kb_copy):
    def add(d):
        d["principles"].append(
            {
                "id": "P-no-assessment",
                "clause": "B-3.1.2",
                "quote": "不将学历、论文、外语、计算机等作为高技能人才参加职称评审的限制性条件",
                "title": "A made-up principle: no skill route conditions on 考核",
                "check": "concerns",
                "rules": {"track": "skill"},
                "forbids": ["考核"],
            }
        )

    edit(kb_copy / "principles.yaml", add)
    kb = load_kb_from(kb_copy)
    assert "P-no-assessment" in check_titles(kb)
    found = [f for f in check_principles(kb) if f.check == "P-no-assessment"]
    assert found and all(f.clause == "B-3.1.2" and f.subject["predicate"] == "assessment" for f in found)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["principles"][0].update(clause="Z-9"), "clause 'Z-9' is not in plan.yaml"),
        (lambda d: d["principles"][0].update(quote="不存在的句子"), "the quote is not in the text of B-3.1.2"),
        (lambda d: d["principles"][1].update(check="vibes"), "check 'vibes' is not one of concerns, balance"),
        (lambda d: d["principles"][1].pop("forbids"), "forbids is a non-empty list"),
        (lambda d: d["principles"].append(dict(d["principles"][0])), "duplicate id 'B-3.1.2'"),
    ],
)
def test_a_malformed_principle_is_a_kb_error(kb_copy, change, message):
    edit(kb_copy / "principles.yaml", change)
    with pytest.raises(KBError, match=f"principles.yaml: .*{re.escape(message)}"):
        load_kb_from(kb_copy)


# ---- the notes -----------------------------------------------------------------------------------


def test_the_notes_are_the_kbs_in_both_languages(kb_copy):
    kb = load_kb()
    person = parse_profile({"series": "卫生"})
    (zh,) = answer_notes(kb, person)
    (en,) = answer_notes(kb, person, "en")
    assert "八个职称系列" in zh and "卫生" in zh and "B-3.1.1" in zh
    assert "8 title series" in en and "卫生" in en
    edit(kb_copy / "answer_notes.yaml", lambda d: d["notes"]["series_not_opened"].update(zh="「{series}」不开放。"))
    assert answer_notes(load_kb_from(kb_copy), person) == ["「卫生」不开放。"]


def test_a_note_without_english_is_a_kb_error(kb_copy):
    edit(kb_copy / "answer_notes.yaml", lambda d: d["notes"]["series_not_given"].pop("en"))
    with pytest.raises(KBError, match=re.escape("answer_notes.yaml: notes.series_not_given: a note has a zh and an en text")):
        load_kb_from(kb_copy)


# ---- shipped ---------------------------------------------------------------------------------------


def test_every_file_of_the_policy_folder_is_package_data():
    import fnmatch
    import tomllib

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    globs = tool["package-data"]["tongguan.policy"]
    kb = ROOT / "kb"
    files = [p.relative_to(kb).as_posix() for p in kb.rglob("*") if p.is_file()]
    assert {"profile.yaml", "principles.yaml", "answer_notes.yaml"} <= set(files)
    for f in files:
        assert any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs), f"{f} is not shipped"
