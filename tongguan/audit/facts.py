"""The interpretation register and the accepted plan facts (kb/plan_facts.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)
from .logic import _first
from .report import Finding, check_titles

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
                "audit.facts.unreadable",
                "audit.facts.unreadable.fix",
                params={"what": str(exc)},
                file="plan_facts.yaml",
            )
        ]
    if not isinstance(data, dict) or not isinstance(data.get("facts") or [], list):
        return [], [
            Finding(
                "plan-facts",
                "malformed",
                "error",
                "audit.facts.not_mapping",
                "audit.facts.not_mapping.fix",
                file="plan_facts.yaml",
            )
        ]
    facts, out = [], []
    checks = check_titles(kb)
    for i, e in enumerate(data.get("facts") or ()):
        if (
            not isinstance(e, dict)
            or not e.get("id")
            or e.get("check") not in checks
            or not isinstance(e.get("match"), dict)
            or not _explanation(e)[1].strip()
        ):
            out.append(
                Finding(
                    "plan-facts",
                    "malformed",
                    "error",
                    "audit.facts.entry",
                    "audit.facts.entry.fix",
                    params={"i": i, "checks": list(checks)},
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
                        "audit.facts.unknown_clause",
                        "audit.facts.unknown_clause.fix",
                        params={"id": e["id"], "cid": cid},
                        file="plan_facts.yaml",
                        clause=str(cid),
                    )
                )
        facts.append(e)
    return facts, out


def _explanation(e: dict[str, Any]) -> tuple[str, str]:
    """A plan fact's explanation, (Chinese, English): a text (the same in both) or a mapping {zh, en}.

    Examples
    --------
    >>> _explanation({"explanation": {"zh": "方案如此", "en": "the plan's"}}), _explanation({"explanation": "x"})
    (('方案如此', "the plan's"), ('x', 'x'))
    """
    text = e.get("explanation")
    if isinstance(text, dict):
        return str(text.get("zh") or text.get("en") or ""), str(text.get("en") or text.get("zh") or "")
    return str(text or ""), str(text or "")


def _matches(match: dict[str, Any], subject: dict[str, Any]) -> bool:
    return bool(subject) and all(subject.get(k) == v for k, v in match.items())


def _apply_facts(facts: list[dict[str, Any]], findings: list[Finding], skipped: dict[str, str]) -> list[Finding]:
    used = set()
    for f in findings:
        if f.severity == "error" or not f.subject:
            continue
        for e in facts:
            if e["check"] == f.check and _matches(e["match"], f.subject):
                f.severity, f.fact = "fact", str(e["id"])
                f.explanation_zh, f.explanation = (t.strip() for t in _explanation(e))
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
                    "audit.facts.stale",
                    "audit.facts.stale.fix",
                    params={"id": e["id"], "check": e["check"], "match": e["match"]},
                    file="plan_facts.yaml",
                    clause=_first(e.get("clauses")),
                )
            )
    return out
