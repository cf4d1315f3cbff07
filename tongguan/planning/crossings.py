"""The crossings: every edge the plan's option rules give, derived from the rules, never kept by hand.

Every option rule (``option(Track, Level, Route) <= body``) is expanded through the definitions its body
uses (``skill_at_least``, ``years_after_skill``, ``professional_at_least``, ``exceptional_award_for`` →
``exceptional_tier``, ``sci_tech_award``, ``school_equivalent_education``…) down to the profile facts they
read (``skill``, ``title``, ``award``, ``school_class``: the ``node_facts`` of ``kb/figure.yaml``).  Those
facts name the node an edge starts from; the ``anniversary`` the date of that fact flows into gives the
years (``obtained``), one that counts from ``technical_work_since`` gives ``cumulative`` years.

This is the one derivation of the crossings: the overpass graph (`tongguan.planning.graph`) draws its
edges from it and the audit's balance check (B-2.2, `tongguan.audit.principles`) reads its years.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..engine import vocab_facts
from ..engine.terms import apply as _apply
from ..engine.terms import compare
from ..engine.terms import unify_terms as _unify
from ..kb import KB, Atom, Rule, Term, load_kb

__all__ = ["Crossing", "crossings", "ladders"]


def ladders(kb: KB) -> tuple[str, ...]:
    """The ladders whose levels are ranked (``skill``, ``title``, ``qualification``), from the vocabulary.

    Examples
    --------
    >>> ladders(load_kb())
    ('skill', 'title', 'qualification')
    """
    return tuple(kb.vocabulary.get("ladders") or ())


def _node_facts(kb: KB) -> dict[str, tuple[str, str, str | None]]:
    """The profile facts that name a node (``node_facts`` of kb/figure.yaml): base predicate → (the node's
    kind, or ``@Arg`` for the argument holding it; the argument holding the level or name; the argument
    holding the date, if any)."""
    raw = kb.figure.get("node_facts") or {}
    return {str(p): (str(s["kind"]), str(s["level"]), s.get("date")) for p, s in raw.items()}


def _rename(atom: Atom, n: int) -> Atom:
    return Atom(atom.pred, tuple(Term(f"{t.value}#{n}", True) if t.is_var else t for t in atom.args), atom.negated)


@dataclass
class _Alt:
    """One way an option rule's body unfolds: its leaves, each with the chain of rules it came through."""

    leaves: list[tuple[Atom, tuple[Rule, ...]]]
    subst: dict[str, Term]


def _expandable(kb: KB, atom: Atom) -> bool:
    """Derived literals that lead to the facts naming a node, or to a date (the years)."""
    if atom.is_comparison or atom.negated:
        return False
    pred = kb.predicates.get(atom.pred)
    if pred is None or pred.kind != "derived":
        return False
    return pred.dated or bool(kb.base_predicates_under(atom.pred) & set(_node_facts(kb)))


def _expand(
    kb: KB, lits: list[tuple[Atom, tuple[Rule, ...]]], subst: dict[str, Term], counter: Iterator[int]
) -> list[_Alt]:
    """Every way the conjunction `lits` unfolds into leaves, through the rules defining its literals."""
    if not lits:
        return [_Alt([], subst)]
    (first, chain), rest = lits[0], lits[1:]
    if not _expandable(kb, first):
        return [_Alt([(first, chain), *a.leaves], a.subst) for a in _expand(kb, rest, subst, counter)]
    out = []
    for r in kb.rules_for(first.pred):
        n = next(counter)
        head = _rename(r.head, n)
        s: dict[str, Term] | None = subst
        for a, b in zip(first.args, head.args, strict=True):
            s = _unify(a, b, s)
            if s is None:
                break
        if s is None:
            continue
        body = [(_rename(b, n), (*chain, r)) for b in r.body]
        out.extend(_expand(kb, body + rest, s, counter))
    return out


def _join(kb: KB, leaves: list[Atom]) -> list[dict[str, Any]]:
    """Bindings of the vocabulary literals and comparisons among `leaves` (the person's facts left open)."""
    envs: list[dict[str, Any]] = [{}]
    for lit in leaves:
        pred = None if lit.is_comparison else kb.predicates.get(lit.pred)
        if pred is None or pred.kind != "vocab":  # an undeclared predicate is the audit's to report
            continue
        rows = vocab_facts(kb, lit.pred)
        new = []
        for env in envs:
            for row in rows:
                e = dict(env)
                for t, v in zip(lit.args, row, strict=True):
                    if t.is_var:
                        if e.setdefault(t.value, v) != v:
                            break
                    elif t.value != v:
                        break
                else:
                    new.append(e)
        envs = new

    def val(t: Term, e: dict[str, Any]) -> Any:
        return e.get(t.value) if t.is_var else t.value

    for lit in leaves:
        if lit.is_comparison:
            envs = [
                e
                for e in envs
                if val(lit.args[0], e) is None
                or val(lit.args[1], e) is None
                or compare(lit.pred, val(lit.args[0], e), val(lit.args[1], e))
            ]
    return envs


@dataclass
class _Origin:
    node: str
    ladder: str
    level: str
    date_var: str | None
    chain: tuple[Rule, ...] = ()
    years: int | None = None
    years_from: str | None = None


