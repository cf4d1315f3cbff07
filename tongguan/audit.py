"""The audit of the rule base against the plan and against its own principles (issue 5).

`tongguan audit [--kb DIR] [--json|--md]` runs every check below on a KB folder (the shipped ``kb/`` by
default) and exits 0 when no finding is an error, 1 otherwise, 2 on bad input (e.g. no such folder).

Checks (each `Finding` names its check, the rule with its file, the clause, and the fix):

``coverage``
    every clause of kb/plan.yaml is cited by a rule (``clauses`` or ``review``) or listed in
    kb/not_encoded.yaml with a reason (heading-only entries are covered through their children); no
    citation of an unknown clause; each rule's ``source`` is quoted from the clauses it cites; each
    ``note`` names an entry of the interpretation register.  Gives the coverage table per section.
``hygiene``
    undeclared, rule-less and unused predicates, arity, unsafe variables, negation that is not
    stratified, duplicate and subsumed rules, constants the vocabulary does not declare, the engine's
    restriction on option rules.
``B-3.1.2`` / ``A1-6``
    the plan's principles, from the predicates' ``concerns`` tags, transitively through the rules.
``B-2.2``
    the balance of the years each crossing needs in each direction, per pair of levels.
``graph``
    the overpass (`tongguan.overpass.build_graph`): unreached levels, cycles, shortcuts.
``dead-rules``
    option rules (and their groundings) that no valid profile can fire: static reasons, then a search
    for a witness profile with the engine.
``plan-facts``
    kb/plan_facts.yaml: the findings accepted as facts about the plan itself, each with its
    explanation; a finding that matches one has severity ``fact`` and does not fail the audit.

The interpretation register is printed with the clauses involved and the rules that follow each entry.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer
import yaml

from .kb import KB, Atom, KBError, Rule, Term, load_kb, normalized

__all__ = ["AuditReport", "Finding", "command", "run_audit"]

SEVERITIES = ("error", "warning", "fact")
CHECKS: dict[str, str] = {
    "kb": "The KB folder loads (well-formed YAML and rules)",
    "coverage": "Coverage: every clause cited by a rule or listed as not encoded; citations, quotes, notes",
    "hygiene": "Rule hygiene: predicates, arity, safety, stratification, duplicates, vocabulary, engine restriction",
    "B-3.1.2": "Principle B-3.1.2: no title route conditions on 学历/论文/外语/计算机",
    "A1-6": "Principle A1-6: exceptional routes not conditioned on 学历/资历/层级",
    "B-2.2": "Principle B-2.2: years each crossing needs, skill→title vs title→skill",
    "graph": "Overpass graph: unreached levels, cycles, shortcuts",
    "dead-rules": "Dead rules: option rules no valid profile can fire",
    "plan-facts": "Accepted plan facts (kb/plan_facts.yaml) are well-formed and still match a finding",
}
# The principles' concern tags (kb/predicates.yaml `concerns`).
B312_TAGS = ("学历", "论文", "外语", "计算机")
A16_TAGS = ("学历", "资历", "层级")
# The vocabulary part each base-predicate argument takes its constants from, keyed by the profile field
# the predicate is made from (kb/predicates.yaml `field`) and the argument's name.  These are the
# values the profile validator (tongguan/profile.py) accepts for the field.
_BASE_DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("skills", "Level"): ("ladders.skill",),
    ("titles", "Level"): ("ladders.title", "ladders.qualification"),
    ("titles", "Kind"): ("title kinds",),
    ("awards", "Kind"): ("awards",),
    ("awards", "Medal"): ("medals",),
    ("awards", "Class"): ("competition_classes",),
    ("technical_school_class", "Class"): ("technical_school_classes",),
    ("series", "Series"): ("series",),
    ("assessments", "Grade"): ("assessment_grades",),
}
_WITNESS_AS_OF = dt.date(2030, 6, 30)
_LONG_AGO = "1990-01-01"


# ---------------------------------------------------------------------------------------------
# findings and the report


@dataclass
class Finding:
    """One result of a check.

    ``severity`` is ``error`` (fails the audit), ``warning`` or ``fact`` (a documented fact about the
    plan itself, accepted in kb/plan_facts.yaml with its ``explanation``).  ``subject`` holds the keys
    a plan fact is matched on.

    Examples
    --------
    >>> Finding("coverage", "uncovered", "error", "B-9 is not covered", clause="B-9").where()
    'B-9'
    """

    check: str
    kind: str
    severity: str
    message: str
    fix: str = ""
    rule: str | None = None
    file: str | None = None
    clause: str | None = None
    subject: dict[str, Any] = field(default_factory=dict)
    fact: str | None = None
    explanation: str | None = None

    def where(self) -> str:
        """Rule (file) and clause, for one table cell."""
        parts = []
        if self.rule:
            parts.append(f"{self.rule} ({self.file})" if self.file else self.rule)
        elif self.file:
            parts.append(self.file)
        if self.clause:
            parts.append(self.clause)
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        return {
            "check": self.check,
            "kind": self.kind,
            "severity": self.severity,
            "rule": self.rule,
            "file": self.file,
            "clause": self.clause,
            "message": self.message,
            "fix": self.fix,
            "fact": self.fact,
            "explanation": self.explanation,
            "subject": self.subject,
        }


@dataclass
class AuditReport:
    """Everything the audit found, with the coverage and balance tables and the register.

    Examples
    --------
    >>> report = run_audit(witnesses=False, graph=False)
    >>> report.ok
    True
    """

    kb_root: str
    findings: list[Finding] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    balance: list[dict[str, Any]] = field(default_factory=list)
    register: list[dict[str, Any]] = field(default_factory=list)
    graph: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def count(self, severity: str, check: str | None = None) -> int:
        """Number of findings of a severity (in one check)."""
        return sum(1 for f in self.findings if f.severity == severity and (check is None or f.check == check))

    @property
    def ok(self) -> bool:
        """No finding is an error."""
        return self.count("error") == 0

    def checks(self) -> list[dict[str, Any]]:
        """One row per check: its counts and result (pass, fail or skipped)."""
        rows = []
        for cid, title in CHECKS.items():
            errors, warnings, facts = (self.count(s, cid) for s in SEVERITIES)
            if cid == "kb" and not errors:
                continue
            result = "fail" if errors else ("skipped" if cid in self.skipped else "pass")
            rows.append(
                {
                    "check": cid,
                    "title": title,
                    "result": result,
                    "errors": errors,
                    "warnings": warnings,
                    "facts": facts,
                    "skipped": self.skipped.get(cid),
                }
            )
        return rows

    def summary(self) -> str:
        """One line: the verdict and the counts."""
        verdict = "clean" if self.ok else "FAILED"

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (
            f"audit {verdict}: {n(self.count('error'), 'error')}, {n(self.count('warning'), 'warning')}, "
            f"{n(self.count('fact'), 'documented plan fact')}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable report (``--json``)."""
        return {
            "kb": self.kb_root,
            "ok": self.ok,
            "summary": self.summary(),
            "counts": {s: self.count(s) for s in SEVERITIES},
            "checks": self.checks(),
            "findings": [f.to_dict() for f in self.findings],
            "coverage": self.coverage,
            "balance": self.balance,
            "graph": self.graph,
            "register": self.register,
        }

    def to_markdown(self) -> str:
        """The report as Markdown (``--md``); its first section is the summary."""
        return _markdown(self)


