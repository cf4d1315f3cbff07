"""Explanations: proof trees that quote the plan, why-not, and what would change the answer (issue 3).

Nothing here is written per rule.  A tree is built by walking the rule data of `tongguan.kb` with the
engine's answers:

* an option → one *rule* node per rule concluding it (alternatives are all shown, best first);
* a rule node → one child per body literal, the rule's head unified with the literal it explains and
  its body variables bound by a search over the engine's solutions (`Session.solutions`, cached);
* a derived literal → the rule(s) defining it, recursively;
* a base literal → a *fact* node naming the profile field(s) and value(s) it came from;
* a vocabulary literal → a *vocab* node naming the part of kb/vocabulary.yaml;
* a builtin (anniversary, later_of, assessment_window) → a *calc* node with readable dates;
* a comparison → a *check* node.

Node statuses: ``holds``, ``not_yet`` (holds from ``since``, after ``as_of``), ``unknown`` (holds only if
the fields in ``to_confirm`` turn out favourably), ``fails``, and ``skipped`` (not evaluated because an
earlier literal of the same rule failed and left its variables unbound).

`why_not` lists, for an option that is not eligible, each condition that fails, is unknown or not yet
due, with its clauses quoted and the date time cures it; and how far the other routes to the same level
are.  `what_would_change` tries hypothetical profile edits generated from the vocabulary (a skill or
title level, an award, a yes/no field, a value for a missing field), re-evaluates the target with the
engine and ranks the smallest edits that make it reachable by resulting date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
import json
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .engine import (
    BUILTIN_INPUTS,
    BUILTINS,
    LONG_AGO,
    NODE_SEVERITY,
    OPTION_TO_NODE,
    STATUS_RANK,
    UNKNOWN,
    Backend,
    Engine,
    Option,
    Session,
    condition_clauses,
    condition_text,
    is_day,
    split_body,
    to_date,
    vocab_facts,
)
from .engine.terms import compare as _compare
from .engine.terms import ground as _ground
from .engine.terms import match as _unify
from .engine.terms import match_rows as _match
from .kb import KB, Atom, Rule, Term, load_kb, parse_target
from .profile import Profile, ProfileError, parse_profile

__all__ = [
    "Change",
    "Explanation",
    "OptionExplanation",
    "ProofNode",
    "explain",
    "explain_profile",
    "parse_target",
    "render_html",
    "render_markdown",
    "render_text",
    "what_would_change",
    "why_not",
]

NODE_STATUSES = ("holds", "not_yet", "unknown", "fails", "skipped")
_SEVERITY = NODE_SEVERITY
_OPTION_TO_NODE = OPTION_TO_NODE
# How many leading arguments of each builtin must be bound before it can be computed.
_BUILTIN_INPUTS = BUILTIN_INPUTS
# Argument names (kb/predicates.yaml) whose values are dates (ordinal days inside the engine).
_DATE_ARGS = {"Date", "Obtained", "Since", "Start", "First", "Second", "Later", "AsOf"}
_SEARCH_BUDGET = 5000  # candidate assignments tried per rule body before settling for the best so far
_MAX_CANDIDATES = 24

_ZH = {
    "holds": "成立",
    "not_yet": "未到期",
    "unknown": "待确认",
    "fails": "不成立",
    "skipped": "未检查",
    "eligible": "可申报",
    "conditional": "待确认",
    "ineligible": "不符合",
}
_EN = {
    "holds": "holds",
    "not_yet": "not yet",
    "unknown": "to confirm",
    "fails": "fails",
    "skipped": "not reached",
    "eligible": "eligible",
    "conditional": "conditional",
    "ineligible": "ineligible",
}
_GLYPH = {"holds": "✔", "not_yet": "◷", "unknown": "?", "fails": "✘", "skipped": "·"}
_STYLE = {"holds": "green", "not_yet": "cyan", "unknown": "yellow", "fails": "red", "skipped": "dim"}
_WORDS = {
    "zh": {
        "rule": "规则",
        "fact": "事实",
        "vocab": "词表",
        "calc": "计算",
        "check": "比较",
        "literal": "条件",
        "bindings": "绑定",
        "since": "起",
        "confirm": "待确认",
        "why_not": "为何尚不可申报",
        "routes": "本事项的规则",
        "others": "同一层级的其他途径",
        "conditions": "未满足的条件",
        "cured": "时间可弥补，最早",
        "not_cured": "时间不能弥补",
        "causes": "原因",
        "failing": "不成立",
        "unknown_n": "待确认",
        "target": "怎样才能申报",
        "already": "已可申报，无需改变。",
        "none": "在所试的一项或两项改变中，没有能使其可申报的。",
        "clauses": "引用的条款（kb/plan.yaml 原文）",
        "source": "规则原句",
        "as_of": "截至",
        "earliest": "最早",
        "result": "结果",
        "more": "另有 {n} 项（见 --json）",
        "no_option": "没有符合 --option 的事项。",
        "review": "评委会审查",
        "held": "（已持有该层级或更高层级。）",
        "interp": "解读",
        "no_route": "本方案没有通往该事项的途径（知识库中没有以它为结论的规则）。",
    },
    "en": {
        "rule": "rule",
        "fact": "fact",
        "vocab": "vocabulary",
        "calc": "calculation",
        "check": "check",
        "literal": "condition",
        "bindings": "bindings",
        "since": "from",
        "confirm": "to confirm",
        "why_not": "Why not (yet)",
        "routes": "Rules for this option",
        "others": "Other routes to the same level",
        "conditions": "Conditions not met",
        "cured": "time cures it, earliest",
        "not_cured": "time does not cure it",
        "causes": "because",
        "failing": "failing",
        "unknown_n": "to confirm",
        "target": "What would make it possible",
        "already": "Already eligible: nothing to change.",
        "none": "No single change, nor any pair of changes tried, makes it possible.",
        "clauses": "Clauses quoted (verbatim from kb/plan.yaml)",
        "source": "rule sentence",
        "as_of": "as of",
        "earliest": "earliest",
        "result": "result",
        "more": "{n} more (see --json)",
        "no_option": "No option matches --option.",
        "review": "left to the committee",
        "held": "(this level or a higher one is already held)",
        "interp": "reading",
        "no_route": "The plan opens no route to it (no rule of the KB concludes it).",
    },
}
_TRACK_EN = {"title": "title evaluation", "skill": "skill-level evaluation", "exam": "exam registration"}
_ROUTE_EN = {
    "normal": "normal",
    "exceptional": "exceptional",
    "direct": "direct",
    "promotion": "promotion",
    "equivalence": "education equivalence",
    "skill_level": "by skill level",
}


# ---------------------------------------------------------------------------------------------
# the tree


@dataclass(slots=True)
class ProofNode:
    """One node of a proof tree (see docs/explain.md for the JSON shape).

    ``kind`` is ``option``, ``rule``, ``literal`` (a derived condition), ``fact``, ``vocab``, ``calc`` or
    ``check``; ``status`` one of ``holds``, ``not_yet``, ``unknown``, ``fails``, ``skipped``.
    ``bindings`` hold the engine's raw values (dates as ordinal days); `to_dict` renders dates as ISO.

    Examples
    --------
    >>> ProofNode("check", "holds", text="5 >= 5").to_dict()["status"]
    'holds'
    """

    kind: str
    status: str
    text: str = ""
    text_en: str = ""
    literal: Atom | None = None
    pattern: Atom | None = None
    since: dt.date | None = None
    rule: Rule | None = None
    clauses: tuple[tuple[str, str], ...] = ()
    bindings: dict[str, Any] = field(default_factory=dict)
    date_vars: frozenset[str] = frozenset()
    fields: dict[str, Any] = field(default_factory=dict)
    to_confirm: list[str] = field(default_factory=list)
    vocabulary: str | None = None
    children: list[ProofNode] = field(default_factory=list)
    assumed: tuple[str, str, tuple] | None = None  # (field, predicate, row): one value of a detail not given
    fmt: Any = field(default=None, repr=False, compare=False)  # renders the literal with ISO dates

    def literal_text(self) -> str:
        """The literal, its dates as ISO strings."""
        if self.literal is None:
            return ""
        return self.fmt(self.literal) if self.fmt is not None else str(self.literal)

    def walk(self) -> Iterable[ProofNode]:
        """This node and every node below it, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The node as JSON-ready data (dates as ISO strings)."""
        out: dict[str, Any] = {"kind": self.kind, "status": self.status}
        out["text"] = self.text_en if lang == "en" and self.text_en else self.text
        if self.literal is not None:
            out["literal"] = self.literal_text()
        if self.since:
            out["since"] = self.since.isoformat()
        if self.rule is not None:
            out["rule"] = self.rule.id
            out["source"] = self.rule.source
            if self.rule.note:
                out["interpretation"] = self.rule.note
        if self.clauses:
            out["clauses"] = [{"id": c, "text": t} for c, t in self.clauses]
        if self.bindings:
            out["bindings"] = {k: _show(v, k in self.date_vars) for k, v in self.bindings.items()}
        if self.fields:
            out["fields"] = dict(self.fields)
        if self.to_confirm:
            out["to_confirm"] = list(self.to_confirm)
        if self.vocabulary:
            out["vocabulary"] = self.vocabulary
        out["children"] = [c.to_dict(lang) for c in self.children]
        return out


@dataclass
class OptionExplanation:
    """The tree of one option (all its rules), and its why-not when it is not eligible."""

    option: Option
    tree: ProofNode
    why_not: dict[str, Any] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.option.key

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        o = self.option
        return {
            "track": o.track,
            "level": o.level,
            "route": o.route,
            "status": o.status,
            "earliest": o.earliest.isoformat() if o.earliest else None,
            "tree": self.tree.to_dict(lang),
            "why_not": self.why_not,
        }


@dataclass
class Change:
    """A set of hypothetical profile edits and what the target becomes with them."""

    edits: list[dict[str, Any]]
    status: str
    date: dt.date | None
    rule: str
    route: str
    clauses: list[dict[str, str]]
    to_confirm: list[str] = field(default_factory=list)
    because: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "edits": self.edits,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "rule": self.rule,
            "route": self.route,
            "clauses": self.clauses,
            "to_confirm": self.to_confirm,
            "because": self.because,
        }


@dataclass
class Explanation:
    """Trees (and why-nots) for the selected options of one person, and optionally a target analysis."""

    as_of: dt.date
    person: Profile
    options: list[OptionExplanation]
    target: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def get(self, track: str, level: str, route: str) -> OptionExplanation | None:
        """The explanation of one option, if selected."""
        return next((x for x in self.options if x.key == (track, level, route)), None)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready data (the shape is documented in docs/explain.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "person": self.person.name or self.person.id,
            "lang": lang,
            "options": [x.to_dict(lang) for x in self.options],
            "target": self.target,
            "notes": self.notes,
        }


# ---------------------------------------------------------------------------------------------
# small helpers


def _show(v: Any, is_date: bool) -> Any:
    """A binding value for people: dates as ISO strings, the engine's placeholders spelled out."""
    if is_date:
        if is_day(v):
            return dt.date.fromordinal(v).isoformat()
        return "?"
    if v == UNKNOWN:
        return "?"
    return v


