"""Runs every case of tests/cases/*.yaml: the policy's own examples, one file per clause group.

A case gives a full-sentence `name`, a `profile` (merged over the file's `defaults`; `unset` removes
a default), and `options`: the expected options, each matched by track, level (or exam) and route.
Keys an expectation may state:

- ``status``: eligible | conditional | not_yet | ineligible
- ``earliest``: the first date it holds (``null`` for none)
- ``to_confirm``: the exact list of fields to confirm; ``to_confirm_includes``: a subset
- ``missing_clauses``: clause IDs that must appear among the missing conditions
- ``education_equivalent``, ``series``
- ``listed: false``: the option must not be listed at all (e.g. a level already held)
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import load_cases

from tongguan import Engine, parse_profile

CASES = load_cases()


@pytest.mark.parametrize(("case", "profile"), [(c, p) for _, c, p in CASES], ids=[cid for cid, _, _ in CASES])
def test_case(case, profile, kb):
    assert len(case.get("name", "")) >= 10, "every case needs a full-sentence name"
    person = parse_profile(profile, kb=kb)
    answer = Engine(kb).evaluate(person)
    listed = {o.key: o for o in answer.listed(include_ineligible=True)}
    for exp in case["options"]:
        key = (exp["track"], str(exp.get("level") or exp.get("exam")), exp["route"])
        where = f"{case['name']} — {key}"
        if exp.get("listed") is False:
            assert key not in listed, f"{where}: should not be listed"
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
        for attr in ("education_equivalent", "series"):
            if attr in exp:
                assert getattr(got, attr) == exp[attr], f"{where}: {attr} {getattr(got, attr)}"
