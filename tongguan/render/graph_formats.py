"""The overpass in every format `tongguan graph` writes: PNG and SVG (the figure of
`tongguan.render.drawing`), a self-contained interactive HTML page (the SVG inline; hover an edge to see
its conditions and clauses), Graphviz DOT and GraphML.
"""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

import networkx as nx

from ..kb import KB, load_kb
from .drawing import Drawn, edge_label, face, figure_image, route_style, text

__all__ = ["FORMATS", "render", "to_dot"]

FORMATS = ("png", "svg", "html", "dot", "graphml")


def render(
    g: nx.MultiDiGraph,
    fmt: str,
    *,
    kb: KB | None = None,
    path: Any = None,
    title: str | None = None,
    lang: str = "zh",
) -> bytes:
    """The overpass `g` in format `fmt` (png, svg, html, dot, graphml), as bytes.

    `path` (a `tongguan.planning.PathResult`) is highlighted in the drawings.

    Examples
    --------
    >>> from tongguan.planning import build_graph
    >>> render(build_graph(), "dot")[:17]
    b'digraph overpass '
    """
    kb = kb or load_kb()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "dot":
        return to_dot(g, path=path, kb=kb).encode("utf-8")
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_graphml_ready(g), buf, encoding="utf-8")
        return buf.getvalue()
    image, drawn = figure_image(kb, g, "png" if fmt == "png" else "svg", path=path, title=title, gids=fmt == "html", lang=lang)
    if fmt in ("png", "svg"):
        return image
    return _html(kb, g, image.decode("utf-8"), drawn, title=title, path=path).encode("utf-8")


# ---- html ------------------------------------------------------------------------------------


def _edge_info(kb: KB, g: nx.MultiDiGraph, d: Drawn) -> dict[str, Any]:
    src = g.nodes[d.u]["label"]
    spec = kb.figure
    dst = spec["layout"]["bracket"]["to"] if d.v == "exam:*" else g.nodes[d.v]["label"]
    items = []
    for e in d.edges:
        years = ""
        if e.get("years") is not None:
            how = "cumulative_long" if e["years_from"] == "cumulative" else "obtained_long"
            years = text(spec, how, years=e["years"])
        items.append(
            {
                "rule": e["rule"],
                "to": g.nodes[e["_v"]]["label"],
                "years": years,
                "conditions": e["conditions"],
                "clauses": [{"id": c, "text": kb.clause_text(c)} for c in e["clauses"]],
                "outside": e["outside"],
                "source": e.get("source") if e["outside"] else None,
                "assumption": e.get("assumption"),
            }
        )
    return {
        "title": f"{src} → {dst}",
        "route": route_style(kb)[d.route]["zh"],
        "items": items,
    }


def _tooltip(info: dict[str, Any]) -> str:
    lines = [f"{info['title']}（{info['route']}）"]
    for it in info["items"][:4]:
        lines.append(f"· {it['rule']} {it['years']}".rstrip())
        lines.extend(f"  - {c}" for c in it["conditions"])
        if it["clauses"]:
            lines.append("  条款：" + "、".join(c["id"] for c in it["clauses"]))
        if it["outside"]:
            lines.append("  本方案之外：" + (it["source"] or "无出处") + ("（假设）" if it["assumption"] else ""))
    if len(info["items"]) > 4:
        lines.append(f"… 另 {len(info['items']) - 4} 条")
    return "\n".join(lines)


_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0; display: flex; }}
#pic {{ flex: 1 1 auto; overflow: auto; }}
#pic svg {{ width: 100%; height: auto; }}
#panel {{ flex: 0 0 24em; height: 100vh; overflow: auto; box-sizing: border-box; padding: 1em;
         border-left: 1px solid #ccc; background: #fafafa; font-size: 14px; position: sticky; top: 0; }}
