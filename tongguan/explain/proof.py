"""Proof trees: the rule data of `tongguan.kb` walked with the engine's answers (issue 3).

Nothing here is written per rule:

* an option → one *rule* node per rule concluding it (alternatives are all shown, best first);
* a rule node → one child per body literal, the rule's head unified with the literal it explains and
  its body variables bound by a search over the engine's solutions (`Session.solutions`, cached);
* a derived literal → the rule(s) defining it, recursively;
* a base literal → a *fact* node naming the profile field(s) and value(s) it came from;
* a vocabulary literal → a *vocab* node naming the part of kb/vocabulary.yaml;
* a builtin (anniversary, later_of, assessment_window) → a *calc* node with readable dates;
* a comparison → a *check* node.

The leaves are made in `tongguan.explain.leaves`.  Node statuses: ``holds``, ``not_yet`` (holds from
``since``, after ``as_of``), ``unknown`` (holds only if the fields in ``to_confirm`` turn out
favourably), ``fails``, and ``skipped`` (not evaluated because an earlier literal of the same rule
failed and left its variables unbound).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..engine import (
    BUILTIN_INPUTS,
    BUILTINS,
    NODE_SEVERITY,
    OPTION_TO_NODE,
    Option,
    Session,
    condition_text,
    to_date,
    vocab_facts,
)
from ..engine.terms import compare as _compare
from ..engine.terms import ground as _ground
from ..engine.terms import match as _unify
from ..engine.terms import match_rows as _match
from ..kb import KB, Atom, Rule, Term
from .dates import rule_date_vars
from .leaves import _Leaves
from .model import ProofNode

__all__: list[str] = []

_SEVERITY = NODE_SEVERITY
_OPTION_TO_NODE = OPTION_TO_NODE
# How many leading arguments of each builtin must be bound before it can be computed.
_BUILTIN_INPUTS = BUILTIN_INPUTS
_SEARCH_BUDGET = 5000  # candidate assignments tried per rule body before settling for the best so far
_MAX_CANDIDATES = 24


def _worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _SEVERITY[s], default="holds")



def _order(sol: dict[str, Any]) -> tuple:
    """A fixed sort key for a solution (values of mixed types compared as typed strings)."""
    return tuple((k, type(v).__name__, str(v)) for k, v in sorted(sol.items()))


@dataclass(slots=True)
class _Pick:
    literal: Atom  # the rule's literal, as written
    grounded: Atom  # bound by the assignment so far
    solution: dict[str, Any]
    status: str
    since: dt.date | None = None




class _Builder(_Leaves):
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
        self.date_vars = rule_date_vars(kb)
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

    def variables(self, atom: Atom) -> set[str]:
        hit = self.varsets.get(atom)
        if hit is None:
            hit = self.varsets[atom] = atom.variables()
        return hit

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


