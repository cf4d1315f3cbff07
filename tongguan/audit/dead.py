"""Dead rules: option rules no valid profile can fire (static reasons, then a witness search)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import Any

from ..kb import KB, Atom, load_kb  # noqa: F401 (load_kb: for the doctests)
from .hygiene import _Domains, infer_domains
from .logic import _compare, _terms_match
from .report import Finding, Phrase, _rule_file

_WITNESS_AS_OF = dt.date(2030, 6, 30)
_LONG_AGO = "1990-01-01"

# ---------------------------------------------------------------------------------------------
# dead rules


def _static_dead(kb: KB, d: _Domains) -> dict[str, Phrase]:
    """Rules that can never fire whatever the profile, with the reason (a fixpoint over the rules)."""
    from ..engine import vocab_facts

    rows_cache: dict[str, list[tuple]] = {}

    def vocab_rows(pred: str) -> list[tuple]:
        if pred not in rows_cache:
            try:
                rows_cache[pred] = vocab_facts(kb, pred)
            except (KeyError, TypeError, ValueError):
                rows_cache[pred] = []
        return rows_cache[pred]

    dead: dict[str, Phrase] = {}

    def lit_dead(b: Atom) -> Phrase | None:
        if b.negated:
            return None
        if b.is_comparison:
            x, y = b.args
            if not x.is_var and not y.is_var and _compare(b.pred, x.value, y.value) is False:
                return Phrase("audit.dead.false", {"lit": str(b)})
            return None
        p = kb.predicates.get(b.pred)
        if p is None:
            return Phrase("audit.dead.undeclared", {"pred": b.pred})
        if p.kind == "vocab":
            consts = [(i, a.value) for i, a in enumerate(b.args) if not a.is_var]
            if not any(all(len(row) > i and row[i] == v for i, v in consts) for row in vocab_rows(b.pred)):
                return Phrase("audit.dead.no_vocab", {"lit": str(b)})
        elif p.kind == "base":
            for i, a in enumerate(b.args):
                vals, label = d.get(b.pred, i)
                if not a.is_var and vals is not None and a.value not in vals:
                    return Phrase("audit.dead.no_profile", {"lit": str(b), "value": a.value, "label": label})
        elif p.kind in ("derived", "option"):
            alive = [r for r in kb.rules_for(b.pred) if _terms_match(b, r.head) is not None and r.id not in dead]
            if not alive:
                return Phrase("audit.dead.no_live", {"lit": str(b)})
        return None

    changed = True
    while changed:
        changed = False
        for r in kb.rules:
            if r.id in dead:
                continue
            for b in r.body:
                why = lit_dead(b)
                if why:
                    dead[r.id] = why
                    changed = True
                    break
    return dead


def witness_profiles(kb: KB) -> list[dict[str, Any]]:
    """Profiles from the vocabulary, for the witness search: every level, title and award (each
    detail combination), one per technical-school class, the scalar facts left unknown (so the
    engine's optimistic world tries every value), plus one empty profile.

    Examples
    --------
    >>> len(witness_profiles(load_kb())) >= 2
    True
    """
    voc = kb.vocabulary
    ladders = voc.get("ladders") or {}
    sizes = sorted(
        {
            a.value
            for r in kb.rules
            for b in r.body
            if b.pred == "award_placing"
            for a in b.args[2:]
            if not a.is_var and isinstance(a.value, int)
        }
        | {1}
    )
    sizes = [*sizes, sizes[-1] + 1]
    awards = []
    for kind, spec in (voc.get("awards") or {}).items():
        fields = (spec or {}).get("fields") or ()
        medals = list(voc.get("medals") or ()) if "medal" in fields else [None]
        classes = list(voc.get("competition_classes") or ()) if "class" in fields else [None]
        teams = sizes if "team_size" in fields else [None]
        for m, c, t in itertools.product(medals, classes, teams):
            a: dict[str, Any] = {"kind": kind, "year": 2020}
            if m:
                a["medal"] = m
            if c:
                a["class"] = c
            if t:
                a["rank"], a["team_size"] = 1, t
            awards.append(a)
    full = {
        "skills": [{"level": lv, "obtained": _LONG_AGO} for lv in (ladders.get("skill") or {}).get("levels") or ()],
        "titles": [
            {"level": lv, "kind": "title", "obtained": _LONG_AGO}
            for lv in (ladders.get("title") or {}).get("levels") or ()
        ]
        + [
            {"level": lv, "kind": "qualification", "obtained": _LONG_AGO}
            for lv in (ladders.get("qualification") or {}).get("levels") or ()
        ],
        "technical_work_since": "1985-01-01",
        "awards": awards,
    }
    out = [dict(full)]
    for cls in voc.get("technical_school_classes") or ():
        out.append({**full, "technical_school_class": cls})
    out.append({})
    return out


def check_dead_rules(kb: KB, d: _Domains | None = None, witnesses: bool = True) -> tuple[list[Finding], str | None]:
    """Option rules no valid profile fires: static reasons, then the witness search with the engine.

    Returns the findings and, when the witness search could not run, the reason.

    Examples
    --------
    >>> findings, skipped = check_dead_rules(load_kb())
    >>> [f.rule for f in findings if f.severity == "error"], skipped
    ([], None)
    """
    d = d or infer_domains(kb)
    out = []
    dead = _static_dead(kb, d)
    for rid, why in dead.items():
        r = kb.rule(rid)
        out.append(
            Finding(
                "dead-rules",
                "dead-rule",
                "error",
                "audit.dead.never",
                "audit.dead.never.fix",
                params={"rule": rid, "why": why},
                rule=rid,
                file=_rule_file(kb, r),
                clause=(r.clauses or (None,))[0],
            )
        )
    if not witnesses:
        return out, "audit.skip.witness_not_run"
    fired: dict[str, set[tuple]] = defaultdict(set)
    seen: dict[str, set[tuple]] = defaultdict(set)
    try:
        from ..engine import Engine
        from ..profile import ProfileError, parse_profile

        engine = Engine(kb)
        for raw in witness_profiles(kb):
            try:
                person = parse_profile(raw, kb=kb, as_of=_WITNESS_AS_OF)
            except ProfileError:
                continue
            for o in engine.evaluate(person).options:
                for alt in (o, *o.alternatives):
                    seen[alt.rule.id].add(alt.key)
                    if alt.status != "ineligible":
                        fired[alt.rule.id].add(alt.key)
    except Exception as exc:  # a malformed copy of the KB may not compile; the static checks still ran
        reason = Phrase("audit.dead.engine_failed", {"what": f"{exc.__class__.__name__}: {exc}"})
        out.append(
            Finding(
                "dead-rules",
                "skipped",
                "warning",
                "audit.dead.skipped",
                "audit.dead.skipped.fix",
                params={"reason": reason},
            )
        )
        return out, reason
    for r in kb.option_rules:
        f = _rule_file(kb, r)
        if r.id in dead:
            continue
        if not fired[r.id]:
            out.append(
                Finding(
                    "dead-rules",
                    "dead-rule",
                    "error",
                    "audit.dead.no_witness",
                    "audit.dead.no_witness.fix",
                    params={"rule": r.id, "n": len(witness_profiles(kb))},
                    rule=r.id,
                    file=f,
                    clause=(r.clauses or (None,))[0],
                )
            )
            continue
        for key in sorted(seen[r.id] - fired[r.id]):
            out.append(
                Finding(
                    "dead-rules",
                    "dead-grounding",
                    "warning",
                    "audit.dead.grounding",
                    "audit.dead.grounding.fix",
                    params={"rule": r.id, "option": "/".join(map(str, key))},
                    rule=r.id,
                    file=f,
                    clause=(r.clauses or (None,))[0],
                    subject={"option": "/".join(map(str, key))},
                )
            )
    return out, None
