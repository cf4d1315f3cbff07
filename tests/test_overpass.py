"""The overpass graph: derived from the rules (every crossing rule an edge with its clauses), the
within-ladder module outside the plan, and its drawings (png/svg/html/dot/graphml) and command."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import warnings
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from tongguan import load_kb, load_kb_from, parse_profile
from tongguan.cli import app
from tongguan.planning import AssumptionsError, build_graph, load_assumptions, within_ladder
from tongguan.render.drawing import cjk_font, route_style
from tongguan.render.graph_formats import FORMATS, render

ROUTE_STYLE = route_style(load_kb())  # how each route is drawn: kb/figure.yaml

ROOT = Path(__file__).resolve().parents[1]
EDGE_KEYS = {"rule", "clauses", "route", "track", "years", "years_from", "conditions", "outside", "source"}
EDGE_KEYS |= {"assumption"}
runner = CliRunner()


@pytest.fixture(scope="module")
def graph(kb):
    return build_graph(kb)


def edges(g, u=None, v=None, **match):
    return [
        d
        for a, b, d in g.edges(data=True)
        if (u is None or a == u) and (v is None or b == v) and all(d.get(k) == x for k, x in match.items())
    ]


# ---- structure -------------------------------------------------------------------------------


def test_every_option_rule_is_an_edge_citing_its_clauses(kb, graph):
    for rule in kb.option_rules:
        found = edges(graph, rule=rule.id)
        assert found, f"option rule {rule.id} has no edge"
        for d in found:
            assert set(rule.clauses) <= set(d["clauses"]), rule.id
            assert d["outside"] is False and d["assumption"] is False


def test_nodes_and_edges_carry_the_contract_attributes(kb, graph):
    for n, d in graph.nodes(data=True):
        kind, _, level = n.partition(":")
        assert d["ladder"] == kind and d["level"] == level and d["label"]
        if kind in ("skill", "title", "qualification"):
            assert d["rank"] == kb.rank(kind, level)
        else:
            assert d["rank"] is None
    for _, _, d in graph.edges(data=True):
        assert set(d) >= EDGE_KEYS
        assert d["route"] in ROUTE_STYLE
        assert d["track"] in ("title", "skill", "exam", "within")
        assert d["years_from"] in ("obtained", "cumulative", None)
        assert (d["years"] is None) == (d["years_from"] is None)
        assert isinstance(d["clauses"], list) and isinstance(d["conditions"], list)
        assert all(isinstance(c, str) and c for c in d["conditions"])


def test_every_level_of_both_ladders_and_the_entry_points_are_nodes(kb, graph):
    for ladder in ("skill", "title", "qualification"):
        for level in kb.ladder(ladder):
            assert f"{ladder}:{level}" in graph
    for exam in kb.vocabulary["exams"]:
        assert f"exam:{exam}" in graph
    for school in kb.vocabulary["technical_school_classes"]:
        assert f"school:{school}" in graph
    assert "award:中华技能大奖" in graph


@pytest.mark.parametrize(
    ("u", "v", "rule", "years", "years_from", "clause"),
    [
        ("skill:高级工", "title:助理级", "title-assistant-normal", 2, "obtained", "A1-5.1.3"),
        ("skill:技师", "title:中级", "title-intermediate-normal", 3, "obtained", "A1-5.2.4"),
        ("skill:高级技师", "title:副高级", "title-deputy-senior-normal", 4, "obtained", "A1-5.3.4"),
        ("skill:高级技师", "title:正高级", "title-senior-normal-from-skill", 10, "obtained", "A1-5.4.5"),
        ("title:副高级", "title:正高级", "title-senior-normal-from-title", 5, "obtained", "A1-5.4.5"),
        ("title:助理级", "skill:高级工", "skill-senior-worker-normal", 2, "cumulative", "A2-5.1.3"),
        ("qualification:初级", "skill:高级工", "skill-senior-worker-normal", 2, "cumulative", "A2-5.1.3"),
        ("qualification:中级", "skill:技师", "skill-technician-normal", 4, "cumulative", "A2-5.2.5"),
        ("title:副高级", "skill:高级技师", "skill-senior-technician-normal", 8, "cumulative", "A2-5.3.6"),
        ("skill:技师", "skill:高级技师", "skill-promotion", 1, "obtained", "B-3.3.2"),
        ("title:正高级", "skill:高级技师", "skill-direct-senior-title", None, None, "B-3.3.3"),
        ("skill:高级工", "exam:翻译", "exam-translation-skill-level", None, None, "B-3.2.3"),
    ],
)
def test_crossings_read_from_the_rules(graph, u, v, rule, years, years_from, clause):
    (d,) = edges(graph, u, v, rule=rule)
    assert (d["years"], d["years_from"]) == (years, years_from)
    assert clause in d["clauses"]


def test_exceptional_edges_go_from_awards_through_their_tier_rules(graph):
    (d,) = edges(graph, "award:中华技能大奖", "title:正高级", route="exceptional")
    assert d["rule"] == "title-exceptional" and d["clauses"][0] == "A1-6.3.2"
    assert "exceptional-senior-china-skill-award" in d["via"] and not d["a_fortiori"]
    assert any("中华技能大奖" in c for c in d["conditions"])
    # I-exceptional-a-fortiori: a higher award also opens the lower levels, marked as such
    (low,) = edges(graph, "award:中华技能大奖", "title:中级", route="exceptional")
    assert low["a_fortiori"]
    # a medal condition of a tier rule is among the conditions
    (ws,) = edges(graph, "award:世界技能大赛", "title:正高级")
    assert any("金牌" in c for c in ws["conditions"])


def test_direct_and_school_routes(graph):
    assert edges(graph, "award:省部级科学技术奖", "skill:高级工", route="direct")
    (d,) = edges(graph, "school:高级工班", "exam:会计", route="equivalence")
    assert d["education_equivalent"] == "大专" and "B-3.2.2" in d["clauses"]


def test_routes_are_distinguishable_in_the_drawings():
    looks = {(ROUTE_STYLE[r]["color"], ROUTE_STYLE[r]["style"]) for r in ("normal", "exceptional", "direct")}
    assert len(looks) == 3


def test_the_graph_follows_the_rules_not_a_copy(tmp_path):
    """Change a rule's years in a copy of the KB: the edge changes with it."""
    copy = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", copy)
    titles = copy / "rules" / "titles.yaml"
    text = titles.read_text(encoding="utf-8")
    titles.write_text(
        text.replace("years_after_skill(高级技师, 4, Since)", "years_after_skill(高级技师, 3, Since)"), "utf-8"
    )
    g = build_graph(load_kb_from(copy))
    (d,) = edges(g, "skill:高级技师", "title:副高级", rule="title-deputy-senior-normal")
    assert d["years"] == 3


