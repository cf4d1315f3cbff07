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

from .audit import AuditReport, Finding, run_audit
from .engine import STATUSES, Answer, Condition, Engine, Option, evaluate, evaluate_many
from .errors import TongguanError
from .explain import Explanation, ProofNode, explain_profile, what_would_change, why_not
from .kb import KB, Atom, KBError, Rule, load_kb, load_kb_from, parse_literal
from .overpass import build_graph
from .paths import PathResult, fastest_paths
from .profile import Profile, ProfileError, load_profile, parse_profile

__all__ = [
    "KB",
    "STATUSES",
    "Answer",
    "Atom",
    "AuditReport",
    "Condition",
    "Engine",
    "Explanation",
    "Finding",
    "KBError",
    "Option",
    "PathResult",
    "Profile",
    "ProfileError",
    "ProofNode",
    "Rule",
    "TongguanError",
    "build_graph",
    "evaluate",
    "evaluate_many",
    "explain_profile",
    "fastest_paths",
    "load_kb",
    "load_kb_from",
    "load_profile",
    "parse_literal",
    "parse_profile",
    "run_audit",
    "what_would_change",
    "why_not",
]
