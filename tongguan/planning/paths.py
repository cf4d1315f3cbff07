"""Dated promotion paths across both ladders: the fastest ways from where a person stands to a target.

Time is handled exactly by re-evaluating the *engine* on hypothetical future profiles, never by fixed
edge weights.  From a state (the person's profile plus the levels obtained on the way, each with its
date), every option the engine gives — eligible now, conditional (facts to confirm) or not yet (at its
earliest date, re-checked there) — leads to a new state where that level is held from that date.
Within-ladder promotions governed by documents outside the plan come from
``kb/outside/within_ladder.yaml`` (see `tongguan.planning.within.within_ladder`) and every step using one says
so.  The search is best-first on the date; a path with a step the later steps do not need is dropped
(its shorter form is found too), and so is one using the same crossings as a faster one.

Evaluations happen in cycles (``kb/outside/evaluation_cycles.yaml``, by default once a year per track, see
`tongguan.planning.cycles`): a plan never holds two evaluations of one track in the same cycle, a step that
needs the result of an earlier step (the next level of a ladder, or a crossing starting from a level the
plan obtained) comes in a later cycle, and each step names its cycle.

Assumed throughout (and said in the output): each application is made on its earliest date and
succeeds; the annual assessments not yet held pass.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..engine import Answer, Engine, Option, anniversary
from ..errors import OptionError
from ..kb import KB, load_kb
from ..profile import Profile, profile_schema
from .cycles import Calendar, evaluation_cycles, for_track
from .graph import build_graph
from .ranking import award_alternatives, rank_paths
from .steps import (
    _ROUTE_ORDER,
    OUTSIDE_NOTE,
    PathResult,
    Step,
    TargetError,
    cycle_text,
    parse_target,
    plan_assumptions,
)
from .within import load_assumptions, within_ladder

__all__ = [
    "OUTSIDE_NOTE",
    "PathResult",
    "Step",
    "TargetError",
    "already_held",
    "cycle_text",
    "fastest_paths",
    "parse_target",
    "plan_assumptions",
]


def __getattr__(name: str) -> Any:
    """`ASSUMPTIONS`: the shipped policy's `plan_assumptions`, as a tuple."""
    if name == "ASSUMPTIONS":
        return tuple(plan_assumptions())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# ---------------------------------------------------------------------------------------------
# the planner


