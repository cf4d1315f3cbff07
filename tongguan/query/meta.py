"""The meta predicates: facts about the rule base itself, derived from the KB's rule data.

A query over the KB asks these together with the vocabulary and the builtins (``rule(Id, Head)``,
``cites(Id, Clause)``, ``depends(Id, Predicate)`` …); a query over a person adds that person's facts, what
the rules derive from them, and ``status``.  Every row is computed from `tongguan.kb.KB` once per KB,
never kept by hand: a rule added to kb/rules/ shows up in every meta predicate.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from ..kb import KB, Atom, Rule

__all__ = ["META", "MetaPredicate", "meta_rows", "option_groundings", "vocabulary_constants"]


@dataclass(frozen=True)
class MetaPredicate:
    """A meta predicate: its arguments, its Chinese and English reading, and the scope it needs."""

    name: str
    args: tuple[str, ...]
    doc: str
    doc_en: str
    person: bool = False  # about one person: needs --profile or --roster

    @property
    def kind(self) -> str:
        return "meta-person" if self.person else "meta"


def _m(name: str, args: str, doc: str, doc_en: str, person: bool = False) -> MetaPredicate:
    return MetaPredicate(name, tuple(args.split()), doc, doc_en, person)


META: dict[str, MetaPredicate] = {
    m.name: m
    for m in (
        _m("predicate", "Name Kind", "声明的谓词及其种类（base/vocab/builtin/derived/option/meta）", "a declared predicate and its kind"),
        _m("rule", "Id Head", "规则 Id 的结论谓词", "rule Id concludes predicate Head"),
        _m("source", "Id Text", "规则 Id 所依据的方案原文", "the plan's sentence rule Id encodes"),
        _m("uses", "Id Predicate", "规则 Id 的条件中直接用到的谓词", "a predicate in rule Id's body"),
        _m("depends", "Id Predicate", "规则 Id 直接或间接依赖的谓词（经由定义它们的规则）", "a predicate rule Id depends on, transitively"),
        _m("cites", "Id Clause", "规则 Id 引用的条款", "a clause rule Id cites"),
        _m("cites_under", "Id Clause", "规则 Id 及其所依赖的规则引用的条款", "a clause rule Id or a rule below it cites"),
        _m("concerns", "Predicate Tag", "谓词涉及的条件类别（学历、资历、层级、外语……）", "a tag of what the predicate conditions on"),
        _m("needs", "Id Tag", "规则 Id 直接或间接依赖涉及 Tag 的谓词", "rule Id depends on a predicate concerning Tag"),
        _m("option_rule", "Id Track Level Route", "规则 Id 得出的申报事项（类别、层级、途径）", "the option rule Id concludes"),
        _m("award_opens", "Kind Level", "奖项 Kind 直接对应的破格层级（附件1第六条）", "award Kind is listed for the exceptional route at Level"),
        _m("clause", "Id Text", "方案条款及其文字", "a clause of the plan and its text"),
        _m("interpretation", "Id Clause", "解释 Id 涉及的条款", "interpretation Id concerns the clause"),
        _m("follows", "Id Interpretation", "规则 Id 采用的解释", "rule Id follows the interpretation"),
        _m("not_encoded", "Clause Reason", "未编码的条款及原因", "a clause no rule encodes, and why"),
        _m(
            "status",
            "Track Level Route Status",
            "此人各申报事项的状态（eligible/conditional/not_yet/ineligible）",
            "the status of each of the person's options",
            person=True,
        ),
    )
}

_TABLES: weakref.WeakKeyDictionary[KB, dict[str, list[tuple]]] = weakref.WeakKeyDictionary()


def meta_rows(kb: KB, name: str) -> list[tuple]:
    """The rows of a (KB-wide) meta predicate, computed once per KB.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> ("title-exceptional", "option") in meta_rows(load_kb(), "rule")
    True
    >>> ("中华技能大奖", "正高级") in meta_rows(load_kb(), "award_opens")
    True
    """
    tables = _TABLES.get(kb)
    if tables is None:
        tables = _TABLES[kb] = _tables(kb)
    return tables[name]


def _body_preds(rule: Rule) -> list[str]:
    return list(dict.fromkeys(b.pred for b in rule.body if not b.is_comparison))


def _closure(kb: KB) -> dict[str, list[str]]:
    """Each rule → every predicate it depends on, through the rules defining its body's predicates."""
    out: dict[str, list[str]] = {}
    for rule in kb.rules:
        seen: dict[str, None] = {}
        todo = _body_preds(rule)
        while todo:
            p = todo.pop(0)
            if p in seen:
                continue
            seen[p] = None
            for r in kb.rules_for(p):
                todo.extend(_body_preds(r))
        out[rule.id] = list(seen)
    return out


