"""Explanations rendered: rich text trees, Markdown and a self-contained HTML page, in Chinese or English.

Renders a `tongguan.explain.Explanation` (proof trees, why-nots, what would change the answer); the
JSON form is `Explanation.to_dict`.  The word tables (statuses, node kinds, punctuation) are here, not in
the explainer: the explainer's data says what holds, this module says it to people.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ..explain.model import Explanation, OptionExplanation, ProofNode, show_value
from ..kb import KB
from ..kbfiles import in_lang
from .markup import clauses_html, clauses_markdown, html_head, md_escape

__all__ = ["explanation_data", "render", "render_html", "render_markdown", "render_text"]

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
        "award_alt": "以下需要获奖，不由本人决定（如果获得…）：",
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
        "award_alt": "These need an award, not in your control (if you win …):",
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


def _rule_details(kb: KB, n: ProofNode, lang: str) -> list[str]:
    w, p = _WORDS[lang], _PUNCT[lang]
    lines = []
    if n.clauses:
        cid, ctext = n.clauses[0]
        lines.append(f"「{ctext or n.rule.source}」— {cid}")
    if n.rule.source and (not n.clauses or n.rule.source not in n.clauses[0][1]):
        lines.append(f"{w['source']}{p['colon']}「{n.rule.source}」")
    shown = {k: show_value(v, k in n.date_vars) for k, v in n.bindings.items() if not k.startswith("_")}
    if shown:
        lines.append(f"{w['bindings']}{p['colon']}" + p["comma"].join(f"{k} = {v}" for k, v in shown.items()))
    if n.rule.note:
        entry = next((e for e in kb.interpretations if e.get("id") == n.rule.note), {})
        question = in_lang(entry.get("question"), lang)  # in plain words, the ID after it
        where = f"{n.rule.note}{p['comma']}kb/interpretations.yaml"
        lines.append(f"{w['interp']}{p['colon']}{question}{p['open']}{where}{p['close']}")
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
    if k == "obtain_award":  # not in the person's control: an alternative, worded so (issue 11 item 6)
        return f"如果获得{e['value']}" if zh else f"if you win {e['value']}"
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
        if c.get("needs_award") and (i == 1 or not t["changes"][i - 2].get("needs_award")):
            lines.append("  " + w["award_alt"])
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
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
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
            for line in _rule_details(kb, n, lang):
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
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> text = render_markdown(load_kb(), explain(p, options=[("title", "助理级", "normal")]))
    >>> text.splitlines()[2]
    '## 职称评审 · 工程系列 助理级职称 · 常规 — 待确认'
    """
    w = _WORDS[lang]
    who = x.person.name or x.person.id or ""
    out = [f"# {who} {w['as_of']} {x.as_of}", ""]

    md = md_escape

    def add(n: ProofNode, depth: int, seen: set[int]) -> None:
        pad = "  " * depth
        repeat = _repeated(n, seen)
        out.append(f"{pad}- {md(_node_line(n, lang, repeat))}")
        if repeat:
            return
        if n.kind == "rule":
            details = _rule_details(kb, n, lang)
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
    out.extend(clauses_markdown(w["clauses"], _quoted(kb, x)))
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
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> page = render_html(load_kb(), explain(p, options=[("title", "助理级", "normal")]), lang="en")
    >>> page.startswith("<!DOCTYPE html>"), "title-assistant-normal" in page, "<script" in page
    (True, True, False)
    """
    w = _WORDS[lang]
    e = html.escape
    who = x.person.name or x.person.id or ""
    title = f"{who} {w['as_of']} {x.as_of}"
    out = html_head(title, _CSS, lang)

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
            out.extend(f'<div class="q">{e(text)}</div>' for text in _rule_details(kb, n, lang))
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
    out.extend(clauses_html(w["clauses"], _quoted(kb, x)))
    out.extend(f"<p><em>{e(n)}</em></p>" for n in x.notes)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# command line


def render(kb: KB, x: Explanation, fmt: str, lang: str) -> str | None:
    """The full explanation in `fmt` (json, md, html); None for the rich text tree (printed directly).
    The JSON gives each option its plain sentence (`tongguan.sentences.sentence`) too."""
    if fmt == "json":
        return json.dumps(explanation_data(kb, x, lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_markdown(kb, x, lang)
    if fmt == "html":
        return render_html(kb, x, lang)
    return None


def explanation_data(kb: KB, x: Explanation, lang: str = "zh") -> dict:
    """The explanation as JSON data (`tongguan explain --json`, ``/api/explain``): `Explanation.to_dict`
    with each option's plain sentence (`tongguan.sentences.sentence`), as `ask --json` gives it."""
    from ..sentences import sentence

    d = x.to_dict(lang)
    for od, ox in zip(d["options"], x.options, strict=True):
        od["sentence"] = sentence(kb, x.person, ox.option, lang)
    return d
