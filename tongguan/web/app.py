"""The web front end: the page (vendored HTML, CSS and JavaScript, no CDN) and the JSON API.

`create_app` builds the FastAPI application: the KB loaded once, an `EnginePool` whose threads each own
a compiled KB, a small answer cache, the body bounds and security headers of `tongguan.web.guard`, the
API routes and the page's static files.  `tongguan serve` runs it on uvicorn.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> with TestClient(create_app(workers=1)) as client:
...     r = client.get("/api/clauses/B-3.1.2")
>>> r.status_code, r.headers["x-content-type-options"], r.json()["id"]
(200, 'nosniff', 'B-3.1.2')
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import library as lib
from .guard import SECURITY_HEADERS, BoundedBody, install_handlers
from .routes import router
from .workers import AnswerCache, EnginePool

__all__ = ["STATIC", "app_from_environment", "create_app"]

STATIC = resources.files("tongguan.web").joinpath("static")


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every response (the API's and the page's)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in have)]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(kb: Any = None, workers: int = 2, cache_size: int = 1024) -> FastAPI:
    """The application: the page at ``/``, the API under ``/api`` (OpenAPI at ``/api/openapi.json``).

    Parameters
    ----------
    kb : KB, optional
        The shipped KB by default.
    workers : int
        Engine threads (each compiles the KB once; pyDatalog's logic is per thread).
    cache_size : int
        Answers kept (0: none).
    """
    kb = kb or lib.load_kb()
    pool = EnginePool(lambda: lib.warm(kb), size=workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool.start()
        yield
        pool.shutdown()

    app = FastAPI(
        title="通桥 tongguan",
        version="0.1.0",
        description="四川省高技能人才与专业技术人才职业发展贯通：可申报事项、依据与路径。The same answers as the `tongguan` command line.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the Swagger page loads scripts from a CDN and inline: not under this CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.kb, app.state.pool, app.state.cache = kb, pool, AnswerCache(cache_size)
    install_handlers(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(str(STATIC.joinpath("index.html")), media_type="text/html; charset=utf-8")

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(BoundedBody)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """`create_app` with the engine threads of ``TONGGUAN_ENGINE_THREADS`` and the policy folder of
    ``TONGGUAN_KB`` (how `tongguan serve` starts each of its processes)."""
    import os

    folder = os.environ.get("TONGGUAN_KB")
    kb = lib.load_kb(folder) if folder else None
    return create_app(kb, workers=int(os.environ.get("TONGGUAN_ENGINE_THREADS", "2")))
