"""Rule hygiene: declarations, arity, safety, stratification, duplicates, vocabulary constants, the
engine's restriction; and the domains (the constants each predicate argument may take)."""

from __future__ import annotations

import difflib
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..kb import KB, Atom, Rule, load_kb  # noqa: F401 (load_kb: for the doctests)
from .logic import _compare, _subsumes
from .phrases import CONDITION_TAGS
from .report import Finding, Phrase, _rule_file, rule_finding


def base_domains(kb: KB) -> dict[tuple[str, int], tuple[str, ...] | frozenset]:
    """Where each base-predicate argument takes its constants from, read from the profile schema
    (kb/profile.yaml): the vocabulary parts of the field that feeds it (its ``domain``, which the profile
    validator checks), or a choice's own values.

    Examples
    --------
    >>> d = base_domains(load_kb())
    >>> d[("skill", 0)], d[("title", 0)], sorted(d[("title", 2)])
    (('ladders.skill',), ('ladders.title', 'ladders.qualification'), ['qualification', 'title'])
    """
    out: dict[tuple[str, int], tuple[str, ...] | frozenset] = {}
    for spec in kb.profile.get("fields", {}).values():
        feeds = spec.get("feeds")
        if isinstance(feeds, str):
            feeds = {feeds: [] if spec["type"] == "flag" else ["$value"]}
        for pred, args in (feeds or {}).items():
            for i, a in enumerate(args):
                src = spec if a == "$value" else (spec.get("fields") or {}).get(a)
                if src is None:  # a record's id, a by_year key: open
                    continue
                if src["type"] == "choice":
                    out[(pred, i)] = frozenset(src["values"])
                elif src.get("domain"):
                    out[(pred, i)] = tuple(src["domain"])
    return out


# ---------------------------------------------------------------------------------------------
# 2. hygiene


@dataclass
class _Domains:
    """Which constants each predicate argument can take: a label naming the vocabulary part (or the
    rules) and the set of values, or unknown (None) for open arguments such as dates and years."""

    values: dict[tuple[str, int], frozenset | None]
    labels: dict[tuple[str, int], str]

    def get(self, pred: str, i: int) -> tuple[frozenset | None, str]:
        return self.values.get((pred, i)), self.labels.get((pred, i), "")


def _vocab_part(kb: KB, name: str) -> frozenset | None:
    v = kb.vocabulary
    if name == "series":
        s = v.get("series") or {}
        return frozenset([*(s.get("opened") or ()), *(s.get("other_known") or ()), *(s.get("also_opened") or {})])
    if name == "assessment_grades":
        g = v.get("assessment_grades") or {}
        return frozenset([*(g.get("passing") or ()), *(g.get("failing") or ())])
    data: Any = v
    for part in name.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    if isinstance(data, dict) and "levels" in data:
        data = data["levels"]
    return frozenset(data) if isinstance(data, dict | list | tuple) else None


