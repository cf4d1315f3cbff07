"""The report's outputs: Markdown and the readable (rich) tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .report import AuditReport

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


def _balance_title(report: AuditReport) -> str:
    return "Balance of the crossings" + (f" ({report.balance_check})" if report.balance_check else "")


def _balance_rows(report: AuditReport) -> list[list[Any]]:
    return [
        [r["skill"], r["title"], _crossing_cell(r["skill_to_title"]), _crossing_cell(r["title_to_skill"]), r["verdict"]]
        for r in report.balance
    ]


def _summary_md(report: AuditReport) -> list[str]:
    lines = ["## Summary", "", f"`tongguan audit` on `{Path(report.kb_root).name}/`: **{report.summary()}**", ""]
    lines += [report.timing() + ".", ""]
    lines += _md_table(
        ["check", "what", "result", "errors", "warnings", "plan facts", "time (s)"],
        [
            [
                c["check"],
                c["title"],
                c["result"] + (f" ({c['skipped']})" if c["skipped"] else ""),
                c["errors"],
                c["warnings"],
                c["facts"],
                "" if c["seconds"] is None else f"{c['seconds']:.2f}",
            ]
            for c in report.checks()
        ],
    )
    return lines


def markdown(report: AuditReport) -> str:
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
    lines += ["", f"## {_balance_title(report)}", "", *_md_table(_BALANCE_HEAD, _balance_rows(report))]
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
    >>> from tongguan.audit import run_audit
    >>> render(run_audit(witnesses=False, graph=False, cases=False), out)
    >>> "Coverage per section" in out.file.getvalue()
    True
    """
    from rich.table import Table

    style = "green" if report.ok else "bold red"
    console.print(f"[{style}]{report.summary()}[/] — KB {report.kb_root}", highlight=False)
    console.print(report.timing(), highlight=False)
    t = Table(title="Checks", show_lines=False)
    for col in ("check", "what", "result", "err", "warn", "facts", "s"):  # short heads: fits 80 columns
        t.add_column(col, overflow="fold", no_wrap=col != "what", min_width=20 if col == "what" else None)
    for c in report.checks():
        res = {"pass": "[green]pass[/]", "fail": "[bold red]FAIL[/]"}.get(c["result"], f"[yellow]{c['result']}[/]")
        what = c["title"] + (f" ({c['skipped']})" if c["skipped"] else "")
        secs = "" if c["seconds"] is None else f"{c['seconds']:.1f}"
        t.add_row(c["check"], what, res, str(c["errors"]), str(c["warnings"]), str(c["facts"]), secs)
    console.print(t)
    if report.findings:
        t = Table(title="Findings", show_lines=True)
        for col in ("severity", "check", "rule · clause", "finding", "fix / explanation"):
            t.add_column(col, overflow="fold", no_wrap=col in ("severity", "check"))
        for f in report.findings:
            sev = f"[{_SEV_STYLE[f.severity]}]{f.severity}[/]" + (f"\n{f.fact}" if f.fact else "")
            t.add_row(sev, f.check, f.where(), f.message, f.explanation if f.severity == "fact" else f.fix)
        console.print(t)
    t = Table(title="Coverage per section")
    for col in _COVERAGE_HEAD:
        t.add_column(col, overflow="fold", no_wrap=col != "label")
    for row in _coverage_rows(report):
        t.add_row(*map(str, row))
    console.print(t)
    t = Table(title=_balance_title(report))
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
        t.add_column(col, overflow="fold", no_wrap=col in ("rules",))
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
