"""Evaluation: the KB rules compiled to pyDatalog, one person at a time, in two worlds.

How a status comes about (the contract in the README):

* The profile becomes facts twice: the *known* world holds only what the profile says; the
  *optimistic* world adds, for every field not given, every value it could take.  A condition that
  holds in the known world holds; one that holds only in the optimistic world is *unknown* (its
  missing fields go to ``to_confirm``); one that holds in neither *fails*.
* Time-dependent predicates (``dated`` in kb/predicates.yaml) end with the date from which they hold:
  an option whose conditions all hold, some only later, is ``not_yet`` with ``earliest`` the latest
  of those dates.
* Option rules (``option(Track, Level, Route) <= ...``) are grounded over their vocabulary literals,
  and each remaining body literal is asked as a condition.  Several rules for one option are
  alternatives; the best one is the answer.

Facts and rules reach pyDatalog only through its engine API (``pyEngine.Clause``/``Literal``/
``Const``/``Var``), never through ``load``/``ask`` text, so no user input is ever executed.  Each
thread has its own pyDatalog logic, and each evaluation its own person constants, retracted after use.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pyDatalog import pyEngine
from pyDatalog.Logic import Logic

from .kb import KB, Atom, Rule, Term, load_kb
from .profile import Profile

__all__ = [
    "BUILTINS",
    "STATUSES",
    "Answer",
    "Condition",
    "Engine",
    "Option",
    "Session",
    "answer_notes",
    "evaluate",
    "evaluate_many",
    "split_body",
]

STATUSES = ("eligible", "conditional", "not_yet", "ineligible")
_STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
UNKNOWN = "?"  # a date or value the profile does not give
LONG_AGO = 1  # ordinal day used for "any date" in the optimistic world
_PREFIX = "tg_"
_DOMAIN = "tg__domain_"
_RULE = "tg__rule_"


# ---------------------------------------------------------------------------------------------
# calendar builtins (pure functions of their bound arguments)


def anniversary(start: dt.date, years: int) -> dt.date:
    """The `years`-th anniversary of `start` (29 February → 28 February).

    Examples
    --------
    >>> anniversary(dt.date(2020, 2, 29), 1)
    datetime.date(2021, 2, 28)
    >>> anniversary(dt.date(2020, 1, 1), 4)
    datetime.date(2024, 1, 1)
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def _ints(*terms: Any) -> list[int] | None:
    vals = []
    for t in terms:
        if not t.is_const() or not isinstance(t.id, int):
            return None
        vals.append(t.id)
    return vals


def _anniversary_resolver(start, years, date) -> Iterator[tuple]:
    vals = _ints(start, years)
    if vals is None:
        return
    s, n = vals
    if s == LONG_AGO:
        yield (s, n, LONG_AGO)
        return
    yield (s, n, anniversary(dt.date.fromordinal(s), n).toordinal())


def _later_of_resolver(a, b, later) -> Iterator[tuple]:
    vals = _ints(a, b)
    if vals is not None:
        yield (vals[0], vals[1], max(vals))


WINDOW_YEARS_AHEAD = 3  # a failing year has left every 近3年 window after this many years


def assessment_windows(as_of: dt.date) -> list[tuple[int, int, int, dt.date]]:
    """The 近3年 windows of an evaluation held in as_of's year or one of the next three: the three
    calendar years before the evaluation's year, and the first day of that year (I-recent-years).

    A failing year leaves the window as time passes, so the condition is dated: it holds from the
    first evaluation year whose window passes.  Three years ahead the window holds only years still to
    come, so no failing assessment ever makes an option final.

    Examples
    --------
    >>> assessment_windows(dt.date(2025, 6, 1))[:2]
    [(2024, 2023, 2022, datetime.date(2025, 1, 1)), (2025, 2024, 2023, datetime.date(2026, 1, 1))]
    """
    return [(e - 1, e - 2, e - 3, dt.date(e, 1, 1)) for e in range(as_of.year, as_of.year + WINDOW_YEARS_AHEAD + 1)]


def _assessment_window_resolver(as_of, y1, y2, y3, start) -> Iterator[tuple]:
    vals = _ints(as_of)
    if vals is not None:
        for a, b, c, first in assessment_windows(dt.date.fromordinal(vals[0])):
            yield (vals[0], a, b, c, first.toordinal())