def infer_domains(kb: KB) -> _Domains:
    """The constants each argument can take: vocab predicates from their vocabulary rows, base
    predicates from the profile vocabulary, derived predicates through the rules (a fixpoint).

    Examples
    --------
    >>> d = infer_domains(load_kb())
    >>> vals, label = d.get("years_after_skill", 0)
    >>> label, "技师" in vals
    ('ladders.skill', True)
    """
    from ..engine import vocab_facts

    values: dict[tuple[str, int], frozenset | None] = {}
    labels: dict[tuple[str, int], str] = {}
    base = base_domains(kb)
    for name, p in kb.predicates.items():
        if p.kind == "vocab":
            try:
                rows = vocab_facts(kb, name)
            except (KeyError, TypeError, ValueError):
                continue
            for i in range(len(p.args)):
                col = frozenset(r[i] for r in rows if len(r) > i)
                values[(name, i)] = None if all(isinstance(x, int) for x in col) else col
                labels[(name, i)] = p.source or name
        elif p.kind == "base":
            for i in range(len(p.args)):
                parts = base.get((name, i))
                if isinstance(parts, frozenset):  # a choice of the profile schema
                    values[(name, i)], labels[(name, i)] = parts, f"the values of {p.field or name}"
                elif parts:
                    vals = [_vocab_part(kb, x) for x in parts]
                    values[(name, i)] = frozenset().union(*[x for x in vals if x]) if all(vals) else None
                    labels[(name, i)] = " or ".join(parts)
    tracks = frozenset(kb.vocabulary.get("tracks") or ())
    routes = frozenset(r for rs in (kb.vocabulary.get("routes") or {}).values() for r in rs)
    if "option" in kb.predicates:
        values[("option", 0)], labels[("option", 0)] = tracks, "tracks"
        values[("option", 2)], labels[("option", 2)] = routes, "routes"
    if "exemption" in kb.predicates:
        values[("exemption", 0)], labels[("exemption", 0)] = tracks, "tracks"

    derived = [n for n, p in kb.predicates.items() if p.kind == "derived"]
    pending = object()
    dvals: dict[tuple[str, int], Any] = {(n, i): pending for n in derived for i in range(len(kb.predicates[n].args))}
    for _ in range(len(derived) + 2):
        changed = False
        for key in dvals:
            pred, i = key
            acc: set = set()
            label = ""
            open_ = False
            any_rule = False
            for r in kb.rules_for(pred):
                if len(r.head.args) <= i:
                    continue
                any_rule = True
                t = r.head.args[i]
                if not t.is_var:
                    acc.add(t.value)
                    label = label or "rule heads"
                    continue
                known_sets, known_labels, waiting = [], [], False
                for b in r.body:
                    if b.is_comparison:
                        continue
                    for j, a in enumerate(b.args):
                        if a.is_var and a.value == t.value:
                            v = dvals.get((b.pred, j), values.get((b.pred, j)))
                            if v is pending:
                                waiting = True
                            elif v is not None:
                                known_sets.append(v)
                                known_labels.append(labels.get((b.pred, j), ""))
                if known_sets:
                    acc |= frozenset.intersection(*known_sets)
                    label = known_labels[0] if not label or label == "rule heads" else label
                elif not waiting:
                    open_ = True
            new = None if open_ or not any_rule else frozenset(acc)
            if new != dvals[key]:
                dvals[key], labels[key], changed = new, label, True
        if not changed:
            break
    for key, v in dvals.items():
        values[key] = None if v is pending else v
    return _Domains(values, labels)


def _engine_split(kb: KB, rule: Rule) -> tuple[list[Atom], list[Atom]]:
    """The engine's own split of an option rule into domain and condition literals."""
    from ..engine import split_body

    return split_body(kb, rule)


