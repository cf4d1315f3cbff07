"""The overpass picture (issue 11 item 8): the highlighted path follows each step's own rule, no label
overlaps another (measured from matplotlib's text extents on the drawn figure), and the legend speaks
the user's language (internal IDs only in the footnote)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from tongguan import fastest_paths, load_profile
from tongguan.planning import build_graph
from tongguan.render.drawing import _drawn_edges, _figure, _layout, _rc, step_arrow

ROOT = Path(__file__).resolve().parents[1]
PROFILES = sorted((ROOT / "queries" / "profiles").glob("*.*"))
TARGETS = ["title:正高级", "title:副高级", "skill:高级技师", "title:中级"]


def drawn_figure(kb, person=None, target="title:正高级", lang="zh"):
    path = None
    if person is not None:
        found = fastest_paths(person, target, k=1, kb=kb)
        path = found[0] if found else None
    g = build_graph(kb, profile=person)
    with matplotlib.rc_context(_rc()):
        fig, _ = _figure(kb, g, path=path, lang=lang)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return fig, canvas.get_renderer(), path, g


def label_boxes(fig, renderer):
    """Every text of the drawing (arrow labels, step and held labels, headings, footnote) with its box
    as drawn (its background patch when it has one), and the legend's box."""
    ax = fig.axes[0]
    out = []
    for t in ax.texts:
        if not t.get_text().strip():
            continue
        patch = t.get_bbox_patch()
        out.append((t.get_text(), (patch or t).get_window_extent(renderer)))
    out.append(("<legend>", ax.get_legend().get_window_extent(renderer)))
    return out


@pytest.mark.parametrize("profile", [None, *PROFILES], ids=lambda p: "no-profile" if p is None else p.stem)
def test_no_label_overlaps_another(kb, profile):
    person = load_profile(profile, kb=kb) if profile is not None else None
    for target in TARGETS if person is not None else TARGETS[:1]:
        fig, renderer, _, _ = drawn_figure(kb, person, target)
        clashes = [
            (a, b) for (a, ea), (b, eb) in itertools.combinations(label_boxes(fig, renderer), 2) if ea.overlaps(eb)
        ]
        assert not clashes, (target, clashes)


def test_the_second_policy_draws_without_overlaps():
    from tongguan import load_kb_from

    demo = load_kb_from(ROOT / "tests" / "policies" / "demo")
    fig, renderer, _, _ = drawn_figure(demo)
    boxes = label_boxes(fig, renderer)
    assert not [(a, b) for (a, ea), (b, eb) in itertools.combinations(boxes, 2) if ea.overlaps(eb)]


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_the_highlighted_arrow_carries_the_steps_own_rule(kb, profile):
    person = load_profile(profile, kb=kb)
    g = build_graph(kb, profile=person)
    drawn = _drawn_edges(kb.figure, g, _layout(kb.figure, g))
    for target in TARGETS:
        for path in fastest_paths(person, target, k=3, kb=kb):
            for step in path.steps:
                arrow = step_arrow(drawn, step)
                if arrow is None:
                    continue  # a step the figure draws no arrow for (e.g. an a-fortiori award)
                carried = {(e["rule"], e["_u"], e["_v"]) for e in arrow.edges}
                if any(d.get("rule") == step.rule for _, _, d in g.edges(data=True)):
                    assert (step.rule, step.from_node, step.to_node) in carried, (target, step.rule)


