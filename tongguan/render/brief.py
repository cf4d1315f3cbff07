"""The short explanation: what a worker reads in one screen (the default of `tongguan explain`).

What every open option needs, said once; then per option, best first: the plain sentence of
`tongguan.sentences` (what the person can do and why in their own facts, or what is missing, when, what
to confirm, with the clause IDs) and what else to bring to the application (the materials of
kb/vocabulary.yaml ``materials`` for the facts the option's best route goes through); options to look
into and options not open yet come after, the latter grouped by reason; then, with ``--target``, what
would make the target possible (what is in the person's control first, awards as "if you win …"
alternatives), and the clauses cited by the open options and the target, each quoted once.  The
committee-judged items are left to ``ask --detail``.  No variable, binding or Datalog literal: the full proof tree is
`tongguan.render.explanation` (``explain --full``).

The layout is data first (`brief`: sections of entries), then three renderings of it: text
(`render_text`, wrapped by the caller's line breaker), Markdown and HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from ..engine import UNKNOWN, is_day
from ..explain.model import Explanation, OptionExplanation, ProofNode
from ..kb import KB
from ..labels import field_words, option_label, route_words
from ..sentences import look_into, sentence, sentence_parts
from .markup import clauses_html, clauses_markdown, html_head, md_escape

__all__ = ["Brief", "Entry", "Section", "brief", "materials", "render_html", "render_markdown", "render_text"]

_WORDS = {
    "zh": {
        "as_of": "截至",
        "eligible": "现在可申报",
        "conditional": "确认后可申报",
        "not_yet": "以后可申报",
        "look_into": "可进一步了解（取决于多数人没有、档案也未写明的条件）",
        "ineligible": "暂不能申报",
        "materials": "申报时准备",
        "target": "怎样才能申报{what}",
        "already": "已可申报，无需改变。",
        "none": "所试的一项或两项改变都不能使其可申报。",
        "held": "（已持有该层级或更高层级。）",
        "no_route": "本方案没有通往该事项的途径。",
        "award_alt": "以下需要获奖，不由本人决定：",
        "no_option": "没有符合 --option 的事项。",
        "more": "另有 {n} 项（见 --full 或 --json）",
        "clauses": "所引条款原文",
        "note": "注：",
        "footer": "材料按所依据的条件列出，以当年评审通知为准；评委会另审的能力、业绩条件（不影响能否申报）"
        "见 ask --detail；其余条款原文和完整推导：加 --full。",
        "common": "申报时准备（以下各项都要）",
        "also": "另备",
        "sep": "、",
        "colon": "：",
    },
    "en": {
        "as_of": "as of",
        "eligible": "You can apply now",
        "conditional": "You can apply once confirmed",
        "not_yet": "You can apply later",
        "look_into": "You may also look into (facts most people do not have, not stated)",
        "ineligible": "Not open to you yet",
        "materials": "Bring",
        "target": "What would make {what} possible",
        "already": "Already possible: nothing to change.",
        "none": "No single change, nor any pair tried, makes it possible.",
        "held": "(this level or a higher one is already held)",
        "no_route": "The plan opens no route to it.",
        "award_alt": "These need an award, not in your control:",
        "no_option": "No option matches --option.",
        "more": "{n} more (see --full or --json)",
        "clauses": "The clauses cited",
        "note": "Note: ",
        "footer": "The materials follow from the conditions used; the year's evaluation notice is authoritative. "
        "What the committee also judges (never blocking): ask --detail; the other clauses and the full proof: "
        "add --full.",
        "common": "Bring to any application below",
        "also": "Also bring",
        "sep": "; ",
        "colon": ": ",
    },
}
_LIVE = ("holds", "not_yet", "unknown")  # the nodes a route goes through (fails/skipped: not used)
_PLACEHOLDER = re.compile(r"\{([A-Za-z]\w*)\}")


@dataclass
class Entry:
    """One line of the short explanation (a sentence) with its details: (label, text) pairs."""

    text: str
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    """A heading and its entries; ``sub`` starts a sub-list (the "if you win …" alternatives) at that
    entry index."""

    heading: str
    entries: list[Entry] = field(default_factory=list)
    sub: tuple[int, str] | None = None


@dataclass
class Brief:
    """The short explanation as data: header, sections, the clauses cited (id, text), notes, footer."""

    header: str
    sections: list[Section]
    clauses: list[tuple[str, str]]
    notes: list[str]
    footer: str


# ---- materials ----------------------------------------------------------------------------------


def _arg_value(v: Any, date: bool) -> str | None:
    if v == UNKNOWN or v is None:
        return None
    if date:
        import datetime as dt

        return dt.date.fromordinal(v).isoformat() if is_day(v) else None
    return str(v)


def materials(kb: KB, ox: OptionExplanation, lang: str = "zh") -> list[str]:
    """What to bring to the application for one option: the ``materials`` entry of kb/vocabulary.yaml
    of each base fact the option's best route goes through, its ``{Arg}`` placeholders filled with the
    person's values (several joined), in the order of that mapping.

    Examples
    --------
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> kb = load_kb()
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "technical_work_since": "2010-01-01",
    ...     "law_abiding": True, "good_conduct": True, "assessments": {2022: "合格", 2023: "合格", 2024: "合格"},
    ...     "skills": [{"level": "技师", "obtained": "2015-03-15"}]})
    >>> materials(kb, explain(p, kb, options=[("title", "中级", "normal")]).options[0])
    ['技师职业资格或职业技能等级证书', '从事技术技能工作的经历证明（单位出具）', '2022、2023、2024年度考核结果']
    """
    table = kb.vocabulary.get("materials") or {}
    if not ox.tree.children:
        return []
    values: dict[str, dict[str, list[str]]] = {}

    def walk(n: ProofNode) -> None:
        if n.status not in _LIVE:
            return
        if n.kind == "fact" and n.literal is not None and n.literal.pred in table:
            pred = kb.predicates.get(n.literal.pred)
            slot = values.setdefault(n.literal.pred, {})
            for i, (name, term) in enumerate(zip(pred.args if pred else (), n.literal.args, strict=False)):
                v = None if term.is_var else _arg_value(term.value, pred.arg_type(i) == "date")
                if v is not None and v not in slot.setdefault(name, []):
                    slot[name].append(v)
        for c in n.children:
            walk(c)

    walk(ox.tree.children[0])  # the option's own (best) route
    out = []
    for pred, spec in table.items():
        if pred not in values:
            continue
        template = (spec or {}).get(lang) or (spec or {}).get("zh") or ""
        sep = "、" if lang == "zh" else ", "
        blank = "相应" if lang == "zh" else "the relevant"

        def fill(m: re.Match, slot: dict[str, list[str]] = values[pred], sep: str = sep, blank: str = blank) -> str:
            got = sorted(slot.get(m.group(1)) or [])
            return sep.join(got) if got else blank

        text = _PLACEHOLDER.sub(fill, template)
        if text and text not in out:
            out.append(text)
    return out


# ---- the layout ---------------------------------------------------------------------------------


def _option_entry(kb: KB, x: Explanation, ox: OptionExplanation, lang: str, common: list[str]) -> Entry:
    w = _WORDS[lang]
    e = Entry(sentence(kb, x.person, ox.option, lang))
    things = [m for m in materials(kb, ox, lang) if m not in common]
    if things:
        e.details.append((w["materials"] if not common else w["also"], w["sep"].join(things)))
    return e


def _edit_words(kb: KB, e: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    k = e["kind"]
    if k == "wait":
        return f"等到{e['until']}" if zh else f"wait until {e['until']}"
    if k == "confirm":
        fields = ("、" if zh else ", ").join(field_words(kb, f, lang) for f in e["fields"])
        return f"确认{fields}" if zh else f"confirm {fields}"
    if k == "obtain_skill":
        return f"取得{e['value']}（下一次职业技能评价）" if zh else f"obtain {e['value']} (the next skill evaluation)"
    if k in ("obtain_title", "obtain_qualification"):
        what = "职称" if k == "obtain_title" else "职业资格"
        return f"取得{e['value']}{what}" if zh else f"obtain the {e['value']} {'title' if k == 'obtain_title' else 'qualification'}"
    if k == "obtain_award":
        return f"如果获得{e['value']}" if zh else f"if you win {e['value']}"
    label = field_words(kb, e["field"], lang)
    if e["value"] is True:
        return f"具备：{label}" if zh else f"have: {label}"
    return f"{label}为{e['value']}" if zh else f"{label}: {e['value']}"


def _change_entry(kb: KB, t: dict[str, Any], c: dict[str, Any], lang: str) -> Entry:
    zh = lang == "zh"
    edits = (" + ").join(_edit_words(kb, e, lang) for e in c["edits"])
    route = route_words(kb, SimpleNamespace(track=t["track"], route=c["route"]), lang)
    ids = [c["clauses"][0]["id"]] if c["clauses"] else []
    for because in c.get("because", []):
        for cl in because["clauses"][:1]:
            if cl["id"] not in ids:
                ids.append(cl["id"])
    cite = ("、" if zh else ", ").join(ids)
    when = c["date"]
    if c["status"] == "conditional" and c["to_confirm"] and not all(e["kind"] == "confirm" for e in c["edits"]):
        still = ("、" if zh else ", ").join(field_words(kb, f, lang) for f in c["to_confirm"])
        result = f"{when}起可申报，仍需确认{still}" if zh else f"possible from {when}, still to confirm {still}"
    else:
        result = f"{when}起可申报" if zh else f"possible from {when}"
    if zh:
        return Entry(f"{edits}：{result}（{route}；依据：{cite}）")
    return Entry(f"{edits}: {result} ({route}; clauses {cite})")


def _target_section(kb: KB, x: Explanation, lang: str, limit: int) -> tuple[Section, list[str]]:
    w = _WORDS[lang]
    t = x.target or {}
    first_route = next(iter(kb.vocabulary["routes"][t["track"]]))  # the label's level part only
    what_o = SimpleNamespace(track=t["track"], level=t["level"], route=first_route, series=x.person.series)
    what = option_label(kb, what_o, lang)[1]
    sec = Section(w["target"].format(what=what))
    cited: list[str] = []
    if t["status"] == "unknown_target":
        sec.entries.append(Entry(w["no_route"]))
        return sec, cited
    if t.get("held"):
        sec.entries.append(Entry(w["held"]))
    if t["status"] == "eligible":
        sec.entries.append(Entry(w["already"]))
        return sec, cited
    if not t["changes"]:
        sec.entries.append(Entry(w["none"]))
        return sec, cited
    shown = t["changes"][:limit]
    first_award = next((i for i, c in enumerate(shown) if c.get("needs_award")), None)
    offset = len(sec.entries)
    for c in shown:
        sec.entries.append(_change_entry(kb, t, c, lang))
        cited.extend(cl["id"] for cl in c["clauses"][:1])
        cited.extend(cl["id"] for b in c.get("because", []) for cl in b["clauses"][:1])
    if first_award is not None:
        sec.sub = (offset + first_award, w["award_alt"])
    rest = len(t["changes"]) - len(shown) + t.get("more", 0)
    if rest > 0:
        sec.entries.append(Entry(w["more"].format(n=rest)))
    return sec, cited


def _items(kb: KB, x: Explanation, oxs: list[OptionExplanation], lang: str) -> str:
    """The items of several options sharing one reason; exams of one route named together
    (会计、统计专业技术资格考试（学历比照）)."""
    w = _WORDS[lang]
    items = [sentence_parts(kb, x.person, ox.option, lang).item for ox in oxs]
    routes = {(ox.option.track, ox.option.route) for ox in oxs}
    if len(oxs) > 1 and len(routes) == 1 and oxs[0].option.track == "exam":
        one = items[0]
        tail = one[len(oxs[0].option.level) :] if one.startswith(oxs[0].option.level) else None
        if tail and all(it == ox.option.level + tail for it, ox in zip(items, oxs, strict=True)):
            names = ("、" if lang == "zh" else ", ").join(ox.option.level for ox in oxs)
            return names + (tail.replace(" exam", " exams", 1) if lang == "en" else tail)
    return w["sep"].join(items)


def brief(kb: KB, x: Explanation, lang: str = "zh", target_limit: int = 6) -> Brief:
    """The short explanation of `x` as data (see the module's docstring for what it holds).

    Examples
    --------
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> kb = load_kb()
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> b = brief(kb, explain(p, kb, options=[("title", "助理级", "normal")]))
    >>> b.sections[0].heading, b.sections[0].entries[0].text.startswith("工程系列 助理级职称")
    ('确认后可申报', True)
    """
    w = _WORDS[lang]
    who = x.person.name or x.person.id or ""
    groups: dict[str, list[OptionExplanation]] = {s: [] for s in ("eligible", "conditional", "not_yet")}
    further, closed = [], []
    for ox in x.options:
        if look_into(kb, ox.option):
            further.append(ox)
        elif ox.option.status == "ineligible":
            closed.append(ox)
        else:
            groups[ox.option.status].append(ox)
    sections = []
    cited: list[str] = []
    open_ = [ox for items in groups.values() for ox in items]
    lists = [materials(kb, ox, lang) for ox in open_]
    common = [m for m in lists[0] if all(m in other for other in lists[1:])] if len(lists) > 1 else []
    if common:  # what every option one can apply for needs, said once
        sections.append(Section(w["common"], [Entry(w["sep"].join(common))]))
    for status, items in groups.items():
        if items:
            sections.append(Section(w[status], [_option_entry(kb, x, ox, lang, common) for ox in items]))
            cited.extend(c for ox in items for c in ox.option.clauses[:3])
    # the options to look into and those not open cite their clauses by ID only (quoted with --full)
    if further:
        sections.append(Section(w["look_into"], [Entry(sentence(kb, x.person, ox.option, lang)) for ox in further]))
    if closed:  # one line per reason: the items that share it listed together
        by_reason: dict[str, list[OptionExplanation]] = {}
        for ox in closed:
            by_reason.setdefault(sentence_parts(kb, x.person, ox.option, lang).reason, []).append(ox)
        entries = [Entry(_items(kb, x, oxs, lang) + w["colon"] + r) for r, oxs in by_reason.items()]
        sections.append(Section(w["ineligible"], entries))
    if x.target is not None:
        sec, more = _target_section(kb, x, lang, target_limit)
        sections.append(sec)
        cited.extend(more)
    if not x.options and x.target is None:
        sections.append(Section(w["no_option"]))
    clauses = [(c, kb.clause_text(c)) for c in dict.fromkeys(cited)]
    return Brief(f"{who} {w['as_of']} {x.as_of}", sections, clauses, list(x.notes), w["footer"])


# ---- renderings ---------------------------------------------------------------------------------


def _identity(text: str, width: int) -> list[str]:
    return [text]


def render_text(
    kb: KB, x: Explanation, lang: str = "zh", width: int = 80, wrap: Callable[[str, int], list[str]] | None = None
) -> str:
    """The short explanation as plain text, `width` columns wide when a line breaker `wrap` (text,
    width → lines) is given (the command line passes one that never breaks a date or a clause ID).

    Examples
    --------
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> print(render_text(load_kb(), explain(p, options=[("title", "助理级", "normal")]), "en").splitlines()[2])
    You can apply once confirmed
    """
    b = brief(kb, x, lang)
    wrap = wrap or _identity
    w = _WORDS[lang]
    out = [b.header, ""]

    def put(text: str, first: str, rest: str) -> None:
        from rich.cells import cell_len

        lines = wrap(text, max(width - max(cell_len(first), cell_len(rest)), 20))
        out.append(first + lines[0])
        out.extend(rest + line for line in lines[1:])

    for sec in b.sections:
        out.append(sec.heading)
        for i, e in enumerate(sec.entries):
            if sec.sub and sec.sub[0] == i:
                out.append("  " + sec.sub[1])
            put(e.text, "  · ", "    ")
            for label, text in e.details:
                put(f"{label}{w['colon']}{text}", "    ", "      ")
        out.append("")
    if b.clauses:
        out.append(w["clauses"])
        for cid, text in b.clauses:
            put(f"{cid}「{text}」", "  ", "    ")
        out.append("")
    for n in b.notes:
        put(w["note"] + n, "", "")
    put(b.footer, "", "")
    return "\n".join(out) + "\n"


def render_markdown(kb: KB, x: Explanation, lang: str = "zh") -> str:
    """The short explanation as Markdown (a heading per section, a bullet per option).

    Examples
    --------
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> render_markdown(load_kb(), explain(p, options=[("title", "助理级", "normal")])).splitlines()[2]
    '## 确认后可申报'
    """
    b = brief(kb, x, lang)
    w = _WORDS[lang]

    def md(s: str) -> str:
        return md_escape(s, _MD_SPECIALS)

    out = [f"# {md(b.header)}", ""]
    for sec in b.sections:
        out.extend([f"## {md(sec.heading)}", ""])
        for i, e in enumerate(sec.entries):
            if sec.sub and sec.sub[0] == i:
                out.extend(["", f"*{md(sec.sub[1])}*", ""])
            out.append(f"- {md(e.text)}")
            out.extend(f"  - {md(label)}{w['colon']}{md(text)}" for label, text in e.details)
        out.append("")
    out.extend(clauses_markdown(w["clauses"], b.clauses, _MD_SPECIALS))
    out.extend(f"> {md(w['note'] + n)}" for n in b.notes)
    out.extend(["", md(b.footer)])
    return "\n".join(out).strip() + "\n"


_MD_SPECIALS = "\\*`<_"  # the short form escapes underscores too (free text of the person)

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:48em;margin:2em auto;padding:0 1em;
line-height:1.6;color:#222}h2{font-size:1.1em;border-bottom:1px solid #ddd}li{margin:.3em 0}
.d{color:#555;font-size:.92em}.alt{font-style:italic;color:#555}dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}
"""


def render_html(kb: KB, x: Explanation, lang: str = "zh") -> str:
    """The short explanation as one self-contained HTML page (inline CSS, no script, no external asset).

    Examples
    --------
    >>> from tongguan import load_kb, parse_profile
    >>> from tongguan.explain import explain
    >>> p = parse_profile({"as_of": "2025-06-01", "series": "工程", "skills": [{"level": "高级工"}]})
    >>> page = render_html(load_kb(), explain(p, options=[("title", "助理级", "normal")]))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)
    """
    b = brief(kb, x, lang)
    w = _WORDS[lang]
    e = html.escape
    out = html_head(b.header, _CSS, lang)
    for sec in b.sections:
        out.append(f"<h2>{e(sec.heading)}</h2><ul>")
        for i, entry in enumerate(sec.entries):
            if sec.sub and sec.sub[0] == i:
                out.append(f'</ul><p class="alt">{e(sec.sub[1])}</p><ul>')
            details = "".join(f'<div class="d">{e(label)}{e(w["colon"])}{e(t)}</div>' for label, t in entry.details)
            out.append(f"<li>{e(entry.text)}{details}</li>")
        out.append("</ul>")
    out.extend(clauses_html(w["clauses"], b.clauses))
    out.extend(f"<p><em>{e(w['note'] + n)}</em></p>" for n in b.notes)
    out.append(f"<p>{e(b.footer)}</p></body></html>")
    return "\n".join(out) + "\n"