# The builtin predicates of kb/predicates.yaml: name → pyDatalog resolver (also called by the explainer).
BUILTINS = {
    "anniversary": _anniversary_resolver,
    "later_of": _later_of_resolver,
    "assessment_window": _assessment_window_resolver,
}


def _to_date(v: Any) -> dt.date | None:
    return dt.date.fromordinal(v) if isinstance(v, int) and v > LONG_AGO else None


# ---------------------------------------------------------------------------------------------
# results


@dataclass
class Condition:
    """One body literal of an option rule, asked for one person.

    ``status`` is ``holds``, ``not_yet`` (holds from ``since``), ``unknown`` (holds only if the
    fields in ``to_confirm`` turn out favourably) or ``fails``.  ``solutions`` are the variable
    bindings the engine found (known world first, else optimistic world).
    """

    literal: Atom
    status: str
    since: dt.date | None = None
    solutions: list[dict[str, Any]] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    clauses: tuple[str, ...] = ()
    text: str = ""


@dataclass
class Option:
    """One thing the person may apply for, by one route, with its status and reasons."""

    track: str
    level: str
    route: str
    status: str
    rule: Rule
    earliest: dt.date | None = None
    series: str | None = None
    occupation: str | None = None
    exam: str | None = None
    education_equivalent: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    to_review: list[dict[str, str]] = field(default_factory=list)
    exemptions: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[Option] = field(default_factory=list)
    evidence: list[Rule] = field(default_factory=list)
    held: bool = False
    held_elsewhere: list[str] = field(default_factory=list)  # the level, held in another series/occupation
    notes: list[str] = field(default_factory=list)  # what the person should know about this answer
    order: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.track, self.level, self.route)

    @property
    def clauses(self) -> list[str]:
        """The rule's clauses, preceded by the items under them that the derivation went through
        (e.g. A1-6.3.2 when 中华技能大奖 opened a 破格 option citing A1-6)."""
        own = list(self.rule.clauses)
        parents = _open_parents(self.rule)
        items = [c for r in self.evidence for c in r.clauses if c not in own and _under(c, parents)]
        return list(dict.fromkeys(sorted(items, key=lambda c: -c.count(".")) + own))

    def sort_key(self) -> tuple:
        return (_STATUS_RANK[self.status], self.earliest or dt.date.min, len(self.to_confirm), len(self.missing))

    def to_dict(self) -> dict[str, Any]:
        """The option as the JSON contract of `tongguan ask --json` has it."""
        return {
            "track": self.track,
            "level": None if self.track == "exam" else self.level,
            "series": self.series,
            "occupation": self.occupation,
            "exam": self.exam,
            "route": self.route,
            "status": self.status,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "education_equivalent": self.education_equivalent,
            "rule": self.rule.id,
            "clauses": self.clauses,
            "missing": self.missing,
            "to_confirm": self.to_confirm,
            "to_review": self.to_review,
            "exemptions": self.exemptions,
            "held_elsewhere": self.held_elsewhere,
            "notes": self.notes,
            "alternatives": [
                {"rule": a.rule.id, "status": a.status, "earliest": a.earliest.isoformat() if a.earliest else None}
                for a in self.alternatives
            ],
        }


@dataclass
class Answer:
    """Every option the KB knows for one person, at one date."""

    as_of: dt.date
    person: Profile
    options: list[Option]
    notes: list[str] = field(default_factory=list)

    def listed(self, include_ineligible: bool = False) -> list[Option]:
        """Options to show: not the levels already held; ineligible ones only on request."""
        out = [o for o in self.options if not o.held and (include_ineligible or o.status != "ineligible")]
        order = {"title": 0, "skill": 1, "exam": 2}
        return sorted(out, key=lambda o: (o.sort_key()[0], order[o.track], o.order, o.sort_key()[1], o.route))

    def get(self, track: str, level: str, route: str) -> Option | None:
        """The option for (track, level-or-exam, route), if the KB has one."""
        for o in self.options:
            if o.key == (track, level, route):
                return o
        return None

    def to_dict(self, include_ineligible: bool = False) -> dict[str, Any]:
        """The answer as the JSON contract of `tongguan ask --json` has it."""
        person = self.person.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
        return {
            "as_of": self.as_of.isoformat(),
            "person": person,
            "notes": self.notes,
            "options": [o.to_dict() for o in self.listed(include_ineligible)],
        }