def _finding_sort_key(f: Finding) -> tuple:
    return (SEVERITIES.index(f.severity), list(CHECKS).index(f.check) if f.check in CHECKS else 99)


# ---------------------------------------------------------------------------------------------
# small logic helpers


def _terms_match(lit: Atom, head: Atom) -> dict[str, Any] | None:
    """Constants of `lit` bound to `head`'s variables when the two unify (None when they clash)."""
    if lit.pred != head.pred or len(lit.args) != len(head.args) or lit.is_comparison:
        return None
    sub: dict[str, Any] = {}
    for a, h in zip(lit.args, head.args, strict=True):
        if h.is_var:
            if a.is_var:
                continue
            if h.value in sub and sub[h.value] != a.value:
                return None
            sub[h.value] = a.value
        elif not a.is_var and a.value != h.value:
            return None
    return sub


def _subst(atom: Atom, sub: dict[str, Any]) -> Atom:
    args = tuple(Term(sub[a.value]) if a.is_var and a.value in sub else a for a in atom.args)
    return Atom(atom.pred, args, atom.negated)


def _compare(op: str, a: Any, b: Any) -> bool | None:
    try:
        return {
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
            "==": a == b,
            "!=": a != b,
        }[op]
    except TypeError:
        return None


def _subsumes(general: Rule, special: Rule) -> bool:
    """Whether some substitution θ of `general`'s variables gives θ(head) = special's head and
    θ(body) ⊆ special's body (then `special` adds nothing)."""

    def unify(a: Atom, b: Atom, theta: dict[str, Any]) -> dict[str, Any] | None:
        if a.pred != b.pred or a.negated != b.negated or len(a.args) != len(b.args):
            return None
        out = dict(theta)
        for x, y in zip(a.args, b.args, strict=True):
            target = ("v", y.value) if y.is_var else ("c", y.value)
            if x.is_var:
                if out.setdefault(x.value, target) != target:
                    return None
            elif y.is_var or x.value != y.value:
                return None
        return out

    theta = unify(general.head, special.head, {})
    if theta is None:
        return False

    def search(i: int, theta: dict[str, Any]) -> bool:
        if i == len(general.body):
            return True
        for lit in special.body:
            nxt = unify(general.body[i], lit, theta)
            if nxt is not None and search(i + 1, nxt):
                return True
        return False

    return search(0, theta)


def _rule_file(kb: KB, rule: Rule) -> str:
    return rule.file or f"rules/{rule.module}.yaml"


def rule_finding(
    kb: KB, r: Rule, check: str, kind: str, severity: str, message: str, fix: str = "", **kw: Any
) -> Finding:
    """A finding about rule `r`, with its ID, file and (unless given) first clause filled in.

    Examples
    --------
    >>> kb = load_kb()
    >>> rule_finding(kb, kb.rule("title-assistant-normal"), "coverage", "x", "warning", "m").clause
    'A1-5.1.3'
    """
    kw.setdefault("clause", (r.clauses or (None,))[0])
    return Finding(check, kind, severity, message, fix, rule=r.id, file=_rule_file(kb, r), **kw)


def _ladder_of(kb: KB, label: str | None) -> str | None:
    if label and label.startswith("ladders."):
        return label.split(".", 1)[1]
    return None


# ---------------------------------------------------------------------------------------------
# 1. coverage


def _section(kb: KB, cid: str) -> str:
    c = kb.clauses[cid]
    while c.parent and c.parent in kb.clauses:
        c = kb.clauses[c.parent]
    if c.part == "annex1":
        return "A1"
    if c.part == "annex2":
        return "A2"
    return c.id if re.fullmatch(r"B-[1-9]\d*", c.id) else "B-other"


_SECTION_LABEL = {
    "A1": "附件1 高技能人才申报评审职称基本条件",
    "A2": "附件2 专业技术人才参加职业技能评价基本条件",
    "B-other": "标题、引言（B-0）、附件目录",
}


