"""What would change the answer: the smallest profile edits that make a target reachable.

`what_would_change` tries hypothetical profile edits generated from the vocabulary (a skill or title
level, an award, a yes/no field, a value for a missing field), re-evaluates the target with the engine
and ranks the smallest edits that make it reachable by resulting date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from ..awards import award_candidates, award_field, award_predicates
from ..engine import Engine, Option, split_body
from ..engine.terms import match as _unify
from ..kb import KB, Atom, Rule, Term, load_kb, parse_target
from ..profile import Profile, ProfileError, parse_profile
from .model import Change
from .proof import _Builder
from .why_not import _clause_list

__all__ = ["needs_award", "what_would_change"]


def _profile_data(p: Profile) -> dict[str, Any]:
    return p.model_dump(mode="json", by_alias=True, exclude_none=True)


def _edit_candidates(kb: KB, p: Profile, relevant: set[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Single hypothetical edits from the vocabulary and the base predicates: (edit, changed fields)."""
    voc = kb.vocabulary
    base = _profile_data(p)
    today = p.as_of.isoformat()
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def add(edit: dict[str, Any], preds: set[str], **changes: Any) -> None:
        if preds & relevant:
            out.append((edit, changes))

    occupation = p.occupation or next((s.occupation for s in p.skills if s.occupation), None)
    held_skill = max((kb.rank("skill", s.level) for s in p.skills), default=0)
    for level in kb.ladder("skill")[held_skill:]:
        item = {"level": level, "obtained": today, **({"occupation": occupation} if occupation else {})}
        add(
            {
                "kind": "obtain_skill",
                "field": "skills",
                "path": f"skills[{len(p.skills)}]",
                "value": level,
                "date": today,
            },
            {"skill"},
            skills=[*base.get("skills", []), item],
        )
    for kind, ladder in (("title", "title"), ("qualification", "qualification")):
        held = max((kb.rank(ladder, t.level) for t in p.titles if t.kind == kind), default=0)
        for level in kb.ladder(ladder)[held:]:
            item = {"level": level, "kind": kind, "obtained": today, **({"series": p.series} if p.series else {})}
            add(
                {
                    "kind": f"obtain_{kind}",
                    "field": "titles",
                    "path": f"titles[{len(p.titles)}]",
                    "value": level,
                    "date": today,
                },
                {"title"},
                titles=[*base.get("titles", []), item],
            )
    awards = award_field(kb)  # what an award is: the KB's data (tongguan.awards), read by the paths too
    held_awards = {a.kind for a in getattr(p, awards, ())} if awards else set()
    for cand in award_candidates(kb, held_awards, p.as_of.year) if awards else ():
        add(
            {
                "kind": "obtain_award",
                "field": awards,
                "path": f"{awards}[{len(getattr(p, awards))}]",
                "value": cand["value"],
                "award": cand["award"],
            },
            award_predicates(kb),
            **{awards: [*base.get(awards, []), cand["award"]]},
        )
    for name, pred in kb.predicates.items():  # yes/no facts: base predicates without arguments
        if pred.kind == "base" and not pred.args and pred.field and getattr(p, pred.field, None) is not True:
            add(
                {"kind": "set_field", "field": pred.field, "path": pred.field, "value": True},
                {name},
                **{pred.field: True},
            )
    if p.series is None or p.series not in voc["series"]["opened"]:
        for s in voc["series"]["opened"]:
            add({"kind": "set_field", "field": "series", "path": "series", "value": s}, {"series"}, series=s)
    if p.technical_school_class is None:
        for c in voc["technical_school_classes"]:
            add(
                {"kind": "set_field", "field": "technical_school_class", "path": "technical_school_class", "value": c},
                {"school_class"},
                technical_school_class=c,
            )
    return out


_TargetRule = tuple[Rule, dict[str, Any], list[Atom]]  # rule, head bindings, condition literals


def _target_rules(kb: KB, options: list[Option], target: tuple[str, str]) -> list[_TargetRule]:
    out = []
    for o in options:
        if (o.track, o.level) == target:
            key = Atom("option", tuple(Term(v) for v in o.key))
            for alt in [o, *o.alternatives]:
                out.append((alt.rule, _unify(alt.rule.head, key) or {}, split_body(kb, alt.rule)[1]))
    return out


