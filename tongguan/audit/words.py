"""Quote–body agreement: every rule says what the sentence it quotes says, no more and no less.

From a rule's ``source`` the grammar of `phrases` reads what the sentence fixes (years with their sense,
placings, levels, award kinds, medals, competition classes, series, exams, school classes with their
education, named conditions).  Each item must have its counterpart in the rule's body, followed through
the rules it uses (a constant, a comparison, a literal whose predicate declares the item's concern in
kb/predicates.yaml) or in the vocabulary rows it reads; and every constant of the body must be named by
the source, the clauses the rule cites, or the interpretation its ``note`` follows.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from ..kb import KB, Atom, Rule, load_kb  # noqa: F401 (load_kb: for the doctests)
from ..kbfiles import in_lang
from .hygiene import _Domains, infer_domains
from .logic import expansions
from .phrases import CONDITION_TAGS, Item, phrases
from .report import Finding, Phrase, rule_finding

# Vocabulary parts whose rows are the plan's enumerations, by the kind of item that names them.
_ROW_KINDS = {"series": "series", "exams": "exam", "technical_school_classes": "school"}
_CONST_KINDS = {
    "ladders.skill": "level",
    "ladders.title": "level",
    "ladders.qualification": "level",
    "awards": "award",
    "medals": "medal",
    "competition_classes": "class",
}


@dataclass
class Facets:
    """What a rule body fixes, read from its literals (``direct``) or through the rules it uses."""

    years: list[tuple[int, str, str | None, str]] = field(default_factory=list)  # N, sense, anchor, literal
    ranks: list[tuple[int, int, str]] = field(default_factory=list)  # N, team size, literal
    medals: list[tuple[frozenset, str]] = field(default_factory=list)
    consts: list[tuple[str, Any, str]] = field(default_factory=list)  # kind, value, literal
    rows: dict[str, list[tuple]] = field(default_factory=dict)  # vocab label → rows
    concerns: dict[str, str] = field(default_factory=dict)  # tag → literal
    years_preds: set[str] = field(default_factory=set)


def _label_kind(label: str) -> str | None:
    for part in label.split(" or "):
        if part in _CONST_KINDS:
            return _CONST_KINDS[part]
    return None


def _row_kind(label: str) -> str | None:
    return next((k for part, k in _ROW_KINDS.items() if label.startswith(part)), None)


def _var_bound(body: tuple[Atom, ...], var: str, ops: tuple[str, ...]) -> int | None:
    """The integer a comparison binds `var` to (``Rank <= 5``; ``Rank < 6`` gives 5)."""
    for b in body:
        if not b.is_comparison:
            continue
        left, right = b.args
        if left.is_var and left.value == var and isinstance(right.value, int) and not right.is_var and b.pred in ops:
            return right.value - 1 if b.pred == "<" else right.value + 1 if b.pred == ">" else right.value
    return None


def _medal_set(kb: KB, body: tuple[Atom, ...], lit: Atom) -> frozenset:
    medals = list(kb.vocabulary.get("medals") or ())
    m = lit.args[1]
    if not m.is_var:
        return frozenset({m.value})
    # medal_rank(M, R) & medal_rank(铜, RB) & R >= RB: 铜 and above
    rank_var = next(
        (b.args[1].value for b in body if b.pred == "medal_rank" and b.args[0] == m and b.args[1].is_var), None
    )
    for b in body:
        if b.is_comparison and b.pred in (">=", ">") and b.args[0].is_var and b.args[0].value == rank_var:
            floor = next(
                (
                    x.args[0].value
                    for x in body
                    if x.pred == "medal_rank" and x.args[1] == b.args[1] and not x.args[0].is_var
                ),
                None,
            )
            if floor in medals:
                i = medals.index(floor) + (1 if b.pred == ">" else 0)
                return frozenset(medals[i:])
    return frozenset(medals)


def _direct(kb: KB, d: _Domains, body: tuple[Atom, ...], head: Atom | None, out: Facets) -> None:
    from ..engine import vocab_facts

    for lit in body:
        if lit.is_comparison:
            continue
        p = kb.predicates.get(lit.pred)
        if p is None:
            continue
        text = str(lit)
        for tag in p.concerns:
            out.concerns.setdefault(tag, text)
        for i, a in enumerate(lit.args):
            if a.is_var:
                continue
            name = p.args[i] if i < len(p.args) else ""
            if name == "Years" and isinstance(a.value, int):
                anchor = next(
                    (
                        x.value
                        for j, x in enumerate(lit.args)
                        if not x.is_var and _label_kind(d.get(lit.pred, j)[1]) == "level"
                    ),
                    None,
                )
                sense = "cumulative" if lit.pred == "cumulative_years" else "after"
                out.years.append((a.value, sense, anchor, text))
                continue
            kind = _label_kind(d.get(lit.pred, i)[1])
            if kind:
                out.consts.append((kind, a.value, text))
        window = [n for n in p.args if re.fullmatch(r"Year\d+", n)] if p.kind == "builtin" else []
        if window:  # a builtin giving the years of a 近N年 window (assessment_window: Year1..Year3)
            out.years.append((len(window), "recent", None, text))
        if p.dated and "资历" in p.concerns:  # years of service, not the dated 近3年 window
            out.years_preds.add(text)
        if lit.pred == "award_placing" and len(lit.args) == 3 and lit.args[1].is_var:
            n = _var_bound(body, lit.args[1].value, ("<=", "<", "=="))
            team = lit.args[2]
            size = team.value if not team.is_var else _var_bound(body, team.value, (">=", ">", "=="))
            if n is not None:
                out.ranks.append((n, size or 1, f"{text} & {lit.args[1]} <= {n}"))
        if lit.pred == "award_medal" and len(lit.args) == 2:
            out.medals.append((_medal_set(kb, body, lit), text))
        if p.kind == "vocab":
            label = p.source or ""
            if _row_kind(label):
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    out.rows.setdefault(label, vocab_facts(kb, lit.pred))
    if head is not None and head.pred == "option" and len(head.args) == 3:
        track, level = head.args[0], head.args[1]
        if not track.is_var and track.value == "exam" and not level.is_var:
            out.consts.append(("exam", level.value, str(head)))


def facets(kb: KB, d: _Domains, rule: Rule, deep: bool) -> Facets:
    """What `rule`'s body fixes: its own literals, and with `deep` those of the rules it uses
    (unifying the constants of each call with the rule heads, as the principle checks do).

    Examples
    --------
    >>> kb = load_kb()
    >>> f = facets(kb, infer_domains(kb), kb.rule("exceptional-deputy-national-class1-pair"), deep=False)
    >>> [(n, team) for n, team, _ in f.ranks], sorted(v for k, v, _ in f.consts)
    ([(3, 2)], ['一类', '国家级技能竞赛'])
    """
    out = Facets()
    _direct(kb, d, rule.body, rule.head, out)
    if not deep:
        return out
    seen: set[tuple] = set()

    def walk(lit: Atom) -> None:
        for _, key, body in expansions(kb, lit):
            if key in seen:
                continue
            seen.add(key)
            _direct(kb, d, body, None, out)
            for b in body:
                if not b.is_comparison and not b.negated:
                    walk(b)

    for b in rule.body:
        if not b.is_comparison and not b.negated:
            walk(b)
    return out


# ---------------------------------------------------------------------------------------------
# the check


def _clause_of(kb: KB, rule: Rule, phrase: str) -> str | None:
    for c in rule.clauses:
        if phrase and phrase in kb.clause_text(c).replace(" ", ""):
            return c
    return (rule.clauses or (None,))[0]


def _naming_texts(kb: KB, rule: Rule) -> list[str]:
    """The source, the cited clauses (a container cited without any of its items speaks for its whole
    subtree), and the reading of the interpretation the rule follows."""
    texts = [rule.source, *(kb.clause_text(c) for c in rule.clauses)]
    children: dict[str, list[str]] = {}
    for c in kb.clauses.values():
        if c.parent:
            children.setdefault(c.parent, []).append(c.id)
    for c in rule.clauses:
        if not any(x != c and x.startswith(c + ".") for x in rule.clauses):
            stack = list(children.get(c, ()))
            while stack:
                k = stack.pop()
                texts.append(kb.clause_text(k))
                stack.extend(children.get(k, ()))
    if rule.note:
        readings = [e.get("reading") for e in kb.interpretations if e.get("id") == rule.note]
        texts += [in_lang(t, lang) for t in readings for lang in ("zh", "en")]
    return texts


def code(text: str) -> Phrase:
    """A literal (or literals) of a rule as a message parameter: in backticks in Chinese."""
    return Phrase("audit.words.code", {"code": text})


def joined(parts: list[Any]) -> Any:
    """Parts (phrases or texts) said one after another, separated by 「；」 ("; " in English)."""
    out = parts[-1]
    for p in reversed(parts[:-1]):
        out = Phrase("audit.words.then", {"a": p, "b": out})
    return out


def _says(kb: KB, r: Rule, item: Item, has: Any, clause: str | None = None) -> Phrase:
    clause = clause or _clause_of(kb, r, item.phrase)
    said = f"{item.phrase}（相当于{item.value[1]}）" if item.kind == "school" else item.phrase
    return Phrase("audit.words.says", {"rule": r.id, "clause": clause, "said": said, "has": has})


def _finding(
    kb: KB, r: Rule, kind: str, message: Phrase, fix: Phrase, clause: str | None, phrase: str, constant: Any = None
) -> Finding:
    return rule_finding(
        kb,
        r,
        "words",
        kind,
        "error",
        "audit.words.finding",
        "audit.words.finding.fix",
        clause=clause,
        subject={"phrase": phrase, "constant": None if constant is None else str(constant)},
        params={"message": message, "fix": fix},
    )


def _codes(texts: Any, none: str) -> Any:
    """Literal texts joined by "; " (sorted when a set), or the phrase `none` when there is none."""
    texts = sorted(texts) if isinstance(texts, set) else list(texts)
    return code("; ".join(texts)) if texts else Phrase(none)


def forward(kb: KB, r: Rule, items: list[Item], f: Facets, clause: str | None = None) -> list[Finding]:
    """Every item the sentence fixes has its counterpart in the body (`f`, followed through the rules)."""
    out = []

    def miss(item: Item, kind: str, has: Any, constant: Any = None) -> None:
        cl = clause or _clause_of(kb, r, item.phrase)
        out.append(
            _finding(
                kb,
                r,
                kind,
                _says(kb, r, item, has, cl),
                Phrase("audit.words.says.fix", {"rule": r.id, "phrase": item.phrase}),
                cl,
                item.phrase,
                constant,
            )
        )

    consts: dict[str, set] = {}
    for kind, value, _ in f.consts:
        consts.setdefault(kind, set()).add(value)
    groups: dict[int, list[Item]] = {}
    for item in items:
        if item.group:
            groups.setdefault(item.group, []).append(item)
    done_groups: set[int] = set()
    for item in items:
        if item.kind == "years":
            same = [y for y in f.years if y[1] == item.sense]
            hits = [y for y in same if y[0] == item.value]
            anchored = [y for y in hits if y[2]]  # the years' level, where the body names one
            if not hits or (item.anchor and anchored and not any(y[2] == item.anchor for y in anchored)):
                same = anchored or same
                near = (same or f.years or [(None,)])[0][0]
                have = code((same or f.years)[0][3]) if same or f.years else Phrase("audit.words.no_years")
                miss(item, "years", have, near)
        elif item.kind == "no-time-limit":
            if f.years_preds:
                miss(item, "years", code("; ".join(sorted(f.years_preds))))
        elif item.kind == "rank":
            n, team = item.value
            if not any(x[0] == n and x[1] == team for x in f.ranks):
                same = [x for x in f.ranks if x[1] == team] or f.ranks
                have = code("; ".join(x[2] for x in same)) if same else Phrase("audit.words.no_placing")
                miss(item, "rank", have, same[0][0] if same else None)
        elif item.kind in ("level", "award") and item.group:
            if item.group in done_groups or (item.kind == "level" and item.sense != "required"):
                continue
            done_groups.add(item.group)
            alts = groups[item.group]
            if item.kind == "level":
                held = {v for k, v, _ in f.consts if k == "level"}
                if not any(a.value[1] in held for a in alts):
                    have = _codes({t for k, _, t in f.consts if k == "level"}, "audit.words.no_level")
                    miss(item, "level", have, "、".join(sorted(held)) or None)
            else:
                held = consts.get("award", set())
                if not any(set(a.value) & held for a in alts):
                    have = _codes({t for k, _, t in f.consts if k == "award"}, "audit.words.no_award")
                    miss(item, "award", have, "、".join(sorted(held)) or None)
        elif item.kind == "class":
            if item.value not in consts.get("class", set()):
                have = _codes([t for k, _, t in f.consts if k == "class"], "audit.words.no_class")
                miss(item, "class", have)
        elif item.kind == "medal":
            if not any(m == frozenset(item.value) for m, _ in f.medals):
                admits = [Phrase("audit.words.admits", {"code": t, "medals": "、".join(sorted(m))}) for m, t in f.medals]
                have = joined(admits) if admits else Phrase("audit.words.no_medal")
                miss(item, "medal", have, "、".join(sorted(f.medals[0][0])) if f.medals else None)
        elif item.kind in ("series", "exam"):
            rows = {row[0] for label, rs in f.rows.items() if _row_kind(label) == item.kind for row in rs}
            if item.value not in rows | consts.get(item.kind, set()):
                have = (
                    Phrase("audit.words.rows", {"rows": "、".join(sorted(map(str, rows)))})
                    if rows
                    else Phrase(f"audit.words.no_{item.kind}")
                )
                miss(item, item.kind, have)
        elif item.kind == "school":
            names, edu = item.value
            rows = {row[0]: row[1] for label, rs in f.rows.items() if _row_kind(label) == "school" for row in rs}
            got = {n: rows[n] for n in names if n in rows}
            if not got:
                miss(item, "school", Phrase("audit.words.no_school_row", {"names": "、".join(names)}))
            for n, e in got.items():
                if e != edu:
                    miss(item, "school", Phrase("audit.words.school_row", {"cls": n, "edu": e}), f"{n}: {e}")
        elif item.kind == "condition" and item.value not in f.concerns:
            miss(item, "condition", Phrase("audit.words.no_concern", {"tag": item.value}))
    return out


def backward(kb: KB, r: Rule, own: list[Item], named: list[Item], f: Facets) -> list[Finding]:
    """Every constant of the body (`f`: the rule's own literals) is named: numbers by the source
    (`own`), other constants by the source, the cited clauses or the interpretation (`named`)."""
    out = []
    clause = (r.clauses or (None,))[0]

    sources = Phrase(
        "audit.words.sources_note" if r.note else "audit.words.sources",
        {"clauses": ", ".join(r.clauses), "note": r.note},
    )

    def extra(kind: str, what: Any, constant: Any) -> None:
        out.append(
            _finding(
                kb,
                r,
                kind,
                Phrase("audit.words.extra", {"rule": r.id, "what": what, "sources": sources}),
                Phrase("audit.words.extra.fix", {"rule": r.id, "constant": constant}),
                clause,
                str(constant),
                constant,
            )
        )

    years = {(i.value, i.sense) for i in own if i.kind == "years"}
    for n, sense, _, text in f.years:
        if (n, sense) not in years:
            extra("years", code(text), n)
    ranks = {i.value for i in own if i.kind == "rank"}
    for n, team, text in f.ranks:
        if (n, team) not in ranks:
            extra("rank", code(text), n)
    names: dict[str, set] = {}
    for i in named:
        names.setdefault(i.kind, set()).update(i.names())
    for kind, value, text in f.consts:
        if value not in names.get(kind, set()):
            extra(kind, Phrase("audit.words.const", {"code": text, "value": value}), value)
    for m, text in f.medals:
        if len(m) == 1 and not m <= names.get("medal", set()):
            extra("medal", code(text), next(iter(m)))
    for label, rows in f.rows.items():
        kind = _row_kind(label)
        if kind == "school":
            pairs = {n: i.value[1] for i in named if i.kind == "school" for n in i.value[0]}
            for cls, edu in rows:
                if pairs.get(cls) != edu:
                    said = f"{cls} → {pairs[cls]}" if cls in pairs else Phrase("audit.words.plan_no", {"cls": cls})
                    extra(
                        "school",
                        Phrase("audit.words.extra_school_row", {"cls": cls, "edu": edu, "label": label, "said": said}),
                        f"{cls}: {edu}",
                    )
        else:
            for row in rows:
                if row[0] not in names.get(kind, set()):
                    extra(kind, Phrase("audit.words.extra_row", {"row": row[0], "label": label}), row[0])
    tags = set(CONDITION_TAGS.values())
    said = {i.value for i in named if i.kind == "condition"}
    for lit in r.body:
        p = kb.predicates.get(lit.pred)
        if p is None or p.kind != "base":
            continue
        for t in set(p.concerns) & tags - said:
            extra("condition", Phrase("audit.words.extra_concern", {"code": str(lit), "tag": t}), lit.pred)
    return out


def _parameters(kb: KB, d: _Domains, r: Rule) -> set[str]:
    """Item kinds a generic rule takes from its caller: a head variable where a level or a number of
    years goes (``years_after_skill(L, N, Since)`` quotes 「满…年」 with no number of its own)."""
    if r.head.pred == "option":
        return set()
    p = kb.predicates.get(r.head.pred)
    out = set()
    for i, a in enumerate(r.head.args):
        if not a.is_var:
            continue
        if p is not None and i < len(p.args) and p.args[i] == "Years":
            out.add("years")
        if _label_kind(d.get(r.head.pred, i)[1]) == "level":
            out.add("level")
    return out


def check_words(kb: KB, d: _Domains | None = None) -> list[Finding]:
    """Quote–body agreement for every rule, both ways.

    Examples
    --------
    >>> check_words(load_kb())
    []
    """
    d = d or infer_domains(kb)
    out: list[Finding] = []
    for r in kb.rules:
        own = phrases(kb, r.source)
        params = _parameters(kb, d, r)
        own = [i for i in own if i.kind not in params]
        named = [i for t in _naming_texts(kb, r) for i in phrases(kb, t)]
        out.extend(forward(kb, r, own, facets(kb, d, r, deep=True)))
        out.extend(backward(kb, r, own, named, facets(kb, d, r, deep=False)))
    return out
