"""The JSON API: the command line's answers over HTTP, computed on the engine's own threads.

Each route validates its request (`tongguan.web.schemas`), reads the profile with the library's
`parse_profile` (its errors become 422s naming the field and the value), and runs the library call on
the `EnginePool` (one compiled KB per worker thread, never the server's threads).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from . import library as lib
from .guard import error_body
from .report import report_html
from .schemas import (
    AskRequest,
    ExplainRequest,
    GraphRequest,
    PathsRequest,
    ProfileExport,
    ProfileText,
    ReportRequest,
    WhatWouldChangeRequest,
)

__all__ = ["policy", "router"]

router = APIRouter(prefix="/api")


def _state(request: Request) -> Any:
    return request.app.state


def read_profile(kb: lib.KB, data: dict[str, Any], as_of: str | None) -> lib.Profile:
    """A request's profile validated by the library (a `TongguanError` naming the field otherwise)."""
    day = lib.parse_as_of(as_of)
    return lib.parse_profile(data, kb=kb, as_of=day)


def _request_key(name: str, body: Any) -> str:
    """A cache key from the request itself (and today's date, the default as_of): a repeated request is
    answered without reading its profile again."""
    return json.dumps([name, dt.date.today().isoformat(), body.model_dump()], ensure_ascii=False, sort_keys=True)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@router.post("/ask", summary="What a person can apply for (tongguan ask --json)")
async def ask(body: AskRequest, request: Request) -> Response:
    st = _state(request)
    key = _request_key("ask", body)
    got = st.cache.get(key)
    if got is None:
        profile = read_profile(st.kb, body.profile, body.as_of)
        data = await st.pool.arun(lib.ask_data, st.kb, profile, body.include_ineligible, body.lang)
        data["questions"] = questions(st.kb, data, body.lang)
        got = _json(data)
        st.cache.put(key, got)
    return Response(got, media_type="application/json")


def questions(kb: lib.KB, answer: dict[str, Any], lang: str = "zh") -> list[dict[str, str]]:
    """The profile fields whose answer could change an option (the `to_confirm` of the answer), once each,
    each labelled in words (no field name: the page asks a person, not a file's editor)."""
    seen: dict[str, dict[str, str]] = {}
    for o in answer["options"]:
        for f in o["to_confirm"]:
            head = f.split(".")[0].split("[")[0]
            if head not in seen:
                seen[head] = {"field": head, "label": lib.field_words(kb, head, lang), "example": f}
    return list(seen.values())


@router.post("/explain", summary="Proof trees, why-not and what would change (tongguan explain --json)")
async def explain(body: ExplainRequest, request: Request) -> Response:
    st = _state(request)
    key = _request_key("explain", body)
    got = st.cache.get(key)
    if got is None:
        wanted = [lib.parse_option_filter(st.kb, o) for o in body.options] if body.options else None
        target = lib.parse_goal(st.kb, body.target, field="target") if body.target else None
        profile = read_profile(st.kb, body.profile, body.as_of)
        data = await st.pool.arun(lib.explain_data, st.kb, profile, wanted, body.include_held, target, body.lang)
        got = _json(data)
        st.cache.put(key, got)
    return Response(got, media_type="application/json")


@router.post("/what-would-change", summary="The smallest profile changes that make a target reachable")
async def what_would_change(body: WhatWouldChangeRequest, request: Request) -> dict[str, Any]:
    st = _state(request)
    lib.parse_goal(st.kb, body.target, field="target")
    profile = read_profile(st.kb, body.profile, body.as_of)
    return await st.pool.arun(lib.what_would_change_data, st.kb, profile, body.target)


@router.post("/paths", summary="The fastest dated paths to a target (tongguan paths --json)")
async def paths(body: PathsRequest, request: Request) -> dict[str, Any]:
    st = _state(request)
    lib.parse_path_target(st.kb, body.to)
    profile = read_profile(st.kb, body.profile, body.as_of)
    return await st.pool.arun(lib.paths, st.kb, profile, body.to, body.k)


@router.get("/graph", summary="The overpass (立交桥): nodes and edges, or drawn as SVG")
async def graph(request: Request, format: str = Query("json", pattern="^(json|svg)$")) -> Response:
    st = _state(request)
    key = ("graph", format)
    got = st.cache.get(key)
    if got is None:
        if format == "svg":
            got = await st.pool.arun(lib.graph_svg, st.kb, None)
        else:
            got = await st.pool.arun(lib.graph_data, st.kb)
        st.cache.put(key, got)
    if format == "svg":
        return Response(got, media_type="image/svg+xml")
    return JSONResponse(got)


