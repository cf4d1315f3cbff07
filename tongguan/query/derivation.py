"""Why an answer holds: each literal of the query, grounded by the answer, with where it comes from.

An option (``option(…)`` or ``status(…)``) gets the explainer's proof tree (`tongguan.explain.explain`);
a derived atom the rules it is derived through (`tongguan.engine.Session.supporting_rules`, with each
rule's clauses and sentence); a fact the profile field it comes from; a vocabulary row its part of
kb/vocabulary.yaml; a meta row the rule it is about.  The result is lines of text for a front end.
"""

from __future__ import annotations

from typing import Any

from ..engine import ground
from ..kb import KB, Atom, Rule, Term
from ..profile import Profile
from .evaluate import PersonScope, date_variables, display
from .language import Query

__all__ = ["explain_answer"]

_STATUS_ZH = {"holds": "成立", "not_yet": "未到期", "unknown": "待确认", "fails": "不成立", "skipped": "未检查"}


def _rule_lines(rule: Rule, indent: str, lang: str) -> list[str]:
    cites = "、".join(rule.clauses) if lang != "en" else ", ".join(rule.clauses)
    out = [f"{indent}{'规则' if lang != 'en' else 'rule'} {rule.id}: {rule}"]
    if cites:
        out.append(f"{indent}  {'依据' if lang != 'en' else 'clauses'} {cites}")
    if rule.source:
        out.append(f"{indent}  「{rule.source}」")
    return out


def _tree_lines(node: Any, depth: int, lang: str, out: list[str], limit: int = 80) -> None:
    if len(out) >= limit:
        return
    status = _STATUS_ZH.get(node.status, node.status) if lang != "en" else node.status
    text = node.text_en if lang == "en" and node.text_en else node.text
    parts = [f"[{status}]", text or node.literal_text()]
    if node.rule is not None:
        parts.append(f"({node.rule.id})")
    if node.clauses:
        parts.append(" ".join(c for c, _ in node.clauses))
    out.append("  " * depth + " ".join(p for p in parts if p))
    for child in node.children:
        _tree_lines(child, depth + 1, lang, out, limit)


def _show_atom(kb: KB, atom: Atom, dates: set[str], original: Atom) -> str:
    args = [
        str(display(t.value, o.is_var and o.value in dates)) if not t.is_var else "_"
        for t, o in zip(atom.args, original.args, strict=False)
    ]
    if atom.is_comparison:
        return f"{args[0]} {atom.pred} {args[1]}"
    inner = f"({', '.join(args)})" if args else ""
    return f"{'~' if atom.negated else ''}{atom.pred}{inner}"


def explain_answer(
    kb: KB, query: Query, answer: dict[str, Any], profile: Profile | None = None, lang: str = "zh"
) -> list[str]:
    """Lines saying why `answer` (a row of `query`'s answers, raw values) holds.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.query import parse_query, run_kb
    >>> kb = load_kb()
    >>> q = parse_query("award_opens(中华技能大奖, L)", kb)
    >>> explain_answer(kb, q, run_kb(q, kb)[0])[1]
    '    规则 exceptional-senior-china-skill-award: exceptional_tier(正高级) <= award(_1, 中华技能大奖, _2)'
    """
    from .meta import META

    dates = date_variables(kb, query)
    env = {k: v for k, v in answer.items() if k != "person"}
    lines: list[str] = []
    scope = PersonScope(kb, profile) if profile is not None else None
    try:
        for lit in query.literals:
            g = ground(lit, env)
            head = _show_atom(kb, g, dates, lit)
            pred = kb.predicates.get(lit.pred)
            kind = "cmp" if lit.is_comparison else pred.kind if pred else "meta"
            if kind == "cmp":
                lines.append(f"{head}  ✓")
            elif g.negated:
                lines.append(f"{head}  ({'无此事实或推不出' if lang != 'en' else 'neither given nor derived'})")
            elif kind == "base":
                lines.append(f"{head}  ({'个人信息' if lang != 'en' else 'profile field'} {pred.field})")
            elif kind == "vocab":
                lines.append(f"{head}  (kb/vocabulary.yaml: {pred.source})")
            elif kind == "builtin":
                lines.append(f"{head}  ({'日期计算' if lang != 'en' else 'date arithmetic'}: {pred.doc})")
            elif (kind in ("derived", "option") or lit.pred == "status") and scope is not None:
                lines.append(head)
                lines.extend(_person_lines(kb, scope, g, lang))
            else:
                meta = META.get(lit.pred)
                lines.append(f"{head}  ({meta.doc if meta and lang != 'en' else meta.doc_en if meta else ''})")
                lines.extend(_meta_lines(kb, g, lang))
    finally:
        if scope is not None:
            scope.__exit__(None, None, None)
    return lines


def _meta_lines(kb: KB, atom: Atom, lang: str) -> list[str]:
    """The rule a meta row is about (its first argument, when that is a rule ID; for ``award_opens``
    the rules listing the award)."""
    first = atom.args[0].value if atom.args and not atom.args[0].is_var else None
    ids = {r.id: r for r in kb.rules}
    if atom.pred == "award_opens" and first is not None:
        level = atom.args[1].value if not atom.args[1].is_var else None
        rules = [
            r
            for r in kb.rules
            if any(b.pred == "award" and len(b.args) > 1 and b.args[1] == Term(first) for b in r.body)
            and (level is None or Term(level) in r.head.args)
        ]
        return [x for r in rules for x in _rule_lines(r, "    ", lang)]
    if isinstance(first, str) and first in ids:
        return _rule_lines(ids[first], "    ", lang)
    return []


def _person_lines(kb: KB, scope: Any, atom: Atom, lang: str) -> list[str]:
    if atom.pred in ("option", "status") and all(not a.is_var for a in atom.args[:3]):
        from ..explain import explain

        track, level, route = (a.value for a in atom.args[:3])
        x = explain(scope.profile, kb, options=[(track, level, route)], include_held=True)
        out: list[str] = []
        for item in x.options:
            _tree_lines(item.tree, 1, lang, out)
        return out
    rules = scope.session.supporting_rules(atom, "k")
    return [x for r in rules for x in _rule_lines(r, "    ", lang)]