def _tables(kb: KB) -> dict[str, list[tuple]]:
    closure = _closure(kb)
    t: dict[str, list[tuple]] = {}
    t["predicate"] = [(p.name, p.kind) for p in kb.predicates.values()] + [(m.name, m.kind) for m in META.values()]
    t["rule"] = [(r.id, r.head.pred) for r in kb.rules]
    t["source"] = [(r.id, r.source) for r in kb.rules]
    t["uses"] = [(r.id, p) for r in kb.rules for p in _body_preds(r)]
    t["depends"] = [(r.id, p) for r in kb.rules for p in closure[r.id]]
    t["cites"] = [(r.id, c) for r in kb.rules for c in r.clauses]
    under = []
    for r in kb.rules:
        clauses = dict.fromkeys(r.clauses)
        for p in closure[r.id]:
            for d in kb.rules_for(p):
                clauses.update(dict.fromkeys(d.clauses))
        under.extend((r.id, c) for c in clauses)
    t["cites_under"] = under
    t["concerns"] = [(p.name, tag) for p in kb.predicates.values() for tag in p.concerns]
    tags = {p.name: p.concerns for p in kb.predicates.values()}
    t["needs"] = [
        (r.id, tag) for r in kb.rules for tag in dict.fromkeys(x for p in closure[r.id] for x in tags.get(p, ()))
    ]
    t["option_rule"] = [
        (r.id, *(env.get(a.value) if a.is_var else a.value for a in r.head.args))
        for r in kb.option_rules
        for env in option_groundings(kb, r)
    ]
    t["award_opens"] = _award_opens(kb)
    t["clause"] = [(c, kb.clause_text(c)) for c in kb.clauses]
    t["interpretation"] = [(str(i["id"]), str(c)) for i in kb.interpretations for c in i.get("clauses") or ()]
    t["follows"] = [(r.id, r.note) for r in kb.rules if r.note]
    t["not_encoded"] = list(kb.not_encoded.items())
    return t


def option_groundings(kb: KB, rule: Rule) -> list[dict[str, Any]]:
    """The values of an option rule's head variables its vocabulary literals allow (the engine's
    `split_body` domain), solved by the query evaluator over the vocabulary alone.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> kb = load_kb()
    >>> [e["L"] for e in option_groundings(kb, kb.rule("title-exceptional"))]
    ['中级', '副高级', '正高级']
    """
    from ..engine import split_body
    from .evaluate import solve, static_lookup

    if not rule.head.variables():
        return [{}]
    domain, _ = split_body(kb, rule)
    head = sorted(rule.head.variables())
    envs = solve(domain, static_lookup(kb))
    out: list[dict[str, Any]] = []
    for env in envs:
        row = {v: env[v] for v in head if v in env}
        if row not in out:
            out.append(row)
    return out


def _award_opens(kb: KB) -> list[tuple]:
    """(award kind, level) for each rule concluding a level-named fact (``exceptional_tier(副高级)``)
    from an award of a named kind (``award(_, 全国技术能手, _)``)."""
    levels = set(kb.ladder("title")) | set(kb.ladder("skill"))
    out: list[tuple] = []
    for r in kb.rules:
        level = next((a.value for a in r.head.args if not a.is_var and a.value in levels), None)
        if level is None or r.head.pred == "option":
            continue
        for b in r.body:
            if b.pred == "award" and not b.negated and len(b.args) > 1 and not b.args[1].is_var:
                row = (b.args[1].value, level)
                if row not in out:
                    out.append(row)
    return out


def vocabulary_constants(kb: KB) -> list[str]:
    """Every constant a query may name: vocabulary values, constants of the rules, IDs of rules,
    clauses and interpretations (for the REPL's completion).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> {"副高级", "exceptional", "A1-5.4.5", "title-exceptional"} <= set(vocabulary_constants(load_kb()))
    True
    """
    from ..engine import vocab_facts

    seen: dict[str, None] = {}
    for p in kb.predicates.values():
        if p.kind == "vocab":
            for row in vocab_facts(kb, p.name):
                seen.update((str(v), None) for v in row if isinstance(v, str))
    for r in kb.rules:
        for lit in (r.head, *r.body):
            seen.update((str(a.value), None) for a in lit.args if not a.is_var and isinstance(a.value, str))
    for name in ("tracks",):
        seen.update((str(v), None) for v in kb.vocabulary.get(name) or ())
    for routes in (kb.vocabulary.get("routes") or {}).values():
        seen.update((str(v), None) for v in routes)
    seen.update((str(k), None) for k in kb.vocabulary.get("awards") or {})
    for table in ("rule", "clause"):
        seen.update((row[0], None) for row in meta_rows(kb, table))
    seen.update((row[0], None) for row in meta_rows(kb, "interpretation"))
    seen.update((row[1], None) for row in meta_rows(kb, "concerns"))
    return [s for s in seen if s and not isinstance(s, Atom)]
