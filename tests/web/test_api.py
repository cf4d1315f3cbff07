"""The JSON API: the command line's answers for every bundled profile and case, errors naming the field
and the value, bounded bodies, no stack trace, security headers, the OpenAPI document."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from tongguan.cli import app as cli

from .conftest import PROFILES, ROOT, as_json, read

runner = CliRunner()
ADDED_TO_OPTIONS = ("labels", "to_confirm_labels")  # the page's labels beside the CLI's fields (the sentence is the same)


def cli_json(*args: str) -> dict:
    result = runner.invoke(cli, [*map(str, args)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_page_fields(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k != "questions"}
    data["options"] = [{k: v for k, v in o.items() if k not in ADDED_TO_OPTIONS} for o in data["options"]]
    return data


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_ask_equals_the_cli_for_every_bundled_profile(client, path):
    for extra, flag in (({}, ()), ({"include_ineligible": True}, ("--all",))):
        r = client.post("/api/ask", json={"profile": read(path), **extra})
        assert r.status_code == 200, r.text
        assert without_page_fields(r.json()) == cli_json("ask", path, "--json", *flag)


def test_ask_equals_the_cli_for_the_yaml_cases(client, tmp_path):
    from tongguan.cases import load_cases

    cases = load_cases()
    assert len(cases) > 20
    for case in cases:
        profile = as_json(case.profile)
        file = tmp_path / "case.json"
        file.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
        r = client.post("/api/ask", json={"profile": profile, "include_ineligible": True})
        assert r.status_code == 200, (case.id, r.text)
        assert without_page_fields(r.json()) == cli_json("ask", file, "--json", "--all"), case.id


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_explain_equals_the_cli(client, path):
    r = client.post("/api/explain", json={"profile": read(path)})
    assert r.status_code == 200, r.text
    assert r.json() == cli_json("explain", path, "--json")


def test_explain_one_option_with_a_target_equals_the_cli(client):
    path = PROFILES[-1]
    body = {"profile": read(path), "options": ["title:正高级:normal"], "target": "title:正高级"}
    r = client.post("/api/explain", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == cli_json("explain", path, "--json", "--option", "title:正高级:normal", "--target", "title:正高级")


def test_what_would_change_equals_the_cli_target(client):
    path = PROFILES[-1]
    r = client.post("/api/what-would-change", json={"profile": read(path), "target": "title:正高级"})
    assert r.status_code == 200, r.text
    assert r.json() == cli_json("ask", path, "--json", "--target", "title:正高级")["target"]


@pytest.mark.parametrize("path", PROFILES[:3], ids=lambda p: p.name)
def test_paths_equal_the_cli(client, path):
    r = client.post("/api/paths", json={"profile": read(path), "to": "title:正高级", "k": 2})
    assert r.status_code == 200, r.text
    assert r.json() == cli_json("paths", path, "--json", "--to", "title:正高级", "--k", "2")


def test_graph_audit_clause_policy(client, kb):
    from tongguan.planning import build_graph

    g = client.get("/api/graph").json()
    built = build_graph(kb)
    assert {n["id"] for n in g["nodes"]} == set(built.nodes)
    assert len(g["edges"]) == built.number_of_edges()
    svg = client.get("/api/graph?format=svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    drawn = client.post("/api/graph", json={"profile": read(PROFILES[-1])})
    assert drawn.status_code == 200 and b"<svg" in drawn.content

    audit = client.get("/api/audit").json()
    result = runner.invoke(cli, ["audit", "--json", "--no-cases"])
    expected = json.loads(result.stdout)
    def untimed(report: dict) -> dict:
        out = {k: v for k, v in report.items() if k not in ("timing", "seconds")}
        out["checks"] = [{k: v for k, v in c.items() if k != "seconds"} for c in report["checks"]]
        return out

    assert untimed(audit) == untimed(expected)

    c = client.get("/api/clauses/B-3.1.2").json()
    assert c["id"] == "B-3.1.2" and c["quoted"] == kb.clause_text("B-3.1.2")
    missing = client.get("/api/clauses/B-99")
    assert missing.status_code == 404
    assert missing.json()["error"]["field"] == "clause_id" and "B-99" in missing.json()["error"]["message"]

    policy = client.get("/api/policy").json()
    assert policy["ladders"]["skill"] == kb.ladder("skill")
    assert "国家级技能竞赛" in policy["awards"] and "team_size" in policy["awards"]["国家级技能竞赛"]["fields"]
    assert set(policy["profile_schema"]["properties"]) >= {"skills", "titles", "awards", "assessments"}


BAD = [
    ({"profile": {"skills": [{"level": "九级"}]}}, "skills[0].level", "九级", "不是已知的技能等级"),
    ({"profile": {"as_of": "2025-13-01"}}, "as_of", "2025-13-01", "日期"),
    ({"profile": {"skills": [{"level": "技师", "obtained": "2030-01-01"}], "as_of": "2025-01-01"}}, "skills[0].obtained", "2030-01-01", "晚于"),
    ({"profile": {"hobby": "钓鱼"}}, "hobby", "钓鱼", "不是档案的字段"),
    ({"profile": {"awards": [{"kind": "诺贝尔奖"}]}}, "awards[0].kind", "诺贝尔奖", "不是已知的奖项"),
    ({"profile": {"law_abiding": "maybe"}}, "law_abiding", "maybe", "true 或 false"),
    ({"profile": {}, "as_of": "yesterday"}, "as_of", "yesterday", "日期"),
    ({"profile": {}, "bogus": 1}, "bogus", "1", "不是已知的字段"),
    ({"profile": {}, "lang": "fr"}, "lang", "fr", "不是可选的值"),
    ({"profile": "张三"}, "profile", "张三", "映射"),
    ({}, "profile", None, "必填"),
]


@pytest.mark.parametrize(("body", "field", "value", "reason"), BAD, ids=[b[1] + ":" + str(b[2]) for b in BAD])
def test_bad_input_is_a_422_naming_the_field_and_the_value(client, body, field, value, reason):
    r = client.post("/api/ask", json=body)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["field"] == field
    if value is not None:
        assert value in err["value"] and value in err["message"]
    assert reason in err["message"], err
    assert err["message_en"] and "Traceback" not in r.text


def test_the_profile_messages_are_the_command_line_messages(client, tmp_path):
    file = tmp_path / "p.json"
    file.write_text(json.dumps({"skills": [{"level": "九级"}]}), encoding="utf-8")
    result = runner.invoke(cli, ["ask", str(file)])
    assert result.exit_code == 2
    message = client.post("/api/ask", json={"profile": {"skills": [{"level": "九级"}]}}).json()["error"]["message"]
    assert message in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/explain", {"profile": {}, "options": ["title:九级"]}, "--option"),
        ("/api/what-would-change", {"profile": {}, "target": "title:九级"}, "target"),
        ("/api/paths", {"profile": {}, "to": "moon:1"}, "--to"),
        ("/api/paths", {"profile": {}, "k": 999}, "k"),
        ("/api/what-would-change", {"profile": {}}, "target"),
    ],
)
def test_bad_targets_and_options(client, path, body, field):
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field


def test_bodies_are_bounded_before_parsing(client):
    big = {"profile": {"name": "x" * 300_000}}
    r = client.post("/api/ask", json=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "body.too_large"
    deep = b'{"profile": {"awards": ' + b"[" * 5000 + b"]" * 5000 + b"}}"
    r = client.post("/api/ask", content=deep, headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "body.too_deep"
    r = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "body"
    text = client.post("/api/profile/read", json={"text": "a: [" * 40 + "]" * 40})
    assert text.status_code == 422 and "嵌套" in text.json()["error"]["message"]


def test_no_stack_trace_reaches_a_client(client, monkeypatch):
    from tongguan.web import library

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(library, "ask_data", boom)
    r = client.post("/api/ask", json={"profile": {"name": "no-cache-key-" + "x"}})
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal"
    assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/static/app.js", "/api/policy", "/api/openapi.json", "/nowhere"])
def test_security_headers(client, url):
    r = client.get(url)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_the_page_has_no_inline_script_and_no_cdn(client):
    from tongguan.web.app import STATIC

    html = client.get("/").text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert not re.search(r"\son[a-z]+\s*=", html)
    for f in STATIC.iterdir():
        text = f.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, f.name
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "eval(" not in js and "new Function" not in js


def test_openapi_document(client):
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/ask", "/api/explain", "/api/paths", "/api/what-would-change", "/api/graph", "/api/audit",
                 "/api/clauses/{clause_id}", "/api/policy"):
        assert path in doc["paths"], path
    ask = doc["components"]["schemas"]["AskRequest"]
    assert ask["additionalProperties"] is False and "profile" in ask["required"]


def test_profile_upload_and_download_round_trip(client):
    path = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"
    read_back = client.post("/api/profile/read", json={"text": path.read_text(encoding="utf-8"), "format": "yaml"})
    assert read_back.status_code == 200, read_back.text
    profile = read_back.json()["profile"]
    assert profile == read(path)
    for fmt in ("yaml", "json"):
        file = client.post("/api/profile/export", json={"profile": profile, "format": fmt})
        assert file.status_code == 200
        again = client.post("/api/profile/read", json={"text": file.text, "format": fmt}).json()["profile"]
        assert again == profile
    bad = client.post("/api/profile/read", json={"text": "skills: [{level: 九级}]", "format": "yaml"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "skills[0].level"


def test_report_escapes_and_quotes_the_clauses(client, kb):
    profile = {**read(PROFILES[-1]), "name": "<script>alert(1)</script>"}
    r = client.post("/api/report", json={"profile": profile})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert kb.clause_text("A1-5.4.5") in r.text and 'href="/static/report.css"' in r.text


def test_report_command_writes_a_standalone_page(tmp_path):
    out = tmp_path / "decision.html"
    result = runner.invoke(cli, ["report", str(PROFILES[-1]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and "@media print" in html and "张师傅" in html
    bad = runner.invoke(cli, ["report", str(PROFILES[-1]), "-o", str(PROFILES[-1])])
    assert bad.exit_code == 2


def test_serve_is_a_command():
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output


def test_the_options_to_look_into_are_apart_and_labelled_in_words(client):
    """The page's headings come from the message catalogue (both languages); the decision page lists the
    options to look into under that heading, not among the options; the page's labels of the fields to
    confirm are words, with no field name."""
    from tongguan.messages import render

    policy = client.get("/api/policy").json()
    assert policy["headings"]["look_into"] == {lang: render("ask.further", lang) for lang in ("zh", "en")}
    profile = read(ROOT / "queries" / "profiles" / "welder-senior-technician.yaml")
    answer = client.post("/api/ask", json={"profile": profile}).json()
    further = [o for o in answer["options"] if o["look_into"]]
    assert further and all(o["status"] == "conditional" for o in further)
    html = client.post("/api/report", json={"profile": profile}).text
    main, aside = html.split("可进一步了解")
    for o in further:
        assert o["labels"]["level"] not in main.split("<h2>可申报事项</h2>")[1] and o["sentence"] in aside
    for o in answer["options"]:
        assert all(not re.search(r"[A-Za-z_]{3,}", lbl) for lbl in o["to_confirm_labels"])
    assert [q["label"] for q in answer["questions"]] == ["外语水平", "计算机应用能力"]


def test_the_english_answer_labels_its_options_in_english(client):
    """With ``lang: en`` the page's labels (track, level, route, status) come in English from the one
    label catalogue, as `tongguan ask --lang en` prints them; the plan's own terms (levels, series)
    stay Chinese, as in 'exceptional (破格)'."""
    from tongguan.labels import option_label, status_label

    profile = read(ROOT / "queries" / "profiles" / "welder-senior-technician.yaml")
    zh = client.post("/api/ask", json={"profile": profile}).json()["options"]
    en = client.post("/api/ask", json={"profile": profile, "lang": "en"}).json()["options"]
    assert [o["rule"] for o in zh] == [o["rule"] for o in en]
    for o in en:
        labels = o["labels"]
        assert labels["status"] == status_label(o["status"], "en")
        assert not re.search(r"[\u4e00-\u9fff]", labels["track"]) and re.match(r"[A-Za-z]", labels["route"])
    assert {o["labels"]["status"] for o in zh} <= {status_label(s) for s in ("eligible", "conditional", "not_yet", "ineligible")}
    assert option_label  # the catalogue the labels come from
