"""A reform file, and the variant policy it makes of a base KB.

A reform (``queries/reforms/*.yaml``, docs/reform.md) changes the policy data by stable IDs: a
parameter of a rule, a rule added or removed, a vocabulary list.  Applying it yields a new `KB` with
its own identity (``document.id`` + ``+name``, the base's version, the reform's sha256); the base KB is
never edited, and nothing cached on it (its memo) is shared with the variant.

The parameters of a rule are derived from its body, never kept by hand: each integer constant of a body
literal is named by its predicate's argument (kb/predicates.yaml) in lower case, so
``years_after_skill(技师, 3, Since)`` has the parameter ``years`` (a second of the same name: ``years_2``).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..documents import Limits, read_document
from ..errors import TongguanError
from ..kb import KB, Atom, Clause, KBError, Rule, Term, rule_from_data

__all__ = ["Reform", "ReformError", "apply_reform", "load_reform", "parameters", "reform_from_data"]

LIMITS = Limits(size=256 * 1024, depth=12, values=20_000, text=2_000)
_CHANGE_KEYS = ("rule", "add_rule", "remove_rule", "vocabulary", "add_clause")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class ReformError(TongguanError):
    """A reform that cannot be applied: an unknown rule, parameter, clause or vocabulary path, a bad value."""


@dataclass(frozen=True)
class Reform:
    """A parsed reform file.

    Attributes
    ----------
    name : str
        The reform's name (lower-case letters, digits and ``-``): the variant's ID is ``base+name``.
    purpose : str
        What the reform is for, in a sentence.
    changes : tuple of dict
        The changes, in order, as written.
    sha256 : str
        The hash of the file's bytes (of the data's canonical text when built from data).
    expected : dict
        The example's expected effect (``queries/reforms/``), checked by the test suite; free otherwise.
    effective : str or None
        The day the variant would take effect (ISO), recorded in its identity.
    """

    name: str
    purpose: str
    changes: tuple[dict[str, Any], ...]
    sha256: str
    expected: dict[str, Any] = dataclasses.field(default_factory=dict)
    effective: str | None = None
    path: str = ""


def reform_from_data(data: Any, sha256: str = "", path: str = "") -> Reform:
    """A `Reform` from its parsed YAML; `ReformError` names the field and the value of a malformed one.

    Examples
    --------
    >>> r = reform_from_data({"name": "two-years", "purpose": "p",
    ...                       "changes": [{"rule": "title-intermediate-normal", "set": {"years": 2}}]})
    >>> r.name, len(r.changes), len(r.sha256)
    ('two-years', 1, 64)
    >>> reform_from_data({"name": "x", "changes": [{"rename": 1}]})
    Traceback (most recent call last):
    ...
    tongguan.reform.model.ReformError: changes[0]：{'rename': 1}：...
    """
    if not isinstance(data, dict):
        raise ReformError("reform", type(data).__name__, "reform.not_mapping")
    unknown = set(data) - {"name", "purpose", "changes", "expected", "effective"}
    if unknown:
        key = sorted(unknown)[0]
        raise ReformError(key, data[key], "reform.unknown_key", allowed="name, purpose, changes, expected, effective")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ReformError("name", name, "reform.name")
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        raise ReformError("changes", changes, "reform.changes")
    for i, ch in enumerate(changes):
        kinds = [k for k in _CHANGE_KEYS if isinstance(ch, dict) and k in ch]
        if len(kinds) != 1:
            raise ReformError(f"changes[{i}]", ch, "reform.change_kind", kinds=", ".join(_CHANGE_KEYS))
    expected = data.get("expected") or {}
    if not isinstance(expected, dict):
        raise ReformError("expected", expected, "reform.not_mapping")
    effective = data.get("effective")
    if not sha256:
        import json

        sha256 = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    return Reform(
        name=name,
        purpose=str(data.get("purpose") or ""),
        changes=tuple(changes),
        sha256=sha256,
        expected=expected,
        effective=str(effective) if effective is not None else None,
        path=path,
    )


def load_reform(path: str | Path) -> Reform:
    """Read a reform file (YAML, bounded like every document the tool reads); `ReformError` or
    `DocumentError` on a bad one."""
    path = Path(path)
    data = read_document(path, LIMITS, label="REFORM")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return reform_from_data(data, sha, str(path))


# ---- parameters -------------------------------------------------------------------------------------


def parameters(kb: KB, rule: Rule) -> dict[str, tuple[int, int, int]]:
    """A rule's parameters: name → (body literal index, argument index, value), from its integer constants.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> kb = load_kb()
    >>> parameters(kb, kb.rule("title-intermediate-normal"))
    {'years': (3, 1, 3)}
    """
    out: dict[str, tuple[int, int, int]] = {}
    for i, lit in enumerate(rule.body):
        pred = kb.predicates.get(lit.pred)
        for j, arg in enumerate(lit.args):
            if arg.is_var or not isinstance(arg.value, int):
                continue
            if lit.is_comparison:
                base = "value"
            else:
                base = pred.args[j].lower() if pred and j < len(pred.args) else f"arg{j + 1}"
            name, n = base, 1
            while name in out:
                n += 1
                name = f"{base}_{n}"
            out[name] = (i, j, arg.value)
    return out


def _number_sub(text: str, old: int, new: int) -> str:
    """`text` with the number `old` (a whole run of digits) replaced by `new`: those counted in years
    (满3年, 达到3年) when there are several, else every one."""
    pattern = re.compile(rf"(?<![0-9]){old}(?![0-9])")
    hits = list(pattern.finditer(text))
    if len(hits) > 1:
        years = re.compile(rf"(?<![0-9]){old}(?=\s*(?:年|个?月|周岁))")
        if years.search(text):
            pattern = years
    return pattern.sub(str(new), text)


# ---- applying ---------------------------------------------------------------------------------------


class _Variant:
    """The base's data being changed (copies: the base is never touched)."""

    def __init__(self, kb: KB):
        self.base = kb
        self.rules: list[Rule] = list(kb.rules)
        self.clauses: dict[str, Clause] = dict(kb.clauses)
        self.vocabulary: dict[str, Any] = copy.deepcopy(kb.vocabulary)

    def index(self, rule_id: Any, field: str) -> int:
        for i, r in enumerate(self.rules):
            if r.id == rule_id:
                return i
        raise ReformError(field, rule_id, "reform.unknown_rule")

    def set_params(self, i: int, ch: dict[str, Any]) -> None:
        where = f"changes[{i}]"
        k = self.index(ch["rule"], f"{where}.rule")
        rule = self.rules[k]
        values = ch.get("set")
        if not isinstance(values, dict) or not values:
            raise ReformError(f"{where}.set", values, "reform.set")
        params = parameters(self.base, rule)
        body = list(rule.body)
        source = rule.source
        for name, value in values.items():
            if name not in params:
                raise ReformError(f"{where}.set", name, "reform.unknown_param", rule=rule.id,
                                  known=", ".join(params) or "—")  # fmt: skip
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ReformError(f"{where}.set.{name}", value, "reform.param_value")
            li, ai, old = params[name]
            lit = body[li]
            args = list(lit.args)
            args[ai] = Term(value)
            body[li] = Atom(lit.pred, tuple(args), lit.negated)
            if value != old:
                new_source = _number_sub(source, old, value)
                self._requote(rule, source, new_source)
                source = new_source
        self.rules[k] = dataclasses.replace(rule, body=tuple(body), source=source)

    def _requote(self, rule: Rule, old: str, new: str) -> None:
        """The clauses the rule cites that quote its sentence, quoting the new one."""
        if old == new or not old:
            return
        for cid in rule.clauses:
            c = self.clauses.get(cid)
            if c is None:
                continue
            if old in c.text:
                self.clauses[cid] = dataclasses.replace(c, text=c.text.replace(old, new))
            elif old.rstrip("。") and old.rstrip("。") in c.text:
                self.clauses[cid] = dataclasses.replace(c, text=c.text.replace(old.rstrip("。"), new.rstrip("。")))

    def add_clause(self, raw: Any, field: str) -> None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("text"), str):
            raise ReformError(field, raw, "reform.clause")
        cid, parent = raw["id"], raw.get("parent")
        if cid in self.clauses:
            raise ReformError(f"{field}.id", cid, "reform.clause_exists")
        if parent is not None and parent not in self.clauses:
            raise ReformError(f"{field}.parent", parent, "reform.unknown_clause")
        self.clauses[cid] = Clause(
            id=cid, parent=parent, part=str(raw.get("part") or "reform"), number=str(raw.get("number") or ""),
            heading=str(raw.get("heading") or ""), text=raw["text"],
        )  # fmt: skip

    def add_rule(self, i: int, raw: Any) -> None:
        where = f"changes[{i}].add_rule"
        if not isinstance(raw, dict):
            raise ReformError(where, raw, "reform.rule")
        raw = dict(raw)
        clause = raw.pop("add_clause", None)
        if clause is not None:
            self.add_clause(clause, f"{where}.add_clause")
        if any(r.id == raw.get("id") for r in self.rules):
            raise ReformError(f"{where}.id", raw.get("id"), "reform.rule_exists")
        try:
            rule = rule_from_data(raw, str(raw.pop("module", None) or "reform"), "reform", where)
        except KBError as exc:
            raise ReformError(where, raw.get("id"), "reform.rule_syntax", detail=str(exc)) from None
        for lit in (rule.head, *rule.body):
            if not lit.is_comparison and lit.pred != "option" and lit.pred not in self.base.predicates:
                raise ReformError(f"{where}.body", lit.pred, "reform.unknown_predicate")
        if not rule.clauses:
            raise ReformError(f"{where}.clauses", [], "reform.no_clause")
        for cid in rule.clauses:
            if cid not in self.clauses:
                raise ReformError(f"{where}.clauses", cid, "reform.unknown_clause")
        if not rule.source:
            raise ReformError(f"{where}.source", "", "reform.no_source")
        self.rules.append(rule)

    def remove_rule(self, i: int, rule_id: Any) -> None:
        del self.rules[self.index(rule_id, f"changes[{i}].remove_rule")]

    def vocab(self, i: int, ch: dict[str, Any]) -> None:
        where = f"changes[{i}]"
        path = ch["vocabulary"]
        data: Any = self.vocabulary
        for part in str(path).split("."):
            if not isinstance(data, dict) or part not in data:
                raise ReformError(f"{where}.vocabulary", path, "reform.unknown_vocabulary")
            data = data[part]
        if not isinstance(data, list):
            raise ReformError(f"{where}.vocabulary", path, "reform.vocabulary_list")
        unknown = set(ch) - {"vocabulary", "add", "remove"}
        if unknown:
            key = sorted(unknown)[0]
            raise ReformError(f"{where}.{key}", ch[key], "reform.unknown_key", allowed="vocabulary, add, remove")
        for item in ch.get("remove") or ():
            if item not in data:
                raise ReformError(f"{where}.remove", item, "reform.not_in_list", path=path)
            data.remove(item)
        for item in ch.get("add") or ():
            if item in data:
                raise ReformError(f"{where}.add", item, "reform.already_in_list", path=path)
            data.append(item)


