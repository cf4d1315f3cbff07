"""Answers of a whole chunk of persons from the columnar plan's condition tables, set at a time.

`Engine.evaluate_many` on the ``duckdb`` back end evaluates a chunk of persons at once
(`tongguan.engine.columnar_backend`).  Rather than reading every table back and asking each person's
`~tongguan.engine.semantics.Session` some sixty questions, the plan also computes, in SQL over every
person (`tongguan.engine.columnar_answers_sql`), what settles each option condition: whether it holds
in the known and the optimistic world and from which day, the missing items it needs, whether it
holds by cases.  Only those two tables are read back (as Arrow columns); a `_FastSession` then builds
each person's options with the semantics' own code (`Session.options`, `Session.exemptions`,
alternatives, notes), its `condition` answered from those columns.

What the answer shows of the rest is computed where it can matter only:

* the evidence walk (`Session.supporting_rules`) changes an option's ``clauses`` and ``to_review``
  only through rules citing items under the option's clauses or judged when used; the plan lists
  the persons for whom one of those rules holds at all (``a_mark``), and for them (and those with a
  known row that such a rule names, `named_bases`: the sentences read their evidence) alone the
  rule tables are read back and the walk is done as the semantics does it;
* the conditions' ``solutions`` and the options' ``evidence`` (which no field of the answer's JSON
  shows) are filled in on first use, from the person evaluated alone (`_Deferred`);
* a person for whom a shown value (``education_equivalent``) comes from a condition holding by cases
  is answered by the per-person semantics.

tests/test_differential.py proves the answers equal to pyDatalog's, field by field.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa

from ..kb import KB, Atom, Rule
from ..profile import Profile
from .builtins import to_date
from .facts import Facts
from .results import Answer, Condition, Option, best_options
from .rules import answer_notes, at_since, condition_clauses, condition_text, field_order
from .semantics import Session, _plan, held_at
from .terms import ground

__all__ = ["answer_many"]


class _Deferred(list):
    """A list filled on first use (from the person evaluated alone); its truth is known before."""

    __slots__ = ("_fill", "_nonempty")

    def __init__(self, fill: Callable[[], list] | None = None, nonempty: bool = False):
        super().__init__()
        self._fill, self._nonempty = fill, nonempty

    def _load(self) -> None:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            list.extend(self, fill())

    def __bool__(self) -> bool:
        return self._nonempty if self._fill is not None else list.__len__(self) > 0

    def __reduce__(self) -> tuple:
        self._load()
        return (list, (list(self),))


def _deferring(name: str) -> Callable:
    method = getattr(list, name)

    def call(self: _Deferred, *args: Any, **kw: Any) -> Any:
        self._load()
        return method(self, *args, **kw)

    call.__name__ = name
    return call


for _name in ("__getitem__", "__iter__", "__len__", "__contains__", "__eq__", "__ne__", "__repr__", "__reversed__",
              "__add__", "__mul__", "__lt__", "__le__", "__gt__", "__ge__", "index", "count", "copy", "append",
              "extend", "insert", "pop", "remove", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__"):
    setattr(_Deferred, _name, _deferring(_name))
_Deferred.__hash__ = None  # type: ignore[assignment]


class _Lazy:
    """A field of `_FastOption` made on first read (then an ordinary attribute): most of a person's
    options are never shown (ineligible, or an alternative), so their lists need not exist."""

    def __init__(self, make: Callable[[Any], Any]):
        self.make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.make(obj)
        return value


class _FastOption(Option):
    """An `Option` whose ``clauses`` were computed with the evidence that can change them, and whose
    lists nobody may read are made when read (`_Lazy`)."""

    _clauses: list[str] | None = None
    to_review = _Lazy(lambda self: list(self._spec.review_dicts))  # type: ignore[assignment]
    exemptions = _Lazy(lambda self: [])  # type: ignore[assignment]
    alternatives = _Lazy(lambda self: [])  # type: ignore[assignment]
    notes = _Lazy(lambda self: [])  # type: ignore[assignment]
    held_elsewhere = _Lazy(lambda self: list(self.__dict__.get("_elsewhere", ())))  # type: ignore[assignment]
    conditions = _Lazy(lambda self: self._session._conditions(self._spec, self._settled))  # type: ignore[assignment]
    evidence = _Lazy(lambda self: list(self._session.alone()["evidence"][self._spec.key]))  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        for f in dataclasses.fields(Option):
            getattr(self, f.name)
        return {k: v for k, v in self.__dict__.items() if k not in ("_spec", "_elsewhere", "_settled", "_session")}

    @property
    def clauses(self) -> list[str]:  # type: ignore[override]
        return Option.clauses.fget(self) if self._clauses is None else list(self._clauses)  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Option):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(Option))

    __hash__ = None  # type: ignore[assignment]


class _Fallback(Exception):
    """This person's answer needs the per-person semantics."""