class _Planner:
    def __init__(
        self,
        kb: KB,
        profile: Profile,
        target: str,
        within: list[dict[str, Any]],
        calendars: dict[str, Calendar] | None = None,
        later: tuple[dt.date, KB] | None = None,
    ):
        self.kb, self.profile, self.target = kb, profile, target
        self.calendars = calendars if calendars is not None else evaluation_cycles(kb)
        self.engine = Engine(kb)
        # a version in force from a later day (a reform's variant): the steps from that day use its rules
        self.later = (later[0], Engine(later[1])) if later else None
        self.within = within
        self.cache: dict[tuple, Answer] = {}
        self.tkind, _, self.tlevel = target.partition(":")
        graph = build_graph(kb, outside=False)
        self.sources: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
        graphs = [graph] + ([build_graph(later[1], outside=False)] if later else [])
        for g in graphs:
            for u, v, d in g.edges(data=True):
                if (u, d) not in self.sources.get((d["rule"], v), []):
                    self.sources.setdefault((d["rule"], v), []).append((u, d))
        self.grades = kb.vocabulary.get("assessment_grades") or {}
        self.evaluations = 0

    # -- hypothetical profiles -----------------------------------------------------------------
    def person(self, held: tuple[Step, ...], as_of: dt.date) -> Profile:
        p = self.profile
        skills = list(p.skills)
        titles = list(p.titles)
        occupation = p.occupation or next((s.occupation for s in p.skills if s.occupation), None)
        schema = profile_schema(self.kb)  # the policy's own records (a second policy has its own)
        for s in held:
            if s.track == "skill":
                skills.append(schema.records["skills"](level=s.level, occupation=occupation, obtained=s.date))
            elif s.track == "title":
                titles.append(schema.records["titles"](level=s.level, series=p.series, kind="title", obtained=s.date))
        update: dict[str, Any] = {"as_of": as_of, "skills": tuple(skills), "titles": tuple(titles)}
        if "assessments" in schema.fields and self.grades.get("passing"):
            assessments = dict(p.assessments)
            for year in range(p.as_of.year, as_of.year):
                assessments.setdefault(year, self.grades["passing"][0])  # the years to come assumed passed
            update["assessments"] = assessments
        return p.model_copy(update=update)

    def answer(self, held: tuple[Step, ...], as_of: dt.date) -> Answer:
        key = (frozenset((s.to_node, s.date) for s in held), as_of)
        if key not in self.cache:
            self.evaluations += 1
            engine = self.later[1] if self.later and as_of >= self.later[0] else self.engine
            self.cache[key] = engine.evaluate(self.person(held, as_of))
        return self.cache[key]

    # -- what is held --------------------------------------------------------------------------
    def top(self, held: tuple[Step, ...], ladder: str) -> tuple[str, dt.date | None] | None:
        """The highest level held in a ladder (skill, or title proper), with its earliest date."""
        entries: list[tuple[str, dt.date | None]] = []
        if ladder == "skill":
            entries = [(s.level, s.obtained) for s in self.profile.skills]
        else:
            entries = [(t.level, t.obtained) for t in self.profile.titles if t.kind == "title"]
        entries += [(s.level, s.date) for s in held if s.track == ladder]
        if not entries:
            return None
        best = max(self.kb.rank(ladder, lv) for lv, _ in entries)
        level = self.kb.ladder(ladder)[best - 1]
        dates = [d for lv, d in entries if lv == level and d is not None]
        return level, (min(dates) if dates else None)

    def holds(self, held: tuple[Step, ...], node: str) -> bool:
        kind, _, level = node.partition(":")
        if kind in ("skill", "title"):
            top = self.top(held, kind)
            return top is not None and self.kb.rank(kind, top[0]) >= self.kb.rank(kind, level)
        if kind == "qualification":
            got = [t.level for t in self.profile.titles if t.kind == "qualification"]
            return any(self.kb.rank(kind, g) >= self.kb.rank(kind, level) for g in got)
        if kind == "award":
            return any(a.kind == level for a in self.profile.awards)
        if kind == "school":
            return self.profile.technical_school_class == level
        return any(s.to_node == node for s in held)

    def reached(self, step: Step) -> bool:
        kind, _, level = step.to_node.partition(":")
        if kind != self.tkind:
            return False
        if kind == "exam":
            return level == self.tlevel
        return self.kb.rank(kind, level) >= self.kb.rank(kind, self.tlevel)

    def already(self) -> bool:
        if self.tkind == "exam":
            return False
        return self.holds((), self.target)

    # -- successors ------------------------------------------------------------------------------
    def _find(self, answer: Answer, track: str, level: str, route: str, rule: str) -> Option | None:
        best = answer.get(track, level, route)
        if best is None:
            return None
        return next((o for o in (best, *best.alternatives) if o.rule.id == rule), None)

    def resolve(self, held: tuple[Step, ...], o: Option, start: dt.date) -> tuple[dt.date, Option] | None:
        """The first date from `start` on at which option `o` (same rule) can be applied for."""
        return self.resolve_key(held, (o.track, o.level, o.route, o.rule.id), start)

    def resolve_key(
        self, held: tuple[Step, ...], key: tuple[str, str, str, str], start: dt.date
    ) -> tuple[dt.date, Option] | None:
        """`resolve` for the option of (track, level, route, rule id)."""
        d = start
        for _ in range(5):
            got = self._find(self.answer(held, d), *key)
            if got is None or got.status == "ineligible":
                return None
            if got.earliest is None or got.earliest <= d:
                return d, got
            d = got.earliest
        return None

    def plan_steps(self, held: tuple[Step, ...], date: dt.date) -> list[Step]:
        out: dict[tuple, Step] = {}
        cands = [date]  # a failing assessment: the engine dates the option when the year leaves 近3年
        if self.later and date < self.later[0]:
            cands.append(self.later[0])  # the day a later version takes effect: its rules may open sooner
        for cand in cands:
            for best in self.answer(held, cand).options:
                for o in (best, *best.alternatives):
                    if o.held or o.status == "ineligible" or (o.track == "exam" and self.tkind != "exam"):
                        continue
                    key = (o.track, o.level, o.route, o.rule.id)
                    if key in out and out[key].date <= max(cand, o.earliest or cand):
                        continue
                    start = max(cand, o.earliest or cand)
                    standard = self.promotion_standard(held, o) if o.route == "promotion" else None
                    if standard is not None:
                        start = max(start, standard[0])
                    got = self.resolve(held, o, start)
                    if got is not None:
                        out[key] = self.step(held, *got)
                        if self.later and got[0] >= self.later[0]:
                            doc = self.later[1].kb.document
                            out[key].assumptions.append(
                                f"按 {doc.get('id', '新版本')} 的规则（{self.later[0].isoformat()} 起施行）"
                            )
                        if standard is not None:
                            out[key].assumptions.append(standard[1])
        return list(out.values())

    def promotion_standard(self, held: tuple[Step, ...], o: Option) -> tuple[dt.date, str] | None:
        """B-3.3.2's 晋级 "按累计工作年限": the first date the within-ladder standard's years allow
        (kb/outside), with the note a step using it carries; None when no edge covers the step."""
        top = self.top(held, "skill")
        edge = next((e for e in self.within if e["ladder"] == "skill" and e["to"] == o.level), None)
        if edge is None or top is None or top[0] != edge["from"] or top[1] is None:
            return None
        when, _ = self.within_date(edge, top[1], self.profile.as_of)
        src = edge.get("source") or "无出处，假设"
        return when, f"晋级年限按国家职业技能标准 {edge['years']} 年计（{OUTSIDE_NOTE}：{src}）"

    def step(self, held: tuple[Step, ...], date: dt.date, o: Option) -> Step:
        to_node = f"{o.track}:{o.level}"
        edges = self.sources.get((o.rule.id, to_node), [])
        mine = [(u, d) for u, d in edges if self.holds(held, u)]
        pool = mine or edges

        def closeness(item: tuple[str, dict[str, Any]]) -> int:
            kind, _, level = item[0].partition(":")
            return self.kb.rank(kind, level) if kind in ("skill", "title", "qualification") else 0

        u, d = max(pool, key=closeness) if pool else ("", {"clauses": o.clauses})
        confirm = [
            f
            for f in o.to_confirm
            if not f.startswith("assessments.") or int(f.split(".")[1]) < self.profile.as_of.year
        ]
        return Step(
            date=date,
            from_node=u,
            to_node=to_node,
            track=o.track,
            route=o.route,
            rule=o.rule.id,
            clauses=list(d.get("clauses") or o.clauses),
            status="conditional" if confirm else "eligible",
            to_confirm=confirm,
            to_review=list(o.to_review),
        )

    def within_steps(self, held: tuple[Step, ...], date: dt.date) -> list[Step]:
        out = []
        for ladder in ("skill", "title"):
            top = self.top(held, ladder)
            if top is None or top[1] is None:
                continue
            level, obtained = top
            edges = [e for e in self.within if e["ladder"] == ladder and e["from"] == level]
            if ladder == "title":
                series = self.profile.series
                named = [e for e in edges if isinstance(e.get("series"), list) and series in e["series"]]
                edges = named or [e for e in edges if e.get("series") == "default"]
            for e in edges:
                got = self.within_date(e, obtained, date)
                if got is None:
                    continue
                when, confirm = got
                notes = [OUTSIDE_NOTE + "：" + (e.get("source") or "无出处")]
                if e.get("assumption"):
                    notes.append("年限为假设，待核实" + (f"（{e['note']}）" if e.get("note") else ""))
                out.append(
                    Step(
                        date=when,
                        from_node=f"{ladder}:{e['from']}",
                        to_node=f"{ladder}:{e['to']}",
                        track=ladder,
                        route="within",
                        rule=e["id"],
                        clauses=[],
                        status="conditional",
                        outside=True,
                        source=e.get("source"),
                        assumption=bool(e.get("assumption")),
                        assumptions=notes,
                        to_confirm=[*confirm, *(e.get("conditions") or [])],
                    )
                )
        return out

    def within_date(
        self, e: dict[str, Any], obtained: dt.date, not_before: dt.date
    ) -> tuple[dt.date, list[str]] | None:
        years = e["years"]
        p = self.profile
        for v in e.get("variants") or ():
            if all(
                getattr(p, f, None) in (vals if isinstance(vals, list) else [vals]) for f, vals in v["when"].items()
            ):
                years = v["years"]
        confirm = []
        work = p.technical_work_since
        if work is None:
            confirm.append("technical_work_since")
        start = (work or obtained) if e["years_from"] == "cumulative" else max(obtained, work or obtained)
        return max(anniversary(start, years), not_before), confirm

    # -- evaluation cycles ------------------------------------------------------------------------
    def cycle_bound(self, held: tuple[Step, ...], s: Step) -> dt.date | None:
        """The first day step `s` may fall on: after the cycle of every earlier step of its track (one
        evaluation of a track per cycle, and the next level needs the last one's result) and of every
        step it needs (the level it starts from, or any step without which its rule is not met, as
        B-3.3.2's 晋级 needs the 专业技术人才 title the plan obtained)."""
        bound = None
        for i, h in enumerate(held):
            b = for_track(self.calendars, h.track).next_start(h.date)
            if (bound is not None and b <= bound) or b <= s.date:
                continue  # no constraint beyond the one found (or none at all)
            needed = h.track == s.track or h.to_node == s.from_node
            if needed or not self.open(held[:i] + held[i + 1 :], s):
                bound = b
        return bound

    def timed(self, held: tuple[Step, ...], s: Step) -> Step | None:
        """Step `s` moved to the first cycle the plan allows it in (None: not possible there), its cycle named."""
        for _ in range(6):
            bound = self.cycle_bound(held, s)
            if bound is None or s.date >= bound:
                s.cycle = for_track(self.calendars, s.track).label(s.date)
                return s
            if s.outside:
                s.date = bound  # a within-ladder step only needs its years: still open later
                continue
            got = self.resolve_key(held, (s.track, s.level, s.route, s.rule), bound)
            if got is None:
                return None
            notes = s.assumptions
            s = self.step(held, *got)
            s.assumptions = notes
        return None

    def successors(self, held: tuple[Step, ...], date: dt.date) -> list[Step]:
        steps = self.plan_steps(held, date) + self.within_steps(held, date)
        steps = [t for t in (self.timed(held, s) for s in steps) if t is not None]
        best: dict[tuple[str, dt.date], list[Step]] = {}
        for s in steps:  # the same level on the same day by several rules: one step, the others noted
            best.setdefault((s.to_node, s.date), []).append(s)
        out = []
        for group in best.values():
            group.sort(key=lambda s: (s.date, s.outside, s.status != "eligible", _ROUTE_ORDER.get(s.route, 9), s.rule))
            first = group[0]
            first.also = [s.rule for s in group[1:]]
            out.append(first)
        return out

    # -- is a step needed? -----------------------------------------------------------------------
    def available(self, held: tuple[Step, ...], s: Step) -> bool:
        """Whether step `s` can still be taken on its date with only `held` before it, in a cycle the
        plan allows."""
        return self.open(held, s) and not self.too_soon(held, s)

    def open(self, held: tuple[Step, ...], s: Step) -> bool:
        """Whether the rule of step `s` is met on its date with only `held` before it (cycles aside)."""
        if s.outside:
            top = self.top(held, s.track)
            e = next((x for x in self.within if x["id"] == s.rule), None)
            if top is None or e is None or top[0] != e["from"] or top[1] is None:
                return False
            got = self.within_date(e, top[1], s.date)
            return got is not None and got[0] <= s.date
        _, _, level = s.to_node.partition(":")
        o = self._find(self.answer(held, s.date), s.track, level, s.route, s.rule)
        return o is not None and o.status != "ineligible" and (o.earliest is None or o.earliest <= s.date)

    def too_soon(self, held: tuple[Step, ...], s: Step) -> bool:
        bound = self.cycle_bound(held, s)
        return bound is not None and s.date < bound

    def redundant(self, steps: tuple[Step, ...]) -> bool:
        for i in range(len(steps) - 1):
            rest = steps[:i] + steps[i + 1 :]
            if all(self.available(rest[:j], rest[j]) for j in range(i, len(rest))):
                return True
        return False

    # -- search ----------------------------------------------------------------------------------
    def variant(self, profile: Profile) -> _Planner:
        """The same planner for another profile (e.g. the person with an award they might win)."""
        other = copy.copy(self)
        other.profile, other.cache, other.evaluations = profile, {}, 0
        return other

    def search(
        self,
        k: int,
        max_steps: int,
        horizon: dt.date,
        max_states: int,
        keep: Callable[[tuple[Step, ...]], bool] | None = None,
    ) -> list[PathResult]:
        """The `k` first paths of the best-first search (those `keep` accepts, when given)."""
        start = self.profile.as_of
        seq = itertools.count()
        heap: list[tuple[dt.date, int, int, tuple[Step, ...]]] = [(start, 0, next(seq), ())]
        results: list[PathResult] = []
        seen_paths: set[frozenset] = set()
        expanded: set[frozenset] = set()
        while heap and len(results) < k and len(expanded) < max_states:
            date, n, _, steps = heapq.heappop(heap)
            if steps and self.reached(steps[-1]):
                ident = frozenset((s.to_node, s.rule) for s in steps)
                if ident not in seen_paths and not self.redundant(steps) and (keep is None or keep(steps)):
                    seen_paths.add(ident)
                    results.append(PathResult(self.target, list(steps), steps[-1].date))
                continue
            state = frozenset((s.to_node, s.rule, s.date) for s in steps)
            if state in expanded or n >= max_steps:
                continue
            expanded.add(state)
            for s in self.successors(steps, date):
                if s.date <= horizon:
                    heapq.heappush(heap, (s.date, n + 1, next(seq), (*steps, s)))
        return results


