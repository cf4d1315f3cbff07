"""Isolation under load: pyDatalog keeps its state per thread, so ≥ 200 requests for different profiles
sent at once to a real server (no answer cache) must each get the answer that profile gets alone."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import httpx

from .conftest import PROFILES, read


def variants(n: int = 240) -> list[dict]:
    """`n` different profiles: the bundled ones, each at many evaluation dates and under another name."""
    base = [read(p) for p in PROFILES]
    out = []
    for i in range(n):
        p = dict(base[i % len(base)])
        p["name"] = f"申请人{i}"
        p["as_of"] = (dt.date(2025, 6, 1) + dt.timedelta(days=37 * (i // len(base)))).isoformat()
        out.append(p)
    return out


def test_concurrent_requests_get_the_sequential_answers(server, kb):
    from tongguan.web import library as lib

    profiles = variants()
    assert len({str(p) for p in profiles}) >= 200
    expected = [lib.ask_data(kb, lib.parse_profile(p, kb=kb)) for p in profiles]  # one at a time, in this thread

    with httpx.Client(base_url=server.url, timeout=300, limits=httpx.Limits(max_connections=64)) as http:

        def one(p: dict) -> dict:
            r = http.post("/api/ask", json={"profile": p})
            assert r.status_code == 200, r.text
            return r.json()

        with ThreadPoolExecutor(max_workers=48) as clients:
            got = list(clients.map(one, profiles))

    for p, want, answer in zip(profiles, expected, got, strict=True):
        assert answer["person"]["name"] == p["name"]
        assert {k: v for k, v in answer.items() if k != "questions"} == want, p["name"]
    statuses = {tuple(o["status"] for o in a["options"]) for a in got}
    assert len(statuses) > len(PROFILES)  # the dates really change the answers


def test_each_engine_thread_owns_its_compiled_kb(kb):
    import threading

    from tongguan.web import library as lib
    from tongguan.web.workers import EnginePool

    pool = EnginePool(lambda: lib.warm(kb), size=2)
    pool.start()
    try:
        assert len(pool.thread_ids) == 2 and threading.get_ident() not in pool.thread_ids
        profile = lib.parse_profile(read(PROFILES[0]), kb=kb)
        alone = lib.ask_data(kb, profile)
        with ThreadPoolExecutor(max_workers=8) as many:
            answers = list(many.map(lambda _: pool.run(lib.ask_data, kb, profile), range(16)))
        assert all(a == alone for a in answers)
    finally:
        pool.shutdown()
