"""Runs every case of kb/cases/*.yaml: the policy's own examples, one file per clause group.

A case gives a full-sentence `name`, a `profile` (merged over the file's `defaults`; `unset` removes
a default), and `options`: the expected options, each matched by track, level (or exam) and route.
Keys an expectation may state:

- ``status``: eligible | conditional | not_yet | ineligible
- ``earliest``: the first date it holds (``null`` for none)
- ``to_confirm``: the exact list of fields to confirm; ``to_confirm_includes``: a subset
- ``clauses_start``: the first clause IDs of the option's citation (the most specific items)
- ``missing_clauses``: clause IDs that must appear among the missing conditions
- ``review_includes`` / ``review_excludes``: texts that some / no committee-review item contains
- ``notes_include``: texts that some note of the option contains
- ``held_elsewhere``: the exact list of same-level holdings in another series or occupation
- ``education_equivalent``, ``series``
- ``listed: false``: the option must not be listed at all (e.g. a level already held)
- ``exemptions``: the exact mapping of the option's exemptions to their status, e.g.
  ``{理论知识考试: applies}`` (``{}`` for none)
- ``rule``: a rule ID (or a list of them) behind the option.  An option rule must be the option's
  ``rule.id`` or one of its alternatives'; any other rule must fire for this person at ``as_of``: its
  body holds in the known world, every dated literal by ``as_of``.  A rule whose head arguments are
  inputs takes them as ``{id: years-after, with: {Start: 2023-06-01, N: 2}}``.
- ``rule_misses``: likewise, rules that must *not* fire: an option rule's alternative is not
  eligible; any other rule's body does not hold by ``as_of``.  tests/test_engine.py checks that every
  rule of the KB is named by some case under ``rule`` and under ``rule_misses``.
"""

from __future__ import annotations

import datetime as dt
import operator

import pytest
from conftest import load_cases

from tongguan import Engine, parse_profile
from tongguan.kb import Atom, Term

CASES = load_cases()
_OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt}


def rule_refs(value) -> list[tuple[str, dict]]:
    """``rule`` / ``rule_misses`` of an expectation as (rule id, head bindings); dates become ordinals."""
    refs = value if isinstance(value, list) else [value] if value else []
    out = []
    for ref in refs:
        rid, bind = (ref, {}) if isinstance(ref, str) else (ref["id"], ref.get("with") or {})
        out.append((rid, {k: v.toordinal() if isinstance(v, dt.date) else v for k, v in bind.items()}))
    return out


def fires(session, kb, rule, env) -> bool:
    """Whether `rule`'s body holds in the known world with `env`, every dated literal (and a dated head) by
    ``as_of``."""
    as_of = session.as_of.toordinal()
    head = rule.head.args[-1] if kb.predicates[rule.head.pred].dated else None

    def walk(i: int, env: dict) -> bool:
        if i == len(rule.body):
            since = env.get(head.value, head.value) if head else as_of
            return isinstance(since, int) and since <= as_of
        lit = rule.body[i]
        args = tuple(Term(env[a.value]) if a.is_var and a.value in env else a for a in lit.args)
        atom = Atom(lit.pred, args, lit.negated)
        if atom.is_comparison:
            left, right = (a.value for a in atom.args)
            return _OPS[atom.pred](left, right) and walk(i + 1, env)
        sols = session.solutions(atom, "k")
        if atom.negated:
            return not sols and walk(i + 1, env)
        dated = kb.predicates[atom.pred].dated
        for sol in sols:
            last = atom.args[-1] if dated else None
            since = (sol.get(last.value) if last.is_var else last.value) if last else as_of
            if not (isinstance(since, int) and since <= as_of):
                continue
            if walk(i + 1, {**env, **sol}):
                return True
        return False

    return walk(0, dict(env))


def check_rules(exp, got, person, kb, where, backend="pydatalog") -> None:
    """The ``rule`` and ``rule_misses`` expectations of one option."""
    option_ids = {r.id for r in kb.option_rules}
    by_rule = {o.rule.id: o for o in [got, *got.alternatives]} if got is not None else {}
    for key, want in (("rule", True), ("rule_misses", False)):
        for rid, bind in rule_refs(exp.get(key)):
            rule = kb.rule(rid)
            if rid in option_ids:
                assert rid in by_rule, f"{where}: rule {rid} is not behind this option; got {sorted(by_rule)}"
                if not want:
                    assert by_rule[rid].status != "eligible", f"{where}: rule {rid} fires"
                continue
            with Engine(kb, backend=backend).session(person) as run:
                assert fires(run, kb, rule, bind) is want, f"{where}: rule {rid} {'does not fire' if want else 'fires'}"


@pytest.mark.parametrize(("case", "profile"), [(c, p) for _, c, p in CASES], ids=[cid for cid, _, _ in CASES])
def test_case(case, profile, kb, backend):
    assert len(case.get("name", "")) >= 10, "every case needs a full-sentence name"
    person = parse_profile(profile, kb=kb)
    answer = Engine(kb, backend=backend).evaluate(person)
    listed = {o.key: o for o in answer.listed(include_ineligible=True)}
    for exp in case["options"]:
        key = (exp["track"], str(exp.get("level") or exp.get("exam")), exp["route"])
        where = f"{case['name']} — {key}"
        if exp.get("listed") is False:
            assert key not in listed, f"{where}: should not be listed"
            check_rules(exp, None, person, kb, where, backend)
            continue
        assert key in listed, f"{where}: not listed; got {sorted(listed)}"
        got = listed[key]
        if "status" in exp:
            assert got.status == exp["status"], f"{where}: status {got.status}, missing={got.missing}, to_confirm={got.to_confirm}"
        if "earliest" in exp:
            want = exp["earliest"]
            want = dt.date.fromisoformat(str(want)) if want else None
            assert got.earliest == want, f"{where}: earliest {got.earliest}"
        if "to_confirm" in exp:
            assert got.to_confirm == list(exp["to_confirm"]), f"{where}: to_confirm {got.to_confirm}"
        for f in exp.get("to_confirm_includes") or ():
            assert f in got.to_confirm, f"{where}: {f} not in to_confirm {got.to_confirm}"
        for c in exp.get("missing_clauses") or ():
            cited = {x for m in got.missing for x in m["clauses"]}
            assert c in cited, f"{where}: {c} not among missing clauses {sorted(cited)}"
        if "clauses_start" in exp:
            want = list(exp["clauses_start"])
            assert got.clauses[: len(want)] == want, f"{where}: clauses {got.clauses}"
        reviews = [r["text"] for r in got.to_review]
        for text in exp.get("review_includes") or ():
            assert any(text in r for r in reviews), f"{where}: no review item mentions {text}: {reviews}"
        for text in exp.get("review_excludes") or ():
            assert not any(text in r for r in reviews), f"{where}: a review item mentions {text}: {reviews}"
        for text in exp.get("notes_include") or ():
            assert any(text in n for n in got.notes), f"{where}: no note mentions {text}: {got.notes}"
        if "held_elsewhere" in exp:
            assert got.held_elsewhere == list(exp["held_elsewhere"]), f"{where}: held_elsewhere {got.held_elsewhere}"
        for attr in ("education_equivalent", "series"):
            if attr in exp:
                assert getattr(got, attr) == exp[attr], f"{where}: {attr} {getattr(got, attr)}"
        if "exemptions" in exp:
            have = {e["what"]: e["status"] for e in got.exemptions}
            assert have == dict(exp["exemptions"] or {}), f"{where}: exemptions {have}"
        check_rules(exp, got, person, kb, where, backend)