def check_coverage(kb: KB) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Clauses cited or listed as not encoded; unknown citations; misquotes; notes; the table.

    Examples
    --------
    >>> findings, table = check_coverage(load_kb())
    >>> [f for f in findings if f.severity == "error"]
    []
    >>> next(row for row in table if row["section"] == "A1")["uncovered"]
    0
    """
    out: list[Finding] = []
    known = kb.clauses
    interp_ids = {str(e.get("id")) for e in kb.interpretations}

    def unknown(cid: str, where: str, **kw: Any) -> None:
        close = difflib.get_close_matches(cid, list(known), n=2)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        out.append(
            Finding(
                "coverage",
                "unknown-clause",
                "error",
                f"{where} cites clause {cid}, which kb/plan.yaml does not have",
                f"cite an existing clause ID of kb/plan.yaml{hint}",
                clause=cid,
                **kw,
            )
        )

    cited: dict[str, list[str]] = defaultdict(list)
    for r in kb.rules:
        ids = dict.fromkeys([*r.clauses, *(i.clause for i in r.review)])
        for cid in ids:
            if cid in known:
                cited[cid].append(r.id)
            else:
                unknown(cid, f"rule {r.id}", rule=r.id, file=_rule_file(kb, r))
        if not r.clauses:
            out.append(
                rule_finding(
                    kb,
                    r,
                    "coverage",
                    "no-clause",
                    "error",
                    f"rule {r.id} cites no clause",
                    "add the clause IDs it encodes to `clauses`",
                )
            )
        out.extend(_quote_findings(kb, r))
        if r.note and r.note not in interp_ids:
            out.append(
                rule_finding(
                    kb,
                    r,
                    "coverage",
                    "unknown-note",
                    "error",
                    f"rule {r.id} follows interpretation {r.note}, which kb/interpretations.yaml does not have",
                    "name an entry of the interpretation register in `note`, or add the entry",
                )
            )
    listed = {}
    for cid, reason in kb.not_encoded.items():
        if cid not in known:
            unknown(cid, "kb/not_encoded.yaml", file="not_encoded.yaml")
            continue
        if not reason.strip():
            out.append(
                Finding(
                    "coverage",
                    "no-reason",
                    "error",
                    f"{cid} is listed as not encoded without a reason",
                    "give the reason it is not encoded",
                    file="not_encoded.yaml",
                    clause=cid,
                )
            )
            continue
        listed[cid] = reason
    for e in kb.interpretations:
        for cid in e.get("clauses") or ():
            if str(cid) not in known:
                unknown(str(cid), f"interpretation {e.get('id')}", file="interpretations.yaml")

    children: dict[str, list[str]] = defaultdict(list)
    for c in known.values():
        if c.parent:
            children[c.parent].append(c.id)
    status: dict[str, str] = {}

    def state(cid: str) -> str:
        if cid not in status:
            if cid in cited:
                status[cid] = "encoded"
            elif cid in listed:
                status[cid] = "not_encoded"
            elif not known[cid].text.strip() and children[cid] and all(state(k) != "uncovered" for k in children[cid]):
                status[cid] = "headings"
            else:
                status[cid] = "uncovered"
        return status[cid]

    for cid in known:
        if state(cid) == "uncovered":
            heading_only = not known[cid].text.strip() and children[cid]
            why = " (a heading whose items are not all covered)" if heading_only else ""
            out.append(
                Finding(
                    "coverage",
                    "uncovered",
                    "error",
                    f"clause {cid} is neither cited by a rule nor listed as not encoded{why}: "
                    f"{_short(kb.clause_text(cid))}",
                    "cite it from the rule that encodes it (`clauses` or `review`), or list it in "
                    "kb/not_encoded.yaml with the reason",
                    file="not_encoded.yaml",
                    clause=cid,
                )
            )
        if cid in cited and cid in listed:
            out.append(
                Finding(
                    "coverage",
                    "cited-and-listed",
                    "warning",
                    f"clause {cid} is cited by {', '.join(cited[cid])} and also listed as not encoded",
                    "remove it from kb/not_encoded.yaml (or stop citing it)",
                    file="not_encoded.yaml",
                    clause=cid,
                )
            )

    table: dict[str, dict[str, Any]] = {}
    for cid in known:
        sec = _section(kb, cid)
        row = table.setdefault(
            sec,
            {
                "section": sec,
                "label": _SECTION_LABEL.get(sec) or known[sec].heading,
                "clauses": 0,
                "encoded": 0,
                "not_encoded": 0,
                "headings": 0,
                "uncovered": 0,
            },
        )
        row["clauses"] += 1
        row[state(cid)] += 1
    rows = list(table.values())
    total = {
        "section": "total",
        "label": "全文",
        **{k: sum(r[k] for r in rows) for k in ("clauses", "encoded", "not_encoded", "headings", "uncovered")},
    }
    return out, [*rows, total]


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _quote_findings(kb: KB, r: Rule) -> list[Finding]:
    """The rule's `source` must be quoted (whitespace aside) from one of the clauses it cites; a source
    spanning several clauses is checked sentence by sentence."""
    texts = [normalized(kb.clause_text(c)) for c in r.clauses if c in kb.clauses]
    if not texts:
        return []
    src = normalized(r.source)
    if not src:
        return [
            rule_finding(
                kb,
                r,
                "coverage",
                "no-source",
                "error",
                f"rule {r.id} has no source sentence",
                "quote the sentence it encodes in `source`",
                clause=r.clauses[0],
            )
        ]
    if any(src in t for t in texts):
        return []
    bad = [s for s in re.split(r"(?<=[。；])", src) if s.strip("。；") and not any(s.strip("。；") in t for t in texts)]
    if not bad:
        return []
    return [
        rule_finding(
            kb,
            r,
            "coverage",
            "misquote",
            "error",
            f"rule {r.id}: source 「{_short(bad[0], 60)}」 is not in the text of its clauses {', '.join(r.clauses)}",
            "quote the plan verbatim (whitespace aside) or cite the clause the sentence comes from",
            clause=r.clauses[0],
        )
    ]


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
    if name == "title kinds":
        return frozenset({"title", "qualification"})
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
    from .engine import vocab_facts

    values: dict[tuple[str, int], frozenset | None] = {}
    labels: dict[tuple[str, int], str] = {}
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
            for i, arg in enumerate(p.args):
                parts = _BASE_DOMAINS.get((p.field or "", arg))
                if parts:
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
    from .engine import split_body

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

    def err(kind: str, r: Rule, msg: str, fix: str, severity: str = "error") -> None:
        out.append(
            rule_finding(
                kb,
                r,
                "hygiene",
                kind,
                severity,
                f"rule {r.id}: {msg}",
                fix,
            )
        )

    for r in kb.rules:
        for pos, lit in enumerate((r.head, *r.body)):
            if lit.is_comparison:
                if pos == 0:
                    err("bad-head", r, f"the head {lit} is a comparison", "give the rule a predicate head")
                continue
            used.add(lit.pred)
            p = kb.predicates.get(lit.pred)
            if p is None:
                close = difflib.get_close_matches(lit.pred, list(kb.predicates), n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                err(
                    "undeclared-predicate",
                    r,
                    f"predicate {lit.pred} is not declared in kb/predicates.yaml{hint}",
                    "declare it in kb/predicates.yaml (kind, args, doc) or fix the name",
                )
            elif len(lit.args) != len(p.args):
                err(
                    "arity",
                    r,
                    f"{lit} has {len(lit.args)} arguments; {lit.pred} is declared with "
                    f"{len(p.args)} ({', '.join(p.args)})",
                    "use the declared arguments (the person is implicit)",
                )
        hp = kb.predicates.get(r.head.pred)
        if hp is not None and hp.kind not in ("derived", "option"):
            err(
                "bad-head",
                r,
                f"the head {r.head.pred} is a {hp.kind} predicate; rules define derived or option ones",
                "declare the head under `derived` or rename it",
            )
        if r.head.negated:
            err("bad-head", r, "the head is negated", "rules conclude positive literals")
        bound = set().union(*[b.variables() for b in r.body if not b.negated and not b.is_comparison])
        for v in sorted(r.head.variables() - bound):
            err(
                "unsafe-variable",
                r,
                f"head variable {v} is not bound by a positive body literal",
                f"add a positive literal (e.g. a vocabulary one) that binds {v}",
            )
        for b in r.body:
            if b.negated or b.is_comparison:
                for v in sorted(b.variables() - bound):
                    err(
                        "unsafe-variable",
                        r,
                        f"variable {v} of `{b}` is not bound by a positive body literal",
                        f"bind {v} with a positive literal before negating or comparing it",
                    )
            consts = b.is_comparison and not b.args[0].is_var and not b.args[1].is_var
            if consts and _compare(b.pred, b.args[0].value, b.args[1].value) is False:
                err(
                    "false-comparison",
                    r,
                    f"`{b}` compares two constants and is false: the rule never fires",
                    "compare a variable, or remove the rule",
                )
    for name, p in kb.predicates.items():
        if p.kind in ("derived", "option") and not kb.rules_for(name):
            out.append(
                Finding(
                    "hygiene",
                    "no-rule",
                    "error",
                    f"{p.kind} predicate {name} has no rule: every literal using it fails",
                    "add its rule(s) or remove the declaration",
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
                    f"{p.kind} predicate {name} is declared but no rule uses it",
                    "use it in a rule or remove the declaration",
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
    from .engine import vocab_facts
    from .profile import Profile

    out = []
    tags = set(B312_TAGS) | set(A16_TAGS)

    def bad(kind: str, name: str, msg: str, fix: str) -> None:
        out.append(
            Finding(
                "hygiene",
                kind,
                "error",
                f"predicate {name}: {msg}",
                fix,
                file="predicates.yaml",
                subject={"predicate": name},
            )
        )

    for name, p in kb.predicates.items():
        if p.kind not in KINDS:
            bad(
                "unknown-kind",
                name,
                f"kind {p.kind!r} is not one of {', '.join(KINDS)}",
                "declare it under a known kind",
            )
        for t in p.concerns:
            if t not in tags:
                bad(
                    "unknown-concern",
                    name,
                    f"concern tag {t!r} is not one the principle checks know ({'、'.join(sorted(tags))})",
                    "use one of the known tags (or add the principle that uses it)",
                )
        if p.kind == "vocab":
            try:
                vocab_facts(kb, name)
            except (KeyError, TypeError, ValueError):
                bad(
                    "bad-vocab-source",
                    name,
                    f"`from: {p.source}` names no usable part of vocabulary.yaml",
                    "point `from` at a list or ladder of kb/vocabulary.yaml",
                )
        if p.kind == "base" and p.field and p.field not in Profile.model_fields:
            bad(
                "bad-field",
                name,
                f"`field: {p.field}` is not a profile field",
                "name the profile field the facts come from (tongguan/profile.py)",
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
                        f"rule {rid}: `not {u}` in the definition of {v}, which {u} depends on (recursive cycle "
                        f"through negation: {cycle})",
                        "break the cycle: define one of the predicates without the other, or drop the negation",
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
                pairs = [(b, a, "duplicate", "is a duplicate of")]
            elif ab:
                pairs = [(b, a, "subsumed", "is subsumed by")]
            elif ba:
                pairs = [(a, b, "subsumed", "is subsumed by")]
            else:
                continue
            for special, general, kind, verb in pairs:
                out.append(
                    Finding(
                        "hygiene",
                        f"{kind}-rule",
                        "error",
                        f"rule {special.id} {verb} {general.id} (same head, body a superset up to renaming): "
                        f"{special} / {general}",
                        f"remove {special.id}, or move its clauses to {general.id}, or make the bodies differ",
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
                    msg = (
                        f"`{lit}`: no rule for {lit.pred} concludes {a.value} (they give: "
                        f"{'、'.join(sorted(map(str, vals))) or 'nothing'})"
                    )
                    fix = f"use a value the rules for {lit.pred} conclude, or add a rule for {a.value}"
                else:
                    msg = f"`{lit}`: {a.value} is not declared in the vocabulary ({label})"
                    fix = f"declare {a.value} in kb/vocabulary.yaml ({label}) or fix the spelling"
                out.append(
                    rule_finding(
                        kb,
                        r,
                        "hygiene",
                        "undeclared-constant",
                        "error",
                        f"rule {r.id}: {msg}",
                        fix,
                        subject={"constant": a.value},
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
                f"rule {r.id}: route {route.value} is not a route of track {track.value} ({'、'.join(routes)})",
                "use a route vocabulary.yaml declares for the track",
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
                f"rule {r.id}: {track.value} option for {'、'.join(bad)}, not a level of the "
                f"{track.value} {'exams' if track.value == 'exam' else 'ladder'}",
                "use a level (or exam) vocabulary.yaml declares for the track",
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
                        f"rule {r.id}: variable {v} is shared by the conditions {' and '.join(f'`{x}`' for x in lits)} "
                        "but is not a head variable (the engine asks each condition on its own)",
                        "define a derived predicate joining those literals and use it as one condition",
                    )
                )
    return out


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
    for r in kb.rules_for(lit.pred):
        sub = _terms_match(lit, r.head)
        if sub is None:
            continue
        key = (r.id, tuple(sorted(sub.items())))
        if key in seen:
            continue
        for b in r.body:
            hits.extend(_concern_paths(kb, _subst(b, sub), tags, (*here[:-1], f"{lit} ⇐ {r.id}"), seen | {key}))
    return hits


def _principle(kb: KB, check: str, rules: list[Rule], tags: tuple[str, ...], what: str) -> list[Finding]:
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
                    f"{what} rule {r.id} conditions on {'、'.join(hit)} through {' → '.join(path)}",
                    f"remove the condition on {pred} from {r.id} (or from the rule defining it); {check} forbids it",
                    clause=check,
                    subject={"predicate": pred},
                )
            )
    return out


def _head_const(r: Rule, i: int) -> Any:
    a = r.head.args[i] if len(r.head.args) > i else None
    return None if a is None or a.is_var else a.value


def check_principles(kb: KB) -> list[Finding]:
    """B-3.1.2 (title routes: no 学历/论文/外语/计算机) and A1-6 (exceptional: no 学历/资历/层级).

    Examples
    --------
    >>> check_principles(load_kb())
    []
    """
    title_rules = [r for r in kb.option_rules if _head_const(r, 0) == "title"]
    exceptional = [r for r in kb.option_rules if _head_const(r, 2) == "exceptional"]
    return [
        *_principle(kb, "B-3.1.2", title_rules, B312_TAGS, "title-track"),
        *_principle(kb, "A1-6", exceptional, A16_TAGS, "exceptional-route"),
    ]


# ---------------------------------------------------------------------------------------------
# B-2.2 balance


def _level_constants(kb: KB, d: _Domains, lit: Atom, seen: frozenset = frozenset()) -> list[tuple[str, str]]:
    """(ladder, level) constants a literal names, directly or through the rules that define it."""
    if lit.is_comparison or lit.negated:
        return []
    out = []
    for i, a in enumerate(lit.args):
        ladder = _ladder_of(kb, d.get(lit.pred, i)[1])
        if not a.is_var and ladder:
            out.append((ladder, a.value))
    if out:
        return out
    for r in kb.rules_for(lit.pred):
        sub = _terms_match(lit, r.head)
        if sub is None or r.id in seen:
            continue
        for b in r.body:
            out.extend(_level_constants(kb, d, _subst(b, sub), seen | {r.id}))
    return out


def crossings(kb: KB, d: _Domains | None = None) -> list[dict[str, Any]]:
    """The time each non-exceptional option rule needs, read from its dated literals' constants:
    ``{rule, track, level, route, source: (ladder, level), years, years_from, clauses}``.

    Examples
    --------
    >>> c = {x["rule"]: x for x in crossings(load_kb())}
    >>> c["title-intermediate-normal"]["source"], c["title-intermediate-normal"]["years"]
    (('skill', '技师'), 3)
    """
    d = d or infer_domains(kb)
    out = []
    for r in kb.option_rules:
        track, level, route = (_head_const(r, i) for i in range(3))
        if track not in ("title", "skill") or level is None or route == "exceptional":
            continue
        years, years_from, source = None, None, None
        for b in r.body:
            p = kb.predicates.get(b.pred)
            if p is None or not p.dated or b.negated:
                continue
            for name, a in zip(p.args, b.args, strict=False):
                if not a.is_var and name == "Years":
                    years = a.value
            levels = [x for x in _level_constants(kb, d, b) if x[0] in ("skill", "title")]
            years_from = "obtained" if levels else "cumulative"
            if levels:
                source = levels[0]
        if source is None:
            other = "title" if track == "skill" else "skill"
            cands = [x for b in r.body for x in _level_constants(kb, d, b) if x[0] == other]
            # the highest level named is the one the crossing starts from (e.g. 副高级 over 高级工)
            cands.sort(key=lambda x: kb.rank(x[0], x[1]) if x[1] in kb.ladder(x[0]) else 0)
            source = cands[-1] if cands else None
        if source is None:
            continue
        out.append(
            {
                "rule": r.id,
                "track": track,
                "level": level,
                "route": route,
                "source": source,
                "years": 0 if years is None else years,
                "years_from": years_from,
                "clauses": list(r.clauses),
            }
        )
    return out


def check_balance(kb: KB, d: _Domains | None = None) -> tuple[list[Finding], list[dict[str, Any]]]:
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
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for c in crossings(kb, d):
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
            why = f"{st['years']} years {_basis(st)}" + f" vs {ts['years']} years {_basis(ts)}"
            out.append(
                Finding(
                    "B-2.2",
                    "balance",
                    "warning",
                    f"{key[0]} → {key[1]} ({st['rule']}) needs {why} for {key[1]} → {key[0]} ({ts['rule']}): the "
                    "skill→title crossing is harsher, against B-2.2's 适当向高技能人才倾斜",
                    "if the KB quotes the plan faithfully, accept it in kb/plan_facts.yaml with the explanation; "
                    "otherwise fix the years in the rule",
                    rule=st["rule"],
                    file=_rule_file(kb, kb.rule(st["rule"])),
                    clause="B-2.2",
                    subject={"skill": key[0], "title": key[1]},
                )
            )
    return out, rows


def _basis(c: dict[str, Any]) -> str:
    return {"obtained": "after obtaining the level", "cumulative": "cumulative work"}.get(
        c["years_from"], "(no time limit)"
    )


# ---------------------------------------------------------------------------------------------
# 4. graph checks on the overpass


def check_graph(kb: KB) -> tuple[list[Finding], dict[str, Any], str | None]:
    """Unreached levels, cycles and shortcuts on `tongguan.overpass.build_graph`.

    Returns the findings, a summary, and a reason when the check had to be skipped.

    Examples
    --------
    >>> findings, summary, skipped = check_graph(load_kb())
    >>> skipped is None and [s["via"] for s in summary["shortcuts"]]
    [['title:副高级']]
    """
    try:
        from . import overpass

        build = overpass.build_graph
    except Exception:  # the module is a stub (no build_graph) or does not import
        return (
            [
                Finding(
                    "graph",
                    "skipped",
                    "warning",
                    "tongguan.overpass has no build_graph yet: the graph "
                    "checks (unreached levels, cycles, shortcuts) were skipped",
                    "build tongguan/overpass.py (issue 4), then re-run the audit",
                    file="tongguan/overpass.py",
                )
            ],
            {},
            "tongguan.overpass.build_graph is not available",
        )
    try:
        g = build(kb, outside=False)
    except Exception as exc:  # a malformed KB copy may break the graph builder; say so, no traceback
        return (
            [
                Finding(
                    "graph",
                    "skipped",
                    "warning",
                    f"the overpass could not be built: {exc.__class__.__name__}: {exc}",
                    "fix the KB (see the other findings) or tongguan/overpass.py",
                    file="tongguan/overpass.py",
                )
            ],
            {},
            "the overpass could not be built",
        )
    return _graph_findings(kb, g)


def _node_desc(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label") or n)


def _graph_findings(kb: KB, g: nx.MultiDiGraph) -> tuple[list[Finding], dict[str, Any], None]:
    out: list[Finding] = []
    summary: dict[str, Any] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}

    # unreached levels: a level of a ladder the routes lead to (skill, title) that no edge from another
    # node reaches; the lowest level of a ladder is an entry, not a gap.  Awards, school classes and
    # exams are where routes start or end, not levels.
    tracks = {d.get("track") for _, _, d in g.edges(data=True)}
    unreached = []
    for n, data in g.nodes(data=True):
        if data.get("ladder") not in tracks or data.get("rank") is None:
            continue
        if any(u != n for u, _ in g.in_edges(n)):
            continue
        unreached.append(n)
        if data.get("rank") == 1:
            continue
        out.append(
            Finding(
                "graph",
                "unreached",
                "warning",
                f"no route of the plan reaches {n}",
                "add the rule that opens it, or accept it in kb/plan_facts.yaml if the plan opens no route to it",
                subject={"node": n},
            )
        )
    summary["unreached"] = unreached

    # cycles: a within-ladder edge that does not go up is an error; cycles across the two ladders are
    # what the bridging plan is for (holding a level in each), reported only
    for u, v, data in g.edges(data=True):
        du, dv = g.nodes[u], g.nodes[v]
        if du.get("ladder") == dv.get("ladder") and (dv.get("rank") or 0) <= (du.get("rank") or 0):
            rid = data.get("rule")
            r = _safe_rule(kb, rid)
            out.append(
                Finding(
                    "graph",
                    "cycle",
                    "error",
                    f"edge {u} → {v} ({rid}, {data.get('route')}) does not go up its ladder: it makes a cycle "
                    "within one ladder",
                    "a route must lead to a higher level of its own ladder; fix the rule's head",
                    rule=rid,
                    file=_rule_file(kb, r) if r else None,
                    clause=_first(data.get("clauses")),
                    subject={"from": u, "to": v},
                )
            )
    simple = nx.DiGraph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    cycles = []
    for cyc in nx.simple_cycles(simple, length_bound=4):
        cycles.append(cyc)
        if len(cycles) >= 200:
            break
    summary["cycles"] = len(cycles)
    summary["cycle_examples"] = [" → ".join([*c, c[0]]) for c in sorted(cycles, key=len)[:5]]

    out.extend(_shortcuts(kb, g, summary))
    return out, summary, None


def _first(xs: Any) -> str | None:
    xs = list(xs or ())
    return xs[0] if xs else None


def _safe_rule(kb: KB, rid: Any) -> Rule | None:
    try:
        return kb.rule(str(rid))
    except KeyError:
        return None


def _timed_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """The fastest time-based edge between each pair of levels (edges without years are left out)."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, data in g.edges(data=True):
        years = data.get("years")
        if u == v or not isinstance(years, int | float) or data.get("route") == "exceptional":
            continue
        if (u, v) not in best or years < best[(u, v)]["years"]:
            best[(u, v)] = dict(data)
    return best