def _worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _SEVERITY[s], default="holds")


def _date_vars(kb: KB, rule: Rule) -> frozenset[str]:
    """Variables of `rule` standing for dates (from the argument names in kb/predicates.yaml)."""
    out = set()
    for lit in (rule.head, *rule.body):
        pred = kb.predicates.get(lit.pred)
        if pred is None:
            continue
        for i, (name, t) in enumerate(zip(pred.args, lit.args, strict=False)):
            if t.is_var and (name in _DATE_ARGS or (pred.dated and i == len(pred.args) - 1)):
                out.add(t.value)
    # comparisons of date variables stay dates
    return frozenset(out)


_DATE_VARS: weakref.WeakKeyDictionary[KB, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def _rule_date_vars(kb: KB) -> dict[str, frozenset[str]]:
    """Date variables of every rule of `kb`, computed once per KB."""
    hit = _DATE_VARS.get(kb)
    if hit is None:
        hit = _DATE_VARS[kb] = {r.id: _date_vars(kb, r) for r in kb.rules}
    return hit


def _order(sol: dict[str, Any]) -> tuple:
    """A fixed sort key for a solution (values of mixed types compared as typed strings)."""
    return tuple((k, type(v).__name__, str(v)) for k, v in sorted(sol.items()))


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(slots=True)
class _Pick:
    literal: Atom  # the rule's literal, as written
    grounded: Atom  # bound by the assignment so far
    solution: dict[str, Any]
    status: str
    since: dt.date | None = None


# ---------------------------------------------------------------------------------------------
# building trees


class _Builder:
    """Builds proof nodes for one person inside an engine session."""

    def __init__(
        self,
        kb: KB,
        session: Session,
        world: str = "k",
        extra: tuple[str, tuple] | None = None,
        case_path: str | None = None,
    ):
        """``world``/``extra``/``case_path``: build in one of the session's completion worlds (the
        known facts plus one value of a missing detail, `Session.completions`), not the known world."""
        self.kb, self.s, self.p = kb, session, session.profile
        self.world, self.extra, self.case_path = world, extra, case_path
        self.subs: dict[str, _Builder] = {}
        self.as_of = session.as_of
        self.memo: dict[tuple[Atom, str, tuple[str, ...]], ProofNode] = {}
        self.cache: dict[tuple[Atom, str], list[dict[str, Any]]] = {}
        self.by_head: dict[str, list[Rule]] = {}
        for r in kb.rules:
            self.by_head.setdefault(r.head.pred, []).append(r)
        self.rows: dict[tuple[str, str], list[tuple]] = {}
        self.vocab: dict[str, list[tuple]] = {}
        self.assumed = {pred for _, pred in session.facts.missing}
        self.bodies: dict[tuple, tuple[list[_Pick], dict[str, Any]]] = {}
        self.rule_nodes: dict[tuple, ProofNode] = {}
        self.defined_clauses: dict[str, set[str]] = {}
        self.picks: dict[tuple, list[_Pick]] = {}
        known = session.facts.known + ([extra] if extra else [])
        for world, facts in (("k", known), ("o", session.facts.known + session.facts.optimistic)):
            for pred, args in facts:
                self.rows.setdefault((world, pred), []).append(tuple(args))
        self.date_vars = _rule_date_vars(kb)
        self.texts: dict[Atom, str] = {}
        self.clause_texts: dict[str, str] = {}
        self.varsets: dict[Atom, set[str]] = {}
        self.origins = self._origins()

    def node(self, *args: Any, **kwargs: Any) -> ProofNode:
        """A proof node, its literal also shown with ISO dates."""
        return ProofNode(*args, **kwargs, fmt=self.atom_text)

    def clause_text(self, clause_id: str) -> str:
        hit = self.clause_texts.get(clause_id)
        if hit is None:
            hit = self.clause_texts[clause_id] = self.kb.clause_text(clause_id)
        return hit

    def atom_text(self, atom: Atom) -> str:
        """The literal as text, its date arguments (by the predicate's argument names) as ISO dates."""
        hit = self.texts.get(atom)
        if hit is None:
            hit = self.texts[atom] = self._atom_text(atom)
        return hit

    def variables(self, atom: Atom) -> set[str]:
        hit = self.varsets.get(atom)
        if hit is None:
            hit = self.varsets[atom] = atom.variables()
        return hit

    def _atom_text(self, atom: Atom) -> str:
        pred = self.kb.predicates.get(atom.pred)
        if pred is None or atom.is_comparison:
            return str(atom)
        n = len(pred.args)
        args = [
            str(_show(t.value, name in _DATE_ARGS or (pred.dated and i == n - 1))) if not t.is_var else str(t.value)
            for i, (name, t) in enumerate(zip(pred.args, atom.args, strict=False))
        ]
        inner = f"({', '.join(args)})" if args else ""
        return f"{'not ' if atom.negated else ''}{atom.pred}{inner}"

    # -- where dates come from ------------------------------------------------------------------
    def _origins(self) -> dict[int, tuple[str, str]]:
        out: dict[int, tuple[str, str]] = {}

        def add(d: dt.date | None, zh: str, en: str) -> None:
            if d is not None:
                prev = out.get(d.toordinal())
                out[d.toordinal()] = (f"{prev[0]}；{zh}", f"{prev[1]}; {en}") if prev else (zh, en)

        for i, s in enumerate(self.p.skills):
            add(s.obtained, f"{s.level} {s.obtained} 取得", f"{s.level} obtained {s.obtained} (skills[{i}])")
        for i, t in enumerate(self.p.titles):
            what = "职称" if t.kind == "title" else "职业资格"
            add(
                t.obtained,
                f"{t.level}{what} {t.obtained} 取得",
                f"{t.level} {t.kind} obtained {t.obtained} (titles[{i}])",
            )
        add(
            self.p.technical_work_since,
            f"{self.p.technical_work_since} 参加技术技能工作",
            f"technical work since {self.p.technical_work_since}",
        )
        return out

    def _date_text(self, v: Any, lang: str) -> str:
        d = to_date(v)
        if d is None:
            return "（未给出的日期）" if lang == "zh" else "(date not given)"
        o = self.origins.get(v)
        if o:
            return o[0] if lang == "zh" else o[1]
        return d.isoformat()

    # -- candidate solutions of one literal ------------------------------------------------------
    def solutions(self, g: Atom, world: str) -> list[dict[str, Any]]:
        """Bindings of `g`'s variables for which it holds (negation ignored), cached.

        Base and vocabulary literals are matched against the very rows the session asserted (the
        profile's facts, kb/vocabulary.yaml), builtins computed by the engine's own resolvers; derived
        literals are asked of the engine.
        """
        key = (g, world)
        hit = self.cache.get(key)
        if hit is None:
            kind = self.kb.predicates[g.pred].kind
            if kind == "base":
                hit = _match(g, self.rows.get((world, g.pred), ()))
            elif kind == "builtin" and g.pred in BUILTINS:  # the engine's own resolver, called directly
                hit = _match(g, list(BUILTINS[g.pred](*(None if t.is_var else t.value for t in g.args))))
            elif kind == "vocab":
                if g.pred not in self.vocab:
                    self.vocab[g.pred] = vocab_facts(self.kb, g.pred)
                hit = _match(g, self.vocab[g.pred])
            else:
                hit = self.s.solutions(g, self.world if world == "k" else world)
            self.cache[key] = hit
        return hit

    def _since(self, lit: Atom, sol: dict[str, Any]) -> dt.date | None:
        pred = self.kb.predicates.get(lit.pred)
        if pred is None or not pred.dated or not lit.args:
            return None
        last = lit.args[-1]
        return to_date(sol.get(last.value) if last.is_var else last.value)

    def may_assume(self, pred: str) -> bool:
        """Whether the optimistic world can add solutions to `pred` (it rests on a field not given)."""
        return bool(self.kb.base_predicates_under(pred) & self.assumed)

    def candidates(self, lit: Atom, env: dict[str, Any], optimistic: bool = True) -> list[_Pick]:
        g = _ground(lit, env)
        key = (lit, g, optimistic)
        hit = self.picks.get(key)
        if hit is None:
            hit = self.picks[key] = self._candidates(lit, g, optimistic)
        return hit

    def _candidates(self, lit: Atom, g: Atom, optimistic: bool) -> list[_Pick]:
        if g.is_comparison:
            a, b = g.args
            if a.is_var or b.is_var:
                return [_Pick(lit, g, {}, "skipped")]
            return [_Pick(lit, g, {}, "holds" if _compare(g.pred, a.value, b.value) else "fails")]
        pred = self.kb.predicates[lit.pred]
        if pred.kind == "builtin":
            n_in = _BUILTIN_INPUTS.get(lit.pred, len(g.args) - 1)
            if any(t.is_var for t in g.args[:n_in]):
                return [_Pick(lit, g, {}, "skipped")]
            sols = self.solutions(g, "k")
            return [_Pick(lit, g, s, "holds") for s in sols] or [_Pick(lit, g, {}, "fails")]
        if g.negated:
            if self.solutions(g, "k"):
                return [_Pick(lit, g, {}, "fails")]
            unknown = self.may_assume(g.pred) and self.solutions(g, "o")
            return [_Pick(lit, g, {}, "unknown" if unknown else "holds")]
        known = self.solutions(g, "k")
        if not known and pred.kind == "derived" and self.world == "k":
            known = self.s._every_completion(g)  # holds by cases over a detail not given
        picks = []
        for sol in known:
            since = self._since(g, sol)
            picks.append(_Pick(lit, g, sol, "not_yet" if since and since > self.as_of else "holds", since))
        # earliest first; ties in a fixed order (the engine's rows come in hash order)
        picks.sort(key=lambda p: (_SEVERITY[p.status], p.since or dt.date.min, _order(p.solution)))
        if (optimistic or not picks) and self.may_assume(g.pred):
            extra = [
                _Pick(lit, g, sol, "unknown", self._since(g, sol)) for sol in self.solutions(g, "o") if sol not in known
            ]
            picks.extend(sorted(extra, key=lambda p: (p.since or dt.date.min, _order(p.solution))))
        return picks[:_MAX_CANDIDATES] or [_Pick(lit, g, {}, "fails")]

    # -- the best assignment of a rule body -------------------------------------------------------
    def prove_body(
        self, rule: Rule, env0: dict[str, Any], optimistic: bool = True
    ) -> tuple[list[_Pick], dict[str, Any]]:
        """The assignment of the body literals with the fewest failures, then unknowns, then the
        earliest date (a depth-first search over each literal's solutions).  When the head is known to
        hold (`optimistic` false), the optimistic world is consulted only for literals without a known
        solution."""
        key = (rule.id, tuple(sorted(env0.items(), key=str)), optimistic)
        if key in self.bodies:
            return self.bodies[key]
        body = rule.body
        best: list[Any] = [None, None, None]  # score, picks, env
        budget = [_SEARCH_BUDGET]

        def rec(i: int, env: dict[str, Any], picks: list[_Pick], score: tuple, poisoned: frozenset) -> None:
            if best[0] is not None and score[:3] > best[0][:3]:
                return
            budget[0] -= 1
            if budget[0] < 0 and best[0] is not None:
                return
            if i == len(body):
                if best[0] is None or score < best[0]:
                    best[:] = [score, list(picks), dict(env)]
                    if not (score[0] or score[1] or score[3]):
                        # a complete proof: candidates come earliest date first, so it is the earliest
                        budget[0] = -1
                return
            lit = body[i]
            if poisoned and self.variables(lit) & poisoned:  # a variable an earlier failing literal should have bound
                cands = [_Pick(lit, _ground(lit, env), {}, "skipped")]
            else:
                cands = self.candidates(lit, env, optimistic)
            for pick in cands:
                fails, unknown, latest, skipped = score
                sev = pick.status
                new = (
                    fails + (sev == "fails"),
                    unknown + (sev == "unknown"),
                    max(latest, pick.since.toordinal() if pick.since else 0),
                    skipped + (sev == "skipped"),
                )
                picks.append(pick)
                bad = poisoned | self.variables(pick.grounded) if sev in ("fails", "skipped") else poisoned
                rec(i + 1, {**env, **pick.solution} if pick.solution else env, picks, new, bad)
                picks.pop()

        rec(0, dict(env0), [], (0, 0, 0, 0), frozenset())
        self.bodies[key] = (best[1], best[2])
        return best[1], best[2]

    # -- nodes -------------------------------------------------------------------------------------
    def rule_node(
        self, rule: Rule, env0: dict[str, Any], holds: bool = False, context: tuple[str, ...] = ()
    ) -> ProofNode:
        """`rule` applied with its head bound by `env0`; `context` are the clauses the rule above cites
        (the ones this rule shares with them are quoted first)."""
        context = tuple(c for c in context if c in rule.clauses)  # only the shared clauses matter
        key = (rule.id, tuple(sorted(env0.items(), key=str)), holds, context)
        hit = self.rule_nodes.get(key)
        if hit is None:
            hit = self.rule_nodes[key] = self._rule_node(rule, env0, holds, context)
        return hit

    def _rule_node(self, rule: Rule, env0: dict[str, Any], holds: bool, context: tuple[str, ...]) -> ProofNode:
        picks, env = self.prove_body(rule, env0, optimistic=not holds)
        shared = tuple(c for c in rule.clauses if c in context)
        ids = shared + tuple(c for c in rule.clauses if c not in shared)
        children = [self.body_node(rule, p, env, shared or rule.clauses) for p in picks]
        status = _worst(c.status for c in children)
        if status == "holds" and any(c.status == "skipped" for c in children):
            status = "skipped"
        since = None
        head_pred = self.kb.predicates.get(rule.head.pred)
        if head_pred is not None and head_pred.dated:
            since = self._since(_ground(rule.head, env), {})
            if since and since > self.as_of and status == "holds":
                status = "not_yet"
        if since is None:
            dates = [c.since for c in children if c.since and c.status in ("not_yet", "holds", "unknown")]
            since = max(dates) if dates else None
        return self.node(
            "rule",
            status,
            text=rule.source,
            text_en=rule.source,
            literal=_ground(rule.head, env),
            pattern=rule.head,
            since=since,
            rule=rule,
            clauses=tuple((c, self.clause_text(c)) for c in ids),
            bindings=dict(env),  # the rule's variables: the head's and the body literals' solutions
            date_vars=self.date_vars[rule.id],
            children=children,
        )

    def body_node(self, rule: Rule, pick: _Pick, env: dict[str, Any], context: tuple[str, ...]) -> ProofNode:
        lit, g = pick.literal, _ground(pick.grounded, pick.solution)
        if lit.is_comparison:
            return self.check_node(rule, pick, env)
        pred = self.kb.predicates[lit.pred]
        if pred.kind == "builtin":
            return self.calc_node(pick, g)
        if g.negated or pred.kind == "base":
            return self.fact_node(pick, g)
        if pred.kind == "vocab":
            vals = "、".join(str(a.value) for a in g.args if not a.is_var)
            return self.node(
                "vocab",
                pick.status,
                text=f"{pred.doc}：{vals}（kb/vocabulary.yaml {pred.source}）",
                text_en=f"{self.atom_text(g)} (kb/vocabulary.yaml {pred.source})",
                literal=g,
                pattern=lit,
                vocabulary=pred.source,
            )
        if pick.status == "skipped":
            return self.node(
                "literal", "skipped", text=condition_text(self.kb, g), text_en=self.atom_text(g), literal=g, pattern=lit
            )
        node = self.literal_node(g, pick.status, context)
        if pick.since and node.since != pick.since:
            node = dataclasses.replace(node, since=pick.since)
        return node

    def literal_node(self, atom: Atom, status: str, context: tuple[str, ...] = ()) -> ProofNode:
        """A derived literal and the rule(s) that define it, unified with it."""
        defined = self.defined_clauses.get(atom.pred)
        if defined is None:
            defined = self.defined_clauses[atom.pred] = {c for r in self.by_head.get(atom.pred, ()) for c in r.clauses}
        context = tuple(c for c in context if c in defined)
        key = (atom, status, context)
        if key in self.memo:
            return self.memo[key]
        rules = []
        for r in self.by_head.get(atom.pred, ()):
            env0 = _unify(r.head, atom)
            if env0 is not None:
                rules.append(self.rule_node(r, env0, status in ("holds", "not_yet"), context))
        cases = []
        if status in ("holds", "not_yet") and self.world == "k" and not any(
            n.status in ("holds", "not_yet") for n in rules
        ):
            cases = self.s.completions(atom)
        if cases:  # a proof by cases: one sub-proof for each value the missing detail can take
            subs = []
            for world, path, row in cases:
                sub = self.subs.get(world)
                if sub is None:
                    sub = self.subs[world] = _Builder(self.kb, self.s, world, row, path)
                node = sub.literal_node(atom, status, context)
                value = self._case_value(path, row)
                subs.append(
                    dataclasses.replace(
                        node,
                        assumed=(path, row[0], row[1]),
                        text=f"若 {path} 为 {value}：{node.text}",
                        text_en=f"if {path} is {value}: {node.text_en}",
                    )
                )
            values = "、".join(self._case_value(path, row) for _, path, row in cases)
            node = self.node(
                "literal",
                status,
                text=f"{condition_text(self.kb, atom)}（{cases[0][1]} 未给出；取 {values} 均成立）",
                text_en=f"{self.atom_text(atom)} ({cases[0][1]} not given; holds for each of {values})",
                literal=atom,
                since=self._since(atom, {}),
                children=subs,
            )
            self.memo[key] = node
            return node
        if status in ("holds", "not_yet"):
            keep = [n for n in rules if n.status in ("holds", "not_yet")]
        elif status == "unknown":
            keep = [n for n in rules if n.status != "fails"]
        else:
            keep = rules
        since = self._since(atom, {})
        text = condition_text(self.kb, atom)
        node = self.node(
            "literal",
            status,
            text=text + (f"（{since} 起）" if since else ""),
            text_en=self.atom_text(atom) + (f" (from {since})" if since else ""),
            literal=atom,
            since=since,
            children=keep or rules,
        )
        self.memo[key] = node
        return node

    def _case_value(self, path: str, row: tuple[str, tuple]) -> str:
        """The value a completion world gives the missing field `path` (``awards[0].team_size`` → 3)."""
        pred = self.kb.predicates[row[0]]
        attr = path.rsplit(".", 1)[-1]
        for name, v in zip(pred.args, row[1], strict=False):
            if _snake(name).rstrip("_") == attr:
                return str(v)
        return "、".join(str(v) for v in row[1][1:])

    def fact_node(self, pick: _Pick, g: Atom) -> ProofNode:
        pred = self.kb.predicates.get(g.pred)
        fld = pred.field if pred else None
        if pick.status == "skipped":
            shown = self.atom_text(g)
            return self.node("fact", "skipped", text=shown, text_en=shown, literal=g, pattern=pick.literal)
        fields = self.profile_fields(g) if pick.status != "fails" or g.negated else {}
        to_confirm: list[str] = []
        if pick.status == "unknown":
            to_confirm = self.missing_fields(g, fields)
        doc = pred.doc if pred else str(g)
        if pick.status == "fails" and not g.negated:
            consts = (
                [
                    f"{n} = {_show(t.value, n in _DATE_ARGS)}"
                    for n, t in zip(pred.args, g.args, strict=False)
                    if not t.is_var
                ]
                if pred
                else []
            )
            which = f"（{'，'.join(consts)}）" if consts else ""
            text = f"资料中没有：{doc}{which}（{fld}）"
            text_en = f"not in the profile ({fld}): {g}"
        elif g.negated:
            text = f"{'不' if pick.status == 'holds' else ''}{doc}（{fld}）"
            text_en = f"{g} ({fld})"
        else:
            shown = "，".join(f"{k} = {v}" for k, v in fields.items()) or fld or ""
            text = f"{doc}：{shown}"
            text_en = f"profile {', '.join(f'{k} = {v}' for k, v in fields.items()) or fld}"
            if pick.status == "unknown":
                text = f"{doc}：未给出（{'、'.join(to_confirm) or fld}），假定有利取值，待确认"
                text_en = f"not given ({', '.join(to_confirm) or fld}); assumed favourable, to confirm"
        return self.node(
            "fact",
            pick.status,
            text=text,
            text_en=text_en,
            literal=g,
            pattern=pick.literal,
            fields=fields,
            to_confirm=to_confirm,
            since=pick.since,
        )

    def calc_node(self, pick: _Pick, g: Atom) -> ProofNode:
        vals = [a.value for a in g.args]
        zh = en = str(g)
        if pick.status != "skipped" and not any(a.is_var for a in g.args):
            if g.pred == "anniversary":
                start, n, end = vals
                zh = f"{self._date_text(start, 'zh')}，满 {n} 年于 {_show(end, True)}"
                en = f"{self._date_text(start, 'en')}, {n} years later: {_show(end, True)}"
            elif g.pred == "later_of":
                a, b, later = vals
                zh = f"{self._date_text(a, 'zh')} 与 {self._date_text(b, 'zh')} 中较晚者：{_show(later, True)}"
                en = f"later of {self._date_text(a, 'en')} and {self._date_text(b, 'en')}: {_show(later, True)}"
            elif g.pred == "assessment_window":
                _, *years, first = vals
                year = dt.date.fromordinal(first).year
                zh = f"{year}年评审（{_show(first, True)}起）的近3年：{'、'.join(str(y) for y in years)}"
                en = f"an evaluation in {year} (from {_show(first, True)}) looks at {', '.join(str(y) for y in years)}"
        return self.node("calc", pick.status, text=zh, text_en=en, literal=g, pattern=pick.literal)

    def check_node(self, rule: Rule, pick: _Pick, env: dict[str, Any]) -> ProofNode:
        lit = pick.literal
        dates = self.date_vars[rule.id]

        def side(t: Term) -> str:
            if not t.is_var:
                return str(t.value)
            if t.value not in env:
                return t.value
            shown = f"{t.value}（{_show(env[t.value], t.value in dates)}"
            for b in rule.body:  # what the variable stands for: the literal that binds it
                if not b.is_comparison and t.value in self.variables(b):
                    pred = self.kb.predicates.get(b.pred)
                    others = [
                        str(_show(env.get(a.value, a.value), a.value in dates)) if a.is_var else str(a.value)
                        for a in b.args
                        if a != t and not (a.is_var and a.value.startswith("_"))
                    ]
                    if pred is not None and pred.doc:
                        shown += f"：{'、'.join(others)} · {pred.doc}" if others else f"：{pred.doc}"
                    break
            return shown + "）"

        a, b = lit.args
        text = f"{side(a)} {lit.pred} {side(b)}"
        return self.node(
            "check",
            pick.status,
            text=text,
            text_en=text.replace("（", "(").replace("）", ")"),
            literal=pick.grounded,
            pattern=lit,
        )

    # -- facts and the profile --------------------------------------------------------------------
    def profile_fields(self, g: Atom) -> dict[str, Any]:
        """Profile field paths and values behind a grounded base literal."""
        pred = self.kb.predicates[g.pred]
        name = pred.field or g.pred
        value = getattr(self.p, name, None)
        args = {a: t.value for a, t in zip(pred.args, g.args, strict=False) if not t.is_var}
        if isinstance(value, tuple):
            out: dict[str, Any] = {}
            for i, item in enumerate(value):
                shown = self._match_item(item, f"{name}[{i}]", i, args)
                if shown is not None:
                    out.update({f"{name}[{i}].{k}": v for k, v in shown.items()})
                    break
            return out
        if isinstance(value, dict):
            vals = list(args.values())
            if vals and vals[0] in value:
                return {f"{name}.{vals[0]}": value[vals[0]]}
            return {}
        if isinstance(value, dt.date):
            return {name: value.isoformat()}
        if value is None:
            return {}
        return {name: value}

    def _match_item(self, item: Any, where: str, index: int, args: dict[str, Any]) -> dict[str, Any] | None:
        shown: dict[str, Any] = {}
        for arg, v in args.items():
            if arg == "Award":
                if v != f"award{index}":
                    return None
                continue
            attr = _snake(arg)
            if attr == "class":
                attr = "class_"
            if not hasattr(item, attr):
                continue
            have = getattr(item, attr)
            if isinstance(have, dt.date):
                if v != have.toordinal():
                    return None
                shown[attr] = have.isoformat()
            elif have is None:
                path = f"{where}.{attr.rstrip('_')}"
                if path == self.case_path:  # the value this proof by cases takes for the detail
                    shown[attr.rstrip("_")] = f"{v}（分情形）"
                    continue
                if v not in (UNKNOWN, "", LONG_AGO) and not (attr == "team_size" and v == 1):
                    return None
                if any(m == path for m, _ in self.s.facts.missing):  # a field the answer needs
                    shown[attr.rstrip("_")] = "?"
            elif have != v:
                return None
            else:
                shown[attr.rstrip("_")] = have
        return shown

    def missing_fields(self, g: Atom, fields: dict[str, Any]) -> list[str]:
        """Fields not given whose favourable value the optimistic world assumed for this fact."""
        under = self.kb.base_predicates_under(g.pred)
        out = []
        prefixes = {k.split(".")[0] for k in fields}
        for path, pred in self.s.facts.missing:
            if pred not in under:
                continue
            head = path.split(".")[0]
            if "[" in head and prefixes and head not in prefixes:
                continue
            if pred == "assessment" and g.args and not g.args[0].is_var and path != f"assessments.{g.args[0].value}":
                continue
            out.append(path)
        return out

    # -- options -------------------------------------------------------------------------------------
    def option_node(self, option: Option) -> ProofNode:
        """The option and one rule node per rule concluding it (best first)."""
        key = Atom("option", tuple(Term(v) for v in option.key))
        children = []
        for alt in [option, *option.alternatives]:
            env0 = _unify(alt.rule.head, key) or {}
            children.append(self.rule_node(alt.rule, env0, alt.status in ("eligible", "not_yet")))
        return self.node(
            "option",
            _OPTION_TO_NODE[option.status],
            text="",
            literal=key,
            since=option.earliest,
            children=children,
        )


# ---------------------------------------------------------------------------------------------
# why-not


def _clause_list(kb: KB, ids: Iterable[str]) -> list[dict[str, str]]:
    return [{"id": c, "text": kb.clause_text(c)} for c in ids]


def _causes(node: ProofNode, kb: KB, rule: ProofNode | None = None) -> list[dict[str, Any]]:
    """The leaves below `node` that fail or are unknown, each with the nearest rule's clauses."""
    out: list[dict[str, Any]] = []
    if node.status in ("holds", "skipped", "not_yet") and node.kind != "option":
        return out
    if node.kind == "rule":
        rule = node
    if not node.children or node.kind in ("fact", "vocab", "calc", "check"):
        if node.kind != "rule":
            out.append(
                {
                    "kind": node.kind,
                    "status": node.status,
                    "text": node.text,
                    "text_en": node.text_en or node.text,
                    "literal": node.literal_text() if node.literal is not None else None,
                    "rule": rule.rule.id if rule else None,
                    "clauses": [c for c, _ in rule.clauses] if rule else [],
                    "to_confirm": node.to_confirm,
                }
            )
        return out
    for c in node.children:
        out.extend(_causes(c, kb, rule))
    return out


def _route_summary(kb: KB, o: Option, tree: ProofNode | None = None) -> dict[str, Any]:
    return {
        "track": o.track,
        "level": o.level,
        "route": o.route,
        "rule": o.rule.id,
        "status": o.status,
        "earliest": o.earliest.isoformat() if o.earliest else None,
        "failing": sum(c.status == "fails" for c in o.conditions),
        "unknown": sum(c.status == "unknown" for c in o.conditions),
        "not_yet": sum(c.status == "not_yet" for c in o.conditions),
        "to_confirm": list(o.to_confirm),
        "clauses": list(o.rule.clauses),
    }


def _why_not(kb: KB, option: Option, tree: ProofNode, all_options: list[Option]) -> dict[str, Any] | None:
    if option.status == "eligible":
        return None
    routes = []
    for alt, node in zip([option, *option.alternatives], tree.children, strict=True):
        conds = []
        for child, lit in zip(node.children, alt.rule.body, strict=True):
            if child.status in ("holds", "skipped"):
                continue
            g = child.literal or lit
            ids = condition_clauses(kb, lit, alt.rule)
            cured = child.status == "not_yet" or (child.status == "unknown" and child.since is not None)
            conds.append(
                {
                    "literal": child.literal_text() or str(g),
                    "text": condition_text(kb, g) if not lit.is_comparison else child.text,
                    "status": child.status,
                    "since": child.since.isoformat() if child.since else None,
                    "cured_by_time": child.status == "not_yet" or (cured and child.since == alt.earliest),
                    "earliest": child.since.isoformat() if cured and child.since else None,
                    "clauses": _clause_list(kb, ids),
                    "to_confirm": sorted({f for n in child.walk() for f in n.to_confirm}),
                    "causes": _causes(child, kb, node),
                }
            )
        routes.append({**_route_summary(kb, alt), "conditions": conds, "source": alt.rule.source})
    others = []
    for o in all_options:
        if o.track == option.track and o.level == option.level and o.route != option.route:
            for alt in [o, *o.alternatives]:
                others.append(_route_summary(kb, alt))
    return {
        "status": option.status,
        "earliest": option.earliest.isoformat() if option.earliest else None,
        "routes": routes,
        "other_routes": others,
    }


# ---------------------------------------------------------------------------------------------
# public entry points


def _select(
    options: list[Option], wanted: list[tuple[str, str, str | None]] | None, include_held: bool
) -> list[Option]:
    out = []
    for o in options:
        if o.held and not include_held:
            continue
        if wanted is not None and not any(
            o.track == t and o.level == lv and (r is None or o.route == r) for t, lv, r in wanted
        ):
            continue
        out.append(o)
    order = {"title": 0, "skill": 1, "exam": 2}
    return sorted(out, key=lambda o: (STATUS_RANK[o.status], order[o.track], o.order, o.route))


def explain(
    profile: Profile,
    kb: KB | None = None,
    *,
    options: list[tuple[str, str, str | None]] | None = None,
    include_held: bool = False,
    target: tuple[str, str] | None = None,
    backend: str | Backend | None = None,
) -> Explanation:
    """Proof trees and why-nots for a person's options, in one engine session.

    Parameters
    ----------
    profile : Profile
        A validated profile (`tongguan.parse_profile`).
    kb : KB, optional
        The shipped KB by default.
    options : list of (track, level, route or None), optional
        Only these options (route None: every route); all by default.
    include_held : bool
        Also explain levels the person already holds (not listed by ``ask``).
    target : (track, level), optional
        Also compute `what_would_change` for this target.
    backend : str or Backend, optional
        The engine's back end (pyDatalog by default).

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-01-01", "series": "工程", "technical_work_since": "2010-01-01",
    ...     "law_abiding": True, "good_conduct": True, "assessments": {2022: "合格", 2023: "合格", 2024: "合格"},
    ...     "skills": [{"level": "技师", "obtained": "2022-03-15"}]})
    >>> x = explain(p).get("title", "中级", "normal")
    >>> x.option.status, x.tree.children[0].rule.id
    ('not_yet', 'title-intermediate-normal')
    >>> x.why_not["routes"][0]["conditions"][0]["earliest"]
    '2025-03-15'
    """
    kb = kb or load_kb()
    engine = Engine(kb, backend)
    with engine.session(profile) as s:
        all_options = s.options()
        builder = _Builder(kb, s)
        chosen = _select(all_options, options, include_held)
        out = []
        for o in chosen:
            tree = builder.option_node(o)
            out.append(OptionExplanation(o, tree, _why_not(kb, o, tree, all_options)))
    from .engine import answer_notes  # the same notes `ask` prints

    result = Explanation(profile.as_of, profile, out, notes=answer_notes(kb, profile))
    if target is not None:
        result.target = what_would_change(profile, target, kb, options=all_options)
    return result


explain_profile = explain  # the package re-exports it under this name: `tongguan.explain` is this module


def why_not(profile: Profile, track: str, level: str, route: str, kb: KB | None = None) -> dict[str, Any] | None:
    """Why one option is not eligible: failing/unknown/not-yet conditions with clauses, and other routes.

    Returns None when the option is eligible.

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "卫生", "skills": [{"level": "技师"}]})
    >>> w = why_not(p, "title", "中级", "normal")
    >>> w["status"], [c["id"] for c in w["routes"][0]["conditions"][0]["clauses"]]
    ('ineligible', ['A1-5', 'B-3.1.1'])
    """
    x = explain(profile, kb, options=[(track, level, route)], include_held=True)
    if not x.options:
        raise KeyError((track, level, route))
    return x.options[0].why_not


# ---------------------------------------------------------------------------------------------
# what would change the answer


def _profile_data(p: Profile) -> dict[str, Any]:
    return p.model_dump(mode="json", by_alias=True, exclude_none=True)


def _edit_candidates(kb: KB, p: Profile, relevant: set[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Single hypothetical edits from the vocabulary and the base predicates: (edit, changed fields)."""
    voc = kb.vocabulary
    base = _profile_data(p)
    today = p.as_of.isoformat()
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def add(edit: dict[str, Any], preds: set[str], **changes: Any) -> None:
        if preds & relevant:
            out.append((edit, changes))

    occupation = p.occupation or next((s.occupation for s in p.skills if s.occupation), None)
    held_skill = max((kb.rank("skill", s.level) for s in p.skills), default=0)
    for level in kb.ladder("skill")[held_skill:]:
        item = {"level": level, "obtained": today, **({"occupation": occupation} if occupation else {})}
        add(
            {
                "kind": "obtain_skill",
                "field": "skills",
                "path": f"skills[{len(p.skills)}]",
                "value": level,
                "date": today,
            },
            {"skill"},
            skills=[*base.get("skills", []), item],
        )
    for kind, ladder in (("title", "title"), ("qualification", "qualification")):
        held = max((kb.rank(ladder, t.level) for t in p.titles if t.kind == kind), default=0)
        for level in kb.ladder(ladder)[held:]:
            item = {"level": level, "kind": kind, "obtained": today, **({"series": p.series} if p.series else {})}
            add(
                {
                    "kind": f"obtain_{kind}",
                    "field": "titles",
                    "path": f"titles[{len(p.titles)}]",
                    "value": level,
                    "date": today,
                },
                {"title"},
                titles=[*base.get("titles", []), item],
            )
    held_awards = {a.kind for a in p.awards}
    award_preds = {"award", "award_medal", "award_class", "award_placing"}
    for kind, spec in voc["awards"].items():
        if kind in held_awards:
            continue
        fields = (spec or {}).get("fields") or []
        medals = [None, *voc["medals"]] if "medal" in fields else [None]
        classes = [None, *voc["competition_classes"]] if "class" in fields else [None]
        for medal, cls in itertools.product(medals, classes):
            item: dict[str, Any] = {"kind": kind, "year": p.as_of.year}
            if medal:
                item["medal"] = medal
            if cls:
                item["class"] = cls
            value = kind + "".join(f" {x}" for x in (cls, medal) if x)
            add(
                {
                    "kind": "obtain_award",
                    "field": "awards",
                    "path": f"awards[{len(p.awards)}]",
                    "value": value,
                    "award": item,
                },
                award_preds,
                awards=[*base.get("awards", []), item],
            )
    for name, pred in kb.predicates.items():  # yes/no facts: base predicates without arguments
        if pred.kind == "base" and not pred.args and pred.field and getattr(p, pred.field, None) is not True:
            add(
                {"kind": "set_field", "field": pred.field, "path": pred.field, "value": True},
                {name},
                **{pred.field: True},
            )
    if p.series is None or p.series not in voc["series"]["opened"]:
        for s in voc["series"]["opened"]:
            add({"kind": "set_field", "field": "series", "path": "series", "value": s}, {"series"}, series=s)
    if p.technical_school_class is None:
        for c in voc["technical_school_classes"]:
            add(
                {"kind": "set_field", "field": "technical_school_class", "path": "technical_school_class", "value": c},
                {"school_class"},
                technical_school_class=c,
            )
    return out


_TargetRule = tuple[Rule, dict[str, Any], list[Atom]]  # rule, head bindings, condition literals


def _target_rules(kb: KB, options: list[Option], target: tuple[str, str]) -> list[_TargetRule]:
    out = []
    for o in options:
        if (o.track, o.level) == target:
            key = Atom("option", tuple(Term(v) for v in o.key))
            for alt in [o, *o.alternatives]:
                out.append((alt.rule, _unify(alt.rule.head, key) or {}, split_body(kb, alt.rule)[1]))
    return out


def _evaluate_target(
    engine: Engine, p: Profile, rules: list[_TargetRule], paths: tuple[str, ...] = ()
) -> tuple[list[Option], list[dict[str, Any]]]:
    """The target's routes for `p`; with `paths` (profile fields an edit touched), also the rules of the
    best route's proof that use those fields (the clauses the edit satisfies)."""
    with engine.session(p) as s:
        opts = [s.option(rule, env, conds) for rule, env, conds in rules]
        best = _best_option(opts, p.as_of)
        if not paths or best is None:
            return opts, []
        env0 = next(env for (rule, env, _), o in zip(rules, opts, strict=True) if o is best)
        tree = _Builder(engine.kb, s).rule_node(best.rule, env0, best.status in ("eligible", "not_yet"))
        because: list[dict[str, Any]] = []
        for n in tree.walk():
            if (
                n.kind == "rule"
                and n.status != "fails"
                and any(
                    c.kind == "fact" and any(k.startswith(path) for k in c.fields for path in paths) for c in n.children
                )
            ):
                entry = {"rule": n.rule.id, "clauses": [{"id": c, "text": t} for c, t in n.clauses]}
                if entry not in because:
                    because.append(entry)
        return opts, because


def _best_option(opts: list[Option], as_of: dt.date) -> Option | None:
    good = [o for o in opts if _reachable(o)]
    rank = {"eligible": 0, "not_yet": 0, "conditional": 1}
    return min(good, key=lambda o: (rank[o.status], o.earliest or as_of)) if good else None


def _reachable(o: Option) -> bool:
    return o.status in ("eligible", "not_yet", "conditional")


def _best_change(kb: KB, edits: list[dict[str, Any]], opts: list[Option], as_of: dt.date) -> Change | None:
    o = _best_option(opts, as_of)
    if o is None:
        return None
    return Change(
        edits=edits,
        status=o.status,
        date=o.earliest or as_of,
        rule=o.rule.id,
        route=o.route,
        clauses=_clause_list(kb, o.rule.clauses),
        to_confirm=list(o.to_confirm),
    )


def _progress(opts: list[Option]) -> tuple[int, ...]:
    return tuple(sum(c.status == "fails" for c in o.conditions) for o in opts)


def what_would_change(
    profile: Profile,
    target: tuple[str, str] | str,
    kb: KB | None = None,
    *,
    options: list[Option] | None = None,
    limit: int = 40,
) -> dict[str, Any]:
    """The smallest profile changes that make `target` (track, level) reachable, ranked by date and size.

    Changes are generated from the vocabulary and the base predicates (skill, title and qualification
    levels above those held, award kinds with their medals and classes, yes/no fields, a value for a
    missing series or school class), tried one at a time, then in pairs when no single change works,
    and re-evaluated with the engine.  Waiting (a ``not_yet`` route) and confirming missing facts (a
    ``conditional`` route) come from the answer itself.

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "technical_work_since": "2010-01-01",
    ...     "law_abiding": True, "good_conduct": True, "frontline": True,
    ...     "assessments": {2022: "合格", 2023: "合格", 2024: "合格"},
    ...     "skills": [{"level": "技师", "obtained": "2016-03-15"}]})
    >>> w = what_would_change(p, "title:副高级")
    >>> first = w["changes"][0]
    >>> first["edits"][0]["kind"], first["status"], first["date"]
    ('obtain_award', 'eligible', '2025-06-01')
    """
    kb = kb or load_kb()
    if isinstance(target, str):
        target = parse_target(kb, target)
    engine = Engine(kb)
    if options is None:
        with engine.session(profile) as s:
            options = s.options()
    rules = _target_rules(kb, options, target)
    result: dict[str, Any] = {"track": target[0], "level": target[1], "status": None, "changes": [], "tried": 0}
    if not rules:
        result["status"] = "unknown_target"
        return result
    current = [o for o in options if (o.track, o.level) == target]
    result["held"] = any(o.held for o in current)
    flat = [alt for o in current for alt in (o, *o.alternatives)]
    result["status"] = min((o.status for o in current), key=["eligible", "conditional", "not_yet", "ineligible"].index)
    if any(o.status == "eligible" for o in flat):
        return result
    changes: list[Change] = []
    for o in flat:  # from the answer itself: wait, or confirm
        if o.status == "not_yet":
            changes.append(
                Change(
                    [{"kind": "wait", "until": o.earliest.isoformat()}],
                    "not_yet",
                    o.earliest,
                    o.rule.id,
                    o.route,
                    _clause_list(kb, o.rule.clauses),
                )
            )
        elif o.status == "conditional":
            changes.append(
                Change(
                    [{"kind": "confirm", "fields": list(o.to_confirm)}],
                    "conditional",
                    o.earliest or profile.as_of,
                    o.rule.id,
                    o.route,
                    _clause_list(kb, o.rule.clauses),
                    list(o.to_confirm),
                )
            )
    relevant = set().union(
        *(kb.base_predicates_under(b.pred) for r, _, _ in rules for b in r.body if not b.is_comparison)
    )
    rank = {"eligible": 0, "not_yet": 0, "conditional": 1}

    def outcome(c: Change) -> tuple:
        return (c.date or profile.as_of, rank[c.status], len(c.to_confirm))

    # an edit is worth reporting only if it does better than waiting or confirming alone
    baseline = min((outcome(c) for c in changes), default=None)
    base = _profile_data(profile)

    def attempt(edits: list[dict[str, Any]], data: dict[str, Any]) -> tuple[Change | None, list[Option]]:
        try:
            p2 = parse_profile(data, kb=kb, as_of=profile.as_of)
        except ProfileError:
            return None, []
        result["tried"] += 1
        opts, _ = _evaluate_target(engine, p2, rules)
        ch = _best_change(kb, edits, opts, profile.as_of)
        if ch is not None and baseline is not None and outcome(ch) >= baseline:
            ch = None
        if ch is not None:  # which clauses the edit satisfies
            ch.because = _evaluate_target(engine, p2, rules, tuple(e["path"] for e in edits))[1]
        return ch, opts

    # time alone, beyond what the answer says: conditions on calendar years (e.g. the 近3年 window)
    # change at new years; the years not yet assessed are then facts to confirm
    for k in range(1, 4):
        later = dt.date(profile.as_of.year + k, 1, 1)
        opts, _ = _evaluate_target(engine, profile.model_copy(update={"as_of": later}), rules)
        ch = _best_change(kb, [{"kind": "wait", "until": later.isoformat()}], opts, later)
        if ch is not None:
            ch.edits[0]["until"] = ch.date.isoformat()
            if baseline is None or outcome(ch) < baseline:
                changes.append(ch)
            break

    singles = []
    base_progress = _progress(_evaluate_target(engine, profile, rules)[0])
    for edit, delta in _edit_candidates(kb, profile, relevant):
        ch, opts = attempt([edit], {**base, **delta})
        if ch is not None:
            changes.append(ch)
        elif opts and any(a < b for a, b in zip(_progress(opts), base_progress, strict=True)):
            singles.append((edit, delta))
    if not changes:  # no single change works: pairs of changes that each get closer
        for (e1, d1), (e2, d2) in itertools.combinations(singles, 2):
            if e1["field"] != e2["field"]:
                ch, _ = attempt([e1, e2], {**base, **d1, **d2})
                if ch is not None:
                    changes.append(ch)
    effort = {"confirm": 0, "wait": 0, "set_field": 1}  # obtaining a credential or an award: 2

    def key(c: Change) -> tuple:
        work = sum(effort.get(e["kind"], 2) for e in c.edits)
        return (c.date or profile.as_of, len(c.edits), work, rank[c.status], len(c.to_confirm))

    changes.sort(key=key)
    seen, unique = set(), []
    for ch in changes:  # the lowest level of one ladder that works is enough
        sig = (
            tuple(e.get("kind") for e in ch.edits),
            tuple(e.get("field") for e in ch.edits),
            ch.status,
            ch.date,
            ch.rule,
            tuple(ch.to_confirm),
        )
        if sig in seen and ch.edits[0]["kind"] in ("obtain_skill", "obtain_title", "obtain_qualification"):
            continue
        seen.add(sig)
        unique.append(ch)
    result["changes"] = [c.to_dict() for c in unique[:limit]]
    result["more"] = max(0, len(unique) - limit)
    return result


# ---------------------------------------------------------------------------------------------
# rendering


def _option_label(kb: KB, x: OptionExplanation, lang: str) -> str:
    o = x.option
    voc = kb.vocabulary
    if lang == "en":
        level = o.level if o.track != "exam" else f"{o.level} exam"
        if o.track == "title" and o.series:
            level = f"{o.series} series, {o.level}"
        head = f"{_TRACK_EN[o.track]} · {level} · {_ROUTE_EN.get(o.route, o.route)} — {_EN[o.status]}"
        return head + (f" (earliest {o.earliest})" if o.earliest else "")
    level = o.level if o.track != "exam" else f"{o.level}专业技术资格考试"
    if o.track == "title":
        level = f"{o.series}系列 {o.level}职称" if o.series else f"{o.level}职称"
    head = f"{voc['tracks'][o.track]} · {level} · {voc['routes'][o.track][o.route]} — {_ZH[o.status]}"
    return head + (f"（最早 {o.earliest}）" if o.earliest else "")


def _repeated(n: ProofNode, seen: set[int]) -> bool:
    """Whether a shared sub-proof was already printed in this option (it is then printed once)."""
    if n.kind != "literal" or not n.children:
        return False
    if id(n) in seen:
        return True
    seen.add(id(n))
    return False


_PUNCT = {
    "zh": {"colon": "：", "comma": "，", "semi": "；", "list": "、", "open": "（", "close": "）"},
    "en": {"colon": ": ", "comma": ", ", "semi": "; ", "list": ", ", "open": " (", "close": ")"},
}


def _node_line(n: ProofNode, lang: str, repeat: bool = False) -> str:
    w, p = _WORDS[lang], _PUNCT[lang]
    st = _ZH[n.status] if lang == "zh" else _EN[n.status]
    if repeat:
        st += "，证明见上" if lang == "zh" else "; proof above"
    text = n.text_en if lang == "en" and n.text_en else n.text
    if n.kind == "rule":
        ids = p["list"].join(c for c, _ in n.clauses)
        return f"{_GLYPH[n.status]} {w['rule']} {n.rule.id}{p['open']}{ids}{p['close']} [{st}]"
    return f"{_GLYPH[n.status]} {w.get(n.kind, n.kind)}{p['colon']}{text} [{st}]"


def _rule_details(n: ProofNode, lang: str) -> list[str]:
    w, p = _WORDS[lang], _PUNCT[lang]
    lines = []
    if n.clauses:
        cid, ctext = n.clauses[0]
        lines.append(f"「{ctext or n.rule.source}」— {cid}")
    if n.rule.source and (not n.clauses or n.rule.source not in n.clauses[0][1]):
        lines.append(f"{w['source']}{p['colon']}「{n.rule.source}」")
    shown = {k: _show(v, k in n.date_vars) for k, v in n.bindings.items() if not k.startswith("_")}
    if shown:
        lines.append(f"{w['bindings']}{p['colon']}" + p["comma"].join(f"{k} = {v}" for k, v in shown.items()))
    if n.rule.note:
        lines.append(f"{w['interp']}{p['colon']}{n.rule.note}{p['open']}kb/interpretations.yaml{p['close']}")
    return lines


def _why_lines(kb: KB, wn: dict[str, Any], lang: str) -> list[str]:
    w, p = _WORDS[lang], _PUNCT[lang]
    st = _ZH if lang == "zh" else _EN
    o_, c_ = p["open"], p["close"]
    lines = [f"{w['why_not']}{p['colon'].rstrip()}"]
    for r in wn["routes"]:
        lines.append(
            f"  {w['rule']} {r['rule']}{o_}{_route_name(kb, r, lang)}{c_}{p['colon']}{st[r['status']]}"
            + (f"{p['comma']}{w['earliest']} {r['earliest']}" if r["earliest"] else "")
        )
        for c in r["conditions"]:
            when = (
                f"{w['cured']} {c['earliest']}" if c["earliest"] else (w["not_cured"] if c["status"] == "fails" else "")
            )
            conf = f"{p['semi']}{w['confirm']}{p['colon']}{p['list'].join(c['to_confirm'])}" if c["to_confirm"] else ""
            text = c["text"] if lang == "zh" else c["literal"]
            lines.append(
                f"    {_GLYPH[c['status']]} {text}{o_}{st[c['status']]}{p['semi'] + when if when else ''}{conf}{c_}"
            )
            for cl in c["clauses"]:
                lines.append(f"      {cl['id']}「{cl['text']}」")
            for cause in c["causes"][:6]:
                ids = p["list"].join(cause["clauses"][:1])
                why = cause["text_en"] if lang == "en" else cause["text"]
                lines.append(f"      · {w['causes']}{p['colon']}{why}{o_}{cause['rule']}{p['colon']}{ids}{c_}")
            if len(c["causes"]) > 6:
                lines.append("      · " + w["more"].format(n=len(c["causes"]) - 6))
    if wn["other_routes"]:
        lines.append(f"  {w['others']}{p['colon'].rstrip()}")
        for o in wn["other_routes"]:
            lines.append(
                f"    {_route_name(kb, o, lang)}{o_}{o['rule']}{c_}{p['colon']}{st[o['status']]}"
                + (f"{p['comma']}{w['earliest']} {o['earliest']}" if o["earliest"] else "")
                + f"{p['comma']}{w['failing']} {o['failing']}{p['comma']}{w['unknown_n']} {o['unknown']}"
            )
    return lines


def _route_name(kb: KB, r: dict[str, Any], lang: str) -> str:
    if lang == "en":
        return _ROUTE_EN.get(r["route"], r["route"])
    return kb.vocabulary["routes"][r["track"]].get(r["route"], r["route"])


def _field_name(kb: KB, name: str, lang: str) -> str:
    label = (kb.vocabulary.get("field_labels") or {}).get(name)
    return f"{label}（{name}）" if label and lang == "zh" else name


def _edit_text(kb: KB, e: dict[str, Any], lang: str) -> str:
    k = e["kind"]
    zh = lang == "zh"
    if k == "wait":
        return f"等待至 {e['until']}" if zh else f"wait until {e['until']}"
    if k == "confirm":
        return ("确认 " + "、".join(e["fields"])) if zh else ("confirm " + ", ".join(e["fields"]))
    if k == "obtain_skill":
        return (
            f"取得{e['value']}技能等级（设于 {e['date']}）" if zh else f"obtain skill level {e['value']} ({e['date']})"
        )
    if k == "obtain_title":
        return f"取得{e['value']}职称（设于 {e['date']}）" if zh else f"obtain the {e['value']} title ({e['date']})"
    if k == "obtain_qualification":
        return (
            f"取得{e['value']}职业资格（设于 {e['date']}）"
            if zh
            else f"obtain qualification {e['value']} ({e['date']})"
        )
    if k == "obtain_award":
        return f"获得{e['value']}" if zh else f"obtain the award {e['value']}"
    value = e["value"]
    if value is True:
        value = "是" if zh else "yes"
    return f"{_field_name(kb, e['field'], lang)}为{value}" if zh else f"set {e['field']} to {value}"


def _change_result(c: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    if c["status"] == "conditional":
        fields = ("、" if zh else ", ").join(c["to_confirm"])
        if all(e["kind"] == "confirm" for e in c["edits"]):
            return f"{c['date']} 起可申报（若所确认的事实属实）" if zh else f"eligible from {c['date']} if confirmed"
        return (
            f"{c['date']} 起可申报，但仍需确认 {fields}"
            if zh
            else f"eligible from {c['date']}, still to confirm {fields}"
        )
    return f"{c['date']} 起可申报" if zh else f"eligible from {c['date']}"


def _target_lines(kb: KB, t: dict[str, Any], lang: str, limit: int = 12) -> list[str]:
    w, p = _WORDS[lang], _PUNCT[lang]
    st = _ZH if lang == "zh" else _EN
    status = st.get(t["status"] or "", t["status"])
    lines = [f"{w['target']}{p['colon']}{t['track']}:{t['level']}{p['open']}{status}{p['close']}"]
    if t["status"] == "unknown_target":
        return [*lines[:-1], f"{w['target']}{p['colon']}{t['track']}:{t['level']}", "  " + w["no_route"]]
    if t.get("held"):
        lines.append("  " + w["held"])
    if t["status"] == "eligible":
        return [*lines, "  " + w["already"]]
    if not t["changes"]:
        return [*lines, "  " + w["none"]]
    for i, c in enumerate(t["changes"][:limit], 1):
        edits = " + ".join(_edit_text(kb, e, lang) for e in c["edits"])
        route = _route_name(kb, {"track": t["track"], "route": c["route"]}, lang)
        lines.append(f"  {i}. {edits} → {_change_result(c, lang)}{p['open']}{route}{p['comma']}{c['rule']}{p['close']}")
        quoted = [c["clauses"][0]] if c["clauses"] else []
        for because in c.get("because", []):
            if because["clauses"] and because["clauses"][0] not in quoted:
                quoted.append(because["clauses"][0])
        lines.extend(f"     {cl['id']}「{cl['text']}」" for cl in quoted)
    rest = len(t["changes"]) - limit + t.get("more", 0)
    if rest > 0:
        lines.append("  " + w["more"].format(n=rest))
    return lines


def _quoted(kb: KB, x: Explanation) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for o in x.options:
        for n in o.tree.walk():
            for c, t in n.clauses:
                seen.setdefault(c, t)
        for item in o.option.to_review:
            seen.setdefault(item["clause"], "")
    return sorted((c, t or kb.clause_text(c)) for c, t in seen.items())


def _review_line(o: OptionExplanation, lang: str) -> str:
    """The committee-judged conditions of the option (shown, never blocking), by clause."""
    ids = [item["clause"] for item in o.option.to_review]
    if lang == "zh":
        return "评委会审查（不影响上述判断）：" + "、".join(dict.fromkeys(ids))
    return "Left to the evaluation committee (never blocking): " + ", ".join(dict.fromkeys(ids))


def render_text(kb: KB, x: Explanation, lang: str = "zh", console: Any = None, header: bool = True) -> None:
    """Print the trees as rich trees (the default output of `tongguan explain`).

    `header` prints the person and date first and the answer's notes last (``ask --explain`` has
    printed them with its table already).

    Examples
    --------
    >>> import os
    >>> from rich.console import Console
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> out = Console(record=True, width=200, file=open(os.devnull, "w"))
    >>> render_text(load_kb(), explain(p, options=[("title", "助理级", "normal")]), console=out)
    >>> "规则 title-assistant-normal" in out.export_text()
    True
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    console = console or Console()
    w = _WORDS[lang]
    who = x.person.name or x.person.id or ""
    if header:
        console.print(f"[bold]{escape(who)}[/] {w['as_of']} {x.as_of}", highlight=False)
    if not x.options and x.target is None:
        console.print(w["no_option"])

    def add(branch: Any, n: ProofNode, seen: set[int]) -> None:
        repeat = _repeated(n, seen)
        sub = branch.add(f"[{_STYLE[n.status]}]{escape(_node_line(n, lang, repeat))}[/]")
        if repeat:
            return
        if n.kind == "rule":
            for line in _rule_details(n, lang):
                sub.add(f"[dim]{escape(line)}[/]")
        for c in n.children:
            add(sub, c, seen)

    for o in x.options:
        tree = Tree(f"[bold {_STYLE[o.tree.status]}]{escape(_option_label(kb, o, lang))}[/]")
        seen: set[int] = set()
        for c in o.tree.children:
            add(tree, c, seen)
        console.print(tree)
        if o.option.to_review:
            console.print(escape(_review_line(o, lang)), highlight=False)
        if o.why_not:
            for line in _why_lines(kb, o.why_not, lang):
                console.print(escape(line), highlight=False)
        console.print()
    if x.target is not None:
        for line in _target_lines(kb, x.target, lang):
            console.print(escape(line), highlight=False)
        console.print()
    quoted = _quoted(kb, x)
    if quoted:
        console.print(f"[bold]{w['clauses']}[/]")
        for cid, text in quoted:
            console.print(f"  {escape(cid)}「{escape(text)}」", highlight=False)
    for note in x.notes if header else ():
        console.print(("注：" if lang == "zh" else "Note: ") + escape(note), highlight=False)


def render_markdown(kb: KB, x: Explanation, lang: str = "zh") -> str:
    """The trees as Markdown (nested lists, clause quotations as block quotes).

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> text = render_markdown(load_kb(), explain(p, options=[("title", "助理级", "normal")]))
    >>> text.splitlines()[2]
    '## 职称评审 · 工程系列 助理级职称 · 常规 — 待确认'
    """
    w = _WORDS[lang]
    who = x.person.name or x.person.id or ""
    out = [f"# {who} {w['as_of']} {x.as_of}", ""]

    def md(s: str) -> str:
        return re.sub(r"([\\*`<])", r"\\\1", s)

    def add(n: ProofNode, depth: int, seen: set[int]) -> None:
        pad = "  " * depth
        repeat = _repeated(n, seen)
        out.append(f"{pad}- {md(_node_line(n, lang, repeat))}")
        if repeat:
            return
        if n.kind == "rule":
            details = _rule_details(n, lang)
            for i, line in enumerate(details):  # one quoted line each (a backslash ends a line)
                end = "\\" if i < len(details) - 1 else ""
                out.append(f"{pad}  > {md(line)}{end}")
        for c in n.children:
            add(c, depth + 1, seen)

    for o in x.options:
        out.append(f"## {md(_option_label(kb, o, lang))}")
        out.append("")
        seen: set[int] = set()
        for c in o.tree.children:
            add(c, 0, seen)
        out.append("")
        if o.option.to_review:
            out.extend([md(_review_line(o, lang)), ""])
        if o.why_not:
            out.append("```text")
            out.extend(_why_lines(kb, o.why_not, lang))
            out.append("```")
            out.append("")
    if x.target is not None:
        out.append("```text")
        out.extend(_target_lines(kb, x.target, lang))
        out.append("```")
        out.append("")
    quoted = _quoted(kb, x)
    if quoted:
        out.append(f"## {w['clauses']}")
        out.append("")
        out.extend(f"- **{cid}** {md(text)}" for cid, text in quoted)
        out.append("")
    out.extend(f"> {md(n)}" for n in x.notes)
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:70em;margin:2em auto;padding:0 1em;
line-height:1.5;color:#222}
ul{list-style:none;padding-left:1.2em;border-left:1px dotted #bbb}li{margin:.15em 0}
summary{cursor:pointer}.holds{color:#1a7f37}.not_yet{color:#0969da}.unknown{color:#9a6700}.fails{color:#cf222e}
.skipped{color:#888}.q{color:#555;font-size:.92em;margin-left:1.2em}pre{background:#f6f8fa;padding:.8em;
white-space:pre-wrap}h2{font-size:1.15em;border-bottom:1px solid #ddd}
"""


def render_html(kb: KB, x: Explanation, lang: str = "zh") -> str:
    """A self-contained HTML page (inline CSS, no external assets, no scripts).

    Examples
    --------
    >>> from tongguan import parse_profile
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> page = render_html(load_kb(), explain(p, options=[("title", "助理级", "normal")]), lang="en")
    >>> page.startswith("<!DOCTYPE html>"), "title-assistant-normal" in page, "<script" in page
    (True, True, False)
    """
    w = _WORDS[lang]
    e = html.escape
    who = x.person.name or x.person.id or ""
    title = f"{who} {w['as_of']} {x.as_of}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]

    def add(n: ProofNode, seen: set[int], depth: int) -> None:
        repeat = _repeated(n, seen)
        line = e(_node_line(n, lang, repeat))
        if repeat or (not n.children and n.kind != "rule"):
            out.append(f'<li class="{n.status}">{line}</li>')
            return
        # what holds is folded below the option's own rules; what does not hold is open
        opened = " open" if depth == 0 or n.status not in ("holds", "skipped") else ""
        out.append(f'<li><details{opened}><summary class="{n.status}">{line}</summary>')
        if n.kind == "rule":
            out.extend(f'<div class="q">{e(text)}</div>' for text in _rule_details(n, lang))
        if n.children:
            out.append("<ul>")
            for c in n.children:
                add(c, seen, depth + 1)
            out.append("</ul>")
        out.append("</details></li>")

    for o in x.options:
        out.append(f'<h2 class="{o.tree.status}">{e(_option_label(kb, o, lang))}</h2><ul>')
        seen: set[int] = set()
        for c in o.tree.children:
            add(c, seen, 0)
        out.append("</ul>")
        if o.option.to_review:
            out.append(f"<p>{e(_review_line(o, lang))}</p>")
        if o.why_not:
            out.append("<pre>" + e("\n".join(_why_lines(kb, o.why_not, lang))) + "</pre>")
    if x.target is not None:
        out.append("<pre>" + e("\n".join(_target_lines(kb, x.target, lang))) + "</pre>")
    quoted = _quoted(kb, x)
    if quoted:
        out.append(f"<h2>{e(w['clauses'])}</h2><dl>")
        out.extend(f"<dt>{e(c)}</dt><dd>{e(t)}</dd>" for c, t in quoted)
        out.append("</dl>")
    out.extend(f"<p><em>{e(n)}</em></p>" for n in x.notes)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# command line


def parse_option_filter(kb: KB, text: str) -> tuple[str, str, str | None]:
    """``title:副高级[:normal]`` → (track, level, route or None); ValueError otherwise.

    Examples
    --------
    >>> parse_option_filter(load_kb(), "title:副高级:exceptional")
    ('title', '副高级', 'exceptional')
    """
    head, _, route = text.partition(":")
    rest = text[len(head) + 1 :]
    level, _, route = rest.partition(":")
    track, level = parse_target(kb, f"{head}:{level}", field="--option")
    route = route.strip() or None
    if route is not None and route not in kb.vocabulary["routes"][track]:
        from .errors import OptionError

        routes = kb.vocabulary["routes"][track]
        raise OptionError("--option", text, "target.route", allowed="、".join(routes), en={"allowed": ", ".join(routes)})
    return track, level, route


def render(kb: KB, x: Explanation, fmt: str, lang: str) -> str | None:
    """The explanation in `fmt` (json, md, html); None for the rich text tree (printed directly)."""
    if fmt == "json":
        return json.dumps(x.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_markdown(kb, x, lang)
    if fmt == "html":
        return render_html(kb, x, lang)
    return None