def check_hygiene(kb: KB, domains: _Domains | None = None) -> list[Finding]:
    """Predicates, arity, safety, stratification, duplicates, vocabulary constants, engine restriction.

    Examples
    --------
    >>> [f.kind for f in check_hygiene(load_kb()) if f.severity == "error"]
    []
    """
    out: list[Finding] = []
    used: set[str] = set()
    domains = domains or infer_domains(kb)

    def err(kind: str, r: Rule, msg: str, fix: str, severity: str = "error", **params: Any) -> None:
        # msg and fix: catalogue keys filled with params
        said = {"rule": r.id, "msg": Phrase(msg, params), **params}
        out.append(rule_finding(kb, r, "hygiene", kind, severity, "audit.rule_says", fix, params=said))

    for r in kb.rules:
        for pos, lit in enumerate((r.head, *r.body)):
            if lit.is_comparison:
                if pos == 0:
                    err("bad-head", r, "audit.hygiene.head_comparison", "audit.hygiene.head_comparison.fix", lit=str(lit))
                continue
            used.add(lit.pred)
            p = kb.predicates.get(lit.pred)
            if p is None:
                close = difflib.get_close_matches(lit.pred, list(kb.predicates), n=1)
                hint = Phrase("audit.coverage.did_you_mean", {"close": close[0]}) if close else ""
                err(
                    "undeclared-predicate",
                    r,
                    "audit.hygiene.undeclared",
                    "audit.hygiene.undeclared.fix",
                    pred=lit.pred,
                    hint=hint,
                )
            elif len(lit.args) != len(p.args):
                err(
                    "arity",
                    r,
                    "audit.hygiene.arity",
                    "audit.hygiene.arity.fix",
                    lit=str(lit), n=len(lit.args), pred=lit.pred, m=len(p.args), args=", ".join(p.args),
                )
        hp = kb.predicates.get(r.head.pred)
        if hp is not None and hp.kind not in ("derived", "option"):
            err(
                "bad-head",
                r,
                "audit.hygiene.head_kind",
                "audit.hygiene.head_kind.fix",
                pred=r.head.pred,
                kind=hp.kind,
            )
        if r.head.negated:
            err("bad-head", r, "audit.hygiene.head_negated", "audit.hygiene.head_negated.fix")
        bound = set().union(*[b.variables() for b in r.body if not b.negated and not b.is_comparison])
        for v in sorted(r.head.variables() - bound):
            err(
                "unsafe-variable",
                r,
                "audit.hygiene.unsafe_head",
                "audit.hygiene.unsafe_head.fix",
                v=v,
            )
        for b in r.body:
            if b.negated or b.is_comparison:
                for v in sorted(b.variables() - bound):
                    err(
                        "unsafe-variable",
                        r,
                        "audit.hygiene.unsafe_body",
                        "audit.hygiene.unsafe_body.fix",
                        v=v,
                        lit=str(b),
                    )
            consts = b.is_comparison and not b.args[0].is_var and not b.args[1].is_var
            if consts and _compare(b.pred, b.args[0].value, b.args[1].value) is False:
                err(
                    "false-comparison",
                    r,
                    "audit.hygiene.false_comparison",
                    "audit.hygiene.false_comparison.fix",
                    lit=str(b),
                )
    for name, p in kb.predicates.items():
        if p.kind in ("derived", "option") and not kb.rules_for(name):
            out.append(
                Finding(
                    "hygiene",
                    "no-rule",
                    "error",
                    "audit.hygiene.no_rule",
                    "audit.hygiene.no_rule.fix",
                    params={"kind": p.kind, "name": name},
                    file="predicates.yaml",
                    subject={"predicate": name},
                )
            )
        elif name not in used:
            out.append(
                Finding(
                    "hygiene",
                    "unused-predicate",
                    "warning",
                    "audit.hygiene.unused",
                    "audit.hygiene.unused.fix",
                    params={"kind": p.kind, "name": name},
                    file="predicates.yaml",
                    subject={"predicate": name},
                )
            )
    out.extend(_declarations(kb))
    out.extend(_stratification(kb))
    out.extend(_duplicates(kb))
    out.extend(_constants(kb, domains))
    out.extend(_option_restriction(kb))
    return out


KINDS = ("base", "vocab", "builtin", "derived", "option")


def _declarations(kb: KB) -> list[Finding]:
    """kb/predicates.yaml itself: known kinds, concern tags the principle checks know (a misspelt tag
    would silently switch a check off), vocabulary parts and profile fields that exist."""
    from ..engine import vocab_facts

    out = []
    tags = {t for p in kb.principles for t in p.get("forbids", ())} | set(CONDITION_TAGS.values())

    def bad(kind: str, name: str, msg: str, fix: str, **params: Any) -> None:
        out.append(
            Finding(
                "hygiene",
                kind,
                "error",
                "audit.predicate_says",
                fix,
                params={"name": name, "msg": Phrase(msg, params), **params},
                file="predicates.yaml",
                subject={"predicate": name},
            )
        )

    for name, p in kb.predicates.items():
        if p.kind not in KINDS:
            bad(
                "unknown-kind",
                name,
                "audit.hygiene.unknown_kind",
                "audit.hygiene.unknown_kind.fix",
                kind=repr(p.kind),
                kinds=", ".join(KINDS),
            )
        for t in p.concerns:
            if t not in tags:
                bad(
                    "unknown-concern",
                    name,
                    "audit.hygiene.unknown_concern",
                    "audit.hygiene.unknown_concern.fix",
                    tag=repr(t),
                    tags="、".join(sorted(tags)),
                )
        if p.kind == "vocab":
            try:
                vocab_facts(kb, name)
            except (KeyError, TypeError, ValueError):
                bad(
                    "bad-vocab-source",
                    name,
                    "audit.hygiene.bad_source",
                    "audit.hygiene.bad_source.fix",
                    source=p.source,
                )
        if p.kind == "base" and p.field and p.field not in kb.profile.get("fields", {}):
            bad(
                "bad-field",
                name,
                "audit.hygiene.bad_field",
                "audit.hygiene.bad_field.fix",
                field=p.field,
            )
    return out


