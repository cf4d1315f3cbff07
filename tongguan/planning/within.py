"""Within-ladder promotions: the edges governed by documents outside the plan, and the user's overrides.

They come from the separate module ``kb/outside/within_ladder.yaml`` (each with its source, or marked as
an assumption), never from the plan's rules; an ``--assumptions`` file may change their years or add
edges.  The graph (`tongguan.planning.graph`) draws them flagged ``outside``; the planner
(`tongguan.planning.paths`) takes them as steps that say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..kb import KB, load_kb

__all__ = ["AssumptionsError", "AssumptionsFileError", "load_assumptions", "within_ladder"]


class AssumptionsError(ValueError):
    """A bad within-ladder entry or override: names the field and the value.

    Examples
    --------
    >>> str(AssumptionsError("edges.x.years", -1, "must be a whole number of years >= 0"))
    'edges.x.years: -1: must be a whole number of years >= 0'
    """

    def __init__(self, field: str, value: Any, message: str):
        self.field, self.value, self.message = field, value, message
        super().__init__(f"{field}: {value!r}: {message}")


class AssumptionsFileError(DocumentError, AssumptionsError):
    """An assumptions file that cannot be read or is out of bounds (a `DocumentError`, in both languages)."""


_EDGE_KEYS = {"id", "ladder", "from", "to", "years", "years_from", "series", "variants", "conditions", "source"}
_EDGE_KEYS |= {"assumption", "note", "enabled"}


def load_assumptions(path: str | Path) -> dict[str, Any]:
    """Read an overrides file for the within-ladder edges (see kb/outside/within_ladder.yaml) and the
    evaluation cycles (``cycles``, see kb/outside/evaluation_cycles.yaml).

    Raises `AssumptionsError` naming the field on bad input.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.yaml"
    >>> _ = p.write_text("edges: {skill-technician-to-senior-technician: {years: 5}}", encoding="utf-8")
    >>> load_assumptions(p)["edges"]["skill-technician-to-senior-technician"]["years"]
    5
    """
    from ..documents import Limits, read_document

    path = Path(path)
    try:  # bounded while read: impossible dates, nesting, alias bombs are the file's own problems
        data = read_document(path, Limits(text=2000), label="--assumptions")
    except DocumentError as exc:
        raise exc.recast(AssumptionsFileError) from None
    if data is None:
        raise AssumptionsError("--assumptions", str(path), "the file is empty")
    if not isinstance(data, dict) or set(data) - {"edges", "add", "cycles"}:
        raise AssumptionsError("--assumptions", str(path), "expected a mapping with `edges`, `add` and/or `cycles`")
    if not isinstance(data.get("edges") or {}, dict):
        raise AssumptionsError("edges", data.get("edges"), "expected a mapping of edge id → changes")
    if not isinstance(data.get("add") or [], list):
        raise AssumptionsError("add", data.get("add"), "expected a list of edges")
    if not isinstance(data.get("cycles") or {}, dict):
        raise AssumptionsError("cycles", data.get("cycles"), "expected a mapping of track → {per_year, starts}")
    return data


def within_ladder(kb: KB | None = None, assumptions: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The within-ladder edges of kb/outside/within_ladder.yaml, with the user's overrides applied.

    Parameters
    ----------
    kb : KB, optional
        The KB (the shipped one by default).
    assumptions : dict, optional
        Overrides as `load_assumptions` returns them: ``{"edges": {id: {years: 5, ...}}, "add": [...]}``.

    Examples
    --------
    >>> e = {x["id"]: x for x in within_ladder()}
    >>> e["skill-technician-to-senior-technician"]["years"], e["skill-technician-to-senior-technician"]["outside"]
    (4, True)
    >>> within_ladder(assumptions={"edges": {"skill-technician-to-senior-technician": {"years": 5}}})[3]["years"]
    5
    """
    kb = kb or load_kb()
    raw = (kb.outside.get("within_ladder") or {}).get("edges") or []
    edges = [dict(e) for e in raw]
    by_id = {e.get("id"): e for e in edges}
    assumptions = assumptions or {}
    for eid, change in (assumptions.get("edges") or {}).items():
        where = f"edges.{eid}"
        if eid not in by_id:
            raise AssumptionsError(where, eid, "no within-ladder edge has this id (see kb/outside/within_ladder.yaml)")
        if not isinstance(change, dict):
            raise AssumptionsError(where, change, "expected a mapping of changes (years, years_from, enabled…)")
        bad = set(change) - (_EDGE_KEYS - {"id", "ladder", "from", "to"})
        if bad:
            raise AssumptionsError(f"{where}.{sorted(bad)[0]}", change[sorted(bad)[0]], "cannot be overridden")
        e = by_id[eid]
        e.update(change)
        e["assumption"] = not (change.get("assumption") is False and change.get("source"))
        e["overridden"] = True
    for i, add in enumerate(assumptions.get("add") or ()):
        if not isinstance(add, dict):
            raise AssumptionsError(f"add[{i}]", add, "expected a mapping (id, ladder, from, to, years…)")
        if add.get("id") in by_id:
            raise AssumptionsError(f"add[{i}].id", add.get("id"), "already exists (override it under `edges`)")
        e = dict(add)
        e.setdefault("assumption", True)
        e["assumption"] = not (e.get("assumption") is False and e.get("source"))
        e["overridden"] = True
        edges.append(e)
        by_id[e.get("id")] = e
    out = []
    for i, e in enumerate(edges):
        where = f"add[{i - len(raw)}]" if i >= len(raw) else f"edges.{e.get('id')}"
        _check_within(kb, e, where)
        if e.get("enabled", True) is False:
            continue
        e["outside"] = True
        e["assumption"] = bool(e.get("assumption"))
        out.append(e)
    return out


