"""The explainer's entry points: `explain` (trees and why-nots in one engine session) and `why_not`.

`parse_option_filter` reads the ``--option TRACK:LEVEL[:ROUTE]`` filter the front ends pass on.
"""

from __future__ import annotations

from typing import Any

from ..engine import STATUS_RANK, Backend, Engine, Option
from ..kb import KB, load_kb, parse_target
from ..profile import Profile
from .changes import what_would_change
from .model import Explanation, OptionExplanation
from .proof import _Builder
from .why_not import _why_not

__all__ = ["explain", "explain_profile", "parse_option_filter", "why_not"]


def _select(
    options: list[Option], wanted: list[tuple[str, str, str | None]] | None, include_held: bool
) -> list[Option]:
    out = []
    for o in options:
        if o.held and not include_held:
            continue
        if wanted is not None and not any(
            o.track == t and o.level == lv and (r is None or o.route == r) for t, lv, r in wanted
        ):
            continue
        out.append(o)
    order = {"title": 0, "skill": 1, "exam": 2}
    return sorted(out, key=lambda o: (STATUS_RANK[o.status], order[o.track], o.order, o.route))


def explain(
    profile: Profile,
    kb: KB | None = None,
    *,
    options: list[tuple[str, str, str | None]] | None = None,
    include_held: bool = False,
    target: tuple[str, str] | None = None,
    backend: str | Backend | None = None,
) -> Explanation:
    """Proof trees and why-nots for a person's options, in one engine session.

    Parameters
    ----------
    profile : Profile
        A validated profile (`tongguan.parse_profile`).
    kb : KB, optional
        The shipped KB by default.
    options : list of (track, level, route or None), optional
        Only these options (route None: every route); all by default.
    include_held : bool
        Also explain levels the person already holds (not listed by ``ask``).
    target : (track, level), optional
        Also compute `what_would_change` for this target.
    backend : str or Backend, optional
        The engine's back end (pyDatalog by default).

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-01-01", "series": "工程", "technical_work_since": "2010-01-01",
    ...     "law_abiding": True, "good_conduct": True, "assessments": {2022: "合格", 2023: "合格", 2024: "合格"},
    ...     "skills": [{"level": "技师", "obtained": "2022-03-15"}]})
    >>> x = explain(p).get("title", "中级", "normal")
    >>> x.option.status, x.tree.children[0].rule.id
    ('not_yet', 'title-intermediate-normal')
    >>> x.why_not["routes"][0]["conditions"][0]["earliest"]
    '2025-03-15'
    """
    kb = kb or load_kb()
    engine = Engine(kb, backend)
    with engine.session(profile) as s:
        all_options = s.options()
        builder = _Builder(kb, s)
        chosen = _select(all_options, options, include_held)
        out = []
        for o in chosen:
            tree = builder.option_node(o)
            out.append(OptionExplanation(o, tree, _why_not(kb, o, tree, all_options)))
    from ..engine import answer_notes  # the same notes `ask` prints

    result = Explanation(profile.as_of, profile, out, notes=answer_notes(kb, profile))
    if target is not None:
        result.target = what_would_change(profile, target, kb, options=all_options)
    return result


explain_profile = explain  # `tongguan` re-exports it under this name: `tongguan.explain` is the package


def why_not(profile: Profile, track: str, level: str, route: str, kb: KB | None = None) -> dict[str, Any] | None:
    """Why one option is not eligible: failing/unknown/not-yet conditions with clauses, and other routes.

    Returns None when the option is eligible.

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "卫生", "skills": [{"level": "技师"}]})
    >>> w = why_not(p, "title", "中级", "normal")
    >>> w["status"], [c["id"] for c in w["routes"][0]["conditions"][0]["clauses"]]
    ('ineligible', ['A1-5', 'B-3.1.1'])
    """
    x = explain(profile, kb, options=[(track, level, route)], include_held=True)
    if not x.options:
        raise KeyError((track, level, route))
    return x.options[0].why_not


# ---------------------------------------------------------------------------------------------
# what would change the answer


def parse_option_filter(kb: KB, text: str) -> tuple[str, str, str | None]:
    """``title:副高级[:normal]`` → (track, level, route or None); ValueError otherwise.

    Examples
    --------
    >>> parse_option_filter(load_kb(), "title:副高级:exceptional")
    ('title', '副高级', 'exceptional')
    """
    head, _, route = text.partition(":")
    rest = text[len(head) + 1 :]
    level, _, route = rest.partition(":")
    track, level = parse_target(kb, f"{head}:{level}", field="--option")
    route = route.strip() or None
    if route is not None and route not in kb.vocabulary["routes"][track]:
        from ..errors import OptionError

        routes = kb.vocabulary["routes"][track]
        raise OptionError("--option", text, "target.route", allowed="、".join(routes), en={"allowed": ", ".join(routes)})
    return track, level, route
