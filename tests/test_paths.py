"""Dated fastest paths: the engine re-evaluated on hypothetical future profiles, k distinct paths,
within-ladder steps flagged as outside the plan, and the `tongguan paths` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tongguan import fastest_paths, parse_profile
from tongguan.cli import app
from tongguan.engine import anniversary
from tongguan.planning import ASSUMPTIONS, OUTSIDE_NOTE, TargetError, parse_target

runner = CliRunner()
BASICS = {"series": "工程", "law_abiding": True, "good_conduct": True, "frontline": True}


def person(as_of: dt.date, **fields):
    data = {**BASICS, "technical_work_since": "2010-07-01", **fields}
    data.setdefault("assessments", {y: "合格" for y in range(as_of.year - 3, as_of.year)})
    return parse_profile(data, as_of=as_of)


def summary(path):
    return [(s.to_node, s.date.isoformat(), s.rule) for s in path.steps]


@pytest.fixture(scope="module")
def senior_technician():
    """Obtained 高级技师 on 2020-01-01; technical work since 2010; basics satisfied; series 工程."""
    return person(dt.date(2020, 6, 1), skills=[{"level": "高级技师", "occupation": "焊工", "obtained": "2020-01-01"}])


def test_the_plan_example_via_deputy_senior_is_a_year_faster(senior_technician, kb):
    first, second = fastest_paths(senior_technician, "title:正高级", k=2, kb=kb)
    assert summary(first) == [
        ("title:副高级", "2024-01-01", "title-deputy-senior-normal"),
        ("title:正高级", "2029-01-01", "title-senior-normal-from-title"),
    ]
    assert first.arrival == dt.date(2029, 1, 1) and not first.uses_outside_rules
    assert first.steps[0].from_node == "skill:高级技师" and "A1-5.3.4" in first.steps[0].clauses
    assert first.steps[1].from_node == "title:副高级" and "A1-5.4.5" in first.steps[1].clauses
    # the direct 10-year route is the second path, a year later
    assert summary(second) == [("title:正高级", "2030-01-01", "title-senior-normal-from-skill")]


def test_paths_are_distinct_and_carry_no_needless_step(senior_technician, kb):
    paths = fastest_paths(senior_technician, "title:正高级", k=3, kb=kb)
    arrivals = [p.arrival for p in paths]
    assert arrivals == sorted(arrivals)
    idents = [frozenset((s.to_node, s.rule) for s in p.steps) for p in paths]
    assert len(set(idents)) == len(idents)
    # 助理级 and 中级 on the way would change nothing: no plan-only path takes them
    for p in paths:
        if not p.uses_outside_rules:
            assert {s.to_node for s in p.steps} <= {"title:副高级", "title:正高级"}
        for a, b in zip(p.steps, p.steps[1:], strict=False):
            assert a.date <= b.date


def test_an_award_gives_its_exceptional_step_at_once(kb):
    p = person(
        dt.date(2025, 6, 1),
        skills=[{"level": "技师", "obtained": "2019-03-01"}],
        awards=[{"kind": "中华技能大奖", "year": 2024}],
    )
    (best,) = fastest_paths(p, "title:正高级", k=1, kb=kb)
    (step,) = best.steps
    assert (step.route, step.date, step.from_node) == ("exceptional", dt.date(2025, 6, 1), "award:中华技能大奖")
    assert step.rule == "title-exceptional" and step.clauses[0] == "A1-6.3.2"


def test_a_failed_assessment_delays_until_the_window_is_clean(kb):
    """近3年年度考核合格: a 不合格 in 2020 keeps 2021-2023 out; the engine re-evaluated in 2024 lets it in."""
    p = person(
        dt.date(2021, 6, 1),
        skills=[{"level": "高级技师", "obtained": "2015-01-01"}],
        assessments={2018: "合格", 2019: "合格", 2020: "不合格"},
    )
    (best,) = fastest_paths(p, "title:副高级", k=1, kb=kb)
    assert summary(best) == [("title:副高级", "2024-01-01", "title-deputy-senior-normal")]


def test_within_ladder_steps_say_they_use_a_rule_outside_the_plan(kb):
    p = person(dt.date(2020, 6, 1), skills=[{"level": "高级工", "obtained": "2020-01-01"}])
    paths = fastest_paths(p, "skill:技师", k=3, kb=kb)
    outside = [p for p in paths if p.uses_outside_rules]
    assert outside, [summary(p) for p in paths]
    (step,) = outside[0].steps
    assert step.rule == "skill-senior-to-technician" and step.route == "within" and step.outside
    assert step.date == dt.date(2024, 1, 1)
    assert any(OUTSIDE_NOTE in note for note in step.assumptions)
    assert step.to_dict()["outside"] is True and outside[0].to_dict()["uses_outside_rules"] is True
    # the plan's own way: 助理级 makes a 专业技术人才, and B-3.3.2 promotes "按累计工作年限" — the
    # years of the national standard (outside the plan), not only the plan's one year
    promoted = next(p for p in paths if p.steps[-1].rule == "skill-promotion")
    assert summary(promoted) == [
        ("title:助理级", "2022-01-01", "title-assistant-normal"),
        ("skill:技师", "2024-01-01", "skill-promotion"),
    ]
    assert promoted.uses_outside_rules and any("国家职业技能标准 4 年" in n for n in promoted.steps[-1].assumptions)


def test_assumptions_change_the_within_ladder_years(kb, tmp_path):
    p = person(dt.date(2020, 6, 1), skills=[{"level": "高级工", "obtained": "2020-01-01"}])
    file = tmp_path / "a.yaml"
    file.write_text(yaml.safe_dump({"edges": {"skill-senior-to-technician": {"years": 5}}}), encoding="utf-8")
    paths = fastest_paths(p, "skill:技师", k=3, kb=kb, assumptions=file)
    (step,) = next(x for x in paths if x.uses_outside_rules).steps
    assert step.date == dt.date(2025, 1, 1) and step.assumption


def test_a_technical_school_variant_shortens_the_years(kb):
    p = person(
        dt.date(2020, 6, 1), skills=[{"level": "高级工", "obtained": "2020-01-01"}], technical_school_class="高级工班"
    )
    paths = fastest_paths(p, "skill:技师", k=3, kb=kb)
    (step,) = next(x for x in paths if x.uses_outside_rules).steps
    assert step.date == dt.date(2023, 1, 1)


def test_a_level_already_held_needs_no_path(kb):
    p = person(dt.date(2024, 1, 1), titles=[{"level": "正高级", "obtained": "2023-01-01"}])
    assert fastest_paths(p, "title:副高级", kb=kb) == []


def test_targets_are_normalised_and_checked(kb):
    assert parse_target(kb, "title:高级工程师") == "title:副高级"
    assert parse_target(kb, "exam:翻译") == "exam:翻译"
    for bad in ("正高级", "title:九级", "rank:正高级", "exam:法律"):
        with pytest.raises(TargetError):
            parse_target(kb, bad)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(obtained=st.dates(dt.date(2004, 1, 1), dt.date(2020, 12, 31)), wait=st.integers(0, 3 * 365))
@example(obtained=dt.date(2016, 2, 29), wait=10)
def test_the_fastest_arrival_is_exact_to_the_day(kb, obtained, wait):
    """高级技师 on any day (29 Feb included): 副高级 on the 4th anniversary, 正高级 5 years after that."""
    as_of = min(obtained + dt.timedelta(days=wait), anniversary(obtained, 4) - dt.timedelta(days=1))
    as_of = max(as_of, obtained)
    p = person(
        as_of,
        skills=[{"level": "高级技师", "obtained": obtained.isoformat()}],
        technical_work_since="2000-01-01",
    )
    (best,) = fastest_paths(p, "title:正高级", k=1, kb=kb)
    deputy = anniversary(obtained, 4)
    assert [s.date for s in best.steps] == [deputy, anniversary(deputy, 5)]


# ---- command ---------------------------------------------------------------------------------


def write_profile(tmp_path: Path, data: dict) -> Path:
    f = tmp_path / "p.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f


EXAMPLE = {
    **BASICS,
    "name": "例",
    "as_of": "2020-06-01",
    "skills": [{"level": "高级技师", "obtained": "2020-01-01"}],
    "technical_work_since": "2010-07-01",
    "assessments": {2017: "合格", 2018: "合格", 2019: "合格"},
}


def test_paths_command_json(tmp_path):
    res = runner.invoke(
        app, ["paths", str(write_profile(tmp_path, EXAMPLE)), "--to", "title:正高级", "--k", "2", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["target"] == "title:正高级" and out["assumptions"] == list(ASSUMPTIONS)
    assert [p["arrival"] for p in out["paths"]] == ["2029-01-01", "2030-01-01"]
    step = out["paths"][0]["steps"][0]
    assert {"date", "from_node", "to_node", "route", "rule", "clauses", "outside", "assumptions", "to_confirm"} <= set(
        step
    )


def test_paths_command_text_states_its_assumptions(tmp_path):
    res = runner.invoke(app, ["paths", str(write_profile(tmp_path, EXAMPLE)), "--k", "2"])
    assert res.exit_code == 0, res.output
    assert "假设" in res.stdout and "2029-01-01" in res.stdout and "title-senior-normal-from-skill" in res.stdout


@pytest.mark.parametrize(
    "extra",
    [
        ["--to", "title:九级"],
        ["--k", "0"],
        ["--as-of", "2020-02-30"],
        ["--as-of", "2019-01-01"],  # before the 高级技师 was obtained
        ["--assumptions", "no-such.yaml"],
    ],
)
def test_paths_command_refuses_bad_input_with_exit_2(tmp_path, extra):
    res = runner.invoke(app, ["paths", str(write_profile(tmp_path, EXAMPLE)), *extra])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output


def test_the_documented_example_is_the_tools_own_output():
    """docs/overpass.md pastes `tongguan paths` on the bundled example verbatim; keep it so."""
    root = Path(__file__).resolve().parents[1]
    profile = root / "queries" / "profiles" / "welder-senior-technician.yaml"
    res = runner.invoke(app, ["paths", str(profile), "--to", "title:正高级", "--k", "3"])
    assert res.exit_code == 0, res.output
    assert res.stdout.rstrip("\n") in (root / "docs" / "overpass.md").read_text(encoding="utf-8")


# ---- evaluation cycles (issue 11 item 7) -------------------------------------------------------

PROFILES = sorted((Path(__file__).resolve().parents[1] / "queries" / "profiles").glob("*.*"))
TARGETS = ["title:正高级", "title:副高级", "skill:高级技师", "skill:技师"]


def needs(a, b) -> bool:
    """Step `b` needs the result of the earlier step `a`: the same ladder's next level, or a crossing from it."""
    return a.track == b.track or b.from_node == a.to_node


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_no_plan_holds_two_evaluations_of_a_track_in_one_cycle(kb, profile):
    from tongguan import load_profile

    person = load_profile(profile, kb=kb)
    for target in TARGETS:
        for path in fastest_paths(person, target, k=3, kb=kb):
            cycles = [(s.track, s.cycle) for s in path.steps]
            assert all(s.cycle for s in path.steps), summary(path)
            assert len(set(cycles)) == len(cycles), (target, summary(path))
            for i, b in enumerate(path.steps):
                for a in path.steps[:i]:
                    if needs(a, b):
                        assert b.date > a.date and b.cycle != a.cycle, (target, summary(path))