def test_two_routes_between_the_same_levels_are_told_apart(kb):
    """技师 → 高级技师 by B-3.3.2's 晋级 and by the national standard (outside the plan): two arrows."""
    g = build_graph(kb)
    drawn = _drawn_edges(kb.figure, g, _layout(kb.figure, g))
    from types import SimpleNamespace as S

    ends = {"from_node": "skill:技师", "to_node": "skill:高级技师"}
    assert step_arrow(drawn, S(rule="skill-promotion", **ends)).route == "promotion"
    assert step_arrow(drawn, S(rule="skill-technician-to-senior-technician", **ends)).route == "within"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_legend_speaks_the_users_language(kb, lang):
    person = load_profile(ROOT / "queries" / "profiles" / "welder-senior-technician.yaml", kb=kb)
    fig, _, _, _ = drawn_figure(kb, person, lang=lang)
    legend = fig.axes[0].get_legend()
    words = [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
    internal = re.compile(r"\b(normal|exceptional|direct|promotion|skill_level|equivalence|within)\b(?!\s*\()")
    for w in words:
        assert "kb/" not in w and "I-" not in w and "（normal）" not in w, w
    if lang == "en":
        assert words[0] == "Routes" and "fastest path" in words
        assert all(re.search(r"[A-Za-z]", w) for w in words), words
    else:
        assert words[0] == "途径" and not any(internal.search(w) for w in words), words


# ---- no label over an arrow (issue 11 item 8) ---------------------------------------------------

README_EXAMPLE = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"


def arrow_clashes(fig, renderer, drawn):
    """Every (word, arrow) pair where a word's text extent meets an arrow's drawn path (its curve and
    head, half its line width added), but the word's own arrow (an arrow's label sits on it, as does
    the highlight of a path step along it)."""
    from matplotlib.patches import FancyArrowPatch

    from tongguan.render.placement import arrow_polylines

    ax = fig.axes[0]
    own = {id(d.text): {id(d.artist), *(id(o) for o in d.overlays)} for d in drawn if d.text is not None}
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)] + list(ax.lines)
    assert len(arrows) > (3 if len(drawn) < 20 else 30)
    paths = [(a, arrow_polylines(a), a.get_linewidth() * fig.dpi / 72 / 2) for a in arrows]
    words = [(t, (t.get_bbox_patch() or t).get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()]
    words.append((ax.get_legend(), ax.get_legend().get_window_extent(renderer)))
    out = []
    for t, box in words:
        word = t.get_text() if hasattr(t, "get_text") else "<legend>"
        mine = own.get(id(t), set())
        for a, polys, pad in paths:
            if id(a) not in mine and any(p.intersects_bbox(box.padded(pad), filled=False) for p in polys):
                out.append((word, [tuple(round(v, 2) for v in q) for q in a._posA_posB] if hasattr(a, "_posA_posB") else "line"))
    return out


def drawn_with_arrows(kb, person=None, target="title:正高级"):
    path = None
    if person is not None:
        found = fastest_paths(person, target, k=1, kb=kb)
        path = found[0] if found else None
    g = build_graph(kb, profile=person)
    with matplotlib.rc_context(_rc()):
        fig, drawn = _figure(kb, g, path=path)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return fig, canvas.get_renderer(), drawn


def test_no_label_meets_an_arrow_on_the_bundled_graph(kb):
    fig, renderer, drawn = drawn_with_arrows(kb)
    assert not arrow_clashes(fig, renderer, drawn)


def test_no_label_meets_an_arrow_on_the_readme_examples_path(kb):
    person = load_profile(README_EXAMPLE, kb=kb)
    fig, renderer, drawn = drawn_with_arrows(kb, person)
    assert any(d.overlays for d in drawn)  # the path is drawn
    assert not arrow_clashes(fig, renderer, drawn)


def test_no_label_meets_an_arrow_on_the_second_policy():
    from tongguan import load_kb_from

    demo = load_kb_from(ROOT / "tests" / "policies" / "demo")
    fig, renderer, drawn = drawn_with_arrows(demo)
    assert not arrow_clashes(fig, renderer, drawn)


def test_the_arrow_check_sees_a_label_put_on_an_arrow(kb):
    """The check is not vacuous: a label moved onto another arrow is caught."""
    fig, renderer, drawn = drawn_with_arrows(kb)
    a, b = next((a, b) for a in drawn for b in drawn if a.text is not None and b is not a and b.u != a.u and b.label_at)
    a.text.set_position(b.label_at)
    fig.canvas.draw()
    assert arrow_clashes(fig, renderer, drawn)