def _shortcuts(kb: KB, g: nx.MultiDiGraph, summary: dict[str, Any]) -> list[Finding]:
    timed = _timed_edges(g)
    h = nx.DiGraph()
    for (u, v), data in timed.items():
        h.add_edge(u, v, **data)
    out, found = [], []
    for (u, v), direct in sorted(timed.items()):
        best_path = None
        for path in nx.all_simple_paths(h, u, v, cutoff=4):
            if len(path) < 3:
                continue
            total = sum(h.edges[a, b]["years"] for a, b in itertools.pairwise(path))
            if total < direct["years"] and (best_path is None or total < best_path[1]):
                best_path = (path, total)
        if best_path is None:
            continue
        path, total = best_path
        steps = [h.edges[a, b] for a, b in itertools.pairwise(path)]
        desc = " → ".join(f"{path[0]}" if i == 0 else f"{path[i]} ({steps[i - 1]['years']})" for i in range(len(path)))
        rules = [s.get("rule") for s in steps]
        found.append(
            {
                "from": u,
                "to": v,
                "via": path[1:-1],
                "path_years": total,
                "direct_years": direct["years"],
                "direct_rule": direct.get("rule"),
                "path_rules": rules,
            }
        )
        r = _safe_rule(kb, direct.get("rule"))
        out.append(
            Finding(
                "graph",
                "shortcut",
                "warning",
                f"shortcut: {desc} = {total} years, faster than the direct route {u} → {v} ({direct.get('rule')}) in "
                f"{direct['years']} years",
                "if this is the plan's own arithmetic, accept it in kb/plan_facts.yaml "
                "with the explanation; otherwise fix the years of the rules involved",
                rule=direct.get("rule"),
                file=_rule_file(kb, r) if r else None,
                clause=_first(direct.get("clauses")),
                subject={"from": u, "to": v, "via": path[1:-1]},
            )
        )
    summary["shortcuts"] = found
    return out


