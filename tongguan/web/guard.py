"""What stands between a client and the library: bounded bodies, security headers, errors as one line.

* A request body is bounded in size and in nesting *before* it is parsed: the bytes are counted while
  they arrive (a ``Content-Length`` over the bound is refused at once) and the nesting of ``[``/``{`` is
  scanned outside strings, so a 1,000-level body never reaches the JSON decoder or pydantic.
* Every response carries a Content-Security-Policy that allows no inline script and no other origin,
  ``X-Content-Type-Options: nosniff``, no framing and no referrer.
* Bad input is a 422 whose ``error`` names the field and the value with the reason in Chinese and
  English (the library's `TongguanError`, or the request's own fields in the same catalogue); anything
  unexpected is a 500 saying only that, never a stack trace.

Examples
--------
>>> nesting(b'{"a": [1, {"b": "[[[["}]}')
3
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .library import NOT_GIVEN, TongguanError, echo

__all__ = [
    "MAX_BODY",
    "MAX_DEPTH",
    "SECURITY_HEADERS",
    "BoundedBody",
    "error_body",
    "install_handlers",
    "nesting",
]

MAX_BODY = 256 * 1024
MAX_DEPTH = 16
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
log = logging.getLogger("tongguan.web")


def nesting(body: bytes) -> int:
    """The deepest nesting of JSON arrays and objects in `body`, brackets inside strings not counted."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def error_body(field: str, value: Any, message_zh: str, message_en: str, code: str) -> dict[str, Any]:
    """The JSON of an error: the field, the value as the command line echoes it, the reason."""
    shown = None if value is NOT_GIVEN or value is None else echo(value)
    return {"error": {"field": field, "value": shown, "code": code, "message": message_zh, "message_en": message_en}}


def _error_response(status: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=SECURITY_HEADERS)


def tongguan_error(exc: TongguanError, status: int = 422) -> JSONResponse:
    """A library error as a 422 naming the field and the value."""
    return _error_response(status, error_body(exc.field, exc.value, exc.text("zh"), exc.text("en"), exc.key))


class BoundedBody:
    """ASGI middleware: refuse a body over `MAX_BODY` bytes or nested over `MAX_DEPTH`, before parsing."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY, max_depth: int = MAX_DEPTH):
        self.app, self.max_body, self.max_depth = app, max_body, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = f"{self.max_body // 1024} KB"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    size = self.max_body + 1
                if size > self.max_body:
                    await self._refuse(scope, receive, send, 413, "body", f"{size} bytes", limit)
                    return
        chunks, total, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                await self._refuse(scope, receive, send, 413, "body", f"> {self.max_body} bytes", limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if nesting(body) > self.max_depth:
            await self._refuse(scope, receive, send, 422, "body", f"{nesting(body)} levels", str(self.max_depth))
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, field: str, value: str, limit: str):
        if status == 413:
            zh, en, code = f"请求体太大（上限 {limit}）", f"the request body is too large (the limit is {limit})", "body.too_large"
        else:
            zh, en, code = f"嵌套超过 {limit} 层", f"nested more than {limit} levels deep", "body.too_deep"
        body = error_body(field, value, f"{field}：{value}：{zh}", f"{field}: {value}: {en}", code)
        await _error_response(status, body)(scope, receive, send)


# pydantic's error types → the catalogue's reasons, for a request's own fields (its profile is checked by
# tongguan.profile.parse_profile, whose messages are the command line's)
_REASONS = {
    "extra_forbidden": ("不是已知的字段", "unknown field"),
    "missing": ("缺少这个必填字段", "this field is required"),
    "string_type": ("应是文字", "should be text"),
    "bool_type": ("应填 true 或 false", "should be true or false"),
    "bool_parsing": ("应填 true 或 false", "should be true or false"),
    "int_type": ("应是整数", "should be a whole number"),
    "int_parsing": ("应是整数", "should be a whole number"),
    "dict_type": ("应是映射（字段: 值）", "should be a mapping (field: value)"),
    "model_type": ("应是映射（字段: 值）", "should be a mapping (field: value)"),
    "model_attributes_type": ("应是映射（字段: 值）", "should be a mapping (field: value)"),
    "list_type": ("应是列表", "should be a list"),
    "json_invalid": ("不是有效的 JSON", "is not valid JSON"),
    "string_too_long": ("太长", "too long"),
    "string_too_short": ("太短", "too short"),
    "too_long": ("项数太多", "too many items"),
    "less_than_equal": ("太大", "too large"),
    "greater_than_equal": ("太小", "too small"),
    "literal_error": ("不是可选的值", "not one of the allowed values"),
}


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path") else loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "body"


def validation_error(exc: RequestValidationError) -> JSONResponse:
    """The first problem of a request's fields, as a 422 naming the field and the value."""
    errors = exc.errors()
    err = errors[0] if errors else {"type": "json_invalid", "loc": ("body",), "msg": ""}
    kind = err.get("type", "")
    field = _location(tuple(err.get("loc", ())))
    value = NOT_GIVEN if kind == "missing" else err.get("input")
    if kind == "json_invalid":
        field, value = "body", None
    zh, en = _REASONS.get(kind, ("取值无效", "invalid value"))
    ctx = err.get("ctx") or {}
    extra = ctx.get("expected") or ctx.get("max_length") or ctx.get("le") or ctx.get("ge")
    if extra is not None:
        zh, en = f"{zh}（{extra}）", f"{en} ({extra})"
    shown = "（未填）" if value is NOT_GIVEN else echo(value) if value is not None else ""
    shown_en = "(not given)" if value is NOT_GIVEN else shown
    body = error_body(field, value, f"{field}：{shown}：{zh}", f"{field}: {shown_en}: {en}", f"request.{kind}")
    return _error_response(422, body)


def install_handlers(app: Any) -> None:
    """The API's error handlers: library errors, request errors, HTTP errors, and the unexpected."""

    @app.exception_handler(TongguanError)
    async def _tongguan(request: Request, exc: TongguanError) -> JSONResponse:
        return tongguan_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
        zh = {404: "没有这个地址", 405: "不支持这个请求方法"}.get(exc.status_code, detail)
        body = error_body("path", request.url.path, zh, detail, f"http.{exc.status_code}")
        return _error_response(exc.status_code, body)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        body = {"error": {"field": None, "value": None, "code": "internal", "message": "服务器内部错误",
                          "message_en": "internal server error"}}
        return _error_response(500, body)
