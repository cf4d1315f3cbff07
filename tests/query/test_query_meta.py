"""The meta predicates are derived from the rule data, and agree with the engine's own view of it."""

from __future__ import annotations

from tongguan.engine import Engine
from tongguan.query import META, meta_rows, parse_query, run_kb
from tongguan.query.meta import option_groundings


def test_every_rule_is_in_rule_cites_and_source(kb):
    assert sorted(meta_rows(kb, "rule")) == sorted((r.id, r.head.pred) for r in kb.rules)
    assert sorted(meta_rows(kb, "cites")) == sorted((r.id, c) for r in kb.rules for c in r.clauses)
    assert len(meta_rows(kb, "source")) == len(kb.rules)


def test_depends_is_transitive(kb):
    deps = {p for r, p in meta_rows(kb, "depends") if r == "title-senior-normal-from-skill"}
    # option ← years_after_skill ← years_after ← technical_work_since (a base fact three rules down)
    assert {"years_after_skill", "years_after", "technical_work_since", "title_basics", "assessment"} <= deps
    direct = {p for r, p in meta_rows(kb, "uses") if r == "title-senior-normal-from-skill"}
    assert direct < deps


def test_depends_agrees_with_the_kbs_own_reach(kb):
    base = {p for p in kb.predicates.values() if p.kind == "base"}
    for rule in kb.option_rules:
        reached = {p for r, p in meta_rows(kb, "depends") if r == rule.id} & {p.name for p in base}
        expected = set().union(*(kb.base_predicates_under(b.pred) for b in rule.body if not b.is_comparison))
        assert reached == expected & {p.name for p in base}, rule.id


def test_needs_is_depends_through_concerns(kb):
    rows = set(meta_rows(kb, "needs"))
    concerns = set(meta_rows(kb, "concerns"))
    for r, p in meta_rows(kb, "depends"):
        for pred, tag in concerns:
            if pred == p:
                assert (r, tag) in rows


def test_option_rule_groundings_are_the_engines(kb):
    comp = Engine(kb).backend.compile(kb)
    for rule in kb.option_rules:
        assert sorted(option_groundings(kb, rule), key=str) == sorted(comp.groundings(rule), key=str), rule.id


def test_award_opens_lists_every_award_of_article_6(kb):
    tiers = [r for r in kb.rules if r.head.pred == "exceptional_tier"]
    kinds = {b.args[1].value for r in tiers for b in r.body if b.pred == "award"}
    assert {k for k, _ in meta_rows(kb, "award_opens")} == kinds
    assert ("中华技能大奖", "正高级") in meta_rows(kb, "award_opens")


def test_clause_interpretation_follows(kb):
    assert len(meta_rows(kb, "clause")) == len(kb.clauses)
    assert ("I-level-at-least", "B-3.1.1") in meta_rows(kb, "interpretation")
    assert ("title-exceptional", "I-exceptional-scope") in meta_rows(kb, "follows")


def test_predicate_lists_declared_and_meta_predicates(kb):
    names = {n for n, _ in meta_rows(kb, "predicate")}
    assert set(kb.predicates) | set(META) == names


def test_no_meta_predicate_shadows_a_declared_one(kb):
    assert not set(META) & set(kb.predicates)


def test_a_new_rule_shows_up_in_the_meta_predicates(tmp_path):
    import shutil

    from tongguan.kb import load_kb_from

    root = tmp_path / "kb"
    shutil.copytree(load_kb_from.__globals__["default_kb_dir"](), root)
    extra = root / "rules" / "zz_extra.yaml"
    extra.write_text(
        "module: extra\nrules:\n  - id: extra-rule\n    head: option(exam, 会计, equivalence)\n"
        "    body: relevant_diploma\n    clauses: [B-3.2.2]\n    source: 测试\n",
        encoding="utf-8",
    )
    kb2 = load_kb_from(root)
    assert run_kb(parse_query("needs(extra-rule, T)", kb2), kb2) == [{"T": "学历"}]