def apply_reform(kb: KB, reform: Reform) -> KB:
    """The variant policy: `kb` with the reform's changes, as a new `KB` (the base is not edited).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> base = load_kb()
    >>> r = reform_from_data({"name": "two-years", "changes": [{"rule": "title-intermediate-normal", "set": {"years": 2}}]})
    >>> v = apply_reform(base, r)
    >>> v.document["id"], v.rule("title-intermediate-normal").source
    ('sc-tongguan-2021+two-years', '取得技师职业资格或职业技能等级后，从事技术技能工作满2年。')
    >>> base.rule("title-intermediate-normal").source
    '取得技师职业资格或职业技能等级后，从事技术技能工作满3年。'
    """
    var = _Variant(kb)
    for i, ch in enumerate(reform.changes):
        if "rule" in ch:
            var.set_params(i, ch)
        elif "add_rule" in ch:
            var.add_rule(i, ch["add_rule"])
        elif "remove_rule" in ch:
            var.remove_rule(i, ch["remove_rule"])
        elif "vocabulary" in ch:
            var.vocab(i, ch)
        else:
            var.add_clause(ch["add_clause"], f"changes[{i}].add_clause")
    base_id = str(kb.document.get("id") or "kb")
    document = {
        **kb.document,
        "id": f"{base_id}+{reform.name}",
        "base": base_id,
        "base_version": kb.document.get("version") or (kb.digest[:16] if kb.digest else kb.document.get("issued")),
        "reform": reform.name,
        "reform_purpose": reform.purpose,
        "reform_sha256": reform.sha256,
    }
    if reform.effective:
        document["effective"] = reform.effective
    digest = hashlib.sha256(f"{kb.digest}|reform|{reform.sha256}".encode()).hexdigest()
    return dataclasses.replace(
        kb, rules=tuple(var.rules), clauses=var.clauses, vocabulary=var.vocabulary, document=document, digest=digest
    )
