"""The policy's own cases (``kb/cases/*.yaml``): load them from a KB folder, run each against the KB,
return the failures as data.

The cases travel with the policy (as OpenFisca's country packages ship their tests): `tongguan audit`
runs them against the KB it audits, and tests/test_cases.py runs them against the shipped KB.

A case file has ``defaults`` (a profile merged under each case's), optional ``clauses``, and
``cases``; each case gives a full-sentence ``name``, a ``profile`` (``unset`` removes a default) and
``options``: the expected options, each matched by track, level (or exam) and route.  Keys an
expectation may state:

- ``status``: eligible | conditional | not_yet | ineligible
- ``earliest``: the first date it holds (``null`` for none)
- ``to_confirm``: the exact list of fields to confirm; ``to_confirm_includes``: a subset
- ``clauses_start``: the first clause IDs of the option's citation (the most specific items)
- ``missing_clauses``: clause IDs that must appear among the missing conditions
- ``review_includes`` / ``review_excludes``: texts that some / no committee-review item contains
- ``notes_include``: texts that some note of the option contains
- ``held_elsewhere``: the exact list of same-level holdings in another series or occupation
- ``education_equivalent``, ``series``
- ``listed: false``: the option must not be listed at all (e.g. a level already held)
- ``exemptions``: the exact mapping of the option's exemptions to their status, e.g.
  ``{理论知识考试: applies}`` (``{}`` for none)
- ``rule``: a rule ID (or a list of them) behind the option.  An option rule must be the option's
  ``rule.id`` or one of its alternatives'; any other rule must fire for this person at ``as_of``: its
  body holds in the known world, every dated literal by ``as_of``.  A rule whose head arguments are
  inputs takes them as ``{id: years-after, with: {Start: 2023-06-01, N: 2}}``.
- ``rule_misses``: likewise, rules that must *not* fire: an option rule's alternative is not
  eligible; any other rule's body does not hold by ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .engine import Engine, Option, Session
from .kb import KB, Atom, KBError, Rule, Term, load_kb
from .profile import ProfileError, parse_profile

__all__ = ["Case", "CaseFailure", "check_case", "load_cases", "run_cases"]

_OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt}
MIN_NAME = 10  # a full sentence, not a label
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the same safe loader, faster


@dataclass(frozen=True)
class Case:
    """One case: its ID (``file[index]``), file, name, the merged profile and the expected options."""

    id: str
    file: str
    name: str
    profile: dict[str, Any]
    options: tuple[dict[str, Any], ...]
    clauses: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the case as written


@dataclass(frozen=True)
class CaseFailure:
    """One expectation of a case the KB does not meet.

    ``option`` is ``track:level:route`` (empty for the case as a whole), ``what`` the expectation's key
    (``status``, ``earliest``, ``rule`` …), ``rules`` the rules involved (the option's rule and its
    alternatives, or the rules that conclude it when it is not listed).
    """

    case: str
    file: str
    name: str
    option: str
    what: str
    expected: Any
    actual: Any
    message: str
    rules: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "case": self.case,
            "file": self.file,
            "name": self.name,
            "option": self.option,
            "what": self.what,
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
            "message": self.message,
            "rules": list(self.rules),
        }


def _jsonable(x: Any) -> Any:
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    return x


def _safe_load(text: str) -> Any:
    """`yaml.safe_load` with libyaml's safe loader when present (the same loader, faster)."""
    loader = _LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_cases(kb_dir: Path | str | None = None) -> list[Case]:
    """Every case of every file under ``cases/`` of a KB folder (the shipped ``kb/`` by default), with
    the file's defaults merged in.  Raises `KBError` for a file that is not a mapping of cases.

    Examples
    --------
    >>> cases = load_cases()
    >>> cases[0].id, len(cases[0].name) >= 10
    ('basics[0]', True)
    """
    root = Path(kb_dir) if kb_dir else load_kb().root
    out = []
    for path in sorted((root / "cases").glob("*.yaml")):
        try:
            data = _safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise KBError(f"cases/{path.name}: not valid YAML ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("cases") or [], list):
            raise KBError(f"cases/{path.name}: expected a mapping with a `cases` list")
        defaults = data.get("defaults") or {}
        for i, case in enumerate(data.get("cases") or ()):
            if not isinstance(case, dict):
                raise KBError(f"cases/{path.name}: case {i} is not a mapping")
            profile = {**defaults, **(case.get("profile") or {})}
            for key in case.get("unset") or ():
                profile.pop(key, None)
            out.append(
                Case(
                    id=f"{path.stem}[{i}]",
                    file=f"cases/{path.name}",
                    name=str(case.get("name") or ""),
                    profile=profile,
                    options=tuple(case.get("options") or ()),
                    clauses=tuple(str(c) for c in data.get("clauses") or ()),
                    raw=case,
                )
            )
    return out


def rule_refs(value: Any) -> list[tuple[str, dict[str, Any]]]:
    """``rule`` / ``rule_misses`` of an expectation as (rule id, head bindings); dates become ordinals.

    Examples
    --------
    >>> rule_refs([{"id": "years-after", "with": {"N": 2}}, "title-exceptional"])
    [('years-after', {'N': 2}), ('title-exceptional', {})]
    """
    refs = value if isinstance(value, list) else [value] if value else []
    out = []
    for ref in refs:
        rid, bind = (ref, {}) if isinstance(ref, str) else (ref["id"], ref.get("with") or {})
        out.append((str(rid), {k: v.toordinal() if isinstance(v, dt.date) else v for k, v in bind.items()}))
    return out


def fires(session: Session, kb: KB, rule: Rule, env: dict[str, Any]) -> bool:
    """Whether `rule`'s body holds in the known world with `env`, every dated literal (and a dated
    head) by ``as_of``."""
    as_of = session.as_of.toordinal()
    head = rule.head.args[-1] if kb.predicates[rule.head.pred].dated else None

    def walk(i: int, env: dict) -> bool:
        if i == len(rule.body):
            since = env.get(head.value, head.value) if head else as_of
            return isinstance(since, int) and since <= as_of
        lit = rule.body[i]
        args = tuple(Term(env[a.value]) if a.is_var and a.value in env else a for a in lit.args)
        atom = Atom(lit.pred, args, lit.negated)
        if atom.is_comparison:
            left, right = (a.value for a in atom.args)
            return _OPS[atom.pred](left, right) and walk(i + 1, env)
        sols = session.solutions(atom, "k")
        if atom.negated:
            return not sols and walk(i + 1, env)
        dated = kb.predicates[atom.pred].dated
        for sol in sols:
            last = atom.args[-1] if dated else None
            since = (sol.get(last.value) if last.is_var else last.value) if last else as_of
            if not (isinstance(since, int) and since <= as_of):
                continue
            if walk(i + 1, {**env, **sol}):
                return True
        return False

    return walk(0, dict(env))


def _concluding(kb: KB, key: tuple[str, str, str]) -> tuple[str, ...]:
    """Option rules whose head can conclude `key` (a constant equal, or a variable)."""
    out = []
    for r in kb.option_rules:
        args = r.head.args
        if len(args) == 3 and all(a.is_var or str(a.value) == k for a, k in zip(args, key, strict=True)):
            out.append(r.id)
    return tuple(out)


class _Check:
    """Collects the failures of one case."""

    def __init__(self, kb: KB, case: Case):
        self.kb, self.case, self.out = kb, case, []

    def fail(self, option: str, what: str, expected: Any, actual: Any, message: str, rules: tuple = ()) -> None:
        self.out.append(
            CaseFailure(
                self.case.id,
                self.case.file,
                self.case.name,
                option,
                what,
                expected,
                actual,
                f"{self.case.name} — {option or 'case'}: {message}",
                tuple(rules),
                self.case.clauses,
            )
        )


def _check_rules(c: _Check, exp: dict, got: Option | None, person: Any, where: str, rules: tuple, backend: str | None = None) -> None:
    kb = c.kb
    option_ids = {r.id for r in kb.option_rules}
    by_rule = {o.rule.id: o for o in [got, *got.alternatives]} if got is not None else {}
    for key, want in (("rule", True), ("rule_misses", False)):
        for rid, bind in rule_refs(exp.get(key)):
            try:
                rule = kb.rule(rid)
            except KeyError:
                c.fail(where, key, rid, None, f"the KB has no rule {rid}", rules)
                continue
            if rid in option_ids:
                if rid not in by_rule:
                    c.fail(
                        where,
                        key,
                        rid,
                        sorted(by_rule),
                        f"rule {rid} is not behind this option; got {sorted(by_rule)}",
                        tuple(dict.fromkeys((*rules, rid))),
                    )
                elif not want and by_rule[rid].status == "eligible":
                    c.fail(where, key, f"not {rid}", rid, f"rule {rid} fires", tuple(dict.fromkeys((*rules, rid))))
                continue
            with Engine(kb, backend=backend).session(person) as run:
                if fires(run, kb, rule, bind) is not want:
                    c.fail(
                        where,
                        key,
                        f"{'' if want else 'not '}{rid}",
                        f"{'not ' if want else ''}{rid}",
                        f"rule {rid} {'does not fire' if want else 'fires'}",
                        tuple(dict.fromkeys((*rules, rid))),
                    )


def check_case(kb: KB, case: Case, backend: str | None = None) -> list[CaseFailure]:
    """The expectations of one case the KB does not meet (empty when the case passes).

    Examples
    --------
    >>> kb = load_kb()
    >>> [check_case(kb, c) for c in load_cases()[:2]]
    [[], []]
    """
    c = _Check(kb, case)
    if len(case.name) < MIN_NAME:
        c.fail("", "name", "a full sentence", case.name, "every case needs a full-sentence name")
    try:
        person = parse_profile(case.profile, kb=kb)
    except (ProfileError, KBError) as exc:
        c.fail("", "profile", "a valid profile", str(exc), f"the profile does not validate: {exc}")
        return c.out
    answer = Engine(kb, backend=backend).evaluate(person)
    listed = {o.key: o for o in answer.listed(include_ineligible=True)}
    for exp in case.options:
        key = (str(exp.get("track")), str(exp.get("level") or exp.get("exam")), str(exp.get("route")))
        where = ":".join(key)
        got = listed.get(key)
        rules = (got.rule.id, *(a.rule.id for a in got.alternatives)) if got else _concluding(kb, key)
        if exp.get("listed") is False:
            if got is not None:
                c.fail(where, "listed", False, True, "should not be listed", rules)
            _check_rules(c, exp, None, person, where, rules, backend)
            continue
        if got is None:
            c.fail(where, "listed", True, False, f"not listed; got {sorted(':'.join(k) for k in listed)}", rules)
            continue
        if "status" in exp and got.status != exp["status"]:
            c.fail(
                where,
                "status",
                exp["status"],
                got.status,
                f"status {got.status} (expected {exp['status']}); missing: {_missing(got) or 'nothing'}; "
                f"to confirm: {'、'.join(got.to_confirm) or 'nothing'}",
                rules,
            )
        if "earliest" in exp:
            want = exp["earliest"]
            want = dt.date.fromisoformat(str(want)) if want else None
            if got.earliest != want:
                c.fail(where, "earliest", want, got.earliest, f"earliest {got.earliest} (expected {want})", rules)
        if "to_confirm" in exp and got.to_confirm != list(exp["to_confirm"]):
            c.fail(where, "to_confirm", list(exp["to_confirm"]), got.to_confirm, f"to_confirm {got.to_confirm}", rules)
        for f in exp.get("to_confirm_includes") or ():
            if f not in got.to_confirm:
                c.fail(
                    where, "to_confirm_includes", f, got.to_confirm, f"{f} not in to_confirm {got.to_confirm}", rules
                )
        cited = sorted({x for m in got.missing for x in m["clauses"]})
        for cl in exp.get("missing_clauses") or ():
            if cl not in cited:
                c.fail(where, "missing_clauses", cl, cited, f"{cl} not among missing clauses {cited}", rules)
        if "clauses_start" in exp:
            want = list(exp["clauses_start"])
            if got.clauses[: len(want)] != want:
                c.fail(where, "clauses_start", want, got.clauses, f"clauses {got.clauses}", rules)
        reviews = [r["text"] for r in got.to_review]
        for text in exp.get("review_includes") or ():
            if not any(text in r for r in reviews):
                c.fail(where, "review_includes", text, reviews, f"no review item mentions {text}", rules)
        for text in exp.get("review_excludes") or ():
            if any(text in r for r in reviews):
                c.fail(where, "review_excludes", text, reviews, f"a review item mentions {text}", rules)
        for text in exp.get("notes_include") or ():
            if not any(text in n for n in got.notes):
                c.fail(where, "notes_include", text, got.notes, f"no note mentions {text}", rules)
        if "held_elsewhere" in exp and got.held_elsewhere != list(exp["held_elsewhere"]):
            want = list(exp["held_elsewhere"])
            c.fail(where, "held_elsewhere", want, got.held_elsewhere, f"held_elsewhere {got.held_elsewhere}", rules)
        for attr in ("education_equivalent", "series"):
            if attr in exp and getattr(got, attr) != exp[attr]:
                c.fail(where, attr, exp[attr], getattr(got, attr), f"{attr} {getattr(got, attr)}", rules)
        if "exemptions" in exp:
            have = {e["what"]: e["status"] for e in got.exemptions}
            if have != dict(exp["exemptions"] or {}):
                c.fail(where, "exemptions", dict(exp["exemptions"] or {}), have, f"exemptions {have}", rules)
        _check_rules(c, exp, got, person, where, rules, backend)
    return c.out


def _missing(got: Option) -> str:
    return "; ".join(f"{m.get('text') or m.get('condition') or ''} ({'、'.join(m['clauses'])})" for m in got.missing)


def run_cases(kb: KB, cases: list[Case] | None = None, *, first: bool = False) -> list[CaseFailure]:
    """Every failure of every case (the cases of ``kb``'s own folder by default); with `first`, stop
    after the first failing case.

    Examples
    --------
    >>> run_cases(load_kb())
    []
    """
    out: list[CaseFailure] = []
    for case in load_cases(kb.root) if cases is None else cases:
        out.extend(check_case(kb, case))
        if first and out:
            break
    return out
