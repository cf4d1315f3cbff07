"""Any text is either a checked query or a `QueryError`: never another exception (hypothesis)."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongguan.kb import load_kb
from tongguan.query import QueryError, parse_query, run_kb

KB = load_kb()
PIECES = ["title_rank(", "award_opens(", "rule(", "~", "not ", "X", "_", "L", "正高级", "A1-5.4.5", "2020-01-01",
          ", ", " & ", ")", "(", "<=", "==", "3", "-", "'", '"', "skill(", "option_rule(", "\n", "needs("]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(PIECES), max_size=14).map("".join)))
def test_any_text_parses_or_is_a_query_error(text):
    try:
        q = parse_query(text, KB)
    except QueryError as exc:
        assert exc.text("zh") and exc.text("en")
        return
    with contextlib.suppress(QueryError):  # a costly query stops at the bound, a person's predicate is refused
        run_kb(q, KB)