def _evaluate_target(
    engine: Engine, p: Profile, rules: list[_TargetRule], paths: tuple[str, ...] = ()
) -> tuple[list[Option], list[dict[str, Any]]]:
    """The target's routes for `p`; with `paths` (profile fields an edit touched), also the rules of the
    best route's proof that use those fields (the clauses the edit satisfies)."""
    with engine.session(p) as s:
        opts = [s.option(rule, env, conds) for rule, env, conds in rules]
        best = _best_option(opts, p.as_of)
        if not paths or best is None:
            return opts, []
        env0 = next(env for (rule, env, _), o in zip(rules, opts, strict=True) if o is best)
        tree = _Builder(engine.kb, s).rule_node(best.rule, env0, best.status in ("eligible", "not_yet"))
        because: list[dict[str, Any]] = []
        for n in tree.walk():
            if (
                n.kind == "rule"
                and n.status != "fails"
                and any(
                    c.kind == "fact" and any(k.startswith(path) for k in c.fields for path in paths) for c in n.children
                )
            ):
                entry = {"rule": n.rule.id, "clauses": [{"id": c, "text": t} for c, t in n.clauses]}
                if entry not in because:
                    because.append(entry)
        return opts, because


def _best_option(opts: list[Option], as_of: dt.date) -> Option | None:
    good = [o for o in opts if _reachable(o)]
    rank = {"eligible": 0, "not_yet": 0, "conditional": 1}
    return min(good, key=lambda o: (rank[o.status], o.earliest or as_of)) if good else None


def _reachable(o: Option) -> bool:
    return o.status in ("eligible", "not_yet", "conditional")


def needs_award(edits: list[dict[str, Any]], field: str | None = "awards") -> bool:
    """Whether a change edits the profile's awards (`field`, the field of the award facts:
    `tongguan.awards.award_field`): a prize the person cannot simply decide to get, ranked after what is
    in their control.

    Examples
    --------
    >>> needs_award([{"kind": "wait", "until": "2030-01-01"}]), needs_award([{"kind": "obtain_award", "field": "awards"}])
    (False, True)
    """
    return field is not None and any(e.get("field") == field for e in edits)


def _best_change(kb: KB, edits: list[dict[str, Any]], opts: list[Option], as_of: dt.date) -> Change | None:
    o = _best_option(opts, as_of)
    if o is None:
        return None
    return Change(
        edits=edits,
        status=o.status,
        date=o.earliest or as_of,
        rule=o.rule.id,
        route=o.route,
        clauses=_clause_list(kb, o.rule.clauses),
        to_confirm=list(o.to_confirm),
        needs_award=needs_award(edits, award_field(kb)),
    )


def _progress(opts: list[Option]) -> tuple[int, ...]:
    return tuple(sum(c.status == "fails" for c in o.conditions) for o in opts)