def _origins(kb: KB, leaves: list[tuple[Atom, tuple[Rule, ...]]], group: list[dict[str, Any]]) -> list[_Origin]:
    """The nodes the person's facts among `leaves` name (a ladder's lowest admissible level; each award/class),
    with the years counted from their date."""
    out = []
    facts = _node_facts(kb)
    ranked = ladders(kb)
    for lit, chain in leaves:
        spec = facts.get(lit.pred)
        if spec is None or lit.negated:
            continue
        names = kb.predicates[lit.pred].args
        ladder_spec, level_arg, date_arg = spec
        if ladder_spec.startswith("@"):
            t = lit.args[names.index(ladder_spec[1:])]
            if t.is_var:
                continue  # any title or qualification: a condition, not a node
            ladder = str(t.value)
        else:
            ladder = ladder_spec
        t = lit.args[names.index(level_arg)]
        if t.is_var:
            values = {e[t.value] for e in group if t.value in e}
            if not values:
                continue  # unconstrained: any level
        else:
            values = {t.value}
        date_var = None
        if date_arg:
            d = lit.args[names.index(date_arg)]
            date_var = d.value if d.is_var else None
        if ladder in ranked:
            level = min(values, key=lambda v: kb.rank(ladder, v))
            out.append(_Origin(f"{ladder}:{level}", ladder, level, date_var, chain))
        else:
            out.extend(_Origin(f"{ladder}:{v}", ladder, v, date_var, chain) for v in sorted(values))
    # the years: an anniversary counted from an origin's date (possibly via later_of) or from the start of work
    source: dict[str, Any] = {o.date_var: o for o in out if o.date_var}
    atoms = [lit for lit, _ in leaves]
    for lit in atoms:
        if lit.pred == "technical_work_since" and lit.args[0].is_var:
            source.setdefault(lit.args[0].value, "work")
    for lit in atoms:
        if lit.pred == "later_of":
            a, b, later = (x.value if x.is_var else None for x in lit.args)
            src = source.get(a) if isinstance(source.get(a), _Origin) else source.get(b)
            if later and src is not None:
                source[later] = src
    cumulative = None
    for lit in atoms:
        if lit.pred == "anniversary" and lit.args[0].is_var and not lit.args[1].is_var:
            src = source.get(lit.args[0].value)
            if isinstance(src, _Origin):
                src.years, src.years_from = int(lit.args[1].value), "obtained"
            elif src == "work":
                cumulative = int(lit.args[1].value)
    for o in out:
        if o.years is None and cumulative is not None:
            o.years_from, o.years = "cumulative", cumulative
    return out


def _anchor(origins: list[_Origin], track: str, ranked: tuple[str, ...]) -> list[_Origin]:
    """The origins an edge starts from: the one the years count from, else awards/classes, else a ladder."""
    dated = [o for o in origins if o.years_from == "obtained"]
    if dated:
        return dated[:1]
    entries = [o for o in origins if o.ladder not in ranked]
    if entries:
        return entries
    other = [o for o in origins if o.ladder != track] or origins
    return other[:1]


def _specific(rule: Rule) -> bool:
    """A definition naming one case (``exceptional_tier(正高级)``, ``sci_tech_award``), not a general one."""
    return not rule.head.variables() and rule.head.pred != "option"


@dataclass
class Crossing:
    """One edge the option rules give: from node `source` to node `target` by `rule` (through the
    specific definitions `via`, e.g. an award's tier rule), with the `years` it needs, counted from the
    source's date (``obtained``) or from the start of work (``cumulative``); None when no time is counted.

    `origin`, `group` and `alt` are the derivation behind it (the bindings the graph reads ``show`` from).
    """

    source: str
    target: str
    key: str
    rule: Rule
    via: tuple[Rule, ...]
    track: str
    level: str
    route: str
    years: int | None
    years_from: str | None
    origin: _Origin = field(repr=False)
    group: list[dict[str, Any]] = field(repr=False)
    alt: _Alt = field(repr=False)


def crossings(kb: KB | None = None) -> list[Crossing]:
    """Every edge the option rules give, in rule order (one per rule, specific definition, source and target).

    Examples
    --------
    >>> c = next(x for x in crossings() if x.rule.id == "title-deputy-senior-normal")
    >>> c.source, c.target, c.years, c.years_from
    ('skill:高级技师', 'title:副高级', 4, 'obtained')
    >>> [(x.source, x.years) for x in crossings() if x.rule.id == "skill-direct-senior-title"]
    [('title:正高级', None)]
    """
    kb = kb or load_kb()
    ranked = ladders(kb)
    counter = itertools.count(1)
    out = []
    seen = set()
    for rule in kb.option_rules:
        for alt in _expand(kb, [(b, ()) for b in rule.body], {}, counter):
            leaves = [(_apply(x, alt.subst), chain) for x, chain in alt.leaves]
            head = _apply(rule.head, alt.subst)
            groups: dict[tuple, list[dict[str, Any]]] = {}
            for env in _join(kb, [x for x, _ in leaves]):
                key = tuple(env.get(t.value) if t.is_var else t.value for t in head.args)
                if None not in key:
                    groups.setdefault(key, []).append(env)
            for (track, level, route), group in groups.items():
                for origin in _anchor(_origins(kb, leaves, group), str(track), ranked):
                    specific = tuple(r for r in origin.chain if _specific(r))
                    target = f"{track}:{level}"
                    key = "|".join([rule.id, *(r.id for r in specific), origin.node, target])
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        Crossing(
                            origin.node,
                            target,
                            key,
                            rule,
                            specific,
                            str(track),
                            str(level),
                            str(route),
                            origin.years,
                            origin.years_from,
                            origin,
                            group,
                            alt,
                        )
                    )
    return out
