"""The printable decision page: what a 人社 service window would hand over.

The person's facts, each option with its status, earliest date, plain sentence and the clauses quoted,
what is still to confirm, the options to look into apart (the library's `look_into`, under the
catalogue's 可进一步了解 heading), and the date of the decision — one HTML page with print CSS, every value
escaped (a name like ``<script>`` is text).  `tongguan report PROFILE -o file.html` writes it with the
CSS inlined (the file stands alone); the web page links the packaged stylesheet instead (its
Content-Security-Policy allows no inline style).

Examples
--------
>>> from tongguan.web.library import load_kb, parse_profile
>>> kb = load_kb()
>>> p = parse_profile({"name": "<b>张</b>", "as_of": "2025-06-01", "skills": [{"level": "技师"}]}, kb=kb)
>>> html = report_html(kb, p)
>>> "&lt;b&gt;张&lt;/b&gt;" in html and "<b>张" not in html
True
"""

from __future__ import annotations

import datetime as dt
from html import escape
from importlib import resources
from typing import Any

from . import library as lib

__all__ = ["report_css", "report_html"]


def report_css() -> str:
    """The decision page's stylesheet (screen and print), from the package."""
    return resources.files("tongguan.web").joinpath("static/report.css").read_text(encoding="utf-8")


def _e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


def _facts(kb: lib.KB, person: dict[str, Any]) -> list[tuple[str, str]]:
    labels = kb.vocabulary.get("field_labels", {})
    rows = []
    for field, value in person.items():
        if field in ("id", "name", "as_of"):
            continue
        if field == "skills":
            text = "；".join(f"{s.get('level')}{'（' + s['occupation'] + '）' if s.get('occupation') else ''}"
                            f"{' ' + s['obtained'] if s.get('obtained') else ''}" for s in value)
        elif field == "titles":
            text = "；".join(f"{t.get('series') or ''}{t.get('level')}{'（职业资格）' if t.get('kind') == 'qualification' else ''}"
                            f"{' ' + t['obtained'] if t.get('obtained') else ''}" for t in value)
        elif field == "assessments":
            text = "，".join(f"{y} {g}" for y, g in value.items())
        elif field == "awards":
            text = "；".join(" ".join(str(v) for k, v in a.items() if v is not None) for a in value)
        elif isinstance(value, bool):
            text = "是" if value else "否"
        else:
            text = str(value)
        rows.append((labels.get(field, field), text))
    return rows


def report_html(kb: lib.KB, profile: lib.Profile, lang: str = "zh", css_href: str | None = None) -> str:
    """The decision page of `profile` as one HTML document (CSS inlined unless `css_href` is given)."""
    answer = lib.ask_data(kb, profile, False, lang)
    who = profile.name or profile.id or "申请人"
    style = f'<link rel="stylesheet" href="{_e(css_href)}">' if css_href else f"<style>{report_css()}</style>"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(who)} 申报事项决定页</title>{style}</head><body>",
        '<main class="report">',
        f"<h1>职业发展贯通 申报事项告知单</h1><p class=\"sub\">{_e(kb.document.get('title', ''))}</p>",
        f"<p>申请人：<strong>{_e(who)}</strong>　评估日期：{_e(answer['as_of'])}</p>",
        "<h2>申请人情况</h2><table class=\"facts\"><tbody>",
    ]
    for label, text in _facts(kb, answer["person"]):
        out.append(f"<tr><th scope=\"row\">{_e(label)}</th><td>{_e(text)}</td></tr>")
    out.append("</tbody></table>")
    out.append("<h2>可申报事项</h2>")
    if not answer["options"]:
        out.append("<p>截至评估日期，没有可申报的事项。</p>")
    confirm: dict[str, str] = {}
    further = [o for o in answer["options"] if o["look_into"]]  # the library's look_into: listed apart
    for o in answer["options"]:
        if o["look_into"]:
            continue
        lab = o["labels"]
        out.append(f'<section class="option status-{_e(o["status"])}">')
        out.append(f"<h3>{_e(lab['level'])} <small>{_e(lab['track'])}·{_e(lab['route'])}</small></h3>")
        out.append(f"<p class=\"verdict\"><span class=\"badge\">{_e(lab['status'])}</span> {_e(o['sentence'])}</p>")
        if o["earliest"]:
            out.append(f"<p>最早可申报日期：{_e(o['earliest'])}</p>")
        if o["to_confirm"]:
            out.append("<p>待确认：" + "、".join(_e(x) for x in o["to_confirm_labels"]) + "</p>")
            for f, lbl in zip(o["to_confirm"], o["to_confirm_labels"], strict=True):
                confirm.setdefault(f, lbl)
        if o["missing"]:
            out.append("<p>缺：" + "；".join(_e(m["text"]) for m in o["missing"]) + "</p>")
        if o["to_review"]:
            out.append("<details open><summary>评委会审查</summary><ul>")
            out.extend(f"<li>{_e(r['clause'])}：{_e(r['text'])}</li>" for r in o["to_review"])
            out.append("</ul></details>")
        out.append("<dl class=\"clauses\">")
        for cid in o["clauses"]:
            out.append(f"<dt>{_e(cid)}</dt><dd>{_e(kb.clause_text(cid))}</dd>")
        out.append("</dl></section>")
    if further:
        out.append(f'<section class="further"><h2>{_e(lib.headings("ask.further")[lang].rstrip("：:"))}</h2><ul>')
        out.extend(f"<li>{_e(o['sentence'])}</li>" for o in further)
        out.append("</ul></section>")
    out.append("<h2>需要确认的事项</h2>")
    if confirm:
        out.append("<ul>" + "".join(f"<li>{_e(lbl)}</li>" for lbl in confirm.values()) + "</ul>")
    else:
        out.append("<p>无。</p>")
    for note in answer["notes"]:
        out.append(f"<p class=\"note\">注：{_e(note)}</p>")
    out.append(
        f"<footer><p>出具日期：{_e(dt.date.today().isoformat())}　本页依据上列条款由规则自动推导，"
        "最终以评审委员会审查为准。</p><p class=\"sign\">经办人：＿＿＿＿　　盖章：＿＿＿＿</p></footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
