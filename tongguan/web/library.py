"""The one place the web front end reaches the library: every import of tongguan's public functions.

The web package calls the library only through this module, so when the library's modules move (the
explainer or the planner split into packages, say) one file is retargeted.  Everything here is a thin
call of a public function; the answers are the same as the command line's, because they are the same
functions with the same arguments (`tongguan ask --json`, `explain --json`, `paths --json`, ...).

Examples
--------
>>> kb = load_kb()
>>> p = parse_profile({"as_of": "2025-06-01", "skills": [{"level": "技师", "obtained": "2019-01-01"}]}, kb=kb)
>>> ask_data(kb, p)["options"][0]["track"]
'title'
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..audit import run_audit
from ..documents import LIMITS, parse_json, parse_yaml
from ..engine import Engine
from ..errors import NOT_GIVEN, DocumentError, TongguanError
from ..explain import explain, parse_option_filter, what_would_change
from ..kb import KB, load_kb
from ..kb import parse_target as parse_goal
from ..labels import STATUS_EN, STATUS_ZH, field_label, field_words, option_label, status_label
from ..messages import echo, render
from ..planning import already_held, build_graph, fastest_paths, label_of, plan_assumptions
from ..planning import parse_target as parse_path_target
from ..profile import FIRST_DAY, LAST_AS_OF, Profile, ProfileError, parse_profile
from ..sentences import answer_data, sentence

__all__ = [
    "KB",
    "LIMITS",
    "NOT_GIVEN",
    "STATUS_EN",
    "STATUS_ZH",
    "DocumentError",
    "Profile",
    "ProfileError",
    "TongguanError",
    "ask_data",
    "audit",
    "clause",
    "echo",
    "explain_data",
    "field_label",
    "field_words",
    "graph_data",
    "graph_svg",
    "headings",
    "load_kb",
    "option_label",
    "parse_as_of",
    "parse_goal",
    "parse_json",
    "parse_option_filter",
    "parse_path_target",
    "parse_profile",
    "parse_yaml",
    "paths",
    "plain_sentence",
    "profile_schema",
    "warm",
    "what_would_change_data",
]


def warm(kb: KB) -> None:
    """Compile the KB into the calling thread's engine (pyDatalog keeps one logic per thread)."""
    Engine(kb).backend.compile(kb)


def parse_as_of(value: str | None, field: str = "as_of") -> dt.date | None:
    """A request's evaluation date (YYYY-MM-DD, 1900..2100) or a `TongguanError` naming `field`."""
    if value is None:
        return None
    from ..errors import OptionError

    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise OptionError(field, value, "option.date")
    if not FIRST_DAY <= day <= LAST_AS_OF:
        raise OptionError(field, value, "date.range", low=FIRST_DAY.isoformat(), high=LAST_AS_OF.isoformat())
    return day


def headings(key: str) -> dict[str, str]:
    """A heading of the message catalogue in both languages, as the command line prints it (the page
    shows the one of its language: one label catalogue, not a copy in the page).

    >>> headings("ask.further")["zh"].startswith("可进一步了解")
    True
    """
    return {lang: render(key, lang) for lang in ("zh", "en")}


def plain_sentence(kb: KB, profile: Profile, option: Any, lang: str = "zh") -> str:
    """The option's plain sentence: the library's own (`tongguan.sentences.sentence`), as the command
    line and the batch report say it."""
    return sentence(kb, profile, option, lang)


def ask_data(kb: KB, profile: Profile, include_ineligible: bool = False, lang: str = "zh") -> dict[str, Any]:
    """`tongguan ask --json` of a validated profile, each option with its labels and plain sentence."""
    answer = Engine(kb).evaluate(profile)
    data = answer_data(kb, answer, include_ineligible, lang)  # the command line's JSON, sentences included
    for o, d in zip(answer.listed(include_ineligible), data["options"], strict=True):
        track, level, route = option_label(kb, o, lang)  # the page's language (the plan's terms stay Chinese)
        d["labels"] = {"track": track, "level": level, "route": route, "status": status_label(o.status, lang)}
        d["to_confirm_labels"] = [field_words(kb, f, lang) for f in o.to_confirm]  # words a worker reads, no field name
    return _plain(data)


