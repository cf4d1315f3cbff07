"""The plan's structure, checked on the rules and the vocabulary.

- **Level headings**: a rule citing an item under a level's heading (A1-5.2 中级职称, A1-6.2 …副高级职称：,
  A2-5.3 高级技师 …) and concluding a level of that ladder concludes that level.
- **上述条件**: the 「除必须达到上述条件外」 of A1-5 and A2-5 — every option rule citing them or an item
  under them reaches (through the rules it uses) a rule citing each basic condition before them
  (A1-1…A1-4, A2-1…A2-4); and a rule encoding exactly those clauses reaches every condition they name.
- **Enumerations**: a vocabulary list the plan enumerates (kb/vocabulary.yaml `enumerations`: the part and
  the clause) equals the enumeration, in the plan's order; each award kind cites the clause that names it,
  and the awards named under A1-6.1/A1-6.2/A1-6.3 open 破格 at that level and no other.
"""

from __future__ import annotations

from typing import Any

from ..kb import KB, Rule, load_kb  # noqa: F401 (load_kb: for the doctests)
from .hygiene import _Domains, infer_domains
from .phrases import Item, phrases
from .report import Finding, Phrase, rule_finding
from .words import _label_kind, facets, forward, joined

BASICS_PHRASE = "除必须达到上述条件外"


def _children(kb: KB) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in kb.clauses.values():
        if c.parent:
            out.setdefault(c.parent, []).append(c.id)
    return out


def level_headings(kb: KB) -> dict[str, Item]:
    """Containers whose heading (or, without one, whose text) names one level: clause ID → the item.

    Examples
    --------
    >>> h = level_headings(load_kb())
    >>> h["A1-5.2"].value, h["A1-6.3"].value, h["A2-5.3"].value
    (('title', '中级'), ('title', '正高级'), ('skill', '高级技师'))
    """
    children = _children(kb)
    out = {}
    for c in kb.clauses.values():
        if not children.get(c.id):
            continue
        levels = [i for i in phrases(kb, c.heading or c.text) if i.kind == "level"]
        if len({i.value for i in levels}) == 1:
            out[c.id] = levels[0]
    return out


def _ancestors(kb: KB, cid: str) -> list[str]:
    out = []
    c = kb.clauses.get(cid)
    while c is not None:
        out.append(c.id)
        c = kb.clauses.get(c.parent) if c.parent else None
    return out


def _head_levels(kb: KB, d: _Domains, r: Rule) -> list[tuple[str, str]]:
    """(ladder, level) constants the head concludes."""
    h = r.head
    if h.pred == "option" and len(h.args) == 3:
        track, level = h.args[0], h.args[1]
        if not track.is_var and not level.is_var and track.value in ("title", "skill"):
            return [(track.value, level.value)]
        return []
    out = []
    for i, a in enumerate(h.args):
        label = d.get(h.pred, i)[1]
        if not a.is_var and _label_kind(label) == "level":
            out.append((label.split(".")[-1].split(" ")[0], a.value))
        elif not a.is_var and h.pred == "exceptional_tier":
            out.append(("title", a.value))
    return out


def _reached_clauses(kb: KB, r: Rule) -> set[str]:
    """Clauses cited by `r` and by every rule its body reaches (through the predicates)."""
    seen, stack, out = {r.id}, [r], set(r.clauses)
    while stack:
        cur = stack.pop()
        for b in cur.body:
            for q in kb.rules_for(b.pred):
                if q.id not in seen:
                    seen.add(q.id)
                    out.update(q.clauses)
                    stack.append(q)
    return out


def _headings(kb: KB, d: _Domains) -> list[Finding]:
    heads = level_headings(kb)
    out = []
    for r in kb.rules:
        concluded = _head_levels(kb, d, r)
        if not concluded:
            continue
        for cid in r.clauses:
            for anc in _ancestors(kb, cid):
                if anc not in heads:
                    continue
                item = heads[anc]
                ladder, level = item.value
                same = [lv for lad, lv in concluded if lad == ladder]
                if same and level not in same:
                    heading = kb.clauses[anc].heading or kb.clauses[anc].text
                    out.append(
                        rule_finding(
                            kb,
                            r,
                            "structure",
                            "level-heading",
                            "error",
                            "audit.structure.heading",
                            "audit.structure.heading.fix",
                            params={
                                "rule": r.id,
                                "cid": cid,
                                "anc": anc,
                                "heading": heading,
                                "phrase": item.phrase,
                                "same": "、".join(same),
                                "head": str(r.head),
                                "level": level,
                                "other": same[0],
                            },
                            clause=cid,
                            subject={"phrase": item.phrase, "constant": same[0]},
                        )
                    )
                break
    return out