def test_the_audit_reads_the_crossings_the_graph_draws(kb, graph):
    """One derivation: every B-2.2 row of the audit is an edge of the graph, with the same years."""
    from tongguan.audit import crossings as audit_crossings

    rows = audit_crossings(kb)
    assert rows
    for row in rows:
        ladder, level = row["source"]
        (d,) = edges(graph, f"{ladder}:{level}", f"{row['track']}:{row['level']}", rule=row["rule"])
        assert (d["years"] or 0, d["years_from"]) == (row["years"], row["years_from"])


def test_a_policy_lays_out_its_own_figure(tmp_path):
    """The figure's title, columns, colours and node labels are kb/figure.yaml's, not code's."""
    import yaml

    copy = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", copy)
    spec = yaml.safe_load((copy / "figure.yaml").read_text(encoding="utf-8"))
    spec["title"] = "另一个立交桥"
    spec["nodes"]["title"]["label"] = "{level}（职称）"
    spec["routes"]["normal"]["color"] = "#123456"
    spec["layout"]["ladders"]["title"]["x"] = 9.5
    (copy / "figure.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    other = load_kb_from(copy)
    g = build_graph(other)
    assert g.nodes["title:中级"]["label"] == "中级（职称）"
    dot = render(g, "dot", kb=other).decode("utf-8")
    assert 'label="另一个立交桥"' in dot and '"#123456"' in dot
    from tongguan.render.drawing import _layout

    assert _layout(other.figure, g)["title:中级"].x == 9.5


# ---- within-ladder module ----------------------------------------------------------------------


def test_within_ladder_edges_are_outside_and_sourced_or_assumed(kb, graph):
    within = edges(graph, route="within")
    assert {(d["rule"]) for d in within} == {e["id"] for e in within_ladder(kb)}
    for d in within:
        assert d["outside"] is True and d["track"] == "within" and d["clauses"] == []
        assert d["source"] or d["assumption"]
    (tech,) = edges(graph, "skill:高级工", "skill:技师", route="within")
    assert tech["years"] == 4 and not tech["assumption"] and "国家职业技能标准" in tech["source"]
    assert not edges(build_graph(kb, outside=False), route="within")


def test_assumptions_override_and_are_marked(kb):
    got = {e["id"]: e for e in within_ladder(kb, {"edges": {"skill-senior-to-technician": {"years": 6}}})}
    assert got["skill-senior-to-technician"]["years"] == 6 and got["skill-senior-to-technician"]["assumption"]
    off = within_ladder(kb, {"edges": {"title-deputy-to-senior-engineering": {"enabled": False}}})
    assert "title-deputy-to-senior-engineering" not in {e["id"] for e in off}
    added = within_ladder(
        kb, {"add": [{"id": "x", "ladder": "title", "from": "中级", "to": "副高级", "years": 3, "series": ["农业"]}]}
    )
    assert added[-1]["id"] == "x" and added[-1]["assumption"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"edges": {"nope": {"years": 1}}}, "edges.nope"),
        ({"edges": {"skill-senior-to-technician": {"years": -1}}}, "edges.skill-senior-to-technician.years"),
        ({"edges": {"skill-senior-to-technician": {"from": "初级工"}}}, "edges.skill-senior-to-technician.from"),
        ({"add": [{"id": "y", "ladder": "skill", "from": "技师", "to": "高级工", "years": 1}]}, "add[0].to"),
        ({"add": [{"id": "y", "ladder": "rank", "from": "技师", "to": "高级技师", "years": 1}]}, "add[0].ladder"),
    ],
)
def test_bad_overrides_name_the_field(kb, overrides, field):
    with pytest.raises(AssumptionsError) as exc:
        within_ladder(kb, overrides)
    assert exc.value.field == field


