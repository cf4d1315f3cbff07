"""The whole audit: every check on one KB folder, and the command line."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..kb import KB, KBError, load_kb
from .cases import check_cases
from .coverage import check_coverage
from .dead import check_dead_rules
from .facts import _apply_facts, interpretation_register, load_plan_facts
from .graph import check_graph
from .hygiene import _Domains, check_hygiene, infer_domains
from .principles import check_balance, check_principles
from .report import AuditReport, Finding, Phrase, _finding_sort_key, _title_pairs
from .structure import check_structure
from .words import check_words

# ---------------------------------------------------------------------------------------------
# the whole audit


def run_audit(
    kb_dir: KB | Path | str | None = None, *, witnesses: bool = True, graph: bool = True, cases: bool = True
) -> AuditReport:
    """Audit the KB at `kb_dir` (the shipped one by default).  A malformed KB is one error finding.

    Parameters
    ----------
    kb_dir : path or KB, optional
        A KB folder (``kb/`` or a copy of it), or a loaded `KB` (a reform's variant policy).
    witnesses : bool
        Run the engine's witness search for dead rules.
    graph : bool
        Run the graph checks on the overpass.
    cases : bool
        Run the KB's own cases (``cases/``) against it.

    Examples
    --------
    >>> report = run_audit(witnesses=False, graph=False, cases=False)
    >>> report.ok, any(f.fact for f in report.findings)
    (True, True)
    """
    started = time.perf_counter()
    root = str(kb_dir.root) if isinstance(kb_dir, KB) else str(kb_dir) if kb_dir else None
    try:
        kb = kb_dir if isinstance(kb_dir, KB) else load_kb(root)
    except Exception as exc:  # KBError, or a file of the wrong shape (a list where a mapping belongs...)
        what = str(exc) if isinstance(exc, KBError) else f"{exc.__class__.__name__}: {exc}"
        report = AuditReport(kb_root=root or "kb")
        report.findings.append(
            Finding(
                "kb",
                "malformed",
                "error",
                "audit.kb.malformed",
                "audit.kb.malformed.fix",
                params={"what": what},
            )
        )
        return report
    report = AuditReport(kb_root=str(kb.root), titles=_title_pairs(kb))
    findings: list[Finding] = []

    def guarded(check: str, fn: Any, *args: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kw)
        except Exception as exc:  # a broken copy of the KB: the check fails with the reason, no traceback
            findings.append(
                Finding(
                    check,
                    "crashed",
                    "error",
                    "audit.crashed",
                    "audit.crashed.fix",
                    params={"what": f"{exc.__class__.__name__}: {exc}"},
                )
            )
            return None
        finally:
            report.seconds[check] = round(report.seconds.get(check, 0.0) + time.perf_counter() - t0, 3)

    domains = guarded("hygiene", infer_domains, kb) or _Domains({}, {})
    cov = guarded("coverage", check_coverage, kb)
    if cov:
        findings.extend(cov[0])
        report.coverage = cov[1]
    findings.extend(guarded("words", check_words, kb, domains) or [])
    findings.extend(guarded("structure", check_structure, kb, domains) or [])
    findings.extend(guarded("hygiene", check_hygiene, kb, domains) or [])
    concerns = [p["id"] for p in kb.principles if p["check"] == "concerns"]
    if concerns:
        findings.extend(guarded(concerns[0], check_principles, kb) or [])
    for p in kb.principles:
        if p["check"] != "balance":
            continue
        bal = guarded(p["id"], check_balance, kb, principle=p)
        if bal:
            findings.extend(bal[0])
            report.balance, report.balance_check = bal[1], p["id"]
    if graph:
        res = guarded("graph", check_graph, kb)
        if res:
            findings.extend(res[0])
            report.graph = res[1]
            if res[2]:
                report.skipped["graph"] = res[2]
    else:
        report.skipped["graph"] = "audit.skip.not_run"
    unsafe = {"undeclared-predicate", "arity", "unstratified-negation", "unsafe-variable", "bad-head"}
    blocked = any(f.kind in unsafe and f.severity == "error" for f in findings)
    dead = guarded("dead-rules", check_dead_rules, kb, domains, witnesses=witnesses and not blocked)
    if dead:
        findings.extend(dead[0])
        if dead[1]:
            why = Phrase("audit.skip.unsafe_witness") if blocked else dead[1]
            why = why if isinstance(why, Phrase) else Phrase(str(why))
            report.skipped["dead-rules"] = Phrase("audit.skip.witness", {"why": why})
    if cases and not blocked:
        res = guarded("cases", check_cases, kb)
        if res:
            findings.extend(res[0])
            report.cases = res[1]
    else:
        report.skipped["cases"] = "--no-cases" if not cases else "audit.skip.unsafe"
    report.register = guarded("coverage", interpretation_register, kb) or []
    facts, fact_findings = load_plan_facts(kb)
    findings.extend(fact_findings)
    findings.extend(_apply_facts(facts, findings, report.skipped))
    order = list(report.titles)
    report.findings = sorted(findings, key=lambda f: _finding_sort_key(f, order))
    report.seconds["total"] = round(time.perf_counter() - started, 3)
    return report
