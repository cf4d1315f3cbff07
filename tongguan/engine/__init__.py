"""Evaluation: the KB rules, one person at a time, in two worlds, through a back end.

The package's parts: `semantics` (statuses, options, answers, backend-neutral), `facts` (profile →
worlds), `builtins` (pure date functions), `terms` (match, ground, unify, compare), `rules` (what an
option rule's data says), `results` (conditions, options, answers, the status order), `backend` (the
protocol), `pydatalog_backend` (the engine of record, the only module importing pyDatalog) and
the columnar back end: `columnar_sql` (the rules compiled to SQL over every person's worlds),
`columnar_small` (that plan evaluated in Python for a few persons) and `columnar_backend` (DuckDB,
registered as ``duckdb`` when first named; the only module importing duckdb).
"""

from __future__ import annotations

from .backend import BACKENDS, Backend, BackendSession, Compiled, backend_named
from .builtins import (
    BUILTIN_INPUTS,
    BUILTINS,
    LONG_AGO,
    UNKNOWN,
    WINDOW_YEARS_AHEAD,
    anniversary,
    assessment_windows,
    is_day,
    to_date,
)
from .facts import Facts, _Facts, profile_facts, team_sizes, vocab_facts
from .results import NODE_SEVERITY, OPTION_TO_NODE, STATUS_RANK, STATUSES, Answer, Condition, Option
from .rules import answer_notes, condition_clauses, condition_text, review_items, split_body
from .semantics import Engine, Session, evaluate, evaluate_many
from .terms import compare, ground, match

__all__ = [
    "BACKENDS",
    "BUILTINS",
    "BUILTIN_INPUTS",
    "LONG_AGO",
    "NODE_SEVERITY",
    "OPTION_TO_NODE",
    "STATUSES",
    "STATUS_RANK",
    "UNKNOWN",
    "WINDOW_YEARS_AHEAD",
    "Answer",
    "Backend",
    "BackendSession",
    "Compiled",
    "Condition",
    "Engine",
    "Facts",
    "Option",
    "Session",
    "_Facts",
    "anniversary",
    "answer_notes",
    "assessment_windows",
    "backend_named",
    "compare",
    "condition_clauses",
    "condition_text",
    "evaluate",
    "evaluate_many",
    "ground",
    "is_day",
    "match",
    "profile_facts",
    "review_items",
    "split_body",
    "team_sizes",
    "to_date",
    "vocab_facts",
]
