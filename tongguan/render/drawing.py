"""The overpass figure: where each node goes, which arrows are drawn, and the matplotlib drawing (PNG/SVG).

Everything policy-specific — the columns, the spacing, the colours, the routes' looks and names, the
headings, the footnote, the words on the arrows — is data, the ``kb/figure.yaml`` of the KB
(`KB.figure`); this module only knows how to lay out two ladders side by side with their entry points.
The HTML page, DOT and GraphML are `tongguan.render.graph_formats`.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)
from .placement import bezier as _bezier
from .placement import box_places as _box_places
from .placement import label_places as _label_places
from .placement import place as _place

__all__ = ["cjk_font", "figure_image", "route_name", "route_style", "step_arrow"]


def route_style(kb: KB) -> dict[str, dict[str, Any]]:
    """How each route is drawn (``routes`` of kb/figure.yaml): colour, line style, Chinese name.

    Examples
    --------
    >>> route_style(load_kb())["exceptional"]
    {'color': '#d62728', 'style': 'dashed', 'zh': '破格', 'prefix': '破格', 'en': 'exceptional (破格)'}
    """
    return dict(kb.figure.get("routes") or {})


def text(fig: dict[str, Any], key: str, lang: str = "zh", **values: Any) -> str:
    """A word of the figure (``texts`` of kb/figure.yaml, ``texts_en`` with ``lang="en"`` where it has
    the word), with its ``{fields}`` filled in.

    Examples
    --------
    >>> text(load_kb().figure, "cumulative", years=4), text(load_kb().figure, "legend_title", "en")
    ('累计4年', 'Routes')
    """
    words = fig.get("texts") or {}
    if lang == "en":
        words = {**words, **(fig.get("texts_en") or {})}
    return str(words.get(key, key)).format(**values)


def route_name(fig: dict[str, Any], route: str, lang: str = "zh") -> str:
    """The name of a route in the user's language (``routes.<route>.zh`` / ``.en`` of kb/figure.yaml).

    Examples
    --------
    >>> route_name(load_kb().figure, "exceptional"), route_name(load_kb().figure, "exceptional", "en")
    ('破格', 'exceptional (破格)')
    """
    spec = (fig.get("routes") or {}).get(route) or {}
    return str(spec.get(lang) or spec.get("zh") or route)


def face(fig: dict[str, Any], kind: str) -> str:
    """The box colour of a node kind (``nodes.<kind>.face``), light grey for a kind the figure lacks.

    Examples
    --------
    >>> face(load_kb().figure, "skill"), face(load_kb().figure, "nowhere")
    ('#dbe8f7', '#eeeeee')
    """
    return str(((fig.get("nodes") or {}).get(kind) or {}).get("face", "#eeeeee"))


def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can use (registered on first call), or None.

    Looks first for the Noto Sans CJK SC shipped by the `mplfonts` package (a project dependency), then
    for a system font.

    Examples
    --------
    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    spec = importlib.util.find_spec("mplfonts")
    if spec and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            for name in ("NotoSansCJKsc-Regular.otf", "SourceHanSerifSC-Regular.otf"):
                path = Path(loc) / "fonts" / name
                if path.is_file():
                    font_manager.fontManager.addfont(str(path))
                    return font_manager.FontProperties(fname=str(path)).get_name()
    wanted = (
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "Source Han Sans SC",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Droid Sans Fallback",
        "SimHei",
        "Microsoft YaHei",
        "PingFang SC",
        "AR PL UMing CN",
    )
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((w for w in wanted if w in names), None)


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float
    text: str
    fontsize: float
    face: str


def _award_clauses(g: nx.MultiDiGraph, n: str) -> str:
    firsts = []
    for _, _, e in g.out_edges(n, data=True):
        if not e.get("a_fortiori") and e["clauses"] and e["clauses"][0] not in firsts:
            firsts.append(e["clauses"][0])
    return "、".join(sorted(firsts))


def _layout(fig: dict[str, Any], g: nx.MultiDiGraph) -> dict[str, _Box]:
    """Where each node is drawn: skill levels in one column, title levels in the next, each title level
    level with the skill level that crosses to it; awards beside the level they open."""
    lay = fig["layout"]
    dy = lay["level_dy"]
    boxes: dict[str, _Box] = {}
    tiers: dict[int, list[str]] = {}
    science = []
    for n, d in g.nodes(data=True):
        kind = d["ladder"]
        column = lay["ladders"].get(kind)
        if column is not None:
            w, h = column["box"]
            y = (d["rank"] + column["shift"]) * dy
            boxes[n] = _Box(column["x"], y, w, h, d["level"], column["fontsize"], face(fig, kind))
        elif kind == "award":
            ranks = [
                g.nodes[v].get("rank") or 0
                for _, v, e in g.out_edges(n, data=True)
                if not e.get("a_fortiori") and g.nodes[v]["ladder"] == "title"
            ]
            if ranks:
                tiers.setdefault(max(ranks), []).append(n)
            elif any(g.nodes[v]["ladder"] == "skill" for v in g.successors(n)):
                science.append(n)
    ex = lay["exams"]
    exams = [n for n, d in g.nodes(data=True) if d["ladder"] == "exam"]
    for i, n in enumerate(exams):
        label = g.nodes[n]["level"]
        label = label if len(label) <= ex["wrap"] else label[: ex["wrap_at"]] + "\n" + label[ex["wrap_at"] :]
        boxes[n] = _Box(ex["x"] + i * ex["dx"], ex["y"], *ex["box"], label, ex["fontsize"], face(fig, "exam"))
    sc = lay["schools"]
    schools = [n for n, d in g.nodes(data=True) if d["ladder"] == "school"]
    for i, n in enumerate(schools):
        boxes[n] = _Box(
            sc["x"] + i * sc["dx"], sc["y"], *sc["box"], g.nodes[n]["level"], sc["fontsize"], face(fig, "school")
        )
    aw = lay["awards"]
    y = aw["top"]  # the highest tier first, from the top down
    for rank in sorted(tiers, reverse=True):
        for n in sorted(tiers[rank]):
            label = f"{g.nodes[n]['level']}  {_award_clauses(g, n)}"
            boxes[n] = _Box(aw["x"], y, *aw["box"], label, aw["fontsize"], face(fig, "award"))
            y -= aw["dy"]
        y -= aw["gap"]
    si = lay["science"]
    for i, n in enumerate(sorted(science)):
        label = f"{g.nodes[n]['level']}  {_award_clauses(g, n)}"
        boxes[n] = _Box(si["x"], si["top"] - i * si["dy"], *si["box"], label, si["fontsize"], face(fig, "award"))
    return boxes


def _bracket_y(fig: dict[str, Any]) -> float:
    """The height of the bracket under the exams the technical-school classes lead to."""
    return fig["layout"]["exams"]["y"] + fig["layout"]["bracket"]["dy"]


@dataclass
class Drawn:
    """One drawn arrow: the graph edges it stands for (parallel edges of one route are merged)."""

    u: str
    v: str
    route: str
    outside: bool
    edges: list[dict[str, Any]] = field(default_factory=list)
    rad: float = 0.0
    start: tuple[float, float] = (0.0, 0.0)
    end: tuple[float, float] = (0.0, 0.0)
    label: str = ""
    label_at: tuple[float, float] | None = None
    ha: str = "center"
    # as drawn (matplotlib artists): the arrow, its label, and the highlight of a path step along it
    artist: Any = field(default=None, repr=False, compare=False)
    text: Any = field(default=None, repr=False, compare=False)
    overlays: list[Any] = field(default_factory=list, repr=False, compare=False)

    @property
    def assumption(self) -> bool:
        return all(e.get("assumption") for e in self.edges)


def _clip(b: _Box, toward: tuple[float, float]) -> tuple[float, float]:
    dx, dy = toward[0] - b.x, toward[1] - b.y
    if dx == 0 and dy == 0:
        return b.x, b.y
    sx = (b.w / 2) / abs(dx) if dx else float("inf")
    sy = (b.h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return b.x + dx * s, b.y + dy * s


def _drawn_edges(fig: dict[str, Any], g: nx.MultiDiGraph, boxes: dict[str, _Box]) -> list[Drawn]:
    """The arrows to draw: parallel edges merged; an award's direct route drawn to the lowest level it
    opens; a technical-school class drawn to the bracket under the eight exams; a-fortiori awards left out."""
    groups: dict[tuple, Drawn] = {}
    lowest: dict[str, str] = {}
    for u, v, d in g.edges(data=True):
        direct = d["route"] == "direct" and g.nodes[u]["ladder"] == "award"
        if direct and (u not in lowest or g.nodes[v]["rank"] < g.nodes[lowest[u]]["rank"]):
            lowest[u] = v
    for u, v, d in g.edges(data=True):
        if d.get("a_fortiori") or u not in boxes or v not in boxes:
            continue
        target = v
        if d["route"] == "equivalence":
            target = "exam:*"
        elif u in lowest and d["route"] == "direct":
            target = lowest[u]
        key = (u, target, d["route"], d["outside"])
        groups.setdefault(key, Drawn(u, target, d["route"], d["outside"])).edges.append({**d, "_u": u, "_v": v})
    out = list(groups.values())
    for e in out:
        bu = boxes[e.u]
        e.label = edge_label(fig, e)
        if e.v == "exam:*":
            e.start = (bu.x, bu.y + bu.h / 2)
            e.end = (bu.x, _bracket_y(fig))
            e.label = ""
            continue
        bv = boxes[e.v]
        ku, kv = g.nodes[e.u]["ladder"], g.nodes[e.v]["ladder"]
        mid_y = (bu.y + bv.y) / 2
        if ku == kv and ku in ("skill", "title") and bu.x == bv.x:
            # a step inside a ladder: the plan's promotion on the inner side, the outside standards on the outer
            if e.route == "within":
                side = -1
                e.start = (bu.x + side * bu.w / 2, bu.y + 0.12)
                e.end = (bv.x + side * bv.w / 2, bv.y - 0.12)
                e.rad = 0.5 * side * (1 if bv.y > bu.y else -1)
                bulge = abs(e.rad) * (bv.y - bu.y) / 2
                e.label_at, e.ha = (bu.x - bu.w / 2 - bulge - 0.08, mid_y), "right"
            else:
                off = bu.w / 4 if ku == "skill" else 0.0
                e.start = (bu.x + off, bu.y + bu.h / 2)
                e.end = (bv.x + off, bv.y - bv.h / 2)
                e.label_at, e.ha = (bu.x + off + 0.1, mid_y), "left"
            continue
        if {ku, kv} <= {"skill", "title"}:
            diagonal = abs(bu.y - bv.y) > 1e-6
            if not diagonal:
                e.rad = 0.1
            elif e.route == "direct":
                e.rad = 0.22 if bu.x > bv.x else -0.22
            else:
                e.rad = -0.1 if bu.x < bv.x else 0.1
        e.start = _clip(bu, (bv.x, bv.y))
        e.end = _clip(bv, (bu.x, bu.y))
        if ku == "award":  # leave the award's box on the side facing the ladders, clear of the boxes above
            e.start = (bu.x + (bu.w / 2 if bv.x > bu.x else -bu.w / 2), bu.y)
            e.end = _clip(bv, e.start)
            e.label = ""
        else:  # midway, or where the figure says for this route (clear of the labels around it)
            e.label_at = _bezier(e.start, e.end, e.rad, (fig["layout"].get("label_t") or {}).get(e.route, 0.5))
    return out


def edge_label(fig: dict[str, Any], d: Drawn) -> str:
    """The label of an arrow: its years (``满N年``, ``累计N年``), the route's word and the first clauses.

    Examples
    --------
    >>> e = {"years": 3, "years_from": "obtained", "clauses": ["B-3.3.2"]}
    >>> edge_label(load_kb().figure, Drawn("skill:技师", "skill:高级技师", "promotion", False, [e]))
    '晋级、满3年 B-3.3.2'
    """
    years = sorted({(e["years"], e["years_from"]) for e in d.edges if e.get("years") is not None}, key=str)
    parts = [text(fig, "cumulative" if how == "cumulative" else "obtained", years=y) for y, how in years]
    if d.outside:
        return ("、".join(parts) or text(fig, "within")) + text(fig, "assumed" if d.assumption else "outside")
    first = []
    for e in d.edges:
        if e["clauses"] and e["clauses"][0] not in first:
            first.append(e["clauses"][0])
    prefix = ((fig.get("routes") or {}).get(d.route) or {}).get("prefix")
    if prefix:
        parts.insert(0, prefix)
    return " ".join(x for x in ("、".join(parts), "、".join(first[:2])) if x)


def step_arrow(drawn: list[Drawn], step: Any) -> Drawn | None:
    """The drawn arrow standing for a path step: the one carrying the step's own rule from its node to its
    node (two routes joining the same two levels are two arrows), else one between its two nodes.

    Examples
    --------
    >>> a = Drawn("skill:技师", "title:中级", "normal", False, [{"rule": "r1", "_u": "skill:技师", "_v": "title:中级"}])
    >>> b = Drawn("skill:技师", "title:中级", "exceptional", False, [{"rule": "r2", "_u": "skill:技师", "_v": "title:中级"}])
    >>> from types import SimpleNamespace as S
    >>> step_arrow([a, b], S(rule="r2", from_node="skill:技师", to_node="title:中级")).route
    'exceptional'
    """
    ends = (step.from_node, step.to_node)
    exact = [d for d in drawn if any(e.get("rule") == step.rule and (e.get("_u"), e.get("_v")) == ends for e in d.edges)]
    if exact:
        return exact[0]
    return next((d for d in drawn if (d.u, d.v) == ends), None)


def _figure(
    kb: KB, g: nx.MultiDiGraph, path: Any = None, title: str | None = None, gids: bool = False, lang: str = "zh"
):
    """The matplotlib figure of the overpass; with `gids`, drawn edge ``i`` gets ids ``e<i>`` (the arrow)
    and ``h<i>`` (a wide transparent stroke to hover)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    spec = kb.figure
    lay = spec["layout"]
    routes = route_style(kb)
    highlight = spec["highlight"]
    bracket_y = _bracket_y(spec)
    boxes = _layout(spec, g)
    drawn = _drawn_edges(spec, g, boxes)
    pending: list[tuple[Any, list[tuple[float, float, str, str]], Drawn | None]] = []  # words placed last
    fig = Figure(figsize=tuple(lay["size"]))
    ax = fig.add_axes(tuple(lay["axes"]))
    ax.set_xlim(*lay["xlim"])
    ax.set_ylim(*lay["ylim"])
    ax.set_aspect("equal")
    ax.axis("off")
    fig.suptitle(title or spec["title"], fontsize=19, y=0.985)
    for h in spec.get("headings") or ():
        ax.text(h["x"], h["y"], h["text"], ha="center", va="center", fontsize=12.5, color="#222222")
    exam_boxes = [b for n, b in boxes.items() if g.nodes[n]["ladder"] == "exam"]
    if any(d.v == "exam:*" for d in drawn) and exam_boxes:
        color = routes["equivalence"]["color"]
        x0, x1 = min(b.x for b in exam_boxes) - 0.4, max(b.x for b in exam_boxes) + 0.4
        ax.plot([x0, x1], [bracket_y, bracket_y], color=color, lw=1.4, zorder=1)
        for b in exam_boxes:
            ax.add_patch(
                FancyArrowPatch(
                    (b.x, bracket_y),
                    (b.x, b.y - b.h / 2),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color=color,
                    lw=1.0,
                    shrinkA=0,
                    shrinkB=1,
                    zorder=1,
                )
            )
        words = lay["bracket"]["text"]
        ax.text(x1 + 0.15, bracket_y, words, fontsize=9.5, ha="left", va="center", color=color)
    for i, d in enumerate(drawn):
        st = routes[d.route]
        color = spec["assumed_color"] if d.outside and d.assumption else st["color"]
        style = "dotted" if d.outside else st["style"]
        arrow = FancyArrowPatch(
            d.start,
            d.end,
            connectionstyle=f"arc3,rad={d.rad}",
            arrowstyle="-|>",
            mutation_scale=13,
            color=color,
            linestyle=style,
            linewidth=1.7,
            shrinkA=1,
            shrinkB=1,
            zorder=2,
        )
        if gids:
            arrow.set_gid(f"e{i}")
        ax.add_patch(arrow)
        d.artist = arrow
        if gids:
            hit = FancyArrowPatch(
                d.start,
                d.end,
                connectionstyle=f"arc3,rad={d.rad}",
                arrowstyle="-",
                color="#ffffff",
                alpha=0.01,
                linewidth=10,
                zorder=8,
            )
            hit.set_gid(f"h{i}")
            ax.add_patch(hit)
        if d.label and d.label_at:
            d.text = ax.text(
                *d.label_at,
                d.label,
                fontsize=9.5,
                ha=d.ha,
                va="center",
                color=color,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9},
            )
            pending.append((d.text, _label_places(d), d))
    if path is not None:  # the person's fastest path
        for n, step in enumerate(path.steps, 1):
            a, b = boxes.get(step.from_node), boxes.get(step.to_node)
            if b is None:
                continue
            match = step_arrow(drawn, step)
            if match is not None:
                p0, p2, rad = match.start, match.end, match.rad
            elif a is not None:
                p0, p2, rad = _clip(a, (b.x, b.y)), _clip(b, (a.x, a.y)), 0.0
            else:
                continue
            over = ax.add_patch(
                FancyArrowPatch(
                    p0,
                    p2,
                    connectionstyle=f"arc3,rad={rad}",
                    arrowstyle="-|>",
                    mutation_scale=22,
                    color=highlight,
                    alpha=0.75,
                    linewidth=6,
                    zorder=1.5,
                )
            )
            if match is not None:
                match.overlays.append(over)
            words = text(spec, "step", lang, n=n, date=step.date.isoformat())
            label = ax.text(
                b.x,
                b.y + b.h / 2 + 0.22,
                words,
                fontsize=10.5,
                ha="center",
                color="#a34f00",
                zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "#fff4e0", "ec": highlight},
            )
            pending.append((label, _box_places(b, words, "step"), None))
    for i, (n, b) in enumerate(boxes.items()):
        held = g.nodes[n].get("held")
        patch = FancyBboxPatch(
            (b.x - b.w / 2, b.y - b.h / 2),
            b.w,
            b.h,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            fc=spec["held"]["face"] if held else b.face,
            ec=spec["held"]["edge"] if held else "#555555",
            lw=2.8 if held else 1.0,
            zorder=5,
        )
        if gids:
            patch.set_gid(f"n{i}")
        ax.add_patch(patch)
        ax.text(b.x, b.y, b.text, ha="center", va="center", fontsize=b.fontsize, zorder=6)
        if held:
            when = g.nodes[n].get("obtained")
            beside = g.nodes[n]["ladder"] == "award"  # awards are stacked tightly: beside or inside the box
            words = text(spec, "held", lang) + (f" {when}" if when else "")
            label = ax.text(
                b.x - b.w / 2 - 0.1 if beside else b.x - 0.3,
                b.y if beside else b.y - b.h / 2 - 0.2,
                words,
                fontsize=9,
                ha="right" if beside else "center",
                va="center",
                color=spec["held"]["edge"],
                zorder=6,
            )
            pending.append((label, _box_places(b, words, "beside" if beside else "held"), None))
    handles = [
        Line2D(
            [],
            [],
            color=routes[r]["color"],
            linestyle=routes[r]["style"],
            lw=2,
            label=route_name(spec, r, lang),
        )
        for r in spec["legend"]
    ]
    assumed = text(spec, "legend_assumed", lang)
    handles.append(Line2D([], [], color=spec["assumed_color"], linestyle="dotted", lw=2, label=assumed))
    if path is not None:
        handles.append(Line2D([], [], color=highlight, lw=6, alpha=0.75, label=text(spec, "legend_path", lang)))
    legend_title = text(spec, "legend_title", lang)
    ax.legend(handles=handles, loc="lower right", fontsize=10.5, frameon=True, title=legend_title, title_fontsize=11.5)
    ax.text(
        *spec["footnote"]["at"],
        spec["footnote"].get("text_en" if lang == "en" else "text") or spec["footnote"]["text"],
        fontsize=9,
        ha="right",
        va="top",
        color="#444444",
        linespacing=1.5,
    )
    _place(fig, ax, pending)
    return fig, drawn