def dependency_graph(kb: KB) -> nx.DiGraph:
    """Predicate dependencies: an edge body predicate → head predicate, ``negative`` when negated.

    Examples
    --------
    >>> g = dependency_graph(load_kb())
    >>> g.has_edge("title_basics", "option")
    True
    """
    g = nx.DiGraph()
    for r in kb.rules:
        for b in r.body:
            if b.is_comparison:
                continue
            if g.has_edge(b.pred, r.head.pred):
                data = g.edges[b.pred, r.head.pred]
                data["negative"] = data["negative"] or b.negated
                data["rules"].append(r.id)
            else:
                g.add_edge(b.pred, r.head.pred, negative=b.negated, rules=[r.id])
    return g


def _stratification(kb: KB) -> list[Finding]:
    g = dependency_graph(kb)
    out = []
    for comp in nx.strongly_connected_components(g):
        if len(comp) == 1 and not any(g.has_edge(p, p) for p in comp):
            continue
        cycle = " → ".join(sorted(comp))
        for u, v, data in g.subgraph(comp).edges(data=True):
            if not data["negative"]:
                continue
            for rid in dict.fromkeys(data["rules"]):
                r = kb.rule(rid)
                if not any(b.negated and b.pred == u for b in r.body):
                    continue
                out.append(
                    Finding(
                        "hygiene",
                        "unstratified-negation",
                        "error",
                        "audit.hygiene.unstratified",
                        "audit.hygiene.unstratified.fix",
                        params={"rule": rid, "u": u, "v": v, "cycle": cycle},
                        rule=rid,
                        file=_rule_file(kb, r),
                        clause=(r.clauses or (None,))[0],
                        subject={"predicates": sorted(comp)},
                    )
                )
    return out


def _duplicates(kb: KB) -> list[Finding]:
    out = []
    by_head: dict[tuple[str, int], list[Rule]] = defaultdict(list)
    for r in kb.rules:
        by_head[(r.head.pred, len(r.head.args))].append(r)
    for rules in by_head.values():
        for a, b in itertools.combinations(rules, 2):
            ab, ba = _subsumes(a, b), _subsumes(b, a)
            if ab and ba:
                pairs = [(b, a, "duplicate", "audit.hygiene.duplicate")]
            elif ab:
                pairs = [(b, a, "subsumed", "audit.hygiene.subsumed")]
            elif ba:
                pairs = [(a, b, "subsumed", "audit.hygiene.subsumed")]
            else:
                continue
            for special, general, kind, verb in pairs:
                out.append(
                    Finding(
                        "hygiene",
                        f"{kind}-rule",
                        "error",
                        verb,
                        "audit.hygiene.duplicate.fix",
                        params={"special": special.id, "general": general.id, "a": str(special), "b": str(general)},
                        rule=special.id,
                        file=_rule_file(kb, special),
                        clause=(special.clauses or (None,))[0],
                    )
                )
    return out


