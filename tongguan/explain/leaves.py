"""The leaves of a proof tree: what a fact, a calculation or a check says, and the profile behind a fact.

A mixin of `tongguan.explain.proof._Builder` (it uses the builder's KB, session, profile and caches):
a base literal becomes a *fact* node naming the profile field(s) and value(s) it came from, a builtin a
*calc* node with readable dates (``高级技师 2020-01-01 取得，满 10 年于 2030-01-01``), a comparison a
*check* node saying what each side stands for.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..engine import LONG_AGO, UNKNOWN, to_date
from ..kb import Atom, Rule, Term
from .dates import date_arg
from .model import ProofNode, show_value

if TYPE_CHECKING:
    from .proof import _Pick

__all__: list[str] = []


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class _Leaves:
    """Leaf nodes and literal texts (mixed into `tongguan.explain.proof._Builder`)."""

    def atom_text(self, atom: Atom) -> str:
        """The literal as text, its date arguments (declared in kb/predicates.yaml) as ISO dates."""
        hit = self.texts.get(atom)
        if hit is None:
            hit = self.texts[atom] = self._atom_text(atom)
        return hit

    def _atom_text(self, atom: Atom) -> str:
        pred = self.kb.predicates.get(atom.pred)
        if pred is None or atom.is_comparison:
            return str(atom)
        args = [
            str(show_value(t.value, date_arg(pred, i))) if not t.is_var else str(t.value)
            for i, t in enumerate(atom.args[: len(pred.args)])
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
                    f"{n} = {show_value(t.value, date_arg(pred, i))}"
                    for i, (n, t) in enumerate(zip(pred.args, g.args, strict=False))
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
                zh = f"{self._date_text(start, 'zh')}，满 {n} 年于 {show_value(end, True)}"
                en = f"{self._date_text(start, 'en')}, {n} years later: {show_value(end, True)}"
            elif g.pred == "later_of":
                a, b, later = vals
                zh = f"{self._date_text(a, 'zh')} 与 {self._date_text(b, 'zh')} 中较晚者：{show_value(later, True)}"
                en = f"later of {self._date_text(a, 'en')} and {self._date_text(b, 'en')}: {show_value(later, True)}"
            elif g.pred == "assessment_window":
                _, *years, first = vals
                year = dt.date.fromordinal(first).year
                zh = f"{year}年评审（{show_value(first, True)}起）的近3年：{'、'.join(str(y) for y in years)}"
                en = f"an evaluation in {year} (from {show_value(first, True)}) looks at {', '.join(str(y) for y in years)}"
        return self.node("calc", pick.status, text=zh, text_en=en, literal=g, pattern=pick.literal)

    def check_node(self, rule: Rule, pick: _Pick, env: dict[str, Any]) -> ProofNode:
        lit = pick.literal
        dates = self.date_vars[rule.id]

        def side(t: Term) -> str:
            if not t.is_var:
                return str(t.value)
            if t.value not in env:
                return t.value
            shown = f"{t.value}（{show_value(env[t.value], t.value in dates)}"
            for b in rule.body:  # what the variable stands for: the literal that binds it
                if not b.is_comparison and t.value in self.variables(b):
                    pred = self.kb.predicates.get(b.pred)
                    others = [
                        str(show_value(env.get(a.value, a.value), a.value in dates)) if a.is_var else str(a.value)
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

