"""Issue 8: a detail an award condition needs but the profile does not give never makes an option
`eligible` unless every value the detail can take does (A1-6, I-team-size, I-unknown-facts).

For every award kind with details, every detail, and every competition shape, the answer with the detail
left out is compared with the answers for each value it could take (and, where a detail may be absent —
a medal — with no value at all).
"""

from __future__ import annotations

import itertools

import pytest
from conftest import BASICS

from tongguan import Engine, parse_profile

PERSON = {**BASICS, "as_of": "2025-06-01", "frontline": True, "skills": [{"level": "高级工", "obtained": "2015-01-01"}]}
VALUES = {"medal": ["金", "银", "铜"], "class": ["一类", "二类"], "rank": [1, 2, 3, 4, 5, 6], "team_size": [1, 2, 3]}
ABSENT_POSSIBLE = {"medal", "rank"}  # an entry may have no medal (优胜奖) or no placing


_ANSWERS: dict[tuple, list] = {}


def options(kb, award: dict) -> list:
    key = tuple(sorted(award.items()))
    if key not in _ANSWERS:
        _ANSWERS[key] = Engine(kb).evaluate(parse_profile({**PERSON, "awards": [award]}, kb=kb)).options
    return _ANSWERS[key]


def statuses(kb, award: dict) -> dict[tuple, str]:
    return {o.key: o.status for o in options(kb, award)}


def confirming(kb, award: dict, field: str) -> set[tuple]:
    """The options whose to_confirm names the award's `field`."""
    return {o.key for o in options(kb, award) if f"awards[0].{field}" in o.to_confirm}


def shapes(kb):
    for kind, spec in kb.vocabulary["awards"].items():
        fields = list(spec.get("fields") or ())
        if not fields:
            continue
        combos = [VALUES[f] for f in fields]
        for values in itertools.product(*combos):
            full = dict(zip(fields, values, strict=True))
            if "rank" in full and full["rank"] > 5 and full.get("team_size", 1) > 1:
                continue  # keep the product small: large ranks in team events tell nothing new
            for left_out in fields:
                if left_out == "rank" and "team_size" in full:  # a team size without a rank means nothing
                    continue
                yield kind, full, left_out


@pytest.mark.parametrize("kind", ["世界技能大赛", "国家级技能竞赛"])
def test_an_option_eligible_without_a_detail_is_eligible_for_every_value_of_it(kb, kind):
    seen = set()
    for k, full, left_out in shapes(kb):
        if k != kind:
            continue
        partial = {f: v for f, v in full.items() if f != left_out}
        key = (left_out, tuple(sorted(partial.items())))
        if key in seen:
            continue
        seen.add(key)
        without = statuses(kb, {"kind": kind, "year": 2024, **partial})
        asks = confirming(kb, {"kind": kind, "year": 2024, **partial}, left_out)
        completions = [statuses(kb, {"kind": kind, "year": 2024, **partial, left_out: v}) for v in VALUES[left_out]]
        if left_out in ABSENT_POSSIBLE:
            completions.append(without)  # absent is itself a completion: no change of meaning
        for opt, status in without.items():
            if status == "eligible":
                bad = [c.get(opt) for c in completions if c.get(opt) != "eligible"]
                assert not bad, f"{kind} {partial} without {left_out}: {opt} eligible, but some value gives {bad}"
            elif opt in asks:  # asked to confirm the detail: some value must make a difference
                assert len({c.get(opt) for c in completions}) > 1, f"{kind} {partial}: {opt} asks {left_out} for nothing"