def _constants(kb: KB, d: _Domains) -> list[Finding]:
    out = []
    voc = kb.vocabulary
    for r in kb.rules:
        for lit in (r.head, *r.body):
            if lit.is_comparison or lit.pred not in kb.predicates:
                continue
            for i, a in enumerate(lit.args):
                if a.is_var or isinstance(a.value, int):
                    continue
                vals, label = d.get(lit.pred, i)
                if vals is None or a.value in vals:
                    continue
                if label == "rule heads" or kb.predicates[lit.pred].kind == "derived":
                    give = "、".join(sorted(map(str, vals))) or Phrase("audit.hygiene.nothing")
                    msg, fix = "audit.hygiene.no_conclusion", "audit.hygiene.no_conclusion.fix"
                else:
                    give = ""
                    msg, fix = "audit.hygiene.undeclared_constant", "audit.hygiene.undeclared_constant.fix"
                said = {"lit": str(lit), "pred": lit.pred, "value": a.value, "give": give, "label": label}
                out.append(
                    rule_finding(
                        kb,
                        r,
                        "hygiene",
                        "undeclared-constant",
                        "error",
                        "audit.rule_says",
                        fix,
                        subject={"constant": a.value},
                        params={"rule": r.id, "msg": Phrase(msg, said), **said},
                    )
                )
        if r.head.pred == "option" and len(r.head.args) == 3:
            out.extend(_option_head(kb, d, r, voc))
    return out


def _option_head(kb: KB, d: _Domains, r: Rule, voc: dict[str, Any]) -> list[Finding]:
    track, level, route = r.head.args
    out = []
    if track.is_var:
        return out
    routes = (voc.get("routes") or {}).get(track.value) or {}
    if (
        not route.is_var
        and route.value not in routes
        and route.value in {x for rs in voc.get("routes", {}).values() for x in rs}
    ):
        out.append(
            rule_finding(
                kb,
                r,
                "hygiene",
                "undeclared-constant",
                "error",
                "audit.hygiene.bad_route",
                "audit.hygiene.bad_route.fix",
                params={"rule": r.id, "route": route.value, "track": track.value, "routes": "、".join(routes)},
            )
        )
    allowed = (
        set(voc.get("exams") or ())
        if track.value == "exam"
        else set(((voc.get("ladders") or {}).get(track.value) or {}).get("levels") or ())
    )
    if not allowed:
        return out
    if not level.is_var:
        levels = {level.value}
    else:
        sets = [
            d.get(b.pred, j)[0]
            for b in r.body
            if not b.is_comparison
            for j, a in enumerate(b.args)
            if a.is_var and a.value == level.value
        ]
        sets = [s for s in sets if s is not None]
        levels = set(frozenset.intersection(*sets)) if sets else set()
    bad = sorted(str(x) for x in levels - allowed)
    if bad:
        out.append(
            rule_finding(
                kb,
                r,
                "hygiene",
                "undeclared-constant",
                "error",
                "audit.hygiene.bad_level_exam" if track.value == "exam" else "audit.hygiene.bad_level",
                "audit.hygiene.bad_level.fix",
                params={"rule": r.id, "track": track.value, "bad": "、".join(bad)},
            )
        )
    return out


def _option_restriction(kb: KB) -> list[Finding]:
    out = []
    for r in kb.option_rules:
        try:
            _, conds = _engine_split(kb, r)
        except KeyError:
            continue  # an undeclared predicate: reported above
        counts: dict[str, list[Atom]] = defaultdict(list)
        for c in conds:
            for v in c.variables():
                counts[v].append(c)
        for v, lits in sorted(counts.items()):
            if len(lits) > 1 and v not in r.head.variables():
                out.append(
                    rule_finding(
                        kb,
                        r,
                        "hygiene",
                        "engine-restriction",
                        "error",
                        "audit.hygiene.restriction",
                        "audit.hygiene.restriction.fix",
                        params={"rule": r.id, "v": v, "lits": " and ".join(f"`{x}`" for x in lits),
                                "lits_zh": "、".join(f"`{x}`" for x in lits)},
                    )
                )
    return out