def _basics(kb: KB, d: _Domains) -> list[Finding]:
    out = []
    children = _children(kb)
    for c in kb.clauses.values():
        if BASICS_PHRASE not in c.text:
            continue
        before = [x for x in kb.clauses.values() if x.part == c.part and x.parent is None]
        basics = [x.id for x in before[: before.index(c)] if x.text.strip()]
        under = {c.id}
        stack = [c.id]
        while stack:
            k = stack.pop()
            under.update(children.get(k, ()))
            stack.extend(children.get(k, ()))
        for r in kb.option_rules:
            if not set(r.clauses) & under:
                continue
            missing = [b for b in basics if b not in _reached_clauses(kb, r)]
            if missing:
                out.append(
                    rule_finding(
                        kb,
                        r,
                        "structure",
                        "basic-conditions",
                        "error",
                        "audit.structure.basics",
                        "audit.structure.basics.fix",
                        params={
                            "rule": r.id,
                            "cid": c.id,
                            "phrase": BASICS_PHRASE,
                            "basics": "、".join(basics),
                            "missing": "、".join(missing),
                        },
                        clause=c.id,
                        subject={"phrase": BASICS_PHRASE, "constant": "、".join(missing)},
                    )
                )
        # the rules that encode the basic conditions reach every condition those clauses name
        for r in kb.rules:
            if r.clauses and set(r.clauses) <= set(basics) and len(r.clauses) == len(basics):
                f = facets(kb, d, r, deep=True)
                for b in r.clauses:
                    items = [i for i in phrases(kb, kb.clause_text(b)) if i.kind in ("condition", "years")]
                    for finding in forward(kb, r, items, f, clause=b):
                        finding.check, finding.kind = "structure", "basic-conditions"
                        out.append(finding)
    return out


def _vocab_part(kb: KB, part: str) -> Any:
    data: Any = kb.vocabulary
    for p in part.split("."):
        data = data.get(p) if isinstance(data, dict) else None
    return data


_PART_KIND = {"series.opened": "series", "exams": "exam", "technical_school_classes": "school"}


def _enumerations(kb: KB) -> list[Finding]:
    out = []

    def bad(kind: str, msg: Phrase, fix: Phrase, clause: str | None, phrase: str, constant: Any = None) -> None:
        out.append(
            Finding(
                "structure",
                kind,
                "error",
                "audit.structure.finding",
                "audit.structure.finding.fix",
                params={"message": msg, "fix": fix},
                file="vocabulary.yaml",
                clause=clause,
                subject={"phrase": phrase, "constant": None if constant is None else str(constant)},
            )
        )

    enums = kb.vocabulary.get("enumerations") or {}
    for part, spec in enums.items():
        clause = str((spec or {}).get("clause") if isinstance(spec, dict) else spec)
        if clause not in kb.clauses:
            bad(
                "enumeration",
                Phrase("audit.structure.enum_clause", {"part": part, "clause": clause}),
                Phrase("audit.structure.enum_clause.fix"),
                clause,
                part,
            )
            continue
        kind = _PART_KIND.get(part)
        listed = _vocab_part(kb, part)
        said = [i for i in phrases(kb, kb.clause_text(clause)) if i.kind == kind]
        if kind in ("series", "exam"):
            plan = [i.value for i in said]
            have = list(listed or ())
            if have != plan:
                extra = [x for x in have if x not in plan]
                lack = [x for x in plan if x not in have]
                parts = [Phrase("audit.structure.also_has", {"items": "、".join(extra)})] if extra else []
                parts += [Phrase("audit.structure.lacks", {"items": "、".join(lack)})] if lack else []
                what = joined(parts) if parts else Phrase("audit.structure.other_order")
                bad(
                    "enumeration",
                    Phrase("audit.structure.enum_list", {"part": part, "clause": clause, "plan": "、".join(plan), "what": what}),
                    Phrase("audit.structure.enum_list.fix", {"part": part, "clause": clause}),
                    clause,
                    (lack or extra or plan)[0],
                    (extra or lack or [None])[0],
                )
        elif kind == "school":
            pairs = {n: i.value[1] for i in said for n in i.value[0]}
            order = list(dict.fromkeys(i.value[1] for i in said))
            mapping = dict(listed or {})
            for cls, edu in mapping.items():
                if pairs.get(cls) != edu:
                    said_edu = f"{cls} 相当于 {pairs[cls]}" if cls in pairs else Phrase("audit.words.plan_no", {"cls": cls})
                    paired = pairs[cls] if cls in pairs else Phrase("audit.structure.paired_edu")
                    bad(
                        "enumeration",
                        Phrase(
                            "audit.structure.school_row",
                            {"part": part, "cls": cls, "edu": edu, "clause": clause, "said": said_edu},
                        ),
                        Phrase("audit.structure.school_row.fix", {"cls": cls, "edu": paired}),
                        clause,
                        cls,
                        f"{cls}: {edu}",
                    )
            for cls, edu in pairs.items():
                if cls not in mapping and not any(cls in i.value[0] and set(i.value[0]) & set(mapping) for i in said):
                    bad(
                        "enumeration",
                        Phrase("audit.structure.school_lacks", {"part": part, "cls": cls, "clause": clause, "edu": edu}),
                        Phrase("audit.structure.school_lacks.fix", {"cls": cls, "edu": edu}),
                        clause,
                        cls,
                    )
            have_order = list(dict.fromkeys(mapping.values()))
            if have_order != order:
                bad(
                    "enumeration",
                    Phrase(
                        "audit.structure.school_order",
                        {"part": part, "have": "、".join(have_order), "clause": clause, "order": "、".join(order)},
                    ),
                    Phrase("audit.structure.school_order.fix"),
                    clause,
                    "、".join(order),
                )
    # award kinds: each cites the clause naming it
    for kind, spec in (kb.vocabulary.get("awards") or {}).items():
        cl = (spec or {}).get("clause") if isinstance(spec, dict) else None
        if cl is None:
            continue  # not every vocabulary carries the citations
        names = {n for i in phrases(kb, kb.clause_text(str(cl))) if i.kind == "award" for n in i.value}
        if kind not in names:
            bad(
                "award-clause",
                Phrase("audit.structure.award_clause", {"kind": kind, "clause": cl}),
                Phrase("audit.structure.award_clause.fix"),
                str(cl),
                kind,
                kind,
            )
    return out


