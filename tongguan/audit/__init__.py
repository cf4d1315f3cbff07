"""The audit of the rule base against the plan and against its own principles (issues 5 and 9).

`tongguan audit [--kb DIR] [--json|--md] [--no-cases]` runs every check below on a KB folder (the shipped ``kb/`` by
default) and exits 0 when no finding is an error, 1 otherwise, 2 on bad input (e.g. no such folder).

Checks (each `Finding` names its check, the rule with its file, the clause, and the fix):

``coverage``
    every clause of kb/plan.yaml is cited by a rule (``clauses`` or ``review``) or listed in
    kb/not_encoded.yaml with a reason (heading-only entries are covered through their children); no
    citation of an unknown clause; each rule's ``source`` is quoted from the clauses it cites; each
    ``note`` names an entry of the interpretation register.  Gives the coverage table per section.
``words``
    quote–body agreement (`tongguan.audit.words`, read by the grammar of `tongguan.audit.phrases`):
    what each rule's ``source`` fixes (years with their sense, placings, levels, award kinds, medals,
    classes, series, exams, school classes with their education, named conditions) has its counterpart
    in the body or the vocabulary rows it reads, and every constant of the body is named.
``structure``
    the plan's structure: level headings, the basic conditions of A1-5/A2-5 (上述条件), the
    vocabulary's enumerations, the awards of A1-6 at their levels.
``hygiene``
    undeclared, rule-less and unused predicates, arity, unsafe variables, negation that is not
    stratified, duplicate and subsumed rules, constants the vocabulary does not declare, the engine's
    restriction on option rules.
``B-3.1.2`` / ``A1-6``
    the plan's principles, from the predicates' ``concerns`` tags, transitively through the rules.
``B-2.2``
    the balance of the years each crossing needs in each direction, per pair of levels.
``graph``
    the overpass (`tongguan.planning.build_graph`): unreached levels, cycles, shortcuts.
``dead-rules``
    option rules (and their groundings) that no valid profile can fire: static reasons, then a search
    for a witness profile with the engine.
``cases``
    the policy's own cases (the KB folder's ``cases/``) run against it (`tongguan.cases`); skipped with
    ``--no-cases``.
``plan-facts``
    kb/plan_facts.yaml: the findings accepted as facts about the plan itself, each with its
    explanation; a finding that matches one has severity ``fact`` and does not fail the audit.

The interpretation register is printed with the clauses involved and the rules that follow each entry.
"""

from __future__ import annotations

from .cases import check_cases
from .coverage import check_coverage
from .dead import check_dead_rules, witness_profiles
from .facts import interpretation_register, load_plan_facts
from .graph import _graph_findings, check_graph
from .hygiene import check_hygiene, infer_domains
from .phrases import Item, phrases
from .principles import check_balance, check_principles, crossings
from .render import markdown, render
from .report import SEVERITIES, AuditReport, Finding, check_titles, rule_finding
from .run import run_audit
from .structure import check_structure
from .words import check_words

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "AuditReport",
    "Finding",
    "Item",
    "_graph_findings",
    "check_balance",
    "check_cases",
    "check_coverage",
    "check_dead_rules",
    "check_graph",
    "check_hygiene",
    "check_principles",
    "check_structure",
    "check_titles",
    "check_words",
    "crossings",
    "infer_domains",
    "interpretation_register",
    "load_plan_facts",
    "markdown",
    "phrases",
    "render",
    "rule_finding",
    "run_audit",
    "witness_profiles",
]


def __getattr__(name: str) -> object:
    """`CHECKS`: the shipped policy's checks (`check_titles`), made when first asked for."""
    if name == "CHECKS":
        from . import report

        return report.CHECKS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
