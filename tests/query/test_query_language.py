"""The query language: what parses into which engine terms, and every error with its place."""

from __future__ import annotations

import datetime as dt

import pytest

from tongguan.kb import Atom, Term
from tongguan.query import MAX_LENGTH, MAX_LITERALS, QueryError, parse_query
from tongguan.query.language import _QUERY_GRAMMAR


def V(name: str) -> Term:
    return Term(name, True)


def test_the_grammar_is_the_rule_grammar_extended():
    from tongguan.kb import _GRAMMAR

    assert _QUERY_GRAMMAR.startswith(_GRAMMAR)
    assert "%override start: query" in _QUERY_GRAMMAR


def test_atoms_become_engine_terms(kb):
    q = parse_query("option_rule(R, title, 正高级, _), cites(R, A1-5.4.5) & rule(title-exceptional, H)", kb)
    assert q.literals[0] == Atom("option_rule", (V("R"), Term("title"), Term("正高级"), V("_1")))
    assert q.literals[1] == Atom("cites", (V("R"), Term("A1-5.4.5")))
    assert q.literals[2] == Atom("rule", (Term("title-exceptional"), V("H")))
    assert q.variables == ("R", "H")  # anonymous and _-prefixed variables are not answered


def test_and_and_comma_are_the_same_conjunction(kb):
    assert parse_query("title_rank(L, R) & R >= 3", kb).literals == parse_query("title_rank(L, R), R >= 3", kb).literals


def test_negation_comparison_dates_and_ints(kb):
    q = parse_query("skill(L, _, D) & D >= 2020-01-01 & ~title(_, _, title, _) & not frontline & L != 技师", kb)
    assert q.literals[1] == Atom(">=", (V("D"), Term(dt.date(2020, 1, 1).toordinal())))
    assert q.literals[2].negated and q.literals[3].negated and q.literals[3].pred == "frontline"
    assert q.literals[4].is_comparison


def test_each_anonymous_variable_is_fresh(kb):
    q = parse_query("title_rank(_, _)", kb)
    assert q.literals[0].args[0] != q.literals[0].args[1]


@pytest.mark.parametrize(
    ("text", "key", "line", "column"),
    [
        ("skil(X)", "query.unknown_predicate_hint", 1, 1),
        ("title_rank(L, R) &\n  award_open(K, L)", "query.unknown_predicate_hint", 2, 3),
        ("zzzz(X)", "query.unknown_predicate", 1, 1),
        ("option(T, L)", "query.arity", 1, 1),
        ("~skill(L, _, _)", "query.unbound_negation", 1, 1),
        ("title_rank(L, R) & X > R", "query.unbound_comparison", 1, 20),
        ("anniversary(D, 3, A)", "query.builtin_inputs", 1, 1),
        ("title_rank(L, R) &", "query.unexpected_end", 1, 19),
        ("title_rank(L R)", "query.unexpected", 1, 14),
        ("title_rank(L, R) ; x", "query.bad_char", 1, 18),
        ("as_of(2025-02-30)", "query.bad_date", 1, 7),
        ("", "query.empty", 0, 0),
    ],
)
def test_errors_point_at_line_and_column(kb, text, key, line, column):
    with pytest.raises(QueryError) as err:
        parse_query(text, kb)
    assert (err.value.key, err.value.line, err.value.column) == (key, line, column)
    if line:
        assert f"第 {line} 行第 {column} 列" in str(err.value)
        assert err.value.caret().splitlines()[-1].endswith("^")


def test_the_nearest_predicate_is_suggested(kb):
    with pytest.raises(QueryError) as err:
        parse_query("award_open(K, L)", kb)
    assert err.value.params["hint"] == "award_opens"
    assert "did you mean award_opens?" in err.value.text("en")


def test_the_caret_sits_under_the_place_counting_wide_characters(kb):
    with pytest.raises(QueryError) as err:
        parse_query("title_rank(副高级, R) & skil(R)", kb)
    line, caret = err.value.caret().splitlines()
    assert err.value.column == 22
    # 副高级 is three wide characters: the caret is under the s of skil on a terminal
    assert caret.index("^") == len("  title_rank(") + 2 * 3 + len(", R) & ")
    assert line == "  title_rank(副高级, R) & skil(R)"


def test_negation_of_a_bound_atom_and_of_anonymous_ones_is_allowed(kb):
    parse_query("option_rule(R, T, L, X) & ~needs(R, 学历)", kb)
    parse_query("~skill(_, _, _)", kb)  # there is no skill at all


def test_equality_binds_one_side(kb):
    q = parse_query("L == 副高级 & title_rank(L, R)", kb)
    assert q.variables == ("L", "R")


def test_input_is_bounded(kb):
    with pytest.raises(QueryError) as err:
        parse_query("x" * (MAX_LENGTH + 1), kb)
    assert err.value.key == "query.too_long"
    with pytest.raises(QueryError) as err:
        parse_query(" & ".join(["frontline"] * (MAX_LITERALS + 1)), kb)
    assert err.value.key == "query.too_many"
    with pytest.raises(QueryError) as err:
        parse_query(f"title_rank({', '.join(['X'] * 13)})", kb)
    assert err.value.key == "query.too_many_args"


def test_messages_in_both_languages(kb):
    with pytest.raises(QueryError) as err:
        parse_query("~skill(L, _, _)", kb)
    assert "尚未绑定" in err.value.text("zh")
    assert "is not bound yet" in err.value.text("en")