# ---------------------------------------------------------------------------------------------
# dead rules


def _static_dead(kb: KB, d: _Domains) -> dict[str, str]:
    """Rules that can never fire whatever the profile, with the reason (a fixpoint over the rules)."""
    from .engine import vocab_facts

    rows_cache: dict[str, list[tuple]] = {}

    def vocab_rows(pred: str) -> list[tuple]:
        if pred not in rows_cache:
            try:
                rows_cache[pred] = vocab_facts(kb, pred)
            except (KeyError, TypeError, ValueError):
                rows_cache[pred] = []
        return rows_cache[pred]

    dead: dict[str, str] = {}

    def lit_dead(b: Atom) -> str | None:
        if b.negated:
            return None
        if b.is_comparison:
            x, y = b.args
            if not x.is_var and not y.is_var and _compare(b.pred, x.value, y.value) is False:
                return f"`{b}` is false"
            return None
        p = kb.predicates.get(b.pred)
        if p is None:
            return f"{b.pred} is not declared"
        if p.kind == "vocab":
            consts = [(i, a.value) for i, a in enumerate(b.args) if not a.is_var]
            if not any(all(len(row) > i and row[i] == v for i, v in consts) for row in vocab_rows(b.pred)):
                return f"no vocabulary fact matches `{b}`"
        elif p.kind == "base":
            for i, a in enumerate(b.args):
                vals, label = d.get(b.pred, i)
                if not a.is_var and vals is not None and a.value not in vals:
                    return f"`{b}`: no valid profile gives {a.value} ({label})"
        elif p.kind in ("derived", "option"):
            alive = [r for r in kb.rules_for(b.pred) if _terms_match(b, r.head) is not None and r.id not in dead]
            if not alive:
                return f"no live rule concludes `{b}`"
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
                f"rule {rid} can never fire: {why}",
                "fix the literal (constant, predicate) or remove the rule",
                rule=rid,
                file=_rule_file(kb, r),
                clause=(r.clauses or (None,))[0],
            )
        )
    if not witnesses:
        return out, "witness search not run"
    fired: dict[str, set[tuple]] = defaultdict(set)
    seen: dict[str, set[tuple]] = defaultdict(set)
    try:
        from .engine import Engine
        from .profile import ProfileError, parse_profile

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
        reason = f"the engine could not evaluate the KB ({exc.__class__.__name__}: {exc})"
        out.append(
            Finding(
                "dead-rules",
                "skipped",
                "warning",
                f"witness search skipped: {reason}",
                "fix the errors the other checks report, then re-run",
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
                    f"rule {r.id} fires for none of the {len(witness_profiles(kb))} witness profiles "
                    "(every level, title and award of the vocabulary)",
                    "check its conditions: one of them can never hold for a valid profile",
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
                    f"rule {r.id} lists the option {'/'.join(map(str, key))}, which no witness profile can get "
                    "(it is always ineligible)",
                    "restrict the rule's domain literals to the levels it can open",
                    rule=r.id,
                    file=f,
                    clause=(r.clauses or (None,))[0],
                    subject={"option": "/".join(map(str, key))},
                )
            )
    return out, None


