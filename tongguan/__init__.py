"""tongguan (通桥): Sichuan's plan for bridging high-skill and professional-technical careers, as Datalog.

The public API: load the KB, read a profile, evaluate it.

Examples
--------
>>> import datetime as dt
>>> from tongguan import parse_profile, evaluate
>>> p = parse_profile({"skills": [{"level": "技师", "obtained": "2019-01-01"}]}, as_of=dt.date(2025, 1, 1))
>>> evaluate(p).get("title", "中级", "normal").status
'conditional'
"""

from .lazy import lazy_exports

# name → module: the library loads lazily, so `tongguan --help` does not import the engine or networkx
_EXPORTS = {
    "AuditReport": "audit",
    "Finding": "audit",
    "run_audit": "audit",
    "STATUSES": "engine",
    "Answer": "engine",
    "Condition": "engine",
    "Engine": "engine",
    "Option": "engine",
    "evaluate": "engine",
    "evaluate_many": "engine",
    "Explanation": "explain",
    "ProofNode": "explain",
    "explain_profile": "explain",
    "what_would_change": "explain",
    "why_not": "explain",
    "KB": "kb",
    "Atom": "kb",
    "KBError": "kb",
    "Rule": "kb",
    "load_kb": "kb",
    "load_kb_from": "kb",
    "parse_literal": "kb",
    "build_graph": "planning",
    "PathResult": "planning",
    "fastest_paths": "planning",
    "TongguanError": "errors",
    "ReportWriter": "batch",
    "Screening": "batch",
    "open_roster": "batch",
    "run_batch": "batch",
    "Case": "cases",
    "CaseFailure": "cases",
    "load_cases": "cases",
    "run_cases": "cases",
    "Profile": "profile",
    "ProfileError": "profile",
    "load_profile": "profile",
    "parse_profile": "profile",
    "look_into": "sentences",
    "sentence": "sentences",
    "Query": "query",
    "QueryError": "query",
    "parse_query": "query",
    "run_kb": "query",
    "run_profile": "query",
    "run_roster": "query",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