def test_load_assumptions_rejects_bad_files(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("edges: [1, 2]", encoding="utf-8")
    with pytest.raises(AssumptionsError):
        load_assumptions(bad)
    with pytest.raises(AssumptionsError):
        load_assumptions(tmp_path / "missing.yaml")


# ---- profile ---------------------------------------------------------------------------------


def test_profile_marks_what_the_person_holds(kb):
    p = parse_profile(
        {"skills": [{"level": "高级技师", "obtained": "2020-01-01"}], "awards": [{"kind": "天府工匠", "year": 2022}]},
        as_of=dt.date(2024, 1, 1),
    )
    g = build_graph(kb, profile=p)
    assert g.nodes["skill:高级技师"]["held"] and g.nodes["skill:高级技师"]["obtained"] == "2020-01-01"
    assert g.nodes["award:天府工匠"]["held"] and not g.nodes["title:中级"]["held"]


# ---- drawings --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def svg(kb, graph):
    return render(graph, "svg", kb=kb).decode("utf-8")


def test_png_has_every_chinese_glyph(kb, graph):
    assert cjk_font() is not None, "no CJK font: install the mplfonts package"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render(graph, "png", kb=kb)
    assert png.startswith(b"\x89PNG")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]


def test_svg_draws_text_as_paths(svg):
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<text" not in svg  # glyphs are paths: no font needed to view it


def test_html_is_interactive_and_offline(kb, graph):
    page = render(graph, "html", kb=kb).decode("utf-8")
    assert "<script src" not in page and "<link" not in page and "cdn" not in page.lower()
    urls = set(re.findall(r"https?://[^\"' )]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # XML namespaces only
    hits = re.findall(r'<g id="h(\d+)" class="hit" data-i="\d+"><title>([^<]*)</title>', page)
    assert len(hits) > 30
    tips = " ".join(t for _, t in hits)
    assert "A1-5.3.4" in tips and "条款" in tips
    assert "mouseenter" in page and "const EDGES" in page


def test_dot_is_written_without_graphviz(kb, graph):
    dot = render(graph, "dot", kb=kb).decode("utf-8")
    assert dot.startswith("digraph overpass {") and dot.rstrip().endswith("}")
    assert dot.count(" -> ") == graph.number_of_edges()
    assert '"skill:高级技师" -> "title:副高级"' in dot and "A1-5.3.4" in dot


def test_graphml_round_trips(kb, graph, tmp_path):
    out = tmp_path / "g.graphml"
    out.write_bytes(render(graph, "graphml", kb=kb))
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_render_refuses_unknown_formats(kb, graph):
    with pytest.raises(ValueError):
        render(graph, "pdf", kb=kb)


# ---- command ---------------------------------------------------------------------------------


def test_graph_command_writes_the_format_of_the_suffix(tmp_path):
    out = tmp_path / "o.dot"
    res = runner.invoke(app, ["graph", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("digraph")
    res = runner.invoke(app, ["graph", "--format", "graphml"])
    assert res.exit_code == 0 and "<graphml" in res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["graph", "--format", "pdf"],
        ["graph", "-o", "x.unknown"],
        ["graph", "--format", "dot", "--profile", "no-such-file.yaml"],
        [
            "graph",
            "--format",
            "dot",
            "--profile",
            "queries/profiles/welder-senior-technician.yaml",
            "--to",
            "title:九级",
        ],
        [
            "graph",
            "--format",
            "dot",
            "--profile",
            "queries/profiles/welder-senior-technician.yaml",
            "--as-of",
            "2025-13-01",
        ],
    ],
)
def test_graph_command_refuses_bad_input_with_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert not Path("x.unknown").exists()


def test_graph_command_highlights_a_profile(tmp_path):
    out = tmp_path / "p.dot"
    profile = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"
    res = runner.invoke(app, ["graph", "-p", str(profile), "-o", str(out)])
    assert res.exit_code == 0, res.output
    dot = out.read_text(encoding="utf-8")
    assert "penwidth=3" in dot  # held levels
    assert "penwidth=4" in dot  # the fastest path


def test_bad_assumptions_file_exits_2(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("edges: {nope: {years: 2}}", encoding="utf-8")
    res = runner.invoke(app, ["graph", "--format", "dot", "--assumptions", str(bad)])
    assert res.exit_code == 2 and "edges.nope" in res.output


def test_formats_are_the_documented_ones():
    assert FORMATS == ("png", "svg", "html", "dot", "graphml")
