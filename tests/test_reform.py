"""Reforms (issue 15): a reform file makes a variant policy, never touching the base; the variant is
audited, diffed and run over a roster; the shipped examples in queries/reforms/ have their expected
effects."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tongguan.audit import run_audit
from tongguan.batch import open_roster
from tongguan.cli import app
from tongguan.kb import load_kb, rule_from_data
from tongguan.reform import ReformError, apply_reform, diff_kbs, load_reform, parameters, reform_from_data
from tongguan.reform.chart import chart_png
from tongguan.reform.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
REFORMS = ROOT / "queries" / "reforms"
runner = CliRunner()


def variant(*changes, name="test"):
    return apply_reform(load_kb(), reform_from_data({"name": name, "changes": list(changes)}))


def problems(report):
    return sorted({f"{f.check}/{f.kind}" for f in report.findings if f.severity in ("error", "warning")})


# ---- parameters and the variant ---------------------------------------------------------------------


def test_parameters_are_named_by_the_predicates_arguments():
    kb = load_kb()
    assert parameters(kb, kb.rule("title-intermediate-normal")) == {"years": (3, 1, 3)}
    assert list(parameters(kb, kb.rule("skill-senior-worker-normal"))) == ["years"]
    two = rule_from_data({"id": "x", "head": "option(title, 中级, normal)",
                          "body": "years_after_skill(技师, 3, S) & years_after_skill(高级技师, 4, T)"}, "m")  # fmt: skip
    assert parameters(kb, two) == {"years": (0, 1, 3), "years_2": (1, 1, 4)}


def test_the_base_is_never_edited_and_its_memo_does_not_leak():
    base = load_kb()
    before = (base.rules, dict(base.clauses), json.dumps(base.vocabulary, ensure_ascii=False), dict(base.document))
    base.rules_for("option")  # fill the base's memo
    v = variant({"rule": "title-intermediate-normal", "set": {"years": 2}},
                {"vocabulary": "series.opened", "add": ["卫生"]},
                {"remove_rule": "title-senior-normal-from-skill"})  # fmt: skip
    after = (base.rules, dict(base.clauses), json.dumps(base.vocabulary, ensure_ascii=False), dict(base.document))
    assert before == after
    assert v._memo == {} and v is not base
    assert "title-senior-normal-from-skill" not in {r.id for r in v.rules_for("option")}
    assert "title-senior-normal-from-skill" in {r.id for r in base.rules_for("option")}
    assert "卫生" in v.vocabulary["series"]["opened"] and "卫生" not in base.vocabulary["series"]["opened"]
    assert v.document["id"] == "sc-tongguan-2021+test" and v.document["base"] == "sc-tongguan-2021"
    assert len(v.document["reform_sha256"]) == 64 and v.digest != base.digest


def test_setting_a_number_rewrites_the_sentence_and_the_clause_that_quotes_it():
    base = load_kb()
    v = variant({"rule": "title-intermediate-normal", "set": {"years": 2}})
    assert "满2年" in v.rule("title-intermediate-normal").source
    assert "满2年" in v.clauses["A1-5.2.4"].text and "满3年" in base.clauses["A1-5.2.4"].text
    kinds = [(c.kind, c.id) for c in diff_kbs(base, v)]
    assert kinds == [("rule-changed", "title-intermediate-normal"), ("clause-changed", "A1-5.2.4")]


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"rule": "no-such-rule", "set": {"years": 2}}, "changes[0].rule", "no-such-rule"),
        ({"rule": "title-intermediate-normal", "set": {"months": 2}}, "changes[0].set", "months"),
        ({"rule": "title-intermediate-normal", "set": {"years": -1}}, "changes[0].set.years", -1),
        ({"remove_rule": "nope"}, "changes[0].remove_rule", "nope"),
        ({"vocabulary": "series.closed", "add": ["卫生"]}, "changes[0].vocabulary", "series.closed"),
        ({"vocabulary": "series.opened", "remove": ["卫生"]}, "changes[0].remove", "卫生"),
        ({"add_rule": {"id": "r", "head": "option(title, 中级, normal)", "body": "frontline", "clauses": ["Z-9"],
                       "source": "s"}}, "changes[0].add_rule.clauses", "Z-9"),
        ({"add_rule": {"id": "r", "head": "option(title, 中级, normal)", "body": "made_up", "clauses": ["A1-5"],
                       "source": "s"}}, "changes[0].add_rule.body", "made_up"),
        ({"add_rule": {"id": "r", "head": "option(title, 中级, normal)", "body": "frontline", "clauses": ["N-1"],
                       "source": "s", "add_clause": {"id": "N-1", "text": "t", "parent": "Q-1"}}},
         "changes[0].add_rule.add_clause.parent", "Q-1"),
    ],
)  # fmt: skip
def test_an_unknown_rule_parameter_clause_or_path_is_a_clear_error(change, field, value):
    with pytest.raises(ReformError) as exc:
        variant(change)
    assert exc.value.field == field and exc.value.value == value
    assert field in str(exc.value)


def test_a_reform_file_is_read_bounded(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("name: x\nchanges:\n" + "  - {remove_rule: a}\n" * 30_000, encoding="utf-8")
    with pytest.raises(Exception) as exc:
        load_reform(big)
    assert "REFORM" in str(exc.value)


# ---- the audit of a variant -------------------------------------------------------------------------


def test_the_audit_catches_a_reform_that_adds_a_diploma_condition():
    kb = load_kb()
    rule = kb.rule("title-intermediate-normal")
    body = " & ".join(str(b) for b in rule.body).replace("_1", "_") + " & relevant_diploma"
    v = variant({"remove_rule": rule.id},
                {"add_rule": {"id": rule.id, "module": "titles", "head": str(rule.head), "body": body,
                              "clauses": list(rule.clauses), "source": rule.source}})  # fmt: skip
    report = run_audit(v, witnesses=False, graph=False, cases=False)
    hits = [f for f in report.findings if f.check == "B-3.1.2" and f.severity == "error"]
    assert hits and any("title-intermediate-normal" in f.message for f in hits), problems(report)
    assert not report.ok


def test_shortening_technician_to_intermediate_audits_clean():
    v = apply_reform(load_kb(), load_reform(REFORMS / "technician-two-years.yaml"))
    report = run_audit(v, cases=False)
    assert report.ok and problems(report) == [], problems(report)


# ---- the shipped examples ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REFORMS.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_reform_has_its_expected_effect(path):
    reform = load_reform(path)
    assert reform.purpose and reform.expected, "a shipped reform states its purpose and expected effect"
    base = load_kb()
    v = apply_reform(base, reform)
    roster = ROOT / reform.expected["roster"]
    sim = simulate(base, v, lambda: iter(open_roster(roster)), as_of=dt.date(2025, 6, 1))
    assert sim.failed == 0
    got: dict[tuple[str, str, str], list[str]] = {}
    for s in sim.shifts:
        got.setdefault((s.option, s.route, s.kind), []).append(s.id)
    want = {(e["option"], e["route"], e["kind"]): list(e["persons"]) for e in reform.expected["effects"]}
    assert got == want
    report = run_audit(v, witnesses=False, graph=False, cases=False)
    assert problems(report) == sorted(reform.expected["audit"])


# ---- the command line -------------------------------------------------------------------------------


def test_reform_command_writes_the_report_and_the_chart(tmp_path):
    out = tmp_path / "report.xlsx"
    res = runner.invoke(app, ["reform", str(REFORMS / "technician-two-years.yaml"), "--roster",
                              str(ROOT / "queries/rosters/reforms.jsonl"), "-o", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "提前 2" in res.stdout
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["汇总", "明细", "改革"]
    rows = list(wb["明细"].iter_rows(values_only=True))
    assert rows[0][:3] == ("行", "编号", "姓名") and {r[1] for r in rows[1:]} == {"r01", "r02"}
    assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"


def test_reform_command_csv_writes_detail_and_summary(tmp_path):
    out = tmp_path / "r.csv"
    res = runner.invoke(app, ["reform", str(REFORMS / "open-health-series.yaml"), "--roster",
                              str(ROOT / "queries/rosters/reforms.jsonl"), "-o", str(out), "--chart", str(tmp_path / "c.png")])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "获得" in out.read_text(encoding="utf-8-sig")
    assert (tmp_path / "r-summary.csv").is_file() and (tmp_path / "c.png").is_file()


def test_diff_command_lists_rules_and_clauses(tmp_path):
    res = runner.invoke(app, ["diff", "--reform", str(REFORMS / "technician-two-years.yaml")])
    assert res.exit_code == 0, res.output
    assert "title-intermediate-normal" in res.stdout and "A1-5.2.4" in res.stdout and "满2年" in res.stdout
    res = runner.invoke(app, ["diff", "--reform", str(REFORMS / "national-one-year.yaml"), "--json"])
    data = json.loads(res.stdout)
    assert data["variant"] == "sc-tongguan-2021+national-one-year"
    assert {(c["kind"], c["id"]) for c in data["changes"]} >= {
        ("rule-added", "skill-technician-national"),
        ("clause-added", "N-1"),
    }


def test_audit_reform_exit_codes(tmp_path):
    res = runner.invoke(app, ["audit", "--reform", str(REFORMS / "open-health-series.yaml"), "--json"])
    assert res.exit_code == 1
    assert json.loads(res.stdout)["ok"] is False


def test_a_bad_reform_exits_2_with_one_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"name": "bad", "changes": [{"rule": "title-intermediate-normal", "set": {"months": 1}}]},
                                  allow_unicode=True), encoding="utf-8")  # fmt: skip
    out = tmp_path / "out.csv"
    res = runner.invoke(
        app, ["reform", str(bad), "--roster", str(ROOT / "queries/rosters/reforms.jsonl"), "-o", str(out)]
    )
    assert res.exit_code == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "months" in res.stderr and "changes[0].set" in res.stderr
    assert not out.exists() and not (tmp_path / "out.png").exists()
    res = runner.invoke(app, ["diff", "--reform", str(bad)])
    assert res.exit_code == 2


def test_chart_with_nothing_changed():
    assert chart_png([], "无变化")[:4] == b"\x89PNG"


# ---- versions in force by date ----------------------------------------------------------------------


def test_the_plan_records_when_it_took_effect_and_an_earlier_day_gets_a_note():
    from tongguan.reform.versions import effective_date, in_force_note

    kb = load_kb()
    assert effective_date(kb) == dt.date(2021, 11, 1) and kb.document.get("replaces") is None
    assert "2021-11-01" in in_force_note(kb, dt.date(2021, 10, 31))
    assert in_force_note(kb, dt.date(2021, 11, 1)) is None
    assert "took effect" in in_force_note(kb, dt.date(2020, 1, 1), "en")


def test_ask_under_a_variant_before_its_effective_date_carries_the_note(tmp_path):
    later = tmp_path / "later.yaml"
    later.write_text("name: later\neffective: 2026-01-01\nchanges:\n  - {rule: title-intermediate-normal, set: {years: 2}}\n",
                     encoding="utf-8")  # fmt: skip
    v = apply_reform(load_kb(), load_reform(later))
    assert v.document["effective"] == "2026-01-01" and v.document["base"] == "sc-tongguan-2021"
    profile = ROOT / "queries/profiles/welder-senior-technician.yaml"
    res = runner.invoke(app, ["ask", str(profile), "--as-of", "2025-06-01", "--reform", str(later), "--json"])
    assert res.exit_code == 0, res.output
    notes = json.loads(res.stdout)["notes"]
    assert any("2026-01-01" in n and "sc-tongguan-2021+later" in n for n in notes)
    res = runner.invoke(app, ["ask", str(profile), "--as-of", "2025-06-01", "--json"])
    assert not any("施行" in n for n in json.loads(res.stdout)["notes"])


def test_paths_plan_across_a_reform_in_force_from_a_later_day(tmp_path):
    """Issue 15 item 4: a variant given an effective date — a step on or after it uses the new rule."""
    import json as _json

    from typer.testing import CliRunner

    from tongguan.cli import app

    person = tmp_path / "p.yaml"
    person.write_text(
        "as_of: 2025-06-01\nseries: 工程\nskills: [{level: 技师, obtained: 2024-03-01}]\n"
        "technical_work_since: 2010-07-01\nlaw_abiding: true\ngood_conduct: true\n"
        "assessments: {2022: 合格, 2023: 合格, 2024: 合格}\n",
        encoding="utf-8",
    )

    def arrival(effective: str | None) -> tuple[str, list[str]]:
        args = ["paths", str(person), "--to", "title:中级", "--k", "1", "--json"]
        if effective:
            reform = tmp_path / f"r-{effective}.yaml"
            reform.write_text(
                f"name: two-years\npurpose: 技师满2年可申报中级\neffective: {effective}\n"
                "changes:\n  - {rule: title-intermediate-normal, set: {years: 2}}\n",
                encoding="utf-8",
            )
            args += ["--reform", str(reform)]
        res = CliRunner().invoke(app, args)
        assert res.exit_code == 0, res.output
        step = _json.loads(res.output)["paths"][0]["steps"][-1]
        return step["date"], step["assumptions"]

    assert arrival(None)[0] == "2027-03-01"  # 3 years under the plan as it stands
    day, notes = arrival("2026-01-01")  # the 2-year rule in force from 2026: 2 years after 2024-03-01
    assert day == "2026-03-01" and any("2026-01-01 起施行" in n for n in notes)
    assert arrival("2028-01-01")[0] == "2027-03-01"  # in force too late to matter: the old rule's day