def test_a_crossing_from_a_level_the_plan_obtains_waits_for_the_next_cycle(kb):
    """副高级 (title) then 高级技师 by A2-5.3.6 from it: not on the same day, in the next year's round."""
    from tongguan import load_profile

    root = Path(__file__).resolve().parents[1]
    person = load_profile(root / "queries" / "profiles" / "engineer-seeking-technician.yaml", kb=kb)
    first = fastest_paths(person, "skill:高级技师", k=1, kb=kb)[0]
    deputy, senior = first.steps
    assert (deputy.to_node, senior.from_node, senior.to_node) == ("title:副高级", "title:副高级", "skill:高级技师")
    assert senior.date == dt.date(deputy.date.year + 1, 1, 1) and senior.cycle == str(deputy.date.year + 1)
    assert senior.to_dict()["cycle"] == senior.cycle


def test_the_cycles_can_be_overridden(kb, tmp_path):
    from tongguan.planning import AssumptionsError, evaluation_cycles, load_assumptions

    assert evaluation_cycles(kb)["title"].assumption and evaluation_cycles(kb)["title"].per_year == 1
    file = tmp_path / "a.yaml"
    file.write_text(yaml.safe_dump({"cycles": {"skill": {"per_year": 2, "starts": 1}}}), encoding="utf-8")
    calendars = evaluation_cycles(kb, load_assumptions(file))
    assert calendars["skill"].label(dt.date(2026, 8, 1)) == "2026-2"
    with pytest.raises(AssumptionsError):
        evaluation_cycles(kb, {"cycles": {"title": {"per_year": 5}}})
    bad = tmp_path / "b.yaml"
    bad.write_text(yaml.safe_dump({"cycles": {"title": {"per_year": 0}}}), encoding="utf-8")
    res = runner.invoke(app, ["paths", str(write_profile(tmp_path, EXAMPLE)), "--assumptions", str(bad)])
    assert res.exit_code == 2 and "cycles.title.per_year" in res.output, res.output