def _plain(data: Any) -> Any:
    """JSON data as the command line prints it (dates as text, tuples as lists)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def explain_data(
    kb: KB,
    profile: Profile,
    options: list[tuple[str, str, str | None]] | None = None,
    include_held: bool = False,
    target: tuple[str, str] | None = None,
    lang: str = "zh",
) -> dict[str, Any]:
    """`tongguan explain --json` (with `--option` and `--target` as given)."""
    from ..render.explanation import explanation_data

    x = explain(profile, kb, options=options, include_held=include_held or bool(options), target=target)
    return _plain(explanation_data(kb, x, lang))


def what_would_change_data(kb: KB, profile: Profile, target: str) -> dict[str, Any]:
    """What would make `target` (``title:副高级``) reachable: `tongguan.explain.what_would_change`."""
    return _plain(what_would_change(profile, parse_goal(kb, target, field="target"), kb))


def paths(kb: KB, profile: Profile, target: str, k: int = 3) -> dict[str, Any]:
    """`tongguan paths --json`: the `k` fastest dated paths to `target`."""
    goal = parse_path_target(kb, target)
    results = fastest_paths(profile, goal, k=k, kb=kb, awards=True)
    already = not results and already_held(kb, profile, goal)
    return _plain(
        {
            "as_of": profile.as_of.isoformat(),
            "target": goal,
            "already_held": already,
            "assumptions": plan_assumptions(kb),
            "notes": Engine(kb).evaluate(profile).notes,
            "paths": [r.to_dict() for r in results if not r.needs_award],
            "award_paths": [r.to_dict() for r in results if r.needs_award],  # "if you win …", after them
        }
    )


def graph_data(kb: KB) -> dict[str, Any]:
    """The overpass's nodes and edges as JSON data (networkx node-link form)."""
    g = build_graph(kb)
    nodes = [{"id": n, **{k: v for k, v in d.items()}} for n, d in g.nodes(data=True)]
    edges = [{"source": u, "target": v, **d} for u, v, d in g.edges(data=True)]
    return _plain({"nodes": nodes, "edges": edges})


def graph_svg(kb: KB, profile: Profile | None = None, target: str = "title:正高级") -> bytes:
    """The overpass drawn as SVG, with the person's position and fastest path to `target` when given."""
    import matplotlib

    path = title = None
    if profile is not None:
        goal = parse_path_target(kb, target)
        found = fastest_paths(profile, goal, k=1, kb=kb)
        path = found[0] if found else None
        label = label_of(kb, goal)
        arrival = f"，最快 {path.arrival.isoformat()} 到达{label}" if path else ""
        title = f"立交桥：当前位置（截至 {profile.as_of.isoformat()}）{arrival}"
    from ..render.graph_formats import render as render_graph  # the drawing libraries, on first use

    g = build_graph(kb, profile=profile)
    with matplotlib.rc_context({"text.parse_math": False}):
        return render_graph(g, "svg", kb=kb, path=path, title=title)


def audit(kb: KB, cases: bool = False) -> dict[str, Any]:
    """`tongguan audit --json` of the served policy (its own cases only when `cases`)."""
    return _plain(run_audit(kb.root, cases=cases).to_dict())


def clause(kb: KB, clause_id: str) -> dict[str, Any] | None:
    """One clause of the plan with its text, or None."""
    c = kb.clauses.get(clause_id)
    if c is None:
        return None
    return {"id": c.id, "parent": c.parent, "number": c.number, "heading": c.heading, "text": c.text, "quoted": kb.clause_text(c.id)}


def profile_schema() -> dict[str, Any]:
    """The JSON schema of a profile (pydantic's, from `tongguan.profile.Profile`)."""
    return Profile.model_json_schema(by_alias=True)
