"""Runs every case of kb/cases/*.yaml with the library runner (`tongguan.cases`): the policy's own
examples, one file per clause group.  The keys a case may state are documented in tongguan/cases.py;
tests/test_engine.py checks that every rule of the KB is named by some case under ``rule`` and under
``rule_misses``.
"""

from __future__ import annotations

import pytest

from tongguan.cases import check_case, load_cases, rule_refs

__all__ = ["rule_refs"]  # tests/test_engine.py reads the cases' rule references with it

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case, kb, backend):
    failures = check_case(kb, case, backend=backend)
    assert not failures, "\n".join(f.message for f in failures)
