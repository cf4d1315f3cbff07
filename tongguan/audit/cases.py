"""The policy's own cases inside the audit: every case of the audited KB's ``cases/`` run against it
(`tongguan.cases`); a failing expectation is an error naming the case, the option, what was expected
and what the KB gives, and the rules involved."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from ..cases import load_cases, run_cases
from ..kb import KB, KBError, load_kb  # noqa: F401 (load_kb: for the doctests)
from .report import Finding, Phrase


def _show(x: Any) -> str:
    if isinstance(x, list | tuple):
        return "[" + ", ".join(map(str, x)) + "]"
    return str(x)


def check_cases(kb: KB) -> tuple[list[Finding], dict[str, Any]]:
    """Run the KB's own cases; the findings and a summary ``{cases, failed, seconds}``.

    Examples
    --------
    >>> findings, summary = check_cases(load_kb())
    >>> findings, summary["cases"] > 100, summary["failed"]
    ([], True, 0)
    """
    start = time.perf_counter()
    try:
        cases = load_cases(kb.root)
    except KBError as exc:
        finding = Finding(
            "cases", "malformed", "error", str(exc), "audit.cases.malformed.fix"
        )
        return [finding], {"cases": 0, "failed": 0, "seconds": 0.0}
    failures = run_cases(kb, cases)
    out = []
    for f in failures:
        rule = f.rules[0] if f.rules else None
        clause = None
        if rule:
            with contextlib.suppress(KeyError):  # a case naming a rule the KB lacks
                clause = (kb.rule(rule).clauses or (None,))[0]
        rules = Phrase("audit.cases.rules", {"rules": list(f.rules)}) if f.rules else ""
        out.append(
            Finding(
                "cases",
                "case-failed",
                "error",
                "audit.cases.failed",
                "audit.cases.failed.fix",
                params={
                    "case": f.case, "name": f.name, "option": f.option or Phrase("audit.cases.the_case"),
                    "what": f.what, "expected": _show(f.expected), "actual": _show(f.actual), "rules": rules,
                },
                rule=rule,
                file=f.file,
                clause=clause,
                subject={"case": f.case, "option": f.option, "what": f.what},
            )
        )
    failed = len({f.case for f in failures})
    return out, {"cases": len(cases), "failed": failed, "seconds": round(time.perf_counter() - start, 2)}