class _Spec:
    """What one grounded option rule is, whoever asks: its head, its conditions' literals, ids,
    clauses and texts, its committee items (computed once per compiled KB)."""

    def __init__(self, session: Session, rule: Rule, env: dict[str, Any], conds: list[Atom], cid: dict[str, int]):
        kb = session.kb
        self.rule, self.env = rule, env
        self.key = (rule.id, tuple(sorted(env.items(), key=str)))
        self.head = tuple(env.get(a.value, a.value) if a.is_var else a.value for a in rule.head.args)
        self.atoms = [ground(c, env) for c in conds]
        self.cids = [(cid[str(Atom(a.pred, a.args))], a.negated) for a in self.atoms]  # the keys of `settle`
        self.texts = [(condition_clauses(kb, a, rule), condition_text(kb, a)) for a in self.atoms]
        self.literals = [str(a) for a in self.atoms]
        self.review = session.plan.review(rule)
        self.own_clauses = list(dict.fromkeys(rule.clauses))
        self.worth = session.plan.evidence_preds(rule)
        self.show = [(name, [i for i, a in enumerate(self.atoms) if any(t.is_var and t.value == var for t in a.args)])
                     for name, var in rule.show]
        self.counted = any(kb.predicates[a.pred].counts_from for a in self.atoms if a.pred in kb.predicates)
        # what every person's option of this rule shares (the entries are never changed after; each
        # option gets its own lists)
        self.missing = [{"condition": lit, "text": text, "clauses": list(clauses)}
                        for lit, (clauses, text) in zip(self.literals, self.texts, strict=True)]
        self.review_dicts = [{"clause": c, "text": t} for c, t in self.review]
        track, level, route = self.head
        self.template = {"track": track, "level": level, "route": route, "rule": rule, "series": None,
                         "occupation": None, "exam": None, "education_equivalent": None}