def test_the_text_names_each_steps_cycle(tmp_path):
    res = runner.invoke(app, ["paths", str(write_profile(tmp_path, EXAMPLE)), "--k", "2"])
    assert res.exit_code == 0 and "（2024年度评审）" in res.stdout and "（2029年度评审）" in res.stdout, res.stdout


def test_paths_speaks_english_with_lang_en():
    """Issue 11: `--lang en` on every command — the plan's frame words in English, no Chinese frame."""
    root = Path(__file__).resolve().parents[1]
    profile = root / "queries" / "profiles" / "welder-senior-technician.yaml"
    res = runner.invoke(app, ["paths", str(profile), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "the fastest paths (as of 2025-06-01)" in res.stdout and "Path 1: arrives" in res.stdout
    assert "最快路径" not in res.stdout and "依据" not in res.stdout and "年度评审" not in res.stdout


# ---- advice in the person's control first (issue 11 item 6) ------------------------------------

WELDER = Path(__file__).resolve().parents[1] / "queries" / "profiles" / "welder-senior-technician.yaml"


def test_what_an_award_is_comes_from_the_policy_data(kb):
    from tongguan.awards import award_candidates, award_field, award_predicates

    assert award_field(kb) == "awards"
    fed = set(kb.profile["fields"]["awards"]["feeds"])
    assert award_predicates(kb) == fed == {n for n, p in kb.predicates.items() if p.field == "awards"}
    kinds = {c["award"]["kind"] for c in award_candidates(kb)}
    assert kinds == set(kb.vocabulary["awards"])


def test_award_paths_come_after_every_path_in_the_persons_control(kb):
    from tongguan import load_profile

    person = load_profile(WELDER, kb=kb)
    paths = fastest_paths(person, "title:正高级", k=3, kb=kb, awards=True)
    mine = [p for p in paths if not p.needs_award]
    won = [p for p in paths if p.needs_award]
    assert mine and won, [summary(p) for p in paths]
    assert paths == mine + won  # whatever their dates: the awards arrive earlier
    assert min(p.arrival for p in won) < min(p.arrival for p in mine)
    assert all(p.arrival < min(q.arrival for q in mine) for p in won)
    held = {a.kind for a in person.awards}
    for p in won:
        assert p.award not in held and p.award in {c for c in [p.award, *p.also_awards]}
        assert any(s.needs_award for s in p.steps) and p.to_dict()["needs_award"] is True
    assert won[0].award == "中华技能大奖" and "国务院政府特殊津贴" in won[0].also_awards
    assert not any(s.needs_award for p in mine for s in p.steps)
    # without awards=True the planner gives the paths in the person's control alone, as before
    assert [summary(p) for p in fastest_paths(person, "title:正高级", k=3, kb=kb)] == [summary(p) for p in mine]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_award_paths_are_marked_in_the_text_and_the_json(lang):
    res = runner.invoke(app, ["paths", str(WELDER), "--to", "title:正高级", "--k", "2", "--lang", lang])
    assert res.exit_code == 0, res.output
    text = res.stdout
    mark = "如果获得中华技能大奖" if lang == "zh" else "if you win 中华技能大奖"
    header = "以下需要获奖，不由本人决定" if lang == "zh" else "These need an award, not in your control"
    assert mark in text and header in text
    first_award = text.index(header)
    assert text.index("2030-01-01") < first_award  # the person's own path first
    assert ("路径 1：" if lang == "zh" else "Path 1: ") in text[:first_award]
    res = runner.invoke(app, ["paths", str(WELDER), "--to", "title:正高级", "--k", "2", "--json"])
    out = json.loads(res.stdout)
    assert [p["needs_award"] for p in out["paths"]] == [False, False]
    assert out["award_paths"] and all(p["needs_award"] and p["award"] for p in out["award_paths"])
    assert out["award_paths"][0]["award"] == "中华技能大奖"
    assert out["award_paths"][0]["steps"][-1]["needs_award"] is True