# ---------------------------------------------------------------------------------------------
# compilation


def _pname(pred: str) -> str:
    return _PREFIX + pred


class _Compiled:
    """The KB compiled into the current thread's pyDatalog logic."""

    def __init__(self, kb: KB):
        self.kb = kb
        self.logic = Logic()  # a fresh logic for this thread (never a copy: copies share predicates)
        self.rule_vars: dict[str, list[str]] = {}
        self.rule_index: dict[str, str] = {}
        self._evidence: dict[str, set[str]] = {}
        self._review: dict[str, tuple[tuple[str, str], ...]] = {}
        self._split: dict[str, tuple[list[Atom], list[Atom]]] = {}
        for name, fn in BUILTINS.items():
            pred = kb.predicates.get(name)
            if pred is not None:
                pyEngine.Python_resolvers[f"{_pname(name)}/{len(pred.args)}"] = fn
        for pred in kb.predicates.values():
            if pred.kind == "vocab":
                for row in vocab_facts(kb, pred.name):
                    self._assert(pred.name, [pyEngine.Const(v) for v in row])
        for rule in kb.rules:
            self._assert_rule(rule)
        self.groundings = {r.id: self._groundings(r) for r in kb.option_rules}

    # -- literal building ----------------------------------------------------------------------
    def term(self, t: Term, env: dict[str, Any] | None = None) -> Any:
        if t.is_var:
            if env and t.value in env:
                return pyEngine.Const(env[t.value])
            return pyEngine.Var(t.value)
        return pyEngine.Const(t.value)

    def literal(self, atom: Atom, person: Any, env: dict[str, Any] | None = None) -> Any:
        terms = [self.term(a, env) for a in atom.args]
        if atom.is_comparison:
            return pyEngine.Literal(atom.pred, terms)
        pred = self.kb.predicates.get(atom.pred)
        if pred is None:
            raise KeyError(f"undeclared predicate {atom.pred!r}")
        if pred.person:
            terms = [person, *terms]
        return pyEngine.Literal(("~" if atom.negated else "") + _pname(atom.pred), terms)

    def _assert(self, pred: str, terms: list[Any]) -> None:
        pyEngine.assert_(pyEngine.Clause(pyEngine.Literal(_pname(pred), terms), []))

    def _assert_rule(self, rule: Rule) -> None:
        person = pyEngine.Var("P_")
        head = self.literal(rule.head, person)
        body = [self.literal(b, person) for b in rule.body]
        pyEngine.assert_(pyEngine.Clause(head, body))
        # the same body under a predicate of the rule's own, over all its variables: which rule fired
        variables = sorted(set().union(rule.head.variables(), *(b.variables() for b in rule.body)))
        self.rule_vars[rule.id] = variables
        self.rule_index[rule.id] = str(len(self.rule_index))
        own = pyEngine.Literal(_RULE + self.rule_index[rule.id], [person, *map(pyEngine.Var, variables)])
        pyEngine.assert_(pyEngine.Clause(own, body))

    def review(self, rule: Rule) -> tuple[tuple[str, str], ...]:
        """`review_items` of a rule, computed once."""
        if rule.id not in self._review:
            self._review[rule.id] = review_items(self.kb, rule)
        return self._review[rule.id]

    def evidence_preds(self, rule: Rule) -> set[str]:
        """Body predicates of `rule` whose definitions cite items under its open clauses: the only
        ones worth walking for the evidence of `Option.clauses`."""
        if rule.id not in self._evidence:
            parents = _open_parents(rule)
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
                    _under(c, parents) for p in closure for r in self.kb.rules_for(p) for c in r.clauses
                ):
                    worth.add(b.pred)
            self._evidence[rule.id] = worth
        return self._evidence[rule.id]

    # -- option grounding ----------------------------------------------------------------------
    def split(self, rule: Rule) -> tuple[list[Atom], list[Atom]]:
        """`split_body` of an option rule, computed once."""
        if rule.id not in self._split:
            self._split[rule.id] = split_body(self.kb, rule)
        return self._split[rule.id]

    def _groundings(self, rule: Rule) -> list[dict[str, Any]]:
        domain, _ = self.split(rule)
        hv = sorted(rule.head.variables())
        if not hv:
            return [{}]
        name = _DOMAIN + rule.id.replace("-", "_")
        head = pyEngine.Literal(name, [pyEngine.Var(v) for v in hv])
        pyEngine.assert_(pyEngine.Clause(head, [self.literal(b, None) for b in domain]))
        rows = pyEngine.Literal(name, [pyEngine.Var(v) for v in hv]).ask() or []
        return [dict(zip(hv, row, strict=True)) for row in sorted(rows, key=str)]


