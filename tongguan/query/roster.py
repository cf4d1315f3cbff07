"""Reading a roster: many profiles in one file (JSONL, one profile a line; or a YAML/JSON list).

Each profile is bounded and validated as `tongguan.profile.parse_profile` does for one file; a bad one
raises a `TongguanError` whose field names its place (``roster[3].skills[0].level``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..documents import LIMITS, Limits, parse_json, read_document
from ..errors import DocumentError, TongguanError
from ..kb import KB
from ..profile import Profile, parse_profile

__all__ = ["MAX_PERSONS", "read_roster"]

MAX_PERSONS = 100_000
_LIST_LIMITS = Limits(size=256 * 1_048_576, depth=17, values=MAX_PERSONS * 200)


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


def _within(data: Any, limits: Limits) -> bool:
    """Whether a decoded JSON value keeps every bound `parse_json` checks (depth, values, text, digits)."""
    todo, count = [(data, 1)], 0
    while todo:
        value, depth = todo.pop()
        count += 1
        if depth > limits.depth or count > limits.values:
            return False
        if isinstance(value, dict):
            for k, v in value.items():
                if len(k) > limits.text:
                    return False
                todo.append((v, depth + 1))
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)
        elif isinstance(value, str):
            if len(value) > limits.text:
                return False
        elif isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > limits.digits:
            return False
    return True


def _line(text: str, name: str) -> Any:
    """One JSONL line: decoded directly when it keeps the bounds (the common case, ~3× faster), else by
    the bounded reader, which reports what is wrong and where."""
    if len(text) <= LIMITS.size:
        try:
            data = json.loads(text, object_pairs_hook=_pairs)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and _within(data, LIMITS):
            return data
    return parse_json(text, LIMITS, "ROSTER", name)


def _placed(exc: TongguanError, index: int) -> TongguanError:
    field = f"roster[{index}]" + ("" if exc.field in ("profile", "PROFILE", "ROSTER") else f".{exc.field}")
    out = TongguanError(field, exc.value, exc.key, **exc.params)
    out.params_en = exc.params_en
    return out


def read_roster(path: str | Path, kb: KB, as_of: dt.date | None = None) -> list[Profile]:
    """The validated profiles of a roster file (``.jsonl``: one JSON profile a line; else a YAML or
    JSON list of profiles).

    Examples
    --------
    >>> import tempfile, json
    >>> from tongguan.kb import load_kb
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
    ...     _ = fh.write(json.dumps({"id": "a", "skills": [{"level": "技师"}]}) + "\\n")
    >>> [p.id for p in read_roster(fh.name, load_kb())]
    ['a']
    """
    path = Path(path)
    items: list[Any]
    if path.suffix.lower() == ".jsonl":
        items = []
        try:
            fh = open(path, encoding="utf-8")  # noqa: SIM115
        except FileNotFoundError:
            raise DocumentError("ROSTER", str(path), "file.missing") from None
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise DocumentError("ROSTER", str(path), "file.unreadable", reason=reason) from None
        with fh:
            try:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    if len(items) >= MAX_PERSONS:
                        raise DocumentError("ROSTER", str(path), "roster.too_many", limit=MAX_PERSONS)
                    try:
                        items.append(_line(line.strip(), f"{path}:{n}"))
                    except TongguanError as exc:
                        raise _placed(exc, len(items)) from None
            except UnicodeDecodeError:
                raise DocumentError("ROSTER", str(path), "file.encoding", line="?") from None
        if not items:
            raise DocumentError("ROSTER", str(path), "file.empty")
    else:
        data = read_document(path, limits=_LIST_LIMITS, label="ROSTER")
        if not isinstance(data, list):
            raise DocumentError("ROSTER", str(path), "roster.not_list")
        if len(data) > MAX_PERSONS:
            raise DocumentError("ROSTER", str(path), "roster.too_many", limit=MAX_PERSONS)
        items = data
    out = []
    for i, item in enumerate(items):
        try:
            out.append(parse_profile(item, kb=kb, as_of=as_of))
        except TongguanError as exc:
            raise _placed(exc, i) from None
    return out