def _awards_at_levels(kb: KB, d: _Domains) -> list[Finding]:
    """The awards named under each A1-6 level container open 破格 at that level, and only there."""
    heads = level_headings(kb)
    children = _children(kb)
    out = []
    tier_rules = kb.rules_for("exceptional_tier")
    at_level: dict[str, set[str]] = {}
    for r in tier_rules:
        lv = r.head.args[0].value if r.head.args and not r.head.args[0].is_var else None
        at_level.setdefault(str(lv), set()).update(v for k, v, _ in facets(kb, d, r, deep=False).consts if k == "award")
    named_at: dict[str, dict[str, str]] = {}
    for cid, item in heads.items():
        if not any(r.head.pred == "exceptional_tier" and cid in _ancestors_all(kb, r) for r in tier_rules):
            continue
        level = item.value[1]
        for k in children.get(cid, ()):
            for i in phrases(kb, kb.clause_text(k)):
                if i.kind == "award":
                    named_at.setdefault(level, {}).update({i.value[0]: k})
    for level, awards in named_at.items():
        for award, cid in awards.items():
            if award not in at_level.get(level, set()):
                out.append(
                    Finding(
                        "structure",
                        "award-level",
                        "error",
                        "audit.structure.award_unopened",
                        "audit.structure.award_unopened.fix",
                        params={"cid": cid, "award": award, "level": level},
                        clause=cid,
                        subject={"phrase": award, "constant": level},
                    )
                )
    for r in tier_rules:
        lv = r.head.args[0].value if r.head.args and not r.head.args[0].is_var else None
        for k, award, _ in facets(kb, d, r, deep=False).consts:
            if k == "award" and named_at and award not in named_at.get(str(lv), {}):
                where = next((f"{lvl} ({awards[award]})" for lvl, awards in named_at.items() if award in awards), None)
                out.append(
                    rule_finding(
                        kb,
                        r,
                        "structure",
                        "award-level",
                        "error",
                        "audit.structure.award_level" if where else "audit.structure.award_nowhere",
                        "audit.structure.award_level.fix",
                        params={"rule": r.id, "award": award, "lv": lv, "where": where},
                        subject={"phrase": award, "constant": str(lv)},
                    )
                )
    return out


def _ancestors_all(kb: KB, r: Rule) -> set[str]:
    return {a for c in r.clauses for a in _ancestors(kb, c)}


def check_structure(kb: KB, d: _Domains | None = None) -> list[Finding]:
    """Level headings, the basic conditions of A1-5/A2-5, the vocabulary's enumerations.

    Examples
    --------
    >>> check_structure(load_kb())
    []
    """
    d = d or infer_domains(kb)
    return [*_headings(kb, d), *_basics(kb, d), *_enumerations(kb), *_awards_at_levels(kb, d)]