def split_body(kb: KB, rule: Rule) -> tuple[list[Atom], list[Atom]]:
    """Body literals of an option rule: (domain literals, condition literals).

    Domain literals (vocabulary and comparisons over the head's variables only) ground the head; the
    rest are asked one by one as conditions, so a variable two conditions share must be in the head.

    Examples
    --------
    >>> kb = load_kb()
    >>> domain, conds = split_body(kb, kb.rule("title-exceptional"))
    >>> [str(d) for d in domain]
    ['title_rank(L, R)', 'title_rank(中级, RM)', 'R >= RM']
    """
    kinds = {b: ("cmp" if b.is_comparison else kb.predicates[b.pred].kind) for b in rule.body}
    cond = [b for b in rule.body if kinds[b] not in ("vocab", "cmp")]
    person_vars = set().union(*(b.variables() for b in cond)) if cond else set()
    changed = True
    while changed:
        changed = False
        for b in rule.body:
            if b not in cond and b.variables() & (person_vars - rule.head.variables()):
                cond.append(b)
                person_vars |= b.variables()
                changed = True
    domain = [b for b in rule.body if b not in cond]
    return domain, [b for b in rule.body if b in cond]


def vocab_facts(kb: KB, pred_name: str) -> list[tuple]:
    """Rows of a vocab predicate, made from the part of vocabulary.yaml its `from` names.

    Examples
    --------
    >>> ('高级工', '技师') in vocab_facts(load_kb(), "next_skill")
    True
    """
    pred = kb.predicates[pred_name]
    data: Any = kb.vocabulary
    for part in (pred.source or "").split("."):
        data = data[part]
    if isinstance(data, dict) and "levels" in data:
        data = data["levels"]
    if isinstance(data, dict):
        return [(k, v) for k, v in data.items()]
    items = list(data)
    if len(pred.args) == 1:
        return [(x,) for x in items]
    if pred.args[-1] == "Rank":
        return [(x, i + 1) for i, x in enumerate(items)]
    if tuple(pred.args) == ("Lower", "Higher"):
        return list(itertools.pairwise(items))
    raise ValueError(f"cannot make facts for {pred_name} from {pred.source}")


_local = threading.local()


def _compiled(kb: KB) -> _Compiled:
    cur = getattr(_local, "compiled", None)
    if cur is None or cur.kb is not kb:  # one KB per thread at a time: another one recompiles
        cur = _local.compiled = _Compiled(kb)
        _local.counter = itertools.count(1)
    return cur


# ---------------------------------------------------------------------------------------------
# profile → facts


