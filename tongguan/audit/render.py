"""The report's outputs: Markdown and the readable (rich) tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..messages import render as _render_message
from .report import AuditReport, Finding, say

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


def _t(key: str, lang: str, **params: Any) -> str:
    return say(f"audit.{key}", lang, params)


def _coverage_rows(report: AuditReport, lang: str) -> list[list[Any]]:
    return [
        [_t("total", lang) if r["section"] == "total" else r["section"], r["label"], r["clauses"], r["encoded"], r["not_encoded"], r["headings"], r["uncovered"]]
        for r in report.coverage
    ]


_COVERAGE_HEAD = ("section", "label", "clauses", "encoded", "not_encoded", "headings", "uncovered")
_BALANCE_HEAD = ("skill", "title", "skill_to_title", "title_to_skill", "verdict")


def _heads(names: tuple[str, ...], lang: str) -> list[str]:
    return [_t(f"col.{n}", lang) for n in names]


def _crossing_cell(c: dict[str, Any] | None, lang: str) -> str:
    if not c:
        return "—"
    if c["years_from"] in ("obtained", "cumulative"):
        time = _t(f"crossing.{c['years_from']}", lang, years=c["years"])
    else:
        time = _t("crossing.no_limit", lang)
    if lang == "en":
        return f"{time} ({c['rule']}, {'、'.join(c['clauses'][:1])})"
    return f"{time}（{c['rule']}，{'、'.join(c['clauses'][:1])}）"


def _balance_title(report: AuditReport, lang: str) -> str:
    title = _t("title.balance", lang)
    if not report.balance_check:
        return title
    return f"{title} ({report.balance_check})" if lang == "en" else f"{title}（{report.balance_check}）"


# the balance table's verdicts (tongguan.audit.principles.check_balance) → their catalogue keys
_VERDICTS = {
    "one way only": "one_way",
    "skill→title harsher": "harsher",
    "balanced": "balanced",
    "mixed: fewer years, counted from obtaining the level": "mixed",
    "skill→title lighter": "lighter",
}


def _balance_rows(report: AuditReport, lang: str) -> list[list[Any]]:
    return [
        [
            r["skill"],
            r["title"],
            _crossing_cell(r["skill_to_title"], lang),
            _crossing_cell(r["title_to_skill"], lang),
            _t(f"verdict.{_VERDICTS[r['verdict']]}", lang) if r["verdict"] in _VERDICTS else r["verdict"],
        ]
        for r in report.balance
    ]


def _result(c: dict[str, Any], lang: str) -> str:
    return _t(f"result.{c['result']}", lang)


def _what(c: dict[str, Any], lang: str) -> str:
    if not c["skipped"]:
        return c["title"]
    return f"{c['title']} ({c['skipped']})" if lang == "en" else f"{c['title']}（{c['skipped']}）"


def _severity(f: Finding, lang: str) -> str:
    return _t(f"severity.{f.severity}", lang)


def _summary_md(report: AuditReport, lang: str) -> list[str]:
    name = f"`{Path(report.kb_root).name}/`"
    lines = [f"## {_t('title.summary', lang)}", "", _t("md.verdict", lang, kb=name, summary=report.summary(lang)), ""]
    lines += [report.timing(lang) + ("." if lang == "en" else "。"), ""]
    lines += _md_table(
        _heads(("check", "what", "result", "errors", "warnings", "plan_facts", "seconds"), lang),
        [
            [
                c["check"],
                c["title"],
                _result(c, lang) + ((f" ({c['skipped']})" if lang == "en" else f"（{c['skipped']}）") if c["skipped"] else ""),
                c["errors"],
                c["warnings"],
                c["facts"],
                "" if c["seconds"] is None else f"{c['seconds']:.2f}",
            ]
            for c in report.checks(lang)
        ],
    )
    return lines


def _graph_line(g: dict[str, Any], lang: str) -> str:
    none = _t("none", lang)
    sep = _render_message("ask.sep", lang)
    return _t(
        "md.graph",
        lang,
        nodes=g.get("nodes"),
        edges=g.get("edges"),
        unreached=sep.join(g.get("unreached") or []) or none,
        cycles=g.get("cycles", 0),
        examples=("; " if lang == "en" else "；").join(g.get("cycle_examples") or []) or none,
        shortcuts=len(g.get("shortcuts") or []),
    )


def markdown(report: AuditReport, lang: str = "zh") -> str:
    """The report as Markdown in `lang` (``tongguan audit --md``).

    Examples
    --------
    >>> from tongguan.audit import run_audit
    >>> md = markdown(run_audit(witnesses=False, graph=False, cases=False))
    >>> md.splitlines()[0], "## 各部分的覆盖情况" in md
    ('# 规则库审核报告', True)
    """
    lines = [f"# {_t('title.report', lang)}", "", *_summary_md(report, lang), "", f"## {_t('title.findings', lang)}", ""]
    if report.findings:
        lines += _md_table(
            _heads(("severity", "check", "where", "finding", "fix"), lang),
            [
                [
                    _severity(f, lang) + ((f" ({f.fact})" if lang == "en" else f"（{f.fact}）") if f.fact else ""),
                    f.check,
                    f.where(),
                    f.text(lang),
                    f.fix_text(lang),
                ]
                for f in report.findings
            ],
        )
    else:
        lines.append(_t("no_findings", lang))
    cov = _md_table(_heads(_COVERAGE_HEAD, lang), _coverage_rows(report, lang))
    lines += ["", f"## {_t('title.coverage', lang)}", "", *cov]
    lines += ["", f"## {_balance_title(report, lang)}", "", *_md_table(_heads(_BALANCE_HEAD, lang), _balance_rows(report, lang))]
    if report.graph:
        lines += ["", f"## {_t('title.graph', lang)}", "", _graph_line(report.graph, lang)]
    lines += ["", f"## {_t('title.register', lang)}", ""]
    for e in report.register_in(lang):
        lines += [f"### {e['id']}", "", f"- **{_t('reg.question', lang)}**: {e['question']}", f"- **{_t('reg.reading', lang)}**: {e['reading']}"]
        if e["alternatives"]:
            lines.append(f"- **{_t('reg.alternatives', lang)}**: " + "; ".join(map(str, e["alternatives"])))
        lines.append(f"- **{_t('reg.rules', lang)}**: " + (", ".join(e["rules"]) or _t("reg.no_rules", lang)))
        for c in e["clauses"]:
            lines.append(f"- {c['id']}: {c['text']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _register_blocks(report: AuditReport, console: Any, lang: str) -> None:
    from rich.table import Table

    sep = _render_message("ask.sep", lang)
    console.print(f"\n[bold]{_t('title.register', lang)}[/]", highlight=False)
    for e in report.register_in(lang):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        grid.add_row(_t("reg.question", lang), e["question"])
        grid.add_row(_t("reg.reading", lang), e["reading"])
        for alt in e["alternatives"]:
            grid.add_row(_t("reg.alternatives", lang), str(alt))
        grid.add_row(_t("reg.rules", lang), sep.join(e["rules"]) or _t("reg.no_rules", lang))
        grid.add_row(_t("col.reg_clauses", lang), sep.join(c["id"] for c in e["clauses"]))
        console.print(f"[bold cyan]{e['id']}[/]", highlight=False)
        console.print(grid, highlight=False)


_SEV_STYLE = {"error": "bold red", "warning": "yellow", "fact": "cyan"}


def render(report: AuditReport, console: Any, lang: str = "zh") -> None:
    """The readable report (rich) in `lang`.

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> out = Console(file=io.StringIO(), width=160)
    >>> from tongguan.audit import run_audit
    >>> report = run_audit(witnesses=False, graph=False, cases=False)
    >>> render(report, out, "en")
    >>> "Coverage per section" in out.file.getvalue()
    True
    >>> render(report, out)
    >>> "各部分的覆盖情况" in out.file.getvalue()
    True
    """
    from rich.table import Table

    style = "green" if report.ok else "bold red"
    console.print(f"[{style}]{report.summary(lang)}[/] — {_t('kb', lang)} {report.kb_root}", highlight=False)
    console.print(report.timing(lang), highlight=False)
    t = Table(title=_t("title.checks", lang), show_lines=False)
    # short heads: fits 80 columns
    for col, head in zip(("check", "what", "result", "err", "warn", "facts", "s"), _heads(("check", "what", "result", "err", "warn", "facts", "s"), lang), strict=True):
        t.add_column(head, overflow="fold", no_wrap=col != "what", min_width=20 if col == "what" else None)
    for c in report.checks(lang):
        loud = _t("result.fail_loud", lang) if c["result"] == "fail" else _result(c, lang)
        res = {"pass": "[green]{}[/]", "fail": "[bold red]{}[/]"}.get(c["result"], "[yellow]{}[/]").format(loud)
        secs = "" if c["seconds"] is None else f"{c['seconds']:.1f}"
        t.add_row(c["check"], _what(c, lang), res, str(c["errors"]), str(c["warnings"]), str(c["facts"]), secs)
    console.print(t)
    if report.findings:
        t = Table(title=_t("title.findings", lang), show_lines=True)
        for col in ("severity", "check", "where", "finding", "fix"):
            t.add_column(_t(f"col.{col}", lang), overflow="fold", no_wrap=col in ("severity", "check"))
        for f in report.findings:
            sev = f"[{_SEV_STYLE[f.severity]}]{_severity(f, lang)}[/]" + (f"\n{f.fact}" if f.fact else "")
            t.add_row(sev, f.check, f.where(), f.text(lang), f.fix_text(lang))
        console.print(t)
    t = Table(title=_t("title.coverage", lang))
    for col, head in zip(_COVERAGE_HEAD, _heads(_COVERAGE_HEAD, lang), strict=True):
        t.add_column(head, overflow="fold", no_wrap=col != "label" and lang == "en")
    for row in _coverage_rows(report, lang):
        t.add_row(*map(str, row))
    console.print(t)
    t = Table(title=_balance_title(report, lang))
    for head in _heads(_BALANCE_HEAD, lang):
        t.add_column(head, overflow="fold")
    for row in _balance_rows(report, lang):
        t.add_row(*map(str, row))
    console.print(t)
    if report.graph:
        g = report.graph
        console.print(
            _t("graph_line", lang, nodes=g.get("nodes"), edges=g.get("edges"), cycles=g.get("cycles", 0),
               shortcuts=len(g.get("shortcuts") or [])),
            highlight=False,
        )
    if console.width < 120:  # six columns do not fit: one block per entry, its clauses by ID
        _register_blocks(report, console, lang)
        return
    t = Table(title=_t("title.register", lang), show_lines=True)
    for col in ("id", "question", "reading", "alternatives", "clauses", "rules"):
        t.add_column(_t(f"col.reg_{col}", lang), overflow="fold", no_wrap=col == "rules")
    for e in report.register_in(lang):
        t.add_row(
            e["id"],
            e["question"],
            e["reading"],
            "\n".join(map(str, e["alternatives"])),
            "\n".join(f"{c['id']} {c['text']}" for c in e["clauses"]),
            "\n".join(e["rules"]),
        )
    console.print(t)
