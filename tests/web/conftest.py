"""Fixtures of the web front end's tests: the app in-process, a real server on a free port, profiles."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "queries" / "profiles").glob("*.*"))
ARTIFACTS = ROOT / "tests" / "artifacts"


def as_json(data: Any) -> Any:
    """A profile read from a file as JSON data (dates as YYYY-MM-DD text, year keys as text)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def read(path: Path) -> dict[str, Any]:
    """A bundled profile as the page would send it."""
    from tongguan.documents import read_document

    return as_json(read_document(path))


@pytest.fixture(scope="session")
def app():
    from tongguan.web.app import create_app

    return create_app(workers=2)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


class Server:
    """uvicorn serving an app on a free local port, in a thread."""

    def __init__(self, app: Any):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def server():
    """A real server (the shipped KB, no answer cache: every request runs the engine)."""
    from tongguan.web.app import create_app

    with Server(create_app(workers=2, cache_size=0)) as s:
        yield s
