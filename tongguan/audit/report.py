"""Findings and the audit report: what each check returns, and the counts and verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb import KB, Rule, load_kb
from ..kbfiles import in_lang
from ..messages import MESSAGES, render

SEVERITIES = ("error", "warning", "fact")
# The checks every policy has, before and after its principles (kb/principles.yaml, one check each);
# their titles are the catalogue's keys ``audit.check.<id>`` (tongguan/messages/).
_CHECKS_BEFORE = ("kb", "coverage", "words", "structure", "hygiene")
_CHECKS_AFTER = ("graph", "dead-rules", "cases", "plan-facts")


def _title_pairs(kb: KB | None) -> dict[str, tuple[str, str]]:
    zh, en = (_fixed_titles(x, (*_CHECKS_BEFORE, *_CHECKS_AFTER)) for x in ("zh", "en"))
    if kb is not None:
        zh, en = check_titles(kb, "zh"), check_titles(kb, "en")
    return {c: (zh[c], en[c]) for c in en}


def _fixed_titles(lang: str, ids: tuple[str, ...]) -> dict[str, str]:
    return {c: render(f"audit.check.{c}", lang) for c in ids}


def check_titles(kb: KB, lang: str = "en") -> dict[str, str]:
    """The audit's checks in report order, id → title in `lang`: the fixed ones around the KB's principles.

    Examples
    --------
    >>> list(check_titles(load_kb()))[4:8]
    ['hygiene', 'B-3.1.2', 'A1-6', 'B-2.2']
    >>> check_titles(load_kb(), "zh")["graph"]
    '立交桥图：无路可达的层级、环路、捷径'
    """
    principles = {p["id"]: p["title_en"] if lang == "en" else p["title"] for p in kb.principles}
    return {**_fixed_titles(lang, _CHECKS_BEFORE), **principles, **_fixed_titles(lang, _CHECKS_AFTER)}


def say(text: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """`text` (a catalogue key, or a text shown as it is) in `lang`, with `params` filled in.

    A parameter may itself be a `Phrase` (rendered in the same language) or a list (joined with the
    language's separator).

    Examples
    --------
    >>> say("audit.verdict.balanced", "zh"), say("audit.verdict.balanced", "en")
    ('两向相当', 'balanced')
    """
    if text not in MESSAGES:
        return text
    sep = render("ask.sep", lang)
    filled = {
        k: _said(v, lang) if isinstance(v, Phrase) else sep.join(_said(x, lang) for x in v) if isinstance(v, list) else v
        for k, v in (params or {}).items()
    }
    return render(text, lang, filled)


def _said(value: Any, lang: str) -> str:
    return say(value.key, lang, value.params) if isinstance(value, Phrase) else str(value)


@dataclass(frozen=True)
class Phrase:
    """A catalogue key with its parameters, as a parameter of another message (said in its language)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


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
    a plan fact is matched on.  ``message`` and ``fix`` may be given as catalogue keys
    (tongguan/messages/) filled with ``params``: they then read in English, and `text` / `fix_text`
    say them in either language.

    Examples
    --------
    >>> Finding("coverage", "uncovered", "error", "B-9 is not covered", clause="B-9").where()
    'B-9'
    >>> f = Finding("graph", "unreached", "warning", "audit.graph.unreached", "audit.graph.unreached.fix",
    ...             params={"node": "title:正高级"})
    >>> f.message
    'no route of the plan reaches title:正高级'
    >>> f.text("zh")
    '方案中没有任何途径通向 title:正高级'
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
    params: dict[str, Any] = field(default_factory=dict)
    explanation_zh: str | None = None
    _keys: tuple[str, str] = field(default=("", ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._keys = (self.message, self.fix)
        self.message = say(self.message, "en", self.params)
        self.fix = say(self.fix, "en", self.params)

    def text(self, lang: str = "zh") -> str:
        """The finding in `lang`."""
        return say(self._keys[0], lang, self.params) if lang != "en" else self.message

    def fix_text(self, lang: str = "zh") -> str:
        """The fix in `lang` or, for a plan fact, its explanation."""
        if self.severity == "fact":
            return (self.explanation_zh or self.explanation or "") if lang != "en" else (self.explanation or "")
        return say(self._keys[1], lang, self.params) if lang != "en" else self.fix

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

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The finding as JSON-ready data, its texts in `lang`."""
        return {
            "check": self.check,
            "kind": self.kind,
            "severity": self.severity,
            "rule": self.rule,
            "file": self.file,
            "clause": self.clause,
            "message": self.text(lang),
            "fix": say(self._keys[1], lang, self.params) if lang != "en" else self.fix,
            "fact": self.fact,
            "explanation": self.fix_text(lang) if self.severity == "fact" else self.explanation,
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
    skipped: dict[str, Any] = field(default_factory=dict)  # check → why (a catalogue key, a text or a `Phrase`)
    cases: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    titles: dict[str, tuple[str, str]] = field(default_factory=lambda: _title_pairs(None))  # `check_titles`
    balance_check: str = ""  # the id of the principle the balance table is checked against

    def count(self, severity: str, check: str | None = None) -> int:
        """Number of findings of a severity (in one check)."""
        return sum(1 for f in self.findings if f.severity == severity and (check is None or f.check == check))

    @property
    def ok(self) -> bool:
        """No finding is an error."""
        return self.count("error") == 0

    def checks(self, lang: str = "zh") -> list[dict[str, Any]]:
        """One row per check: its counts and result (pass, fail or skipped), its title in `lang`."""
        rows = []
        for cid, title in self.titles.items():
            errors, warnings, facts = (self.count(s, cid) for s in SEVERITIES)
            if cid == "kb" and not errors:
                continue
            result = "fail" if errors else ("skipped" if cid in self.skipped else "pass")
            rows.append(
                {
                    "check": cid,
                    "title": title[1] if lang == "en" else title[0],
                    "result": result,
                    "errors": errors,
                    "warnings": warnings,
                    "facts": facts,
                    "skipped": self.skip_reason(cid, lang),
                    "seconds": self.seconds.get(cid),
                }
            )
        return rows

    def skip_reason(self, check: str, lang: str = "zh") -> str | None:
        """Why `check` was skipped, in `lang` (None when it ran)."""
        why = self.skipped.get(check)
        if why is None:
            return None
        return say(why.key, lang, why.params) if isinstance(why, Phrase) else say(why, lang)

    def summary(self, lang: str = "zh") -> str:
        """One line: the verdict and the counts.

        Examples
        --------
        >>> AuditReport("kb").summary("en")
        'audit clean: 0 errors, 0 warnings, 0 documented plan facts'
        >>> AuditReport("kb").summary()
        '审核通过：错误 0 项，警告 0 项，已记录的方案事实 0 项'
        """
        counts = {s: self.count(s) for s in SEVERITIES}
        plural = {f"{s}_s": "" if n == 1 else "s" for s, n in counts.items()}
        return say("audit.summary.clean" if self.ok else "audit.summary.failed", lang, {**counts, **plural})

    def timing(self, lang: str = "zh") -> str:
        """One line: how long the audit took, and the cases run.

        Examples
        --------
        >>> r = AuditReport("kb", seconds={"total": 1.25, "cases": 0.9}, cases={"cases": 3, "failed": 0})
        >>> r.timing("en")
        'audited in 1.2 s; 3 cases run in 0.9 s, all pass'
        >>> r.timing()
        '审核用时 1.2 秒；运行案例 3 个，用时 0.9 秒，全部通过'
        """
        line = say("audit.timing", lang, {"seconds": f"{self.seconds.get('total', 0.0):.1f}"})
        if self.cases:
            failed = self.cases.get("failed", 0)
            params = {"n": self.cases.get("cases", 0), "seconds": f"{self.seconds.get('cases', 0.0):.1f}", "failed": failed}
            line += say("audit.timing.cases_failing" if failed else "audit.timing.cases_pass", lang, params)
        elif "cases" in self.skipped:
            line += say("audit.timing.cases_skipped", lang, {"why": self.skip_reason("cases", lang)})
        return line

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The machine-readable report (``--json``): its texts (summary, titles, findings) in `lang`."""
        return {
            "kb": self.kb_root,
            "ok": self.ok,
            "summary": self.summary(lang),
            "timing": self.timing(lang),
            "counts": {s: self.count(s) for s in SEVERITIES},
            "checks": self.checks(lang),
            "findings": [f.to_dict(lang) for f in self.findings],
            "coverage": self.coverage,
            "balance": self.balance,
            "graph": self.graph,
            "register": self.register_in(lang),
            "cases": self.cases,
            "seconds": self.seconds,
        }

    def register_in(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The interpretation register with its questions, readings and alternatives in `lang`."""
        return [
            {
                **e,
                "question": in_lang(e["question"], lang),
                "reading": in_lang(e["reading"], lang),
                "alternatives": [in_lang(a, lang) for a in e["alternatives"]],
            }
            for e in self.register
        ]

    def to_markdown(self, lang: str = "zh") -> str:
        """The report as Markdown (``--md``) in `lang`; its first section is the summary."""
        from .render import markdown

        return markdown(self, lang)


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
