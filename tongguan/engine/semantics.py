"""The meaning of a status, computed from what a back end reports, whatever the back end.

How a status comes about (the contract in the README):

* The profile becomes facts twice (`tongguan.engine.facts`): the *known* world holds only what the
  profile says; the *optimistic* world adds, for every field not given, every value it could take.  A
  condition that holds in the known world holds; one that holds only in the optimistic world is
  *unknown* (its missing fields go to ``to_confirm``); one that holds in neither *fails*.
* Time-dependent predicates (``dated`` in kb/predicates.yaml) end with the date from which they hold:
  an option whose conditions all hold, some only later, is ``not_yet`` with ``earliest`` the latest
  of those dates.
* Option rules (``option(Track, Level, Route) <= ...``) are grounded over their vocabulary literals,
  and each remaining body literal is asked as a condition.  Several rules for one option are
  alternatives; the best one is the answer.

A back end (`tongguan.engine.backend`) only reports which bindings make a literal hold in a world;
everything above is computed here, once for every back end.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..kb import KB, Atom, Rule, Term, load_kb  # noqa: F401  (Term: the doctests)
from ..profile import Profile
from . import pydatalog_backend as _pydatalog_backend  # noqa: F401  (registers the engine of record)
from .backend import Backend, BackendSession, Compiled, backend_named
from .builtins import to_date
from .facts import Facts, profile_facts
from .results import Answer, Condition, Option, best_options, open_parents, under
from .rules import answer_notes, at_since, condition_clauses, condition_text, field_order, review_items, split_body
from .terms import ground, match

__all__ = ["Engine", "Session", "evaluate", "evaluate_many", "held_at"]


class _Plan:
    """What the semantics derives from a KB's rules alone, computed once per rule."""

    def __init__(self, kb: KB):
        self.kb = kb
        self._evidence: dict[str, set[str]] = {}
        self._review: dict[str, tuple[tuple[str, str], ...]] = {}
        self._split: dict[str, tuple[list[Atom], list[Atom]]] = {}

    def review(self, rule: Rule) -> tuple[tuple[str, str], ...]:
        """`review_items` of a rule, computed once."""
        if rule.id not in self._review:
            self._review[rule.id] = review_items(self.kb, rule)
        return self._review[rule.id]

    def split(self, rule: Rule) -> tuple[list[Atom], list[Atom]]:
        """`split_body` of an option rule, computed once."""
        if rule.id not in self._split:
            self._split[rule.id] = split_body(self.kb, rule)
        return self._split[rule.id]

    def evidence_preds(self, rule: Rule) -> set[str]:
        """Body predicates of `rule` whose definitions cite items under its open clauses: the only
        ones worth walking for the evidence of `Option.clauses`."""
        if rule.id not in self._evidence:
            parents = open_parents(rule)
            judged = {r.head.pred for r in self.kb.rules if any(i.when_used for i in r.review)}
            worth = set()
            for b in rule.body:
                if b.is_comparison or self.kb.predicates[b.pred].kind != "derived":
                    continue
                closure, todo = set(), [b.pred]
                while todo:
                    p = todo.pop()
                    if p not in closure:
                        closure.add(p)
                        todo.extend(x.pred for r in self.kb.rules_for(p) for x in r.body if not x.is_comparison)
                if closure & judged or any(
                    under(c, parents) for p in closure for r in self.kb.rules_for(p) for c in r.clauses
                ):
                    worth.add(b.pred)
            self._evidence[rule.id] = worth
        return self._evidence[rule.id]


_local = threading.local()


def _plan(kb: KB) -> _Plan:
    cur = getattr(_local, "plan", None)
    if cur is None or cur.kb is not kb:
        cur = _local.plan = _Plan(kb)
    return cur


