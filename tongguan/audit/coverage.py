"""Coverage: every clause cited or listed as not encoded; unknown citations; misquotes; notes."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

from ..kb import KB, Rule, load_kb, normalized  # noqa: F401 (load_kb: for the doctests)
from .report import Finding, Phrase, _rule_file, rule_finding

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
        hint = Phrase("audit.coverage.did_you_mean", {"close": close}) if close else ""
        out.append(
            Finding(
                "coverage",
                "unknown-clause",
                "error",
                "audit.coverage.unknown_clause",
                "audit.coverage.unknown_clause.fix",
                params={"where": where, "cid": cid, "hint": hint},
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
                    "audit.coverage.no_clause",
                    "audit.coverage.no_clause.fix",
                    params={"rule": r.id},
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
                    "audit.coverage.unknown_note",
                    "audit.coverage.unknown_note.fix",
                    params={"rule": r.id, "note": r.note},
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
                    "audit.coverage.no_reason",
                    "audit.coverage.no_reason.fix",
                    params={"cid": cid},
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
        for part, lang in _register_gaps(e):
            out.append(
                Finding(
                    "coverage",
                    "register-language",
                    "error",
                    "audit.coverage.register_lang",
                    "audit.coverage.register_lang.fix",
                    params={"id": str(e.get("id")), "part": part, "lang": lang},
                    file="interpretations.yaml",
                    subject={"interpretation": str(e.get("id")), "part": part},
                )
            )

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
            why = Phrase("audit.coverage.heading_only") if heading_only else ""
            out.append(
                Finding(
                    "coverage",
                    "uncovered",
                    "error",
                    "audit.coverage.uncovered",
                    "audit.coverage.uncovered.fix",
                    params={"cid": cid, "why": why, "text": _short(kb.clause_text(cid))},
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
                    "audit.coverage.cited_and_listed",
                    "audit.coverage.cited_and_listed.fix",
                    params={"cid": cid, "rules": list(cited[cid])},
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


def _register_gaps(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(part, language) an entry of the register lacks: its question, reading and each alternative are
    ``{zh, en}``, both non-empty.

    Examples
    --------
    >>> _register_gaps({"question": {"zh": "问", "en": "q"}, "reading": "only one text", "alternatives": [{"zh": "另"}]})
    [('reading', 'zh'), ('reading', 'en'), ('alternatives[1]', 'en')]
    """
    parts = [("question", entry.get("question")), ("reading", entry.get("reading"))]
    parts += [(f"alternatives[{i}]", a) for i, a in enumerate(entry.get("alternatives") or (), 1)]
    out = []
    for part, text in parts:
        for lang in ("zh", "en"):
            if not (isinstance(text, dict) and isinstance(text.get(lang), str) and text[lang].strip()):
                out.append((part, lang))
    return out


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
                "audit.coverage.no_source",
                "audit.coverage.no_source.fix",
                params={"rule": r.id},
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
            "audit.coverage.misquote",
            "audit.coverage.misquote.fix",
            params={"rule": r.id, "source": _short(bad[0], 60), "clauses": list(r.clauses)},
            clause=r.clauses[0],
        )
    ]
