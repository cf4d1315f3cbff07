"""Checks on kb/plan.yaml, the cleaned clause-by-clause text of the plan."""

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "kb" / "plan.yaml"
SOURCE = REPO.parent / "shared" / "policy" / "sichuan-tongguan-plan.txt"

ID_RE = re.compile(r"^(B|A1|A2)-(title|annexes|\d+(\.\d+)*)$")
PARTS = {"B": "body", "A1": "annex1", "A2": "annex2"}
FIELDS = ("id", "parent", "part", "number", "heading", "text")

# Characters of the source that plan.yaml deliberately drops besides whitespace: none.
# (Spaces around digits and line breaks are whitespace, so they are covered by stripping whitespace.)
DROPPED_ARTEFACTS: set[str] = set()


@pytest.fixture(scope="module")
def plan():
    with PLAN.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def clauses(plan):
    return plan["clauses"]


@pytest.fixture(scope="module")
def by_id(clauses):
    return {c["id"]: c for c in clauses}


def test_fields(clauses):
    for c in clauses:
        for key in FIELDS:
            assert key in c, (c.get("id"), key)
        for key in ("number", "number_sep", "heading", "heading_sep", "text"):
            assert isinstance(c.get(key, ""), str), (c["id"], key)
        assert c["part"] == PARTS[c["id"].split("-")[0]], c["id"]
        # the optional separators hold exactly one punctuation mark and sit next to a non-empty field
        if "number_sep" in c:
            assert c["number"] and c["heading"] and c["number_sep"] == "：", c["id"]
        if "heading_sep" in c:
            assert c["heading"] and c["text"] and c["heading_sep"] == "。", c["id"]


def test_ids_and_parents(clauses):
    ids = [c["id"] for c in clauses]
    assert len(ids) == len(set(ids)), "duplicate IDs"
    seen = set()
    for c in clauses:
        cid, parent = c["id"], c["parent"]
        assert ID_RE.match(cid), cid
        if parent is not None:
            assert parent in seen, f"{cid}: parent {parent} missing or after child"
            assert cid.startswith(parent + "."), f"{cid} does not extend {parent}"
            assert cid.count(".") == parent.count(".") + 1, cid
        else:
            # top level of its part: no dot in the ID
            assert "." not in cid, cid
        seen.add(cid)


def test_numbering_matches_id(by_id):
    assert by_id["B-4.2"]["number"] == "第二阶段"
    assert by_id["B-3.1.2"]["number"] == "2."
    assert by_id["A1-5.2"]["number"] == "（二）"
    assert by_id["A2-5"]["number"] == "五、"
    for cid, c in by_id.items():
        last = cid.rsplit("-", 1)[1].rsplit(".", 1)[-1]
        if last.isdigit() and re.fullmatch(r"\d+\.", c["number"]):
            assert c["number"] == f"{last}.", cid


def test_cleaned_text_has_no_stray_whitespace(clauses):
    for c in clauses:
        for key in ("number", "number_sep", "heading", "heading_sep", "text"):
            value = c.get(key, "")
            if c["id"] == "B-annexes" and key == "text":
                value = value.replace("\n", "")  # list items kept one per line
            assert not re.search(r"\s", value), (c["id"], key, value)


def test_completeness_against_source(clauses):
    if not SOURCE.exists():
        pytest.skip(f"source text not available at {SOURCE}")
    source = re.sub(r"\s", "", SOURCE.read_text(encoding="utf-8"))
    source = "".join(ch for ch in source if ch not in DROPPED_ARTEFACTS)
    rebuilt = "".join(
        c["number"] + c.get("number_sep", "") + c["heading"] + c.get("heading_sep", "") + c["text"] for c in clauses
    )
    rebuilt = re.sub(r"\s", "", rebuilt)
    if rebuilt != source:
        i = next(
            (k for k, (a, b) in enumerate(zip(rebuilt, source, strict=False)) if a != b),
            min(len(rebuilt), len(source)),
        )
        pytest.fail(
            f"mismatch at char {i}: plan …{rebuilt[max(0, i - 20) : i + 20]}… "
            f"vs source …{source[max(0, i - 20) : i + 20]}…"
        )


def test_spot_checks(by_id, plan):
    assert plan["document"] == "四川省高技能人才与专业技术人才职业发展贯通实施方案"
    assert "不将学历、论文、外语、计算机等作为高技能人才参加职称评审的限制性条件" in by_id["B-3.1.2"]["text"]
    assert "双人赛项前3名" in by_id["A1-6.2.3"]["text"]
    assert "取得副高级职称" in by_id["A2-5.3.6"]["text"]
    assert by_id["B-4.2"]["number"] == "第二阶段"
    assert by_id["B-0"]["text"].startswith("为进一步打通")
    assert by_id["B-0"]["text"].endswith("制定本方案。")
    assert by_id["B-2.1"]["heading"] == "以德为先"
    assert by_id["B-5.2"]["heading"] == "创新评价机制"
    assert by_id["A1-5.1"]["heading"] == "助理级职称"
    assert by_id["A1-5.1"]["text"] == ""
    assert by_id["A1-6.1"]["text"].startswith("具备下列条件之一者")
    assert by_id["A2-title"]["heading"] == "专业技术人才参加职业技能评价基本条件"
