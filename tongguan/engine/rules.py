"""What the rule data says about an option rule, whatever back end evaluates it: its domain and
condition literals, the clauses and Chinese text of a condition, the committee-review items, and the
notes an answer carries about the profile as a whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..kb import KB, Atom, Rule, Term, load_kb  # noqa: F401  (load_kb: the doctests)
from ..profile import Profile
from .results import Condition
from .terms import ground

__all__ = [
    "answer_notes",
    "at_since",
    "condition_clauses",
    "condition_text",
    "field_order",
    "review_items",
    "split_body",
]


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


def at_since(kb: KB, c: Condition) -> Atom:
    """A holding condition's literal with its date bound to the day it holds from, so the derivation
    walked is the one that gave that day (e.g. the 近3年 window of the evaluation year)."""
    atom = c.literal
    pred = kb.predicates.get(atom.pred)
    if pred is None or not pred.dated or not atom.args or not atom.args[-1].is_var or not c.solutions:
        return atom
    var = atom.args[-1].value
    days = [s[var] for s in c.solutions if isinstance(s.get(var), int)]
    return ground(atom, {var: min(days)}) if days else atom


def field_order(path: str) -> tuple:
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


_DIGITS_ZH = "零一二三四五六七八九"


def _count_zh(n: int) -> str:
    """A count in Chinese numerals (1–99): 8 → 八, 12 → 十二, 20 → 二十.

    Examples
    --------
    >>> _count_zh(8), _count_zh(12), _count_zh(20), _count_zh(100)
    ('八', '十二', '二十', '100')
    """
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ((_DIGITS_ZH[tens] if tens > 1 else "") + "十" if tens else "") + (_DIGITS_ZH[ones] if ones else "")


def answer_notes(kb: KB, p: Profile, lang: str = "zh") -> list[str]:
    """Notes an answer carries about the profile as a whole (e.g. a series outside the eight), in `lang`;
    the texts are the policy's (kb/answer_notes.yaml).

    Examples
    --------
    >>> from tongguan.profile import parse_profile
    >>> answer_notes(load_kb(), parse_profile({"series": "工程"}))
    []
    >>> answer_notes(load_kb(), parse_profile({}), "en")
    ['No title series is given (series): the title routes assume it is one of the 8 opened series.']
    """
    notes: list[str] = []
    if not kb.notes:
        return notes  # a policy with no notes (e.g. no series to open)
    opened = (kb.vocabulary.get("series") or {}).get("opened") or []
    sep = "、" if lang == "zh" else ", "
    params = {"series": p.series, "opened": sep.join(opened), "count": len(opened), "count_zh": _count_zh(len(opened))}
    if p.series and p.series not in opened and "series_not_opened" in kb.notes:
        notes.append(kb.notes["series_not_opened"][lang].format(**params))
    if not p.series and "series_not_given" in kb.notes:
        notes.append(kb.notes["series_not_given"][lang].format(**params))
    return notes


def rules_below(kb: KB, preds: Iterable[str]) -> Iterator[Rule]:
    """Every rule defining `preds` or a derived predicate their bodies reach, each predicate once
    (depth first, the last named first).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> kb = load_kb()
    >>> all(r.head.pred in {"skill_at_least"} or kb.predicates[r.head.pred].kind == "derived"
    ...     for r in rules_below(kb, ["skill_at_least"]))
    True
    """
    todo, seen = list(preds), set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        for r in kb.rules_for(p):
            yield r
            todo += [b.pred for b in r.body if not b.is_comparison and kb.predicates[b.pred].kind == "derived"]