# ---------------------------------------------------------------------------------------------
# 6. the interpretation register


def interpretation_register(kb: KB) -> list[dict[str, Any]]:
    """Every entry of kb/interpretations.yaml with its clauses' text and the rules following it.

    Examples
    --------
    >>> reg = {e["id"]: e for e in interpretation_register(load_kb())}
    >>> "title-exceptional" in reg["I-exceptional-scope"]["rules"]
    True
    """
    out = []
    for e in kb.interpretations:
        eid = str(e.get("id"))
        out.append(
            {
                "id": eid,
                "question": e.get("question", ""),
                "reading": e.get("reading", ""),
                "alternatives": list(e.get("alternatives") or ()),
                "clauses": [{"id": str(c), "text": kb.clause_text(str(c))} for c in e.get("clauses") or ()],
                "rules": [r.id for r in kb.rules if r.note == eid],
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# plan facts


def load_plan_facts(kb: KB) -> tuple[list[dict[str, Any]], list[Finding]]:
    """kb/plan_facts.yaml: the findings accepted as facts about the plan (none when the file is absent).

    Examples
    --------
    >>> facts, problems = load_plan_facts(load_kb())
    >>> "F-shortcut-senior" in {f["id"] for f in facts}, problems
    (True, [])
    """
    path = Path(kb.root) / "plan_facts.yaml"
    if not path.exists():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return [], [
            Finding(
                "plan-facts",
                "malformed",
                "error",
                f"plan_facts.yaml cannot be read: {exc}",
                "fix the YAML",
                file="plan_facts.yaml",
            )
        ]
    if not isinstance(data, dict) or not isinstance(data.get("facts") or [], list):
        return [], [
            Finding(
                "plan-facts",
                "malformed",
                "error",
                "plan_facts.yaml must be a mapping with a `facts` list",
                "fix the YAML (see the shipped kb/plan_facts.yaml)",
                file="plan_facts.yaml",
            )
        ]
    facts, out = [], []
    for i, e in enumerate(data.get("facts") or ()):
        if (
            not isinstance(e, dict)
            or not e.get("id")
            or e.get("check") not in CHECKS
            or not isinstance(e.get("match"), dict)
            or not str(e.get("explanation") or "").strip()
        ):
            out.append(
                Finding(
                    "plan-facts",
                    "malformed",
                    "error",
                    f"plan_facts.yaml entry {i} needs an id, a check ({', '.join(CHECKS)}), a match "
                    "mapping and an explanation",
                    "complete the entry",
                    file="plan_facts.yaml",
                )
            )
            continue
        for cid in e.get("clauses") or ():
            if str(cid) not in kb.clauses:
                out.append(
                    Finding(
                        "plan-facts",
                        "unknown-clause",
                        "error",
                        f"plan fact {e['id']} cites clause {cid}, which kb/plan.yaml does not have",
                        "cite an existing clause ID",
                        file="plan_facts.yaml",
                        clause=str(cid),
                    )
                )
        facts.append(e)
    return facts, out


def _matches(match: dict[str, Any], subject: dict[str, Any]) -> bool:
    return bool(subject) and all(subject.get(k) == v for k, v in match.items())


def _apply_facts(facts: list[dict[str, Any]], findings: list[Finding], skipped: dict[str, str]) -> list[Finding]:
    used = set()
    for f in findings:
        if f.severity == "error" or not f.subject:
            continue
        for e in facts:
            if e["check"] == f.check and _matches(e["match"], f.subject):
                f.severity, f.fact, f.explanation = "fact", str(e["id"]), str(e["explanation"]).strip()
                used.add(e["id"])
                break
    out = []
    for e in facts:
        if e["id"] not in used and e["check"] not in skipped:
            out.append(
                Finding(
                    "plan-facts",
                    "stale",
                    "warning",
                    f"plan fact {e['id']} ({e['check']}: {e['match']}) matches no finding",
                    "remove it from kb/plan_facts.yaml or fix its `match`",
                    file="plan_facts.yaml",
                    clause=_first(e.get("clauses")),
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# the whole audit


def run_audit(kb_dir: Path | str | None = None, *, witnesses: bool = True, graph: bool = True) -> AuditReport:
    """Audit the KB at `kb_dir` (the shipped one by default).  A malformed KB is one error finding.

    Parameters
    ----------
    kb_dir : path, optional
        A KB folder (``kb/`` or a copy of it).
    witnesses : bool
        Run the engine's witness search for dead rules.
    graph : bool
        Run the graph checks on the overpass.

    Examples
    --------
    >>> report = run_audit(witnesses=False, graph=False)
    >>> report.ok, any(f.fact for f in report.findings)
    (True, True)
    """
    root = str(kb_dir) if kb_dir else None
    try:
        kb = load_kb(root)
    except Exception as exc:  # KBError, or a file of the wrong shape (a list where a mapping belongs...)
        what = str(exc) if isinstance(exc, KBError) else f"{exc.__class__.__name__}: {exc}"
        report = AuditReport(kb_root=root or "kb")
        report.findings.append(
            Finding(
                "kb",
                "malformed",
                "error",
                f"the KB cannot be loaded: {what}",
                "fix the file named in the message (compare with the shipped kb/)",
            )
        )
        return report
    report = AuditReport(kb_root=str(kb.root))
    findings: list[Finding] = []

    def guarded(check: str, fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except Exception as exc:  # a broken copy of the KB: the check fails with the reason, no traceback
            findings.append(
                Finding(
                    check,
                    "crashed",
                    "error",
                    f"the check could not run: {exc.__class__.__name__}: {exc}",
                    "fix the KB files the message names",
                )
            )
            return None

    domains = guarded("hygiene", infer_domains, kb) or _Domains({}, {})
    cov = guarded("coverage", check_coverage, kb)
    if cov:
        findings.extend(cov[0])
        report.coverage = cov[1]
    findings.extend(guarded("hygiene", check_hygiene, kb, domains) or [])
    findings.extend(guarded("B-3.1.2", check_principles, kb) or [])
    bal = guarded("B-2.2", check_balance, kb, domains)
    if bal:
        findings.extend(bal[0])
        report.balance = bal[1]
    if graph:
        res = guarded("graph", check_graph, kb)
        if res:
            findings.extend(res[0])
            report.graph = res[1]
            if res[2]:
                report.skipped["graph"] = res[2]
    else:
        report.skipped["graph"] = "not run"
    unsafe = {"undeclared-predicate", "arity", "unstratified-negation", "unsafe-variable", "bad-head"}
    blocked = any(f.kind in unsafe and f.severity == "error" for f in findings)
    dead = guarded("dead-rules", check_dead_rules, kb, domains, witnesses=witnesses and not blocked)
    if dead:
        findings.extend(dead[0])
        if dead[1]:
            report.skipped["dead-rules"] = "witness search: " + (
                "skipped because the rules are unsafe to evaluate (see hygiene)" if blocked else dead[1]
            )
    report.register = guarded("coverage", interpretation_register, kb) or []
    facts, fact_findings = load_plan_facts(kb)
    findings.extend(fact_findings)
    findings.extend(_apply_facts(facts, findings, report.skipped))
    report.findings = sorted(findings, key=_finding_sort_key)
    return report


# ---------------------------------------------------------------------------------------------
# output


def _md_cell(x: Any) -> str:
    return str(x if x is not None else "").replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[Any]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows),
    ]


def _coverage_rows(report: AuditReport) -> list[list[Any]]:
    return [
        [r["section"], r["label"], r["clauses"], r["encoded"], r["not_encoded"], r["headings"], r["uncovered"]]
        for r in report.coverage
    ]


_COVERAGE_HEAD = ["section", "label", "clauses", "encoded", "not encoded", "headings (via items)", "uncovered"]
_BALANCE_HEAD = ["skill", "title", "skill→title", "title→skill", "verdict"]


def _crossing_cell(c: dict[str, Any] | None) -> str:
    if not c:
        return "—"
    basis = {"obtained": "after obtaining", "cumulative": "cumulative"}.get(c["years_from"])
    time = f"{c['years']} y {basis}" if basis else "no time limit"
    return f"{time} ({c['rule']}, {'、'.join(c['clauses'][:1])})"


def _balance_rows(report: AuditReport) -> list[list[Any]]:
    return [
        [r["skill"], r["title"], _crossing_cell(r["skill_to_title"]), _crossing_cell(r["title_to_skill"]), r["verdict"]]
        for r in report.balance
    ]


def _summary_md(report: AuditReport) -> list[str]:
    lines = ["## Summary", "", f"`tongguan audit` on `{Path(report.kb_root).name}/`: **{report.summary()}**", ""]
    lines += _md_table(
        ["check", "what", "result", "errors", "warnings", "plan facts"],
        [
            [
                c["check"],
                c["title"],
                c["result"] + (f" ({c['skipped']})" if c["skipped"] else ""),
                c["errors"],
                c["warnings"],
                c["facts"],
            ]
            for c in report.checks()
        ],
    )
    return lines


def _markdown(report: AuditReport) -> str:
    lines = ["# Audit of the rule base", "", *_summary_md(report), "", "## Findings", ""]
    if report.findings:
        lines += _md_table(
            ["severity", "check", "rule · clause", "finding", "fix / explanation"],
            [
                [
                    f.severity + (f" ({f.fact})" if f.fact else ""),
                    f.check,
                    f.where(),
                    f.message,
                    f.explanation if f.severity == "fact" else f.fix,
                ]
                for f in report.findings
            ],
        )
    else:
        lines.append("No findings.")
    lines += ["", "## Coverage per section", "", *_md_table(_COVERAGE_HEAD, _coverage_rows(report))]
    lines += ["", "## Balance of the crossings (B-2.2)", "", *_md_table(_BALANCE_HEAD, _balance_rows(report))]
    if report.graph:
        g = report.graph
        lines += [
            "",
            "## Overpass graph",
            "",
            f"Plan routes only: {g.get('nodes')} nodes (levels, exams, awards, "
            f"school classes), {g.get('edges')} routes; "
            f"unreached: {', '.join(g.get('unreached') or []) or 'none'}; cycles across the ladders: "
            f"{g.get('cycles', 0)} (e.g. {'; '.join(g.get('cycle_examples') or []) or 'none'}); "
            f"shortcuts: {len(g.get('shortcuts') or [])}.",
        ]
    lines += ["", "## Interpretation register", ""]
    for e in report.register:
        lines += [f"### {e['id']}", "", f"- **Question**: {e['question']}", f"- **Reading**: {e['reading']}"]
        if e["alternatives"]:
            lines.append("- **Alternatives**: " + "; ".join(map(str, e["alternatives"])))
        lines.append("- **Rules**: " + (", ".join(e["rules"]) or "none (a reading of the engine)"))
        for c in e["clauses"]:
            lines.append(f"- {c['id']}: {c['text']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_SEV_STYLE = {"error": "bold red", "warning": "yellow", "fact": "cyan"}


def render(report: AuditReport, console: Any) -> None:
    """The readable report (rich).

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> out = Console(file=io.StringIO(), width=160)
    >>> render(run_audit(witnesses=False, graph=False), out)
    >>> "Coverage per section" in out.file.getvalue()
    True
    """
    from rich.table import Table

    style = "green" if report.ok else "bold red"
    console.print(f"[{style}]{report.summary()}[/] — KB {report.kb_root}", highlight=False)
    t = Table(title="Checks", show_lines=False)
    for col in ("check", "what", "result", "errors", "warnings", "plan facts"):
        t.add_column(col, overflow="fold")
    for c in report.checks():
        res = {"pass": "[green]pass[/]", "fail": "[bold red]FAIL[/]"}.get(c["result"], f"[yellow]{c['result']}[/]")
        if c["skipped"]:
            res += f" ({c['skipped']})"
        t.add_row(c["check"], c["title"], res, str(c["errors"]), str(c["warnings"]), str(c["facts"]))
    console.print(t)
    if report.findings:
        t = Table(title="Findings", show_lines=True)
        for col in ("severity", "check", "rule · clause", "finding", "fix / explanation"):
            t.add_column(col, overflow="fold")
        for f in report.findings:
            sev = f"[{_SEV_STYLE[f.severity]}]{f.severity}[/]" + (f"\n{f.fact}" if f.fact else "")
            t.add_row(sev, f.check, f.where(), f.message, f.explanation if f.severity == "fact" else f.fix)
        console.print(t)
    t = Table(title="Coverage per section")
    for col in _COVERAGE_HEAD:
        t.add_column(col, overflow="fold")
    for row in _coverage_rows(report):
        t.add_row(*map(str, row))
    console.print(t)
    t = Table(title="Balance of the crossings (B-2.2)")
    for col in _BALANCE_HEAD:
        t.add_column(col, overflow="fold")
    for row in _balance_rows(report):
        t.add_row(*map(str, row))
    console.print(t)
    if report.graph:
        g = report.graph
        console.print(
            f"Overpass (plan routes): {g.get('nodes')} nodes, {g.get('edges')} routes; cycles across the ladders: "
            f"{g.get('cycles', 0)}; shortcuts: {len(g.get('shortcuts') or [])}",
            highlight=False,
        )
    t = Table(title="Interpretation register", show_lines=True)
    for col in ("ID", "question", "reading", "alternatives", "clauses", "rules"):
        t.add_column(col, overflow="fold")
    for e in report.register:
        t.add_row(
            e["id"],
            e["question"],
            e["reading"],
            "\n".join(map(str, e["alternatives"])),
            "\n".join(f"{c['id']} {c['text']}" for c in e["clauses"]),
            "\n".join(e["rules"]),
        )
    console.print(t)


def command(
    kb: Annotated[Path | None, typer.Option("--kb", help="KB folder to audit (default: the shipped kb/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print the report as Markdown.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of messages: zh (default) or en.")] = "zh",
) -> None:
    """Audit the rule base against the plan and its own principles; exit 1 when a check fails."""
    from .cli import console, fail, set_language
    from .errors import OptionError

    set_language(lang)
    if as_json and as_md:
        fail(OptionError("--json/--md", "--json --md", "option.one_format"))
    if kb is not None and not kb.is_dir():
        fail(OptionError("--kb", str(kb), "option.no_folder"))
    report = run_audit(kb)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif as_md:
        typer.echo(report.to_markdown(), nl=False)
    else:
        render(report, console())
    raise typer.Exit(0 if report.ok else 1)