class _FastSession(Session):
    """A person's options built as the semantics builds them, each condition settled from the SQL
    columns (`Session.condition` for one literal, `Session.option` for one grounded rule)."""

    def __init__(self, comp: Any, facts: Facts, profile: Profile, state: dict[int, list], inner: Any,
                 alone: Callable[[], dict], held_cache: dict | None = None):
        super().__init__(comp, _plan(comp.kb), inner, facts, profile)
        self.state, self.alone = state, alone
        self.info = comp.answers_info
        self.settled: dict[tuple[int, bool], tuple] = {}
        # `held_at` reads of the profile only these: persons alike in them share its results (the
        # cache is the chunk's)
        self.held_cache = held_cache if held_cache is not None else {}
        self.holdings = (
            profile.series,
            profile.occupation,
            tuple((t.kind, t.level, t.series) for t in profile.titles),
            tuple((x.level, x.occupation) for x in profile.skills),
        )

    def specs(self) -> list[_Spec]:
        info = self.info
        if not hasattr(info, "specs"):
            info.specs = [
                _Spec(self, rule, env, self.plan.split(rule)[1], info.cid)
                for rule in self.kb.option_rules
                for env in self.comp.groundings(rule)
            ]
            info.confirm_order = {}
        return info.specs

    def settle(self, c: int, negated: bool) -> tuple:
        """`Session.condition` from the columns: (status, since, to_confirm, shown value, whether it
        has solutions)."""
        hit = self.settled.get((c, negated))
        if hit is not None:
            return hit
        k, kday, o, oday, ksv, osv, needed, complete, cmax = self.state.get(c) or _NONE
        if negated:
            if k:
                out = ("fails", None, (), ksv, True)
            elif not o:
                out = ("holds", None, (), None, False)
            else:
                out = ("unknown", None, tuple(self.facts.missing[i][0] for i in needed), None, False)
        elif k or complete:
            day = kday if k else cmax
            since = to_date(day) if day is not None else None
            out = ("not_yet" if since and since > self.as_of else "holds", since, (), ksv if k else _BY_CASES, True)
        elif o:
            since = to_date(oday) if oday is not None else None
            out = ("unknown", since, tuple(self.facts.missing[i][0] for i in needed), osv, True)
        else:
            out = ("fails", None, (), None, False)
        self.settled[(c, negated)] = out
        return out

    def condition(self, atom: Atom, rule: Rule) -> Condition:
        c = self.info.cid[str(Atom(atom.pred, atom.args))]
        status, since, fields, _, sols = self.settle(c, atom.negated)
        key = (rule.id, str(atom))
        return Condition(atom, status, since, _Deferred(lambda: self.alone()["conditions"][key], sols), list(fields),
                         condition_clauses(self.kb, atom, rule), condition_text(self.kb, atom))

    def _conditions(self, spec: _Spec, settled: list[tuple]) -> list[Condition]:
        out = []
        for atom, lit, (clauses, text), (status, since, fields, _, sols) in zip(
            spec.atoms, spec.literals, spec.texts, settled, strict=True
        ):
            key = (spec.rule.id, lit)
            fill = self._fill(key)
            out.append(Condition(atom, status, since, _Deferred(fill, sols), list(fields), clauses, text))
        return out

    def _fill(self, key: tuple) -> Callable[[], list]:
        return lambda: self.alone()["conditions"][key]

    def options(self) -> list[Option]:
        return best_options([self.fast_option(spec) for spec in self.specs()], self.exemptions())

    def fast_option(self, spec: _Spec) -> Option:
        """`Session.option` for one grounded rule, from the settled conditions; the evidence walked
        only where it can change the answer (see the module), the shown values from the columns.

        The option is made from the rule's template (`_Spec.template`: what every person's option of
        the rule shares), not through the dataclass's constructor: 29 options a person, each of 20
        fields, made a person's answers cost more than the SQL that settled them."""
        get, settle = self.settled.get, self.settle
        settled = [get(k) or settle(*k) for k in spec.cids]
        as_of = self.as_of
        latest = None
        unknown = False
        missing = []
        for x, m in zip(settled, spec.missing, strict=True):
            st, day = x[0], x[1]
            if st == "fails":
                missing.append(m)
            elif st == "unknown":
                unknown = True
            if day and (latest is None or day > latest):
                latest = day
        failing = bool(missing)
        if failing:
            status = "ineligible"
        elif unknown:
            status = "conditional"
        elif latest and latest > as_of:
            status = "not_yet"
        else:
            status = "eligible"
        track, level, _ = spec.head
        opt = _FastOption.__new__(_FastOption)
        d = opt.__dict__
        d.update(spec.template)
        d["status"] = status
        d["earliest"] = latest if latest and latest > as_of and not failing else None
        d["missing"] = missing
        if unknown:
            fields = tuple(f for x in settled if x[0] == "unknown" for f in x[2])
            order = self.info.confirm_order
            hit = order.get(fields)
            if hit is None:
                hit = order[fields] = tuple(sorted(set(fields), key=field_order))
            d["to_confirm"] = list(hit)
        else:
            d["to_confirm"] = []
        d["_spec"], d["_settled"], d["_session"] = spec, settled, self
        if self.inner is not None:  # a person for whom a marked rule holds: the walk, as the semantics
            evidence = d["evidence"] = []
            if not failing:
                for c in opt.conditions:
                    if c.status in ("holds", "not_yet") and c.literal.pred in spec.worth:
                        evidence.extend(self.supporting_rules(at_since(self.kb, _dated(self.kb, c))))
            if evidence:
                review = d["to_review"] = list(spec.review_dicts)
                for r in dict.fromkeys(evidence):
                    for item in r.review:
                        entry = {"clause": item.clause, "text": item.text or self.kb.clause_text(item.clause)}
                        if item.when_used and entry not in review:
                            review.append(entry)
        else:  # none of the rules that could show in the answer is in it
            d["_clauses"] = spec.own_clauses  # (``evidence``: the person evaluated alone, when read)
        if status == "not_yet" and spec.counted:
            d["notes"] = self.lower_level_notes(list(opt.conditions))
        for name, idx in spec.show:
            for i in idx:
                if settled[i][4]:
                    value = settled[i][3]
                    if value is _BY_CASES:
                        raise _Fallback
                    d[name] = value
        key = (self.holdings, track, level)
        held = self.held_cache.get(key)
        if held is None:
            held = self.held_cache[key] = held_at(self.kb, self.profile, track, level)
        order, attr, value, is_held, elsewhere = held
        d["order"], d[attr], d["held"] = order, value, is_held
        if elsewhere:
            d["_elsewhere"] = elsewhere
        return opt

_NONE = (0, None, 0, None, None, None, (), 0, None)
_BY_CASES = object()


def _dated(kb: KB, c: Condition) -> Condition:
    """The condition with one solution carrying its first day: all `at_since` reads of it."""
    pred = kb.predicates.get(c.literal.pred)
    last = c.literal.args[-1] if pred is not None and pred.dated and c.literal.args else None
    if last is None or not last.is_var or c.since is None:
        return Condition(c.literal, c.status, c.since, [], clauses=c.clauses, text=c.text)
    return Condition(c.literal, c.status, c.since, [{last.value: c.since.toordinal()}], clauses=c.clauses, text=c.text)


def _columns(table: pa.Table | pa.RecordBatchReader) -> list[list]:
    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    return [c.to_pylist() for c in table.columns]


_COLLECT_EVERY = 50_000
_since_collect = [0]