def fastest_paths(
    profile: Profile,
    target: str,
    k: int = 3,
    kb: KB | None = None,
    assumptions: dict[str, Any] | str | Path | None = None,
    *,
    outside: bool = True,
    max_steps: int = 6,
    horizon_years: int = 40,
    max_states: int = 400,
    later: KB | None = None,
    awards: bool = False,
) -> list[PathResult]:
    """The `k` fastest distinct paths from the person's state to `target` (e.g. ``"title:正高级"``).

    Each `PathResult` has `steps` (date, from_node, to_node, route, rule, clauses, outside,
    assumptions, to_confirm) and `arrival`.  Assumes each application succeeds on its earliest date and
    future annual assessments pass (`ASSUMPTIONS`).  An empty list: the target is already held, or no
    path within `max_steps` steps and `horizon_years` years.

    Parameters
    ----------
    profile : Profile
        A validated profile (its ``as_of`` is where the search starts).
    target : str
        ``skill:LEVEL``, ``title:LEVEL`` or ``exam:NAME``.
    k : int
        How many paths.
    kb : KB, optional
    assumptions : dict or path, optional
        Overrides of the within-ladder edges (see `tongguan.planning.within.within_ladder`) and of the
        evaluation cycles (``cycles``, see `tongguan.planning.cycles.evaluation_cycles`).
    outside : bool
        Also take within-ladder steps from kb/outside/within_ladder.yaml (flagged on the step).
    awards : bool
        Also the paths that need an award the person does not hold ("if you win …" alternatives,
        `tongguan.planning.ranking.award_alternatives`): up to `k` of them, each arriving before the
        fastest path in the person's control, listed after every path in their control whatever their
        dates, with `PathResult.award` (and `Step.needs_award` on the steps the award opens).
    later : KB, optional
        A version of the policy that takes effect later (e.g. a reform's variant, with its document's
        ``effective`` day): the steps on or after that day are evaluated under its rules.

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"series": "工程", "skills": [{"level": "高级技师", "obtained": "2020-01-01"}],
    ...     "technical_work_since": "2010-07-01", "law_abiding": True, "good_conduct": True,
    ...     "assessments": {2018: "合格", 2019: "合格", 2020: "合格"}}, as_of=dt.date(2021, 6, 1))
    >>> [(s.to_node, s.date.isoformat()) for s in fastest_paths(p, "title:正高级", k=1)[0].steps]
    [('title:副高级', '2024-01-01'), ('title:正高级', '2029-01-01')]
    """
    kb = kb or load_kb()
    target = parse_target(kb, target)
    if isinstance(assumptions, (str, Path)):
        assumptions = load_assumptions(assumptions)
    calendars = evaluation_cycles(kb, assumptions)
    switch = None
    if later is not None:
        day = later.document.get("effective")
        if day is None:
            raise OptionError("effective", None, "reform.no_effective")
        switch = (day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)), later)
    planner = _Planner(kb, profile, target, within_ladder(kb, assumptions) if outside else [], calendars, switch)
    if planner.already():
        return []
    horizon = anniversary(profile.as_of, horizon_years)
    found = planner.search(k, max_steps, horizon, max_states)
    if awards:
        found += award_alternatives(planner, found, k, max_steps, horizon, max_states)
    return rank_paths(found)


def already_held(kb: KB, profile: Profile, target: str) -> bool:
    """Whether the person already holds `target` (or a higher level of its ladder).

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"skills": [{"level": "技师"}]}, as_of=dt.date(2025, 1, 1))
    >>> already_held(load_kb(), p, "skill:高级工"), already_held(load_kb(), p, "title:中级")
    (True, False)
    """
    return _Planner(kb, profile, parse_target(kb, target), [], {}).already()
