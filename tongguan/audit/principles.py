"""The plan's principles B-3.1.2 and A1-6 (from the predicates' `concerns`), and the balance of
the crossings (B-2.2), read from the crossings the overpass graph is drawn from (`tongguan.planning`)."""

from __future__ import annotations

from typing import Any

from ..kb import KB, Atom, Rule, load_kb  # noqa: F401 (load_kb: for the doctests)
from ..planning.crossings import crossings as derive_crossings
from .logic import expansions
from .report import Finding, Phrase, _rule_file, rule_finding

# ---------------------------------------------------------------------------------------------
# 3. principles


def _concern_paths(kb: KB, lit: Atom, tags: set[str], path: tuple[str, ...], seen: frozenset) -> list[tuple]:
    """(path, predicate, tags) for every predicate tagged with one of `tags` that `lit` reaches."""
    if lit.is_comparison:
        return []
    hits = []
    p = kb.predicates.get(lit.pred)
    here = (*path, str(lit))
    if p is not None and set(p.concerns) & tags:
        hits.append((here, lit.pred, sorted(set(p.concerns) & tags)))
    for r, key, body in expansions(kb, lit):
        if key not in seen:
            for b in body:
                hits.extend(_concern_paths(kb, b, tags, (*here[:-1], f"{lit} ⇐ {r.id}"), seen | {key}))
    return hits


def _principle(kb: KB, check: str, rules: list[Rule], tags: tuple[str, ...], what: str, clause: str) -> list[Finding]:
    out = []
    for r in rules:
        best: dict[str, tuple] = {}
        for b in r.body:
            for path, pred, hit in _concern_paths(kb, b, set(tags), (), frozenset()):
                if pred not in best or len(path) < len(best[pred][0]):
                    best[pred] = (path, hit)
        for pred, (path, hit) in sorted(best.items()):
            out.append(
                rule_finding(
                    kb,
                    r,
                    check,
                    "principle",
                    "error",
                    "audit.principle",
                    "audit.principle.fix",
                    params={"what": what, "rule": r.id, "hit": "、".join(hit), "path": " → ".join(path), "pred": pred, "check": check},
                    clause=clause,
                    subject={"predicate": pred},
                )
            )
    return out


def _head_const(r: Rule, i: int) -> Any:
    a = r.head.args[i] if len(r.head.args) > i else None
    return None if a is None or a.is_var else a.value


_HEAD = {"track": 0, "level": 1, "route": 2}  # a principle's `rules` select option rules by their head


def check_principles(kb: KB) -> list[Finding]:
    """The KB's ``concerns`` principles (kb/principles.yaml): no option rule a principle governs
    conditions on a predicate tagged with a concern it forbids (here B-3.1.2, title routes: no
    学历/论文/外语/计算机; A1-6, exceptional routes: no 学历/资历/层级).

    Examples
    --------
    >>> check_principles(load_kb())
    []
    """
    out = []
    for p in kb.principles:
        if p["check"] != "concerns":
            continue
        rules = [r for r in kb.option_rules if all(_head_const(r, _HEAD[k]) == v for k, v in p["rules"].items())]
        out += _principle(kb, p["id"], rules, tuple(p["forbids"]), p["what"], p["clause"])
    return out


# ---------------------------------------------------------------------------------------------
# B-2.2 balance


def crossings(kb: KB) -> list[dict[str, Any]]:
    """The time each non-exceptional option rule naming its level needs, as the audit presents it: one row
    ``{rule, track, level, route, source: (ladder, level), years, years_from, clauses}`` per rule, read
    from the one derivation of the crossings (`tongguan.planning.crossings`, which the overpass graph
    draws too).  ``years`` is 0 and ``years_from`` None where no time is counted (不受年限限制).

    Examples
    --------
    >>> c = {x["rule"]: x for x in crossings(load_kb())}
    >>> c["title-intermediate-normal"]["source"], c["title-intermediate-normal"]["years"]
    (('skill', '技师'), 3)
    >>> c["skill-direct-senior-title"]["years"], c["skill-direct-senior-title"]["years_from"]
    (0, None)
    """
    by_rule: dict[str, list[Any]] = {}
    for c in derive_crossings(kb):
        by_rule.setdefault(c.rule.id, []).append(c)
    out = []
    for r in kb.option_rules:
        track, level, route = (_head_const(r, i) for i in range(3))
        if track not in ("title", "skill") or level is None or route == "exceptional":
            continue
        # where the crossing starts: a level of either ladder (not a qualification, award or class); the
        # one the years count from, else the highest level named (e.g. 副高级 over 高级工)
        starts = []
        for c in by_rule.get(r.id, ()):
            ladder, _, name = c.source.partition(":")
            if ladder in ("skill", "title") and c.target == f"{track}:{level}":
                rank = kb.rank(ladder, name) if name in kb.ladder(ladder) else 0
                starts.append(((c.years_from == "obtained", ladder != track, rank), c, (ladder, name)))
        if not starts:
            continue
        _, c, source = max(starts, key=lambda x: x[0])
        out.append(
            {
                "rule": r.id,
                "track": track,
                "level": level,
                "route": route,
                "source": source,
                "years": 0 if c.years is None else c.years,
                "years_from": c.years_from,
                "clauses": list(r.clauses),
            }
        )
    return out