def _rc() -> dict[str, Any]:
    font = cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*([font] if font else []), "DejaVu Sans"],
        "svg.hashsalt": "tongguan",
        "svg.fonttype": "path",
    }


def figure_image(
    kb: KB,
    g: nx.MultiDiGraph,
    fmt: str,
    *,
    path: Any = None,
    title: str | None = None,
    gids: bool = False,
    lang: str = "zh",
) -> tuple[bytes, list[Drawn]]:
    """The overpass `g` drawn as ``png`` or ``svg`` bytes, with the arrows drawn (for the HTML page).

    `path` (a `tongguan.planning.PathResult`) is highlighted; the legend and footnote are in `lang`; with `gids`, drawn arrow ``i`` gets the SVG
    ids ``e<i>`` (the arrow) and ``h<i>`` (a wide transparent stroke to hover).

    Examples
    --------
    >>> from tongguan.planning import build_graph
    >>> svg, drawn = figure_image(load_kb(), build_graph(), "svg")
    >>> svg.lstrip().startswith(b"<?xml") and len(drawn) > 30
    True
    """
    import io

    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_rc()):
        fig, drawn = _figure(kb, g, path=path, title=title, gids=gids, lang=lang)
        if fmt == "png":
            fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
        else:
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "tongguan"})
    return buf.getvalue(), drawn
