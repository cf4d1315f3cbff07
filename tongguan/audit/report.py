"""Findings and the audit report: what each check returns, and the counts and verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb import KB, Rule, load_kb

SEVERITIES = ("error", "warning", "fact")
# The checks every policy has, before and after its principles (kb/principles.yaml, one check each).
_CHECKS_BEFORE: dict[str, str] = {
    "kb": "The KB folder loads (well-formed YAML and rules)",
    "coverage": "Coverage: every clause cited by a rule or listed as not encoded; citations, quotes, notes",
    "words": "Quote–body agreement: each rule's body says what its sentence says (years, placings, levels, awards, medals, lists, conditions), both ways",
    "structure": "The plan's structure: level headings, the basic conditions of A1-5/A2-5, the vocabulary's enumerations",
    "hygiene": "Rule hygiene: predicates, arity, safety, stratification, duplicates, vocabulary, engine restriction",
}
_CHECKS_AFTER: dict[str, str] = {
    "graph": "Overpass graph: unreached levels, cycles, shortcuts",
    "dead-rules": "Dead rules: option rules no valid profile can fire",
    "cases": "The policy's own cases (kb/cases/) run against this KB",
    "plan-facts": "Accepted plan facts (kb/plan_facts.yaml) are well-formed and still match a finding",
}


def check_titles(kb: KB) -> dict[str, str]:
    """The audit's checks in report order, id → title: the fixed ones around the KB's principles.

    Examples
    --------
    >>> list(check_titles(load_kb()))[4:8]
    ['hygiene', 'B-3.1.2', 'A1-6', 'B-2.2']
    """
    return {**_CHECKS_BEFORE, **{p["id"]: p["title"] for p in kb.principles}, **_CHECKS_AFTER}


def __getattr__(name: str) -> Any:
    """`CHECKS`: the shipped policy's checks (`check_titles` of the shipped KB), made when first asked for."""
    if name == "CHECKS":
        return check_titles(load_kb())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
    >>> from tongguan.audit import run_audit
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
    cases: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=lambda: {**_CHECKS_BEFORE, **_CHECKS_AFTER})  # `check_titles`
    balance_check: str = ""  # the id of the principle the balance table is checked against

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
        for cid, title in self.titles.items():
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
                    "seconds": self.seconds.get(cid),
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

    def timing(self) -> str:
        """One line: how long the audit took, and the cases run.

        Examples
        --------
        >>> AuditReport("kb", seconds={"total": 1.25, "cases": 0.9}, cases={"cases": 3, "failed": 0}).timing()
        'audited in 1.2 s; 3 cases run in 0.9 s, all pass'
        """
        line = f"audited in {self.seconds.get('total', 0.0):.1f} s"
        if self.cases:
            failed = self.cases.get("failed", 0)
            verdict = f"{failed} failing" if failed else "all pass"
            line += f"; {self.cases.get('cases', 0)} cases run in {self.seconds.get('cases', 0.0):.1f} s, {verdict}"
        elif "cases" in self.skipped:
            line += f"; cases not run ({self.skipped['cases']})"
        return line

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable report (``--json``)."""
        return {
            "kb": self.kb_root,
            "ok": self.ok,
            "summary": self.summary(),
            "timing": self.timing(),
            "counts": {s: self.count(s) for s in SEVERITIES},
            "checks": self.checks(),
            "findings": [f.to_dict() for f in self.findings],
            "coverage": self.coverage,
            "balance": self.balance,
            "graph": self.graph,
            "register": self.register,
            "cases": self.cases,
            "seconds": self.seconds,
        }

    def to_markdown(self) -> str:
        """The report as Markdown (``--md``); its first section is the summary."""
        from .render import markdown

        return markdown(self)


def _finding_sort_key(f: Finding, order: list[str]) -> tuple:
    return (SEVERITIES.index(f.severity), order.index(f.check) if f.check in order else 99)


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