def what_would_change(
    profile: Profile,
    target: tuple[str, str] | str,
    kb: KB | None = None,
    *,
    options: list[Option] | None = None,
    limit: int = 40,
) -> dict[str, Any]:
    """The smallest profile changes that make `target` (track, level) reachable: what is in the person's
    control first (waiting, confirming a fact, the next ordinary evaluation), ranked by date and size,
    then the changes that need an award (``needs_award``), ranked the same way.

    Changes are generated from the vocabulary and the base predicates (skill, title and qualification
    levels above those held, award kinds with their medals and classes, yes/no fields, a value for a
    missing series or school class), tried one at a time, then in pairs when no single change works,
    and re-evaluated with the engine.  Waiting (a ``not_yet`` route) and confirming missing facts (a
    ``conditional`` route) come from the answer itself.

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "technical_work_since": "2010-01-01",
    ...     "law_abiding": True, "good_conduct": True, "frontline": True,
    ...     "assessments": {2022: "合格", 2023: "合格", 2024: "合格"},
    ...     "skills": [{"level": "技师", "obtained": "2016-03-15"}]})
    >>> w = what_would_change(p, "title:副高级")
    >>> first = w["changes"][0]
    >>> first["edits"][0]["kind"], first["edits"][0]["value"], first["status"], first["date"], first["needs_award"]
    ('obtain_skill', '高级技师', 'not_yet', '2029-06-01', False)
    >>> award = next(c for c in w["changes"] if c["needs_award"])
    >>> award["edits"][0]["kind"], award["status"], award["date"]
    ('obtain_award', 'eligible', '2025-06-01')
    """
    kb = kb or load_kb()
    if isinstance(target, str):
        target = parse_target(kb, target)
    engine = Engine(kb)
    if options is None:
        with engine.session(profile) as s:
            options = s.options()
    rules = _target_rules(kb, options, target)
    result: dict[str, Any] = {"track": target[0], "level": target[1], "status": None, "changes": [], "tried": 0}
    if not rules:
        result["status"] = "unknown_target"
        return result
    current = [o for o in options if (o.track, o.level) == target]
    result["held"] = any(o.held for o in current)
    flat = [alt for o in current for alt in (o, *o.alternatives)]
    result["status"] = min((o.status for o in current), key=["eligible", "conditional", "not_yet", "ineligible"].index)
    if any(o.status == "eligible" for o in flat):
        return result
    changes: list[Change] = []
    for o in flat:  # from the answer itself: wait, or confirm
        if o.status == "not_yet":
            changes.append(
                Change(
                    [{"kind": "wait", "until": o.earliest.isoformat()}],
                    "not_yet",
                    o.earliest,
                    o.rule.id,
                    o.route,
                    _clause_list(kb, o.rule.clauses),
                )
            )
        elif o.status == "conditional":
            changes.append(
                Change(
                    [{"kind": "confirm", "fields": list(o.to_confirm)}],
                    "conditional",
                    o.earliest or profile.as_of,
                    o.rule.id,
                    o.route,
                    _clause_list(kb, o.rule.clauses),
                    list(o.to_confirm),
                )
            )
    relevant = set().union(
        *(kb.base_predicates_under(b.pred) for r, _, _ in rules for b in r.body if not b.is_comparison)
    )
    rank = {"eligible": 0, "not_yet": 0, "conditional": 1}

    def outcome(c: Change) -> tuple:
        return (c.date or profile.as_of, rank[c.status], len(c.to_confirm))

    # an edit is worth reporting only if it does better than waiting or confirming alone
    baseline = min((outcome(c) for c in changes), default=None)
    base = _profile_data(profile)

    def attempt(edits: list[dict[str, Any]], data: dict[str, Any]) -> tuple[Change | None, list[Option]]:
        try:
            p2 = parse_profile(data, kb=kb, as_of=profile.as_of)
        except ProfileError:
            return None, []
        result["tried"] += 1
        opts, _ = _evaluate_target(engine, p2, rules)
        ch = _best_change(kb, edits, opts, profile.as_of)
        if ch is not None and baseline is not None and outcome(ch) >= baseline:
            ch = None
        if ch is not None:  # which clauses the edit satisfies
            ch.because = _evaluate_target(engine, p2, rules, tuple(e["path"] for e in edits))[1]
        return ch, opts

    # time alone, beyond what the answer says: conditions on calendar years (e.g. the 近3年 window)
    # change at new years; the years not yet assessed are then facts to confirm
    for k in range(1, 4):
        later = dt.date(profile.as_of.year + k, 1, 1)
        opts, _ = _evaluate_target(engine, profile.model_copy(update={"as_of": later}), rules)
        ch = _best_change(kb, [{"kind": "wait", "until": later.isoformat()}], opts, later)
        if ch is not None:
            ch.edits[0]["until"] = ch.date.isoformat()
            if baseline is None or outcome(ch) < baseline:
                changes.append(ch)
            break

    singles = []
    base_progress = _progress(_evaluate_target(engine, profile, rules)[0])
    for edit, delta in _edit_candidates(kb, profile, relevant):
        ch, opts = attempt([edit], {**base, **delta})
        if ch is not None:
            changes.append(ch)
        elif opts and any(a < b for a, b in zip(_progress(opts), base_progress, strict=True)):
            singles.append((edit, delta))
    if not changes:  # no single change works: pairs of changes that each get closer
        for (e1, d1), (e2, d2) in itertools.combinations(singles, 2):
            if e1["field"] != e2["field"]:
                ch, _ = attempt([e1, e2], {**base, **d1, **d2})
                if ch is not None:
                    changes.append(ch)
    effort = {"confirm": 0, "wait": 0, "set_field": 1}  # obtaining a credential or an award: 2
    # in the person's control first (issue 11 item 6): an award is an alternative, never the first advice

    def key(c: Change) -> tuple:
        work = sum(effort.get(e["kind"], 2) for e in c.edits)
        return (c.needs_award, c.date or profile.as_of, len(c.edits), work, rank[c.status], len(c.to_confirm))

    changes.sort(key=key)
    seen, unique = set(), []
    for ch in changes:  # the lowest level of one ladder that works is enough
        sig = (
            tuple(e.get("kind") for e in ch.edits),
            tuple(e.get("field") for e in ch.edits),
            ch.status,
            ch.date,
            ch.rule,
            tuple(ch.to_confirm),
        )
        if sig in seen and ch.edits[0]["kind"] in ("obtain_skill", "obtain_title", "obtain_qualification"):
            continue
        seen.add(sig)
        unique.append(ch)
    result["changes"] = [c.to_dict() for c in unique[:limit]]
    result["more"] = max(0, len(unique) - limit)
    return result


# ---------------------------------------------------------------------------------------------
