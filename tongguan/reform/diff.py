"""What a variant changes, rule by rule: the rules added, removed or changed (body, sentence, clauses),
the clauses whose text changed, and the vocabulary lists, each with its clause IDs and sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..kb import KB, Rule

__all__ = ["Change", "diff_kbs", "diff_text"]


@dataclass(frozen=True)
class Change:
    """One difference between two policies.

    Attributes
    ----------
    kind : str
        ``rule-added``, ``rule-removed``, ``rule-changed``, ``clause-added``, ``clause-changed``,
        ``vocabulary-changed``.
    id : str
        The rule's or clause's ID, or the vocabulary path.
    clauses : list of str
        The clauses concerned.
    before, after : str
        The rule (``head <= body``), the clause text, or the list, before and after.
    source_before, source_after : str
        The rule's sentence before and after.
    """

    kind: str
    id: str
    clauses: list[str] = field(default_factory=list)
    before: str = ""
    after: str = ""
    source_before: str = ""
    source_after: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lists(data: Any, prefix: str = "") -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(_lists(v, f"{prefix}{k}."))
    elif isinstance(data, list):
        out[prefix.rstrip(".")] = data
    return out


def diff_kbs(base: KB, variant: KB) -> list[Change]:
    """The changes from `base` to `variant`, rules first (in the base's order, then the added ones).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from tongguan.reform import apply_reform, reform_from_data
    >>> base = load_kb()
    >>> v = apply_reform(base, reform_from_data({"name": "x", "changes": [
    ...     {"rule": "title-intermediate-normal", "set": {"years": 2}}]}))
    >>> [(c.kind, c.id) for c in diff_kbs(base, v)]
    [('rule-changed', 'title-intermediate-normal'), ('clause-changed', 'A1-5.2.4')]
    """
    out: list[Change] = []
    after: dict[str, Rule] = {r.id: r for r in variant.rules}
    seen = set()
    for r in base.rules:
        seen.add(r.id)
        v = after.get(r.id)
        if v is None:
            out.append(Change("rule-removed", r.id, list(r.clauses), str(r), "", r.source, ""))
        elif (str(v), v.source, v.clauses) != (str(r), r.source, r.clauses):
            out.append(
                Change(
                    "rule-changed", r.id, sorted(set(r.clauses) | set(v.clauses)), str(r), str(v), r.source, v.source
                )
            )
    for v in variant.rules:
        if v.id not in seen:
            out.append(Change("rule-added", v.id, list(v.clauses), "", str(v), "", v.source))
    for cid, c in variant.clauses.items():
        b = base.clauses.get(cid)
        if b is None:
            out.append(Change("clause-added", cid, [cid], "", variant.clause_text(cid)))
        elif b.text != c.text:
            out.append(Change("clause-changed", cid, [cid], base.clause_text(cid), variant.clause_text(cid)))
    old, new = _lists(base.vocabulary), _lists(variant.vocabulary)
    for path in sorted(set(old) | set(new)):
        if old.get(path) != new.get(path):
            out.append(Change("vocabulary-changed", path, [], "、".join(map(str, old.get(path) or [])),
                              "、".join(map(str, new.get(path) or []))))  # fmt: skip
    return out


_KIND_ZH = {
    "rule-added": "新增规则",
    "rule-removed": "删除规则",
    "rule-changed": "修改规则",
    "clause-added": "新增条款",
    "clause-changed": "条款文字改变",
    "vocabulary-changed": "词表改变",
}
_KIND_EN = {k: k.replace("-", " ") for k in _KIND_ZH}


def diff_text(base: KB, variant: KB, changes: list[Change], lang: str = "zh") -> str:
    """The changes as plain text, one block per change (what `tongguan diff` prints).

    Examples
    --------
    >>> print(diff_text(None, None, [Change("rule-removed", "r1", ["A1-5"], "a <= b", "", "原文。", "")]))
    删除规则 r1（条款 A1-5）
      − a <= b
      − 原文：原文。
    <BLANKLINE>
    """
    zh = lang != "en"
    names = _KIND_ZH if zh else _KIND_EN
    lines: list[str] = []
    for c in changes:
        cl = "、".join(c.clauses) if zh else ", ".join(c.clauses)
        head = f"{names[c.kind]} {c.id}" + ((f"（条款 {cl}）" if zh else f" (clauses {cl})") if cl else "")
        lines.append(head)
        if c.before != c.after:
            if c.before:
                lines.append(f"  − {c.before}")
            if c.after:
                lines.append(f"  + {c.after}")
        if c.source_before != c.source_after:
            label = "原文" if zh else "sentence"
            if c.source_before:
                lines.append(f"  − {label}：{c.source_before}" if zh else f"  − {label}: {c.source_before}")
            if c.source_after:
                lines.append(f"  + {label}：{c.source_after}" if zh else f"  + {label}: {c.source_after}")
        lines.append("")
    if not changes:
        lines.append("两者相同。" if zh else "No difference.")
    return "\n".join(lines) + ("\n" if not changes else "")
