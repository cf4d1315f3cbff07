"""`tongguan ask` end to end: bad input (exit 2, one line naming the field and the value), the JSON
contract, --all, the table's order, the bundled example profiles, and the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tongguan.cli import STATUS_ZH, app

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "queries" / "profiles"
GOOD = {
    "as_of": "2025-06-01",
    "series": "工程",
    "technical_work_since": "2010-07-01",
    "assessments": {2022: "合格", 2023: "优秀", 2024: "合格"},
    "law_abiding": True,
    "good_conduct": True,
    "frontline": True,
    "skills": [{"level": "技师", "obtained": "2018-01-01"}],
    "awards": [{"kind": "四川省技术能手", "year": 2021}],
}
runner = CliRunner()


def ask(*args: str):
    return runner.invoke(app, ["ask", *map(str, args)])


def write(tmp_path: Path, data, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def with_(**over) -> dict:
    return {**GOOD, **over}


# ---- bad input -------------------------------------------------------------------------------------

BAD = {
    "unknown skill level": (with_(skills=[{"level": "九级", "obtained": "2018-01-01"}]), "skills[0].level", "九级"),
    "unknown title level": (with_(titles=[{"level": "特级", "obtained": "2018-01-01"}]), "titles[0].level", "特级"),
    "unknown qualification level": (
        with_(titles=[{"level": "副高级", "kind": "qualification"}]),
        "titles[0].level",
        "副高级",
    ),
    "unknown award kind": (with_(awards=[{"kind": "劳动模范", "year": 2020}]), "awards[0].kind", "劳动模范"),
    "unknown medal": (with_(awards=[{"kind": "世界技能大赛", "year": 2020, "medal": "木"}]), "awards[0].medal", "木"),
    "unknown competition class": (
        with_(awards=[{"kind": "国家级技能竞赛", "year": 2020, "class": "三类"}]),
        "awards[0].class",
        "三类",
    ),
    "date after as_of": (
        with_(skills=[{"level": "技师", "obtained": "2030-01-01"}]),
        "skills[0].obtained",
        "2030-01-01",
    ),
    "work start after as_of": (with_(technical_work_since="2026-01-01"), "technical_work_since", "2026-01-01"),
    "award year after as_of": (with_(awards=[{"kind": "天府工匠", "year": 2026}]), "awards[0].year", "2026"),
    "non-date": (with_(technical_work_since="去年七月"), "technical_work_since", "去年七月"),
    "impossible date": (with_(skills=[{"level": "技师", "obtained": "2023-02-30"}]), "skills[0].obtained", "2023-02-30"),
    "unknown grade": (with_(assessments={2022: "合格", 2023: "很好", 2024: "合格"}), "assessments.2023", "很好"),
    "unknown field": (with_(salary=12000), "salary", "12000"),
    "unknown school class": (with_(technical_school_class="博士班"), "technical_school_class", "博士班"),
    "non-boolean flag": (with_(frontline="有时"), "frontline", "有时"),
    "title of another series": (
        with_(titles=[{"level": "工程师", "series": "农业", "obtained": "2018-01-01"}]),
        "titles[0].level",
        "工程师",
    ),
    "non-integer assessment year": (with_(assessments={"去年": "合格"}), "assessments.去年", "去年"),
    "assessment year after as_of": (with_(assessments={2026: "合格"}), "assessments.2026", "合格"),
    "a skill that is not a mapping": (with_(skills=["技师"]), "skills[0]", "技师"),
    "a skill without a level": (with_(skills=[{"obtained": "2020-01-01"}]), "skills[0].level", "（未填）"),
    "rank zero": (with_(awards=[{"kind": "国家级技能竞赛", "rank": 0}]), "awards[0].rank", "0"),
    "non-integer rank": (with_(awards=[{"kind": "国家级技能竞赛", "rank": "第一"}]), "awards[0].rank", "第一"),
    "unknown title kind": (with_(titles=[{"level": "中级", "kind": "证书"}]), "titles[0].kind", "证书"),
    "impossible as_of": (with_(as_of="2025-02-30"), "as_of", "2025-02-30"),
    "a list instead of a mapping": ("- 技师\n- 工程\n", "profile", "技师"),
    "a scalar instead of a mapping": ("just text\n", "profile", "just text"),
    "malformed YAML": ("series: 工程\nskills: [{level: 技师\n", "PROFILE", "p.yaml"),
    "empty file": ("", "PROFILE", "p.yaml"),
    "blank file": ("  \n\n", "PROFILE", "p.yaml"),
    "only a comment": ("# nothing here\n", "profile", "None"),
}


def assert_one_clear_line(result, *needles: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"


@pytest.mark.parametrize("what", list(BAD))
def test_bad_profile_exits_2_with_one_line(tmp_path, what):
    data, field, value = BAD[what]
    result = ask(write(tmp_path, data))
    assert_one_clear_line(result, field, value)


def test_malformed_json(tmp_path):
    result = ask(write(tmp_path, '{"series": "工程", ', "p.json"))
    assert_one_clear_line(result, "PROFILE", "p.json")


def test_missing_file(tmp_path):
    result = ask(tmp_path / "nobody.yaml")
    assert_one_clear_line(result, "PROFILE", "nobody.yaml")


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025/06/01", ""])
def test_bad_as_of(tmp_path, bad):
    result = ask(write(tmp_path, GOOD), "--as-of", bad)
    assert_one_clear_line(result, "--as-of", repr(bad))


def test_as_of_before_a_date_in_the_profile(tmp_path):
    result = ask(write(tmp_path, GOOD), "--as-of", "2017-01-01")
    assert_one_clear_line(result, "skills[0].obtained", "2018-01-01")


def test_no_output_file_is_written_on_bad_input(tmp_path):
    ask(write(tmp_path, with_(skills=[{"level": "九级"}])))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


# ---- JSON ------------------------------------------------------------------------------------------

OPTION_KEYS = {
    "track",
    "level",
    "series",
    "exam",
    "route",
    "status",
    "earliest",
    "education_equivalent",
    "clauses",
    "missing",
    "to_confirm",
    "to_review",
}


def ask_json(*args: str) -> dict:
    result = ask(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_shape(tmp_path):
    out = ask_json(write(tmp_path, with_(technical_school_class="中级工班")))
    assert {"as_of", "person", "options"} <= set(out)
    assert out["as_of"] == "2025-06-01"
    assert out["person"]["series"] == "工程"
    assert out["person"]["skills"][0]["level"] == "技师"
    assert out["options"]
    tracks, routes = set(), set()
    for o in out["options"]:
        assert set(o) >= OPTION_KEYS, OPTION_KEYS - set(o)
        assert o["track"] in ("title", "skill", "exam")
        assert o["status"] in ("eligible", "conditional", "not_yet")
        assert isinstance(o["clauses"], list) and o["clauses"]
        for key in ("missing", "to_confirm", "to_review"):
            assert isinstance(o[key], list)
        for item in o["to_review"]:
            assert set(item) >= {"clause", "text"}
        if o["track"] == "exam":
            assert o["exam"] and o["level"] is None
        else:
            assert o["level"] and o["exam"] is None
        if o["track"] == "title":
            assert o["series"] == "工程"
        tracks.add(o["track"])
        routes.add((o["track"], o["route"]))
    assert tracks == {"title", "exam"}
    assert ("title", "exceptional") in routes and ("exam", "equivalence") in routes
    exam = next(o for o in out["options"] if o["exam"] == "会计")
    assert exam["education_equivalent"] == "中专" and "B-3.2.2" in exam["clauses"]


def test_json_not_yet_has_earliest_and_conditional_has_to_confirm(tmp_path):
    data = with_(skills=[{"level": "技师", "obtained": "2022-06-02"}])
    data.pop("law_abiding")
    out = ask_json(write(tmp_path, data))
    mid = next(o for o in out["options"] if (o["track"], o["level"], o["route"]) == ("title", "中级", "normal"))
    assert mid["status"] == "conditional" and mid["to_confirm"] == ["law_abiding"]
    assert mid["earliest"] == "2025-06-02"
    out = ask_json(write(tmp_path, with_(skills=[{"level": "技师", "obtained": "2022-06-02"}])))
    mid = next(o for o in out["options"] if (o["track"], o["level"], o["route"]) == ("title", "中级", "normal"))
    assert (mid["status"], mid["earliest"], mid["to_confirm"]) == ("not_yet", "2025-06-02", [])


def test_all_adds_ineligible_options_with_reasons(tmp_path):
    path = write(tmp_path, GOOD)
    plain = ask_json(path)
    full = ask_json(path, "--all")
    assert all(o["status"] != "ineligible" for o in plain["options"])
    extra = [o for o in full["options"] if o["status"] == "ineligible"]
    assert extra and len(full["options"]) == len(plain["options"]) + len(extra)
    for o in extra:
        assert o["missing"], o
        for m in o["missing"]:
            assert m["text"] and m["clauses"]
    deputy = next(o for o in extra if (o["track"], o["level"], o["route"]) == ("title", "副高级", "normal"))
    assert "A1-5.3.4" in {c for m in deputy["missing"] for c in m["clauses"]}


def test_all_in_the_table(tmp_path):
    path = write(tmp_path, GOOD)
    assert STATUS_ZH["ineligible"] not in ask(path).stdout
    out = ask(path, "--all").stdout
    assert STATUS_ZH["ineligible"] in out and "缺：" in out


def test_as_of_option_overrides_the_profile(tmp_path):
    path = write(tmp_path, with_(skills=[{"level": "技师", "obtained": "2022-06-02"}]))
    out = ask_json(path, "--as-of", "2025-06-02")
    assert out["as_of"] == "2025-06-02"
    mid = next(o for o in out["options"] if (o["track"], o["level"], o["route"]) == ("title", "中级", "normal"))
    assert mid["status"] == "eligible"


def test_held_levels_are_not_listed(tmp_path):
    data = with_(titles=[{"level": "工程师", "obtained": "2019-01-01"}])
    out = ask_json(write(tmp_path, data), "--all")
    titles = {(o["level"], o["route"]) for o in out["options"] if o["track"] == "title"}
    assert not titles & {("助理级", "normal"), ("中级", "normal"), ("中级", "exceptional")}
    skills = {o["level"] for o in out["options"] if o["track"] == "skill"}
    assert not skills & {"初级工", "中级工", "高级工", "技师"}


def test_series_outside_the_eight_gets_a_note(tmp_path):
    path = write(tmp_path, with_(series="卫生"))
    out = ask_json(path)
    assert not [o for o in out["options"] if o["track"] == "title"]
    assert any("卫生" in n for n in out["notes"])
    assert "注：" in ask(path).stdout


# ---- the table -------------------------------------------------------------------------------------


def statuses_in_table(text: str) -> list[str]:
    names = {zh: en for en, zh in STATUS_ZH.items()}
    out = []
    for line in text.splitlines():
        out += [names[zh] for zh in names if f" {zh} " in line]
    return out


def test_table_lists_eligible_then_conditional_then_not_yet(tmp_path):
    # 正高级 not yet; 破格 conditional on the medal (issue 11: the exams conditional on 外语 / 计算机,
    # which were the conditional rows here, are listed apart under 可进一步了解)
    data = with_(skills=[{"level": "高级技师", "obtained": "2020-01-01"}], awards=[{"kind": "世界技能大赛", "year": 2022}])
    result = ask(write(tmp_path, data))
    assert result.exit_code == 0, result.stderr
    table, further = result.stdout.split("可进一步了解")
    assert "翻译专业技术资格考试" in further and "翻译专业技术资格考试" not in table
    seen = statuses_in_table(table)
    order = ["eligible", "conditional", "not_yet"]
    assert set(seen) == set(order), seen
    assert seen == sorted(seen, key=order.index), seen
    assert "2030-01-01" in result.stdout


def test_table_with_nothing_to_list(tmp_path):
    data = with_(law_abiding=False, skills=[], awards=[])
    result = ask(write(tmp_path, data))
    assert result.exit_code == 0
    assert "没有可申报的事项" in result.stdout


# ---- JSON profiles and the bundled examples --------------------------------------------------------


def test_json_profile_equals_yaml_profile(tmp_path):
    from_yaml = ask_json(write(tmp_path, GOOD, "p.yaml"))
    from_json = ask_json(write(tmp_path, GOOD, "p.json"))
    assert from_yaml == from_json


def options_of(name: str, *flags: str) -> dict[tuple, dict]:
    out = ask_json(PROFILES / name, *flags)
    return {(o["track"], o["level"] or o["exam"], o["route"]): o for o in out["options"]}


def test_example_welder():
    got = options_of("welder-senior-technician.yaml")
    assert got["title", "副高级", "normal"]["status"] == "eligible"
    assert (got["title", "正高级", "normal"]["status"], got["title", "正高级", "normal"]["earliest"]) == (
        "not_yet",
        "2030-01-01",
    )
    assert got["title", "中级", "exceptional"]["status"] == "eligible"


def test_example_engineer_seeking_technician():
    got = options_of("engineer-seeking-technician.yaml")
    tech = got["skill", "技师", "normal"]
    assert tech["status"] == "eligible"
    assert "A2-5.2.5" in tech["clauses"]
    assert [e["what"] for e in tech["exemptions"]] == ["理论知识考试"]
    assert ("skill", "高级技师", "normal") not in got
    assert not [k for k in got if k[0] == "title"]


def test_example_technical_school_graduate():
    got = options_of("technical-school-graduate.yaml")
    exams = {k[1]: o for k, o in got.items() if k[0] == "exam" and k[2] == "equivalence"}
    assert set(exams) == {"经济", "会计", "统计", "审计", "翻译", "出版", "通信", "计算机技术与软件"}
    assert {o["status"] for o in exams.values()} == {"eligible"}
    assert {o["education_equivalent"] for o in exams.values()} == {"大专"}
    assert got["exam", "翻译", "skill_level"]["status"] == "eligible"
    assert ("exam", "计算机技术与软件", "skill_level") not in got
    assistant = got["title", "助理级", "normal"]
    assert (assistant["status"], assistant["earliest"]) == ("conditional", "2026-07-15")


def test_example_china_skill_award_holder():
    got = options_of("china-skill-award-holder.yaml")
    for level in ("中级", "副高级", "正高级"):
        assert got["title", level, "exceptional"]["status"] == "eligible"
    assert got["title", "正高级", "normal"]["status"] == "not_yet"


def test_example_missing_facts():
    got = options_of("missing-facts.yaml")
    assert got["title", "中级", "normal"]["status"] == "conditional"
    assert got["title", "中级", "normal"]["to_confirm"] == ["assessments.2023", "technical_work_since"]
    assert got["title", "中级", "exceptional"]["to_confirm"] == [
        "assessments.2023",
        "awards[0].medal",
        "awards[0].rank",
        "frontline",
        "technical_work_since",
    ]
    assert {o["status"] for o in got.values()} == {"conditional"}


def test_example_json_profile():
    got = options_of("researcher-sci-tech-award.json")
    assert got["skill", "技师", "direct"]["status"] == "eligible"
    assert got["skill", "高级技师", "direct"]["status"] == "eligible"
    assert ("skill", "高级工", "direct") not in got
    assert got["skill", "技师", "promotion"]["status"] == "eligible"
    assert got["title", "正高级", "normal"]["status"] == "eligible"


@pytest.mark.parametrize("path", sorted(PROFILES.iterdir()), ids=lambda p: p.name)
def test_every_example_runs(path):
    result = ask(path)
    assert result.exit_code == 0, result.stderr
    assert "可申报事项" in result.stdout


# ---- the installed entry point ---------------------------------------------------------------------


def entry_point() -> list[str]:
    script = Path(sys.executable).parent / "tongguan"
    if script.exists():
        return [str(script)]
    found = shutil.which("tongguan")
    return [found] if found else [sys.executable, "-c", "from tongguan.cli import main; main()"]


def test_real_process_answers_and_rejects(tmp_path):
    ok = subprocess.run(
        [*entry_point(), "ask", str(PROFILES / "welder-senior-technician.yaml"), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["as_of"] == "2025-06-01"
    bad = subprocess.run(
        [*entry_point(), "ask", str(write(tmp_path, with_(skills=[{"level": "九级"}])))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    lines = [ln for ln in bad.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "skills[0].level" in lines[0] and "九级" in lines[0], bad.stderr
    assert "Traceback" not in bad.stderr