def _canonical(sols: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Solutions in one order whatever the back end's enumeration order (the first solution grounds
    the derivation walked for the evidence, and a rule's ``show`` values): by value, ints before text.

    Examples
    --------
    >>> _canonical([{"X": "?"}, {"X": 3}, {"X": 1}])
    [{'X': 1}, {'X': 3}, {'X': '?'}]
    """
    if len(sols) < 2:
        return sols
    return sorted(sols, key=lambda s: tuple((k, isinstance(v, str), v) for k, v in sorted(s.items())))


class Engine:
    """Evaluates profiles against a KB, through a back end (default: pyDatalog).

    Examples
    --------
    >>> from tongguan.profile import parse_profile
    >>> p = parse_profile({"skills": [{"level": "高级工", "obtained": "2020-03-01"}],
    ...                    "technical_work_since": "2015-07-01", "series": "工程",
    ...                    "law_abiding": True, "good_conduct": True,
    ...                    "assessments": {2022: "合格", 2023: "合格", 2024: "优秀"}},
    ...                   as_of=dt.date(2025, 6, 1))
    >>> Engine().evaluate(p).get("title", "助理级", "normal").status
    'eligible'
    >>> Engine(backend="pydatalog").backend.name
    'pydatalog'
    """

    def __init__(self, kb: KB | None = None, backend: str | Backend | None = None):
        self.kb = kb or load_kb()
        self.backend = backend_named(backend)

    def evaluate(self, profile: Profile) -> Answer:
        """All options for one (validated) profile at its ``as_of``."""
        with self.session(profile) as run:
            options = run.options()
        return Answer(as_of=profile.as_of, person=profile, options=options, notes=answer_notes(self.kb, profile))

    def evaluate_many(self, profiles: Iterable[Profile], chunk: int = 20_000) -> Iterator[Answer]:
        """Answers for many profiles, in order.  A back end evaluating set at a time (one with
        ``open_many``, e.g. ``duckdb``) evaluates each chunk of `chunk` persons at once; otherwise one
        person after another, as `evaluate`.  One that also has ``answer_many(profiles, facts)``
        builds a chunk's answers itself (the semantics computed set at a time, proved equal to this
        module's by tests/test_differential.py) unless it returns None."""
        comp = self.backend.compile(self.kb)
        if not hasattr(comp, "open_many"):
            for p in profiles:
                yield self.evaluate(p)
            return
        batch: list[Profile] = []
        for p in profiles:
            batch.append(p)
            if len(batch) >= chunk:
                yield from self._evaluate_chunk(comp, batch)
                batch = []
        if batch:
            yield from self._evaluate_chunk(comp, batch)

    def _evaluate_chunk(self, comp: Any, profiles: list[Profile]) -> Iterator[Answer]:
        facts = [profile_facts(self.kb, p) for p in profiles]
        answers = comp.answer_many(profiles, facts) if hasattr(comp, "answer_many") else None
        if answers is not None:  # the back end built the answers itself, set at a time
            yield from answers
            return
        plan = _plan(self.kb)
        with comp.open_many(facts) as inners:
            for p, f, inner in zip(profiles, facts, inners, strict=True):
                options = Session(comp, plan, inner, f, p).options()
                yield Answer(as_of=p.as_of, person=p, options=options, notes=answer_notes(self.kb, p))

    @contextmanager
    def session(self, profile: Profile) -> Iterator[Session]:
        """The profile's facts in the back end for the duration of the block, and a `Session` to ask them.

        The explainer uses this to ask the body literals of the rules behind a condition.
        """
        comp = self.backend.compile(self.kb)
        facts = profile_facts(self.kb, profile)
        with comp.open(facts) as inner:
            yield Session(comp, _plan(self.kb), inner, facts, profile)


class Session:
    """One person's facts in a back end: asks literals (cached) and builds the options.

    Obtain one from `Engine.session`; it is valid only inside that ``with`` block.  The worlds a
    literal is asked in: ``k`` known, ``o`` optimistic, ``o-N`` optimistic less missing item N,
    ``c-N-J`` known plus only row J of missing item N, ``w-N-J`` the same plus the other exhaustive
    items' rows (`Facts.world`).
    """

    def __init__(self, comp: Compiled, plan: _Plan, inner: BackendSession, facts: Facts, profile: Profile):
        self.comp, self.plan, self.inner = comp, plan, inner
        self.kb, self.facts, self.profile = comp.kb, facts, profile
        self.as_of = profile.as_of
        self.cache: dict[tuple[str, str], Any] = {}

    def solutions(self, atom: Atom, world: str) -> list[dict[str, Any]]:
        """Bindings of `atom`'s variables for which it holds (negation ignored), in a world."""
        key = (world, str(atom))
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = _canonical(self.inner.solutions(atom, world))
        return hit

    def condition(self, atom: Atom, rule: Rule) -> Condition:
        """Ask one (grounded) literal as a condition of `rule`: holds, not_yet, unknown or fails."""
        pred = self.kb.predicates.get(atom.pred)
        clauses = condition_clauses(self.kb, atom, rule)
        text = condition_text(self.kb, atom)
        dated = pred is not None and pred.dated
        known = self.solutions(atom, "k")
        if atom.negated:
            if known:
                return Condition(atom, "fails", clauses=clauses, text=text, solutions=known)
            opt = self.solutions(atom, "o")
            if not opt:
                return Condition(atom, "holds", clauses=clauses, text=text)
            return Condition(atom, "unknown", clauses=clauses, text=text, to_confirm=[self.facts.missing[i][0] for i in self._needed(atom)])
        since_var = atom.args[-1].value if dated and atom.args[-1].is_var else None

        def earliest(sols: list[dict[str, Any]]) -> dt.date | None:
            if not since_var:
                return None
            days = [s[since_var] for s in sols if isinstance(s.get(since_var), int)]
            return to_date(min(days)) if days else None

        if not known:
            known = self._every_completion(atom)
        if known:
            since = earliest(known)
            status = "not_yet" if since and since > self.as_of else "holds"
            return Condition(atom, status, since, known, clauses=clauses, text=text)
        opt = self.solutions(atom, "o")
        if opt:
            fields = [self.facts.missing[i][0] for i in self._needed(atom)]
            return Condition(atom, "unknown", earliest(opt), opt, fields, clauses, text)
        return Condition(atom, "fails", clauses=clauses, text=text)

    def _first_day(self, atom: Atom, sols: list[dict[str, Any]]) -> int:
        """The earliest day a dated literal's solutions hold from (0 for an undated one)."""
        pred = self.kb.predicates.get(atom.pred)
        last = atom.args[-1] if pred is not None and pred.dated and atom.args else None
        if last is None or not last.is_var:
            return 0
        days = [s[last.value] for s in sols if isinstance(s.get(last.value), int)]
        return min(days) if days else 0

    def _needed(self, atom: Atom) -> list[int]:
        """The missing items an unknown condition needs: those without whose assumption it no longer
        holds, or holds only later; when no single one is needed (either would do), every candidate."""
        key = ("needed", str(atom))
        if key not in self.cache:
            self.cache[key] = self._find_needed(atom)  # type: ignore[assignment]
        return self.cache[key]  # type: ignore[return-value]

    def _find_needed(self, atom: Atom) -> list[int]:
        under = self.kb.base_predicates_under(atom.pred)
        candidates = [i for i, (_, pred) in enumerate(self.facts.missing) if pred in under]
        if len(candidates) < 2:
            return candidates
        positive = Atom(atom.pred, atom.args)
        best = self._first_day(positive, self.solutions(positive, "o"))

        def holds_as_well(sols: list[dict[str, Any]]) -> bool:
            return bool(sols) and self._first_day(positive, sols) <= best

        needed = [i for i in candidates if not holds_as_well(self.solutions(positive, f"o-{i}"))]
        pool = needed if len(needed) > 1 else needed or candidates  # none needed alone: either would do
        if len(pool) < 2:
            return pool
        # an exhaustive detail need not be confirmed when its value never matters: the condition holds
        # with each of its values, the other exhaustive details open and nothing else assumed
        kept = [
            i
            for i in pool
            if not self.facts.exhaustive[i]
            or not all(holds_as_well(self.solutions(positive, f"w-{i}-{j}")) for j in range(len(self.facts.assumed[i])))
        ]
        return kept or pool

    def _every_completion(self, atom: Atom) -> list[dict[str, Any]]:
        """Solutions of a condition that holds whichever value a missing detail takes (see
        `completions`); empty otherwise."""
        worlds = self.completions(atom)
        out: list[dict[str, Any]] = []
        latest = -1
        positive = Atom(atom.pred, atom.args)
        for world, _, _ in worlds:
            sols = self.solutions(positive, world)
            day = self._first_day(positive, sols)
            if day > latest:  # the latest of the completions' first days: true whichever holds
                latest, out = day, sols
        return out

    def completions(self, atom: Atom) -> list[tuple[str, str, tuple[str, tuple]]]:
        """The worlds in which a condition that the known world does not settle holds by cases: the one
        missing item it needs has an exhaustive set of values and it holds with each (e.g. rank 2 in a
        一类 competition of unknown team size: 前5名, 前3名 and 前2名 all admit it).  Each world as
        (world name for `solutions`, the field, the row it adds); empty when it does not hold so.
        """
        positive = Atom(atom.pred, atom.args)
        if atom.negated or self.solutions(positive, "k") or not self.solutions(positive, "o"):
            return []
        needed = self._needed(atom)
        if len(needed) != 1 or not self.facts.exhaustive[needed[0]]:
            return []
        item = needed[0]
        worlds = [(f"c-{item}-{j}", self.facts.missing[item][0], row) for j, row in enumerate(self.facts.assumed[item])]
        return worlds if all(self.solutions(positive, w) for w, _, _ in worlds) else []

    def supporting_rules(self, atom: Atom, world: str = "k", depth: int = 0) -> list[Rule]:
        """The rules through which a holding derived literal is derived (first derivation, recursively).

        Examples
        --------
        >>> from tongguan.profile import parse_profile
        >>> p = parse_profile({"awards": [{"kind": "中华技能大奖", "year": 2020}]})
        >>> with Engine().session(p) as s:
        ...     [r.id for r in s.supporting_rules(Atom("exceptional_tier", (Term("正高级"),)))]
        ['exceptional-senior-china-skill-award']
        """
        out: list[Rule] = []
        if depth > 8:
            return out
        for rule in self.kb.rules_for(atom.pred):
            env = match(rule.head, atom)
            if env is None:
                continue
            sols = self.rule_solutions(rule, env, world)
            if not sols:
                continue
            out.append(rule)
            for b in rule.body:
                if not b.negated and not b.is_comparison and self.kb.predicates[b.pred].kind == "derived":
                    out.extend(self.supporting_rules(ground(b, sols[0]), world, depth + 1))
        return out

    def rule_solutions(self, rule: Rule, env: dict[str, Any], world: str = "k") -> list[dict[str, Any]]:
        """Bindings of all of `rule`'s variables for which its whole body holds, given `env`."""
        key = ("rule", world, rule.id, tuple(sorted(env.items(), key=str)))
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = _canonical(self.inner.rule_solutions(rule, env, world))
        return hit

    def options(self) -> list[Option]:
        """Every option of the KB for this person, the best alternative first in each."""
        opts = []
        for rule in self.kb.option_rules:
            _, conds = self.plan.split(rule)
            opts += [self.option(rule, env, conds) for env in self.comp.groundings(rule)]
        return best_options(opts, self.exemptions())

    def option(self, rule: Rule, env: dict[str, Any], conds: list[Atom]) -> Option:
        track, level, route = (env.get(a.value, a.value) if a.is_var else a.value for a in rule.head.args)
        results = [self.condition(ground(c, env), rule) for c in conds]
        failing = [c for c in results if c.status == "fails"]
        unknown = [c for c in results if c.status == "unknown"]
        dates = [c.since for c in results if c.since]
        latest = max(dates) if dates else None
        if failing:
            status = "ineligible"
        elif unknown:
            status = "conditional"
        elif latest and latest > self.as_of:
            status = "not_yet"
        else:
            status = "eligible"
        opt = Option(
            track=track,
            level=level,
            route=route,
            status=status,
            rule=rule,
            earliest=latest if latest and latest > self.as_of and status != "ineligible" else None,
            conditions=results,
        )
        if status != "ineligible":
            worth = self.plan.evidence_preds(rule)
            for c in results:
                if c.status in ("holds", "not_yet") and c.literal.pred in worth:
                    opt.evidence.extend(self.supporting_rules(at_since(self.kb, c)))
        opt.missing = [{"condition": str(c.literal), "text": c.text, "clauses": list(c.clauses)} for c in failing]
        opt.to_confirm = sorted({f for c in unknown for f in c.to_confirm}, key=field_order)
        opt.to_review = self.review_items(rule)
        for r in dict.fromkeys(opt.evidence):  # items judged only when the derivation went through them
            for item in r.review:
                entry = {"clause": item.clause, "text": item.text or self.kb.clause_text(item.clause)}
                if item.when_used and entry not in opt.to_review:
                    opt.to_review.append(entry)
        if status == "not_yet":
            opt.notes = self.lower_level_notes(results)
        for name, var in rule.show:
            for c in results:
                if c.solutions and var in c.solutions[0]:
                    setattr(opt, name, c.solutions[0][var])
        opt.order, attr, value, opt.held, elsewhere = held_at(self.kb, self.profile, track, level)
        setattr(opt, attr, value)
        opt.held_elsewhere = list(elsewhere)
        return opt

    def lower_level_notes(self, results: list[Condition]) -> list[str]:
        """For a not-yet option: years counted from a level the profile does not list, through a higher
        one held, might count from an earlier date (I-lower-level-date)."""
        notes = []
        for c in results:
            pred = self.kb.predicates.get(c.literal.pred)
            if c.status != "not_yet" or pred is None or not pred.counts_from or c.literal.args[0].is_var:
                continue
            ladder, level = pred.counts_from, c.literal.args[0].value
            held = (
                [s.level for s in self.profile.skills]
                if ladder == "skill"
                else [t.level for t in self.profile.titles if t.kind == "title"]
            )
            if level not in held and any(self.kb.rank(ladder, h) > self.kb.rank(ladder, level) for h in held):
                notes.append(
                    f"年限按所持更高等级的取得时间起算；如取得{level}的时间更早，请补充其取得时间，可申报时间可能提前"
                    "（I-lower-level-date）。"
                )
        return notes

    def review_items(self, rule: Rule) -> list[dict[str, str]]:
        """Committee-judged conditions of the rule and of the definitions it uses."""
        return [{"clause": c, "text": t} for c, t in self.plan.review(rule)]

    def exemptions(self) -> list[dict[str, Any]]:
        out = []
        for rule in self.kb.rules_for("exemption"):
            results = [self.condition(b, rule) for b in rule.body]
            if all(c.status == "holds" for c in results):
                status = "applies"
            elif any(c.status == "fails" for c in results):
                continue
            else:
                status = "conditional"
            track, what = (a.value for a in rule.head.args)
            out.append({"track": track, "what": what, "status": status, "clauses": list(rule.clauses)})
        return out


def evaluate(profile: Profile, kb: KB | None = None, backend: str | Backend | None = None) -> Answer:
    """All options for one profile (see `Engine.evaluate`)."""
    return Engine(kb, backend).evaluate(profile)


def held_at(kb: KB, profile: Profile, track: str, level: str) -> tuple[int, str, Any, bool, tuple[str, ...]]:
    """The end of an option for one level: its ladder order, the attribute it sets (``series``,
    ``occupation`` or ``exam``) and that value, whether the person holds the level here, and where
    else they hold it (another series or occupation).  Every back end's options end here.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> p = parse_profile({"series": "工程", "titles": [{"level": "中级", "series": "经济"}]})
    >>> held_at(load_kb(), p, "title", "中级")
    (2, 'series', '工程', False, ('经济系列中级',))
    """
    rank = kb.rank
    if track == "title":
        series = profile.series
        mine = rank("title", level)
        at_level = [t for t in profile.titles if t.kind == "title" and rank("title", t.level) >= mine]
        here = [t for t in at_level if not t.series or not series or t.series == series]
        return mine, "series", series, bool(here), tuple(f"{t.series}系列{t.level}" for t in at_level if t not in here)
    if track == "skill":
        occupation = profile.occupation or next((s.occupation for s in profile.skills if s.occupation), None)
        mine = rank("skill", level)
        at_level = [x for x in profile.skills if rank("skill", x.level) >= mine]
        here = [x for x in at_level if not x.occupation or not occupation or x.occupation == occupation]
        return mine, "occupation", occupation, bool(here), tuple(f"{x.occupation}{x.level}" for x in at_level if x not in here)
    return 0, "exam", level, False, ()


def evaluate_many(
    profiles: Iterable[Profile], kb: KB | None = None, backend: str | Backend | None = None
) -> Iterator[Answer]:
    """Answers for many profiles, one at a time (a generator: a roster of any size streams).

    Each evaluation asserts its person's facts and retracts them after, so the cost per person stays
    flat (1,000 vs 100 people: 1.0×, `benchmarks/ask_throughput.py`).  Pausing the garbage collector
    does not pay here: the loop gains ~5% and the collection afterwards costs more than that.

    Examples
    --------
    >>> from tongguan.profile import parse_profile
    >>> ps = [parse_profile({"skills": [{"level": lv, "obtained": "2015-01-01"}]}) for lv in ("高级工", "技师")]
    >>> [a.get("title", "助理级", "normal").status for a in evaluate_many(ps)]
    ['conditional', 'conditional']
    """
    yield from Engine(kb, backend).evaluate_many(profiles)
