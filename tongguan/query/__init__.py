"""Ask the knowledge base: a small query language, its evaluation over three scopes, saved queries.

`parse_query` reads the language (the rule grammar of `tongguan.kb`, extended) into engine terms and
checks it; `run_kb`, `run_profile` and `run_roster` evaluate it over the KB's meta predicates, one
person, or a roster; `tongguan.query.saved` reads the saved queries of ``queries/saved/``.  See
docs/query.md for the language.
"""

from __future__ import annotations

from .evaluate import MAX_BINDINGS, PersonScope, display, run_kb, run_profile, run_roster, solve
from .language import MAX_LENGTH, MAX_LITERALS, Query, QueryError, parse_query
from .meta import META, MetaPredicate, meta_rows, vocabulary_constants

__all__ = [
    "MAX_BINDINGS",
    "MAX_LENGTH",
    "MAX_LITERALS",
    "META",
    "MetaPredicate",
    "PersonScope",
    "Query",
    "QueryError",
    "display",
    "meta_rows",
    "parse_query",
    "run_kb",
    "run_profile",
    "run_roster",
    "solve",
    "vocabulary_constants",
]