@router.post("/graph", summary="The overpass drawn as SVG with the person's position and fastest path")
async def graph_for(body: GraphRequest, request: Request) -> Response:
    st = _state(request)
    lib.parse_path_target(st.kb, body.to)
    profile = read_profile(st.kb, body.profile, body.as_of)
    svg = await st.pool.arun(lib.graph_svg, st.kb, profile, body.to)
    return Response(svg, media_type="image/svg+xml")


@router.get("/audit", summary="The rule base audited against the plan (tongguan audit --json)")
async def audit(request: Request, cases: bool = False) -> dict[str, Any]:
    st = _state(request)
    key = ("audit", cases)
    got = st.cache.get(key)
    if got is None:
        got = await st.pool.arun(lib.audit, st.kb, cases)
        st.cache.put(key, got)
    return got


@router.get("/clauses/{clause_id}", summary="One clause of the plan, quoted")
async def clause(clause_id: str, request: Request) -> Any:
    got = lib.clause(_state(request).kb, clause_id)
    if got is None:
        shown = lib.echo(clause_id)
        body = error_body("clause_id", clause_id, f"clause_id：{shown}：不是方案中的条款编号",
                          f"clause_id: {shown}: not a clause of the plan", "clause.unknown")
        return JSONResponse(body, status_code=404)
    return got


@router.get("/policy", summary="The vocabulary, labels and profile schema the page's form is built from")
async def policy_route(request: Request) -> dict[str, Any]:
    return policy(_state(request).kb)


def policy(kb: lib.KB) -> dict[str, Any]:
    """What the interview is built from: both ladders, series, grades, awards with their details, labels,
    and the answer's section headings in both languages (the message catalogue's, as `tongguan ask`
    prints them)."""
    v = kb.vocabulary
    return {
        "document": {k: kb.document.get(k) for k in ("id", "title", "jurisdiction")},
        "ladders": {name: kb.ladder(name) for name in v["ladders"]},
        "level_synonyms": {name: kb.level_names(name) for name in v["ladders"]},
        "series": {"opened": v["series"]["opened"], "other_known": v["series"].get("other_known", [])},
        "title_names": {s: list(spec["names"]) for s, spec in (v.get("title_names") or {}).items()},
        "assessment_grades": v["assessment_grades"],
        "awards": {kind: {"fields": spec.get("fields", []), "clause": spec.get("clause")} for kind, spec in v["awards"].items()},
        "medals": v["medals"],
        "competition_classes": v["competition_classes"],
        "technical_school_classes": list(v["technical_school_classes"]),
        "exams": v["exams"],
        "tracks": v["tracks"],
        "routes": v["routes"],
        "statuses": dict(lib.STATUS_ZH),
        "field_labels": v.get("field_labels", {}),
        "headings": {"look_into": lib.headings("ask.further")},
        "profile_schema": lib.profile_schema(),
    }


@router.post("/profile/read", summary="Read a profile file's text (YAML or JSON) into a profile")
async def profile_read(body: ProfileText, request: Request) -> dict[str, Any]:
    kb = _state(request).kb
    data = (lib.parse_yaml if body.format == "yaml" else lib.parse_json)(body.text, label="PROFILE", name="upload")
    profile = lib.parse_profile(data, kb=kb)  # checked as a whole; the raw mapping goes back to the form
    del profile
    return {"profile": json.loads(json.dumps(data, ensure_ascii=False, default=str))}


@router.post("/profile/export", summary="A profile as a YAML or JSON file")
async def profile_export(body: ProfileExport) -> Response:
    if body.format == "json":
        text = json.dumps(body.profile, ensure_ascii=False, indent=2) + "\n"
        return Response(text, media_type="application/json", headers={"content-disposition": "attachment; filename=profile.json"})
    text = yaml.safe_dump(body.profile, allow_unicode=True, sort_keys=False)
    return Response(text, media_type="application/yaml", headers={"content-disposition": "attachment; filename=profile.yaml"})


@router.post("/report", summary="The printable decision page (HTML)", response_class=HTMLResponse)
async def report(body: ReportRequest, request: Request) -> HTMLResponse:
    st = _state(request)
    profile = read_profile(st.kb, body.profile, body.as_of)
    html = await st.pool.arun(report_html, st.kb, profile, body.lang, "/static/report.css")
    return HTMLResponse(html)