@dataclass
class _Facts:
    known: list[tuple[str, tuple]] = field(default_factory=list)
    optimistic: list[tuple[str, tuple]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (field path, base predicate)
    assumed: list[list[tuple[str, tuple]]] = field(default_factory=list)  # rows assumed, per missing item
    exhaustive: list[bool] = field(default_factory=list)  # the rows are every value the field can take

    def add(self, pred: str, *args: Any) -> None:
        self.known.append((pred, args))

    def assume(self, field_path: str, pred: str, rows: Iterable[tuple], exhaustive: bool = False) -> None:
        """Record a field the profile does not give and the rows the optimistic world assumes for it.

        ``exhaustive``: the field certainly has one of these values (a competition is 一类 or 二类; a
        placing has some team size), so a condition that holds whichever row is true holds.
        """
        rows = [(pred, r) for r in rows]
        self.missing.append((field_path, pred))
        self.assumed.append(rows)
        self.exhaustive.append(exhaustive)
        self.optimistic.extend(rows)

    def optimistic_without(self, index: int) -> list[tuple[str, tuple]]:
        """The optimistic world's facts less what missing item `index` assumed."""
        return self.known + [row for i, rows in enumerate(self.assumed) if i != index for row in rows]


def profile_facts(kb: KB, p: Profile) -> _Facts:
    """The facts a profile gives, and what the optimistic world assumes for each field not given."""
    f = _Facts()
    voc = kb.vocabulary

    def ordinal(d: dt.date | None) -> Any:
        return d.toordinal() if d else UNKNOWN

    f.add("as_of", p.as_of.toordinal())
    for i, s in enumerate(p.skills):
        f.add("skill", s.level, s.occupation or "", ordinal(s.obtained))
        if s.obtained is None:
            f.assume(f"skills[{i}].obtained", "skill", [(s.level, s.occupation or "", LONG_AGO)])
    for i, t in enumerate(p.titles):
        f.add("title", t.level, t.series or "", t.kind, ordinal(t.obtained))
        if t.obtained is None:
            f.assume(f"titles[{i}].obtained", "title", [(t.level, t.series or "", t.kind, LONG_AGO)])
    if p.technical_work_since:
        f.add("technical_work_since", p.technical_work_since.toordinal())
    else:
        f.assume("technical_work_since", "technical_work_since", [(LONG_AGO,)])
    for year, grade in p.assessments.items():
        f.add("assessment", year, grade)
    default_pass = voc["assessment_grades"]["passing"][0]
    windows = assessment_windows(p.as_of)
    for year in range(min(w[2] for w in windows), max(w[0] for w in windows) + 1):
        if year not in p.assessments:  # past years not given, and the years still to come
            f.assume(f"assessments.{year}", "assessment", [(year, default_pass)])
    for flag in ("law_abiding", "good_conduct", "frontline", "foreign_language", "computer_skills", "relevant_diploma"):
        value = getattr(p, flag)
        if value:
            f.add(flag)
        elif value is None:
            f.assume(flag, flag, [()])
    if p.series:
        f.add("series", p.series)
    else:
        f.assume("series", "series", [(s,) for s in voc["series"]["opened"]])
    if p.technical_school_class:
        f.add("school_class", p.technical_school_class)
    for i, a in enumerate(p.awards):
        aid = f"award{i}"
        fields = voc["awards"][a.kind].get("fields") or ()
        f.add("award", aid, a.kind, a.year if a.year is not None else UNKNOWN)
        if a.medal:
            f.add("award_medal", aid, a.medal)
        elif "medal" in fields:
            f.assume(f"awards[{i}].medal", "award_medal", [(aid, m) for m in voc["medals"]])
        if a.class_:
            f.add("award_class", aid, a.class_)
        elif "class" in fields:
            classes = [(aid, c) for c in voc["competition_classes"]]
            f.assume(f"awards[{i}].class", "award_class", classes, exhaustive=True)
        sizes = [a.team_size] if a.team_size is not None or "team_size" not in fields else team_sizes(kb)
        if a.rank is not None and len(sizes) == 1:
            f.add("award_placing", aid, a.rank, sizes[0] or 1)
        elif a.rank is not None:  # a placing in an event of unknown size: every size the plan tells apart
            rows = [(aid, a.rank, n) for n in sizes]
            f.assume(f"awards[{i}].team_size", "award_placing", rows, exhaustive=True)
        elif "rank" in fields:
            f.assume(f"awards[{i}].rank", "award_placing", [(aid, 1, n or 1) for n in sizes])
    return f


def team_sizes(kb: KB) -> list[int]:
    """The team sizes the plan tells apart (A1-6.2.3: 个人, 双人, 三人赛项), from the vocabulary.

    Examples
    --------
    >>> team_sizes(load_kb())
    [1, 2, 3]
    """
    return [int(n) for n in kb.vocabulary["competition_team_sizes"]["sizes"]]


# ---------------------------------------------------------------------------------------------
# evaluation


class Engine:
    """Evaluates profiles against a KB.

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
    """

    def __init__(self, kb: KB | None = None):
        self.kb = kb or load_kb()

    def evaluate(self, profile: Profile) -> Answer:
        """All options for one (validated) profile at its ``as_of``."""
        with self.session(profile) as run:
            options = run.options()
        return Answer(as_of=profile.as_of, person=profile, options=options, notes=answer_notes(self.kb, profile))

    @contextmanager
    def session(self, profile: Profile) -> Iterator[Session]:
        """The profile's facts asserted for the duration of the block, and a `Session` to ask them.

        The explainer uses this to ask the body literals of the rules behind a condition.
        """
        comp = _compiled(self.kb)
        pid = f"p{next(_local.counter)}"
        facts = profile_facts(self.kb, profile)
        with _asserted(comp, pid, facts) as asserted:
            yield Session(comp, pid, facts, profile, asserted)


def _assert_world(person: str, rows: Iterable[tuple[str, tuple]], into: list[Any]) -> None:
    for pred, args in rows:
        c = pyEngine.Clause(pyEngine.Literal(_pname(pred), [pyEngine.Const(person), *map(pyEngine.Const, args)]), [])
        pyEngine.assert_(c)
        into.append(c)


@contextmanager
def _asserted(comp: _Compiled, pid: str, facts: _Facts) -> Iterator[list[Any]]:
    """Assert the known (``pid``) and optimistic (``pid?``) worlds; retract all on exit, including
    worlds a `Session` adds to the yielded list."""
    clauses: list[Any] = []
    try:
        _assert_world(pid, facts.known, clauses)
        _assert_world(pid + "?", facts.known + facts.optimistic, clauses)
        yield clauses
    finally:
        for c in clauses:
            pyEngine.retract(c)


class Session:
    """One person's facts in the engine: asks literals (cached) and builds the options.

    Obtain one from `Engine.session`; it is valid only inside that ``with`` block.
    """

    def __init__(self, comp: _Compiled, pid: str, facts: _Facts, profile: Profile, asserted: list[Any]):
        self.comp, self.kb, self.pid, self.facts, self.profile = comp, comp.kb, pid, facts, profile
        self.as_of = profile.as_of
        self.cache: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._asserted = asserted  # clauses to retract when the session ends (worlds added on demand too)
        self._worlds: set[str] = set()

    def _person(self, world: str) -> str:
        """The person constant of a world: ``k`` known, ``o`` optimistic, ``o-N`` optimistic less
        missing item N, ``c-N-J`` known plus only row J of missing item N, ``w-N-J`` the same plus the
        other exhaustive items' rows (asserted on first use, retracted with the session)."""
        if world == "k":
            return self.pid
        if world == "o":
            return self.pid + "?"
        person = f"{self.pid}?{world}"
        if world not in self._worlds:
            self._worlds.add(world)
            if world[0] in "cw":
                item, row = (int(x) for x in world[2:].split("-"))
                rest = list(self.facts.known)
                if world[0] == "w":
                    rest += [
                        r
                        for i, rows in enumerate(self.facts.assumed)
                        if i != item and self.facts.exhaustive[i]
                        for r in rows
                    ]
                rows = [*rest, self.facts.assumed[item][row]]
            else:
                rows = self.facts.optimistic_without(int(world[2:]))
            _assert_world(person, rows, self._asserted)
        return person

    def solutions(self, atom: Atom, world: str) -> list[dict[str, Any]]:
        """Bindings of `atom`'s variables for which it holds, in world ``k`` or ``o`` (or ``o-N``)."""
        key = (world, str(atom))
        if key not in self.cache:
            person = pyEngine.Const(self._person(world))
            positive = Atom(atom.pred, atom.args)
            lit = self.comp.literal(positive, person)
            rows = lit.ask() or []
            if rows is True:
                rows = [()]
            pred = self.kb.predicates.get(atom.pred)
            offset = 1 if pred is not None and pred.person else 0
            sols = []
            for row in rows:
                env = {}
                for t, v in zip(atom.args, row[offset:], strict=False):
                    if t.is_var:
                        env[t.value] = v
                sols.append(env)
            self.cache[key] = sols
        return self.cache[key]

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
            return Condition(atom, "unknown", clauses=clauses, text=text, to_confirm=self._fields(atom))
        since_var = atom.args[-1].value if dated and atom.args[-1].is_var else None

        def earliest(sols: list[dict[str, Any]]) -> dt.date | None:
            if not since_var:
                return None
            days = [s[since_var] for s in sols if isinstance(s.get(since_var), int)]
            return _to_date(min(days)) if days else None

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
            env = _unify(rule.head, atom)
            if env is None:
                continue
            sols = self.rule_solutions(rule, env, world)
            if not sols:
                continue
            out.append(rule)
            for b in rule.body:
                if not b.negated and not b.is_comparison and self.kb.predicates[b.pred].kind == "derived":
                    out.extend(self.supporting_rules(_ground(b, sols[0]), world, depth + 1))
        return out

    def rule_solutions(self, rule: Rule, env: dict[str, Any], world: str = "k") -> list[dict[str, Any]]:
        """Bindings of all of `rule`'s variables for which its whole body holds, given `env`."""
        variables = self.comp.rule_vars[rule.id]
        atom = Atom(
            _RULE + self.comp.rule_index[rule.id], tuple(Term(env[v]) if v in env else Term(v, True) for v in variables)
        )
        key = (world, str(atom))
        if key not in self.cache:
            person = pyEngine.Const(self._person(world))
            terms = [person, *(self.comp.term(t) for t in atom.args)]
            rows = pyEngine.Literal(atom.pred, terms).ask() or []
            self.cache[key] = [dict(zip(variables, row[1:], strict=True)) for row in rows]
        return self.cache[key]

    def options(self) -> list[Option]:
        """Every option of the KB for this person, the best alternative first in each."""
        by_key: dict[tuple, list[Option]] = {}
        for rule in self.kb.option_rules:
            _, conds = self.comp.split(rule)
            for env in self.comp.groundings[rule.id]:
                opt = self.option(rule, env, conds)
                by_key.setdefault(opt.key, []).append(opt)
        exemptions = self.exemptions()
        out = []
        for alts in by_key.values():
            alts.sort(key=Option.sort_key)
            best = alts[0]
            best.alternatives = alts[1:]
            best.exemptions = [e for e in exemptions if e["track"] == best.track] if best.status != "ineligible" else []
            out.append(best)
        return out

    def option(self, rule: Rule, env: dict[str, Any], conds: list[Atom]) -> Option:
        track, level, route = (env.get(a.value, a.value) if a.is_var else a.value for a in rule.head.args)
        results = [self.condition(_ground(c, env), rule) for c in conds]
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
            worth = self.comp.evidence_preds(rule)
            for c in results:
                if c.status in ("holds", "not_yet") and c.literal.pred in worth:
                    opt.evidence.extend(self.supporting_rules(_at_since(self.kb, c)))
        opt.missing = [{"condition": str(c.literal), "text": c.text, "clauses": list(c.clauses)} for c in failing]
        opt.to_confirm = sorted({f for c in unknown for f in c.to_confirm}, key=_field_order)
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
        ladder = {"title": "title", "skill": "skill"}.get(track)
        opt.order = self.kb.rank(ladder, level) if ladder else 0
        if track == "title":
            opt.series = self.profile.series
            at_level = [
                t
                for t in self.profile.titles
                if t.kind == "title" and self.kb.rank("title", t.level) >= self.kb.rank("title", level)
            ]
            here = [t for t in at_level if not t.series or not opt.series or t.series == opt.series]
            opt.held = bool(here)
            opt.held_elsewhere = [f"{t.series}系列{t.level}" for t in at_level if t not in here]
        elif track == "skill":
            opt.occupation = self.profile.occupation or next(
                (s.occupation for s in self.profile.skills if s.occupation), None
            )
            at_level = [
                s for s in self.profile.skills if self.kb.rank("skill", s.level) >= self.kb.rank("skill", level)
            ]
            here = [s for s in at_level if not s.occupation or not opt.occupation or s.occupation == opt.occupation]
            opt.held = bool(here)
            opt.held_elsewhere = [f"{s.occupation}{s.level}" for s in at_level if s not in here]
        else:
            opt.exam = level
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
        return [{"clause": c, "text": t} for c, t in self.comp.review(rule)]

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


def condition_clauses(kb: KB, atom: Atom, rule: Rule) -> tuple[str, ...]:
    """The clauses a condition of `rule` comes from: those of the rules defining its predicate that
    `rule` also cites (e.g. A1-5.3.4 for the 4 years of the 副高级 rule), else all of them.

    Examples
    --------
    >>> kb = load_kb()
    >>> rule = kb.rule("title-deputy-senior-normal")
    >>> condition_clauses(kb, rule.body[-1], rule)
    ('A1-5.3.4',)
    """
    defined = [c for r in kb.rules_for(atom.pred) for c in r.clauses]
    if not defined:
        return rule.clauses
    shared = tuple(c for c in rule.clauses if c in defined)
    return shared or tuple(dict.fromkeys(defined))


def _open_parents(rule: Rule) -> list[str]:
    """Clauses of `rule` with no other clause of the rule under them: the ones whose items a
    derivation may name (A1-6 in the 破格 rule; not A1-5 beside A1-5.1.3)."""
    return [p for p in rule.clauses if not any(c.startswith(p + ".") for c in rule.clauses)]


def _under(clause: str, parents: list[str]) -> bool:
    return any(clause.startswith(p + ".") for p in parents)


def _unify(head: Atom, atom: Atom) -> dict[str, Any] | None:
    """Bindings of `head`'s variables that make it match the (partly) ground `atom`, or None."""
    env: dict[str, Any] = {}
    for h, a in zip(head.args, atom.args, strict=True):
        if a.is_var:
            continue
        if h.is_var:
            if env.setdefault(h.value, a.value) != a.value:
                return None
        elif h.value != a.value:
            return None
    return env


def review_items(kb: KB, rule: Rule) -> tuple[tuple[str, str], ...]:
    """Committee-judged conditions (clause, text) of `rule` and of the definitions it uses.

    Examples
    --------
    >>> review_items(load_kb(), load_kb().rule("title-assistant-normal"))[0][0]
    'A1-5.1.1'
    """
    seen: list[tuple[str, str]] = []
    stack, visited = [rule], set()
    while stack:
        r = stack.pop(0)
        if r.id in visited:
            continue
        visited.add(r.id)
        for item in r.review:
            entry = (item.clause, item.text or kb.clause_text(item.clause))
            if not item.when_used and entry not in seen:
                seen.append(entry)
        for b in r.body:
            stack.extend(kb.rules_for(b.pred))
    return tuple(seen)


def _at_since(kb: KB, c: Condition) -> Atom:
    """A holding condition's literal with its date bound to the day it holds from, so the derivation
    walked is the one that gave that day (e.g. the 近3年 window of the evaluation year)."""
    atom = c.literal
    pred = kb.predicates.get(atom.pred)
    if pred is None or not pred.dated or not atom.args or not atom.args[-1].is_var or not c.solutions:
        return atom
    var = atom.args[-1].value
    days = [s[var] for s in c.solutions if isinstance(s.get(var), int)]
    return _ground(atom, {var: min(days)}) if days else atom


def _ground(atom: Atom, env: dict[str, Any]) -> Atom:
    args = tuple(Term(env[a.value]) if a.is_var and a.value in env else a for a in atom.args)
    return Atom(atom.pred, args, atom.negated)


def _field_order(path: str) -> tuple:
    return (path.split(".")[0].split("[")[0], path)


def condition_text(kb: KB, atom: Atom) -> str:
    """A readable Chinese rendering of a condition, from its predicate's doc template.

    Examples
    --------
    >>> condition_text(load_kb(), Atom("years_after_skill", (Term("高级工"), Term(2), Term("S", True))))
    '取得高级工以上技能等级后从事技术技能工作满2年'
    """
    pred = kb.predicates.get(atom.pred)
    if pred is None or not pred.doc:
        return str(atom)
    values = {name: (str(a.value) if not a.is_var else "…") for name, a in zip(pred.args, atom.args, strict=False)}
    try:
        text = pred.doc.format(**values)
    except (KeyError, IndexError, ValueError):
        text = pred.doc
    return ("不" if atom.negated else "") + text


def answer_notes(kb: KB, p: Profile) -> list[str]:
    """Notes an answer carries about the profile as a whole (e.g. a series outside the eight)."""
    notes = []
    opened = kb.vocabulary["series"]["opened"]
    if p.series and p.series not in opened:
        notes.append(
            f"系列「{p.series}」不在本方案向高技能人才开放的八个职称系列（{'、'.join(opened)}）之内，"
            "不能经本方案申报该系列职称（B-3.1.1）。"
        )
    if not p.series:
        notes.append("未给出申报的职称系列（series）：职称途径以系列属于开放的八个系列为前提。")
    return notes


def evaluate(profile: Profile, kb: KB | None = None) -> Answer:
    """All options for one profile (see `Engine.evaluate`)."""
    return Engine(kb).evaluate(profile)


def evaluate_many(profiles: Iterable[Profile], kb: KB | None = None) -> Iterator[Answer]:
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
    engine = Engine(kb)
    for p in profiles:
        yield engine.evaluate(p)