def _check_within(kb: KB, e: dict[str, Any], where: str) -> None:
    bad = set(e) - _EDGE_KEYS - {"overridden"}
    if bad:
        k = sorted(bad)[0]
        raise AssumptionsError(f"{where}.{k}", e[k], "unknown key")
    if not isinstance(e.get("id"), str) or not e["id"]:
        raise AssumptionsError(f"{where}.id", e.get("id"), "every edge needs an id")
    if e.get("ladder") not in ("skill", "title"):
        raise AssumptionsError(f"{where}.ladder", e.get("ladder"), "must be skill or title")
    levels = kb.ladder(e["ladder"])
    for k in ("from", "to"):
        if e.get(k) not in levels:
            raise AssumptionsError(f"{where}.{k}", e.get(k), f"not a {e['ladder']} level ({'、'.join(levels)})")
    if levels.index(e["to"]) <= levels.index(e["from"]):
        raise AssumptionsError(f"{where}.to", e["to"], f"must be above {e['from']}")
    if not isinstance(e.get("years"), int) or isinstance(e.get("years"), bool) or e["years"] < 0:
        raise AssumptionsError(f"{where}.years", e.get("years"), "must be a whole number of years >= 0")
    if e.get("years_from", "obtained") not in ("obtained", "cumulative"):
        raise AssumptionsError(f"{where}.years_from", e.get("years_from"), "must be obtained or cumulative")
    e.setdefault("years_from", "obtained")
    series = e.get("series")
    if e["ladder"] == "title":
        if series is None:
            e["series"] = "default"
        elif series != "default" and not (isinstance(series, list) and all(isinstance(s, str) for s in series)):
            raise AssumptionsError(f"{where}.series", series, "a list of series names, or `default`")
    for j, v in enumerate(e.get("variants") or ()):
        ok = isinstance(v, dict) and isinstance(v.get("when"), dict) and isinstance(v.get("years"), int)
        if not ok:
            raise AssumptionsError(f"{where}.variants[{j}]", v, "expected {when: {field: [values]}, years: N}")
    conds = e.get("conditions") or []
    if not isinstance(conds, list):
        raise AssumptionsError(f"{where}.conditions", conds, "a list of texts")
    if e.get("enabled", True) not in (True, False):
        raise AssumptionsError(f"{where}.enabled", e.get("enabled"), "true or false")