def answer_many(comp: Any, profiles: Sequence[Profile], facts_list: Sequence[Facts]) -> list[Answer]:
    """The answers of a chunk: the plan run once over every person, two tables read back, each
    person's options built from them (see the module)."""
    gc_was = gc.isenabled()
    # What the chunks froze goes back to the collector, and what of it is cyclic garbage by now is
    # collected (a frozen cycle that dies is never collected: a caller's cycle alive during a chunk,
    # a roster entry referring to itself, would leak a chunk at a time), every `_COLLECT_EVERY`
    # persons: a full collection costs 20-70 ms here, whatever the chunk.
    _since_collect[0] += len(profiles)
    if gc_was and _since_collect[0] >= _COLLECT_EVERY:
        _since_collect[0] = 0
        gc.unfreeze()
        gc.collect()
    gc.disable()  # the chunk's answers are millions of young objects, none of them garbage (they hold
    try:  # no cycles): collecting while building them, or scanning them again after, costs more
        return _answer_many(comp, profiles, facts_list)  # than building them (measured: ~2x)
    finally:
        gc.freeze()  # out of the collector's generations; still freed by their reference counts
        if gc_was:
            gc.enable()


def _answer_many(comp: Any, profiles: Sequence[Profile], facts_list: Sequence[Facts]) -> list[Answer]:
    from .columnar_backend import _read, _Session, _Tables

    kb, con = comp.kb, comp.con
    ids = comp.run(facts_list)
    states: list[dict[int, list]] = [{} for _ in profiles]
    p_, c_, k_, kd_, o_, od_, ks_, os_ = _columns(con.sql("SELECT * FROM a_cb").arrow())
    for p, c, k, kd, o, od, ks, os_v in zip(p_, c_, k_, kd_, o_, od_, ks_, os_, strict=True):
        states[p][c] = [k, kd, o, od, ks, os_v, [], 0, None]
    for p, c, item, complete, cmax in zip(*_columns(con.sql("SELECT p, c, item, complete, cmax FROM a_cn ORDER BY p, c, item").arrow()), strict=True):
        st = states[p][c]
        st[6].append(item)
        st[7], st[8] = complete, cmax
    marked = set(_columns(con.sql("SELECT p FROM a_mark").arrow())[0]) if comp.answers_info.marks else set()
    named = comp.answers_info.walk_bases  # see `named_bases`
    marked.update(p for p, f in enumerate(facts_list) if any(pred in named for pred, _ in f.known))
    inners: dict[int, Any] = {}
    if marked:
        ks = [ids[p]["k"] for p in sorted(marked)]
        con.register("a_sel_arrow", pa.table({"w": pa.array(ks, pa.int64())}))
        tables = _Tables()
        for r in comp.answers_info.walk:
            t = comp.plan.rule_table[r.id]
            tables.tables[t] = _read(con, f"(SELECT t.* FROM {t} t JOIN a_sel_arrow s ON s.w = t.w)")
        con.unregister("a_sel_arrow")
        for p in marked:
            inners[p] = _Session(comp, tables, {"k": ids[p]["k"]}, facts_list[p])
    out = []
    held: dict = {}
    for p, (profile, facts) in enumerate(zip(profiles, facts_list, strict=True)):
        alone = _loader(comp, profile, facts)
        try:
            options = _FastSession(comp, facts, profile, states[p], inners.get(p), alone, held).options()
        except _Fallback:
            options = alone()["options"]
        out.append(Answer(as_of=profile.as_of, person=profile, options=options, notes=answer_notes(kb, profile)))
    return out


def _loader(comp: Any, profile: Profile, facts: Facts) -> Callable[[], dict]:
    """The person evaluated alone by the semantics (once, on first need): its options, the
    solutions of each of their conditions and the evidence of each option."""
    done: dict = {}

    def alone() -> dict:
        if not done:
            conds: dict = {}
            evidence: dict = {}
            with comp.open(facts) as inner:
                s = Session(comp, _plan(comp.kb), inner, facts, profile)
                options = s.options()
                for rule in comp.kb.rules_for("exemption"):
                    for b in rule.body:
                        conds[(rule.id, str(b))] = list(s.condition(b, rule).solutions)
            for best in options:
                for o in [best, *best.alternatives]:
                    evidence[(o.rule.id, _env(o))] = list(o.evidence)
                    for c in o.conditions:
                        conds[(o.rule.id, str(c.literal))] = list(c.solutions)
            done.update(options=options, conditions=conds, evidence=evidence)
        return done

    return alone


def _env(o: Option) -> tuple:
    """The head grounding of an option, as `_FastSession.option` keys it."""
    env = {}
    for a, v in zip(o.rule.head.args, (o.track, o.level, o.route), strict=True):
        if a.is_var:
            env[a.value] = v
    return tuple(sorted(env.items(), key=str))