def check_balance(kb: KB, principle: dict[str, Any] | None = None) -> tuple[list[Finding], list[dict[str, Any]]]:
    """B-2.2: per pair (skill level, title level), the years each direction needs; where skill→title
    is harsher than title→skill, a finding (``fact`` when kb/plan_facts.yaml accepts it).

    Harsher means more years, or as many years counted from obtaining the level (``取得…后满N年``)
    where the reverse counts cumulative work (``累计…N年``, which time before the title also fills).
    Fewer years counted from obtaining the level against more cumulative years is ``mixed``: which is
    harsher depends on the person's career, so it is not flagged.

    Examples
    --------
    >>> _, rows = check_balance(load_kb())
    >>> row = next(r for r in rows if r["title"] == "副高级")
    >>> row["skill_to_title"]["years"], row["title_to_skill"]["years"], row["verdict"]
    (4, 8, 'mixed: fewer years, counted from obtaining the level')
    """
    p = principle or next((x for x in kb.principles if x["check"] == "balance"), None)
    if p is None:
        return [], []
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for c in crossings(kb):
        ladder, src = c["source"]
        if ladder == c["track"]:
            continue  # within one ladder (e.g. 副高级 + 5 years → 正高级)
        key = (src, c["level"]) if c["track"] == "title" else (c["level"], src)
        direction = "skill_to_title" if c["track"] == "title" else "title_to_skill"
        row = pairs.setdefault(key, {"skill": key[0], "title": key[1], "skill_to_title": None, "title_to_skill": None})
        cur = row[direction]
        entry = {k: c[k] for k in ("rule", "route", "years", "years_from", "clauses")}
        if cur is None or (entry["years"], entry["years_from"] == "obtained") < (
            cur["years"],
            cur["years_from"] == "obtained",
        ):
            row[direction] = entry
    out, rows = [], []

    def order(k: tuple[str, str]) -> tuple:
        sk = kb.rank("skill", k[0]) if k[0] in kb.ladder("skill") else 0
        tk = kb.rank("title", k[1]) if k[1] in kb.ladder("title") else 0
        return (sk, tk)

    for key in sorted(pairs, key=order):
        row = pairs[key]
        st, ts = row["skill_to_title"], row["title_to_skill"]
        if st is None or ts is None:
            row["verdict"] = "one way only"
        elif st["years"] > ts["years"] or (
            st["years"] == ts["years"] and st["years_from"] == "obtained" and ts["years_from"] != "obtained"
        ):
            row["verdict"] = "skill→title harsher"
        elif st["years"] == ts["years"] and st["years_from"] == ts["years_from"]:
            row["verdict"] = "balanced"
        elif st["years_from"] == "obtained" and ts["years_from"] == "cumulative":
            row["verdict"] = "mixed: fewer years, counted from obtaining the level"
        else:
            row["verdict"] = "skill→title lighter"
        rows.append(row)
        if row["verdict"] == "skill→title harsher":
            out.append(
                Finding(
                    p["id"],
                    "balance",
                    "warning",
                    "audit.balance",
                    "audit.balance.fix",
                    params={
                        "skill": key[0], "title": key[1], "st_rule": st["rule"], "ts_rule": ts["rule"],
                        "st": _basis(st), "ts": _basis(ts), "id": p["id"], "named": p.get("named") or p["quote"],
                    },
                    rule=st["rule"],
                    file=_rule_file(kb, kb.rule(st["rule"])),
                    clause=p["clause"],
                    subject={"skill": key[0], "title": key[1]},
                )
            )
    return out, rows


def _basis(c: dict[str, Any]) -> Phrase:
    basis = c["years_from"] if c["years_from"] in ("obtained", "cumulative") else "none"
    return Phrase(f"audit.basis.{basis}", {"years": c["years"]})