#panel h2 {{ font-size: 16px; margin: 0 0 .5em; }}
#panel .clause {{ color: #555; font-size: 12px; }}
#panel .outside {{ color: #a15c00; }}
g.hit path {{ pointer-events: stroke; cursor: pointer; }}
g.hl path {{ stroke: {hl} !important; stroke-width: 4px !important; }}
</style></head>
<body>
<div id="pic">{svg}</div>
<div id="panel"><h2>{name}</h2><p>把鼠标移到连线上，查看其条件与条款。</p>
<p>{note}</p></div>
<script>
const EDGES = {data};
function show(i) {{
  const e = EDGES[i]; if (!e) return;
  const esc = s => String(s).replace(/[&<>]/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;'}})[c]);
  let h = '<h2>' + esc(e.title) + '</h2><p><b>' + esc(e.route) + '</b></p>';
  for (const it of e.items) {{
    h += '<p><b>' + esc(it.to) + '</b> · <code>' + esc(it.rule) + '</code> ' + esc(it.years) + '</p><ul>';
    for (const c of it.conditions) h += '<li>' + esc(c) + '</li>';
    h += '</ul>';
    if (it.outside) h += '<p class="outside">本方案之外：' + esc(it.source || '无出处') + (it.assumption ? '（假设，待核实）' : '') + '</p>';
    for (const c of it.clauses) h += '<p class="clause"><b>' + esc(c.id) + '</b> ' + esc(c.text) + '</p>';
  }}
  document.getElementById('panel').innerHTML = h;
}}
document.querySelectorAll('g.hit').forEach(el => {{
  const i = +el.dataset.i;
  el.addEventListener('mouseenter', () => {{ document.getElementById('e' + i)?.classList.add('hl'); show(i); }});
  el.addEventListener('mouseleave', () => document.getElementById('e' + i)?.classList.remove('hl'));
}});
</script>
</body></html>
"""


def _html(kb: KB, g: nx.MultiDiGraph, svg: str, drawn: list[Drawn], title: str | None, path: Any) -> str:
    infos = [_edge_info(kb, g, d) for d in drawn]
    svg = re.sub(r"^.*?(<svg\b)", r"\1", svg, flags=re.S)  # drop the XML prolog and doctype
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)

    def hit(m: re.Match) -> str:
        i = int(m.group(1))
        tip = html.escape(_tooltip(infos[i]))
        return f'<g id="h{i}" class="hit" data-i="{i}"><title>{tip}</title>'

    svg = re.sub(r'<g id="h(\d+)">', hit, svg)
    data = json.dumps(infos, ensure_ascii=False).replace("</", "<\\/")
    note = "本图由规则推导（tongguan graph），离线可用。"
    if path is not None:
        note += " 橙色为最快路径：" + "；".join(
            f"{s.date.isoformat()} {g.nodes[s.to_node]['label']}" for s in path.steps
        )
    hl = kb.figure["highlight"]
    name = html.escape(kb.figure["name"])
    return _HTML.format(
        title=html.escape(title) if title else name, name=name, svg=svg, data=data, hl=hl, note=html.escape(note)
    )


# ---- dot and graphml -------------------------------------------------------------------------


_DOT_STYLE = {"dashdot": "bold"}  # Graphviz has solid, dashed, dotted and bold


def _q(s: Any) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.MultiDiGraph, path: Any = None, kb: KB | None = None) -> str:
    """Graphviz DOT text of the overpass (no Graphviz or pydot needed to write it).

    Examples
    --------
    >>> from tongguan.planning import build_graph
    >>> '"skill:高级工" -> "title:助理级"' in to_dot(build_graph())
    True
    """
    kb = kb or load_kb()
    spec = kb.figure
    routes = route_style(kb)
    on_path = {(s.from_node, s.to_node, s.rule) for s in getattr(path, "steps", [])}  # the step's own rule
    lines = [
        "digraph overpass {",
        f'  graph [rankdir=LR, label={_q(spec["title"])}, labelloc=t, fontname="Noto Sans CJK SC", newrank=true];',
        '  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC"];',
        '  edge [fontname="Noto Sans CJK SC", fontsize=10];',
    ]
    names = {kind: n.get("group", kind) for kind, n in (spec.get("nodes") or {}).items()}
    for kind, name in names.items():
        lines.append(f"  subgraph {_q('cluster_' + kind)} {{")
        lines.append(f"    label={_q(name)};")
        for n, d in g.nodes(data=True):
            if d["ladder"] == kind:
                attrs = [f"label={_q(d['label'])}", f"fillcolor={_q(face(spec, kind))}"]
                if d.get("held"):
                    attrs += ["penwidth=3", f"color={_q(spec['held']['edge'])}"]
                lines.append(f"    {_q(n)} [{', '.join(attrs)}];")
        lines.append("  }")
    for u, v, k, d in g.edges(keys=True, data=True):
        st = routes[d["route"]]
        label = edge_label(spec, Drawn(u, v, d["route"], d["outside"], [d]))
        attrs = [
            f"key={_q(k)}",
            f"label={_q(label)}",
            f"color={_q(spec['assumed_color_dot'] if d['outside'] and d['assumption'] else st['color'])}",
            f"style={_q('dotted' if d['outside'] else _DOT_STYLE.get(st['style'], st['style']))}",
            f"tooltip={_q('；'.join(d['conditions']))}",
            f"rule={_q(d['rule'])}",
            f"clauses={_q(' '.join(d['clauses']))}",
            f"route={_q(d['route'])}",
        ]
        if (u, v, d["rule"]) in on_path:
            attrs += [f"penwidth=4, color={_q(spec['highlight'])}"]
        lines.append(f"  {_q(u)} -> {_q(v)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _graphml_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(name=g.graph.get("name", ""))
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _graphml_value(v) for k, v in d.items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: _graphml_value(x) for a, x in d.items()})
    return h
