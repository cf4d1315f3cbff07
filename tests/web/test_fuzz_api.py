"""A contract fuzz of the API from its own OpenAPI document (schemathesis): whatever the generated
request, the answer is never a 500 (bad input is a 4xx naming the field), and it keeps the security headers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from tongguan.web.app import create_app  # noqa: E402

APP = create_app(workers=1)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_request_gets_a_server_error(case):
    if case.path == "/api/audit":
        case.query = {}  # ?cases=true runs every case of the KB (a minute): tests/web/test_api.py covers it
    response = case.call(timeout=120)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])
    headers = {k.lower(): v if isinstance(v, str) else v[0] for k, v in response.headers.items()}
    assert headers["x-content-type-options"] == "nosniff"
    if response.status_code >= 400 and headers.get("content-type", "").startswith("application/json"):
        assert "error" in response.json() and "Traceback" not in response.text
