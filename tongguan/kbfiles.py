"""The policy folder's data files besides the rules: the profile schema (``profile.yaml``), the audit's
principles (``principles.yaml``) and the answers' notes (``answer_notes.yaml``), checked as they load.

Each checker takes the parsed YAML (and the parts of the KB it refers to) and returns plain data, or
raises `ValueError` with a message naming the entry; `tongguan.kb` turns it into a `KBError` naming the
file.  Nothing here knows Sichuan: the files say what a second policy would say differently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = [
    "FIELD_TYPES",
    "PRINCIPLE_CHECKS",
    "check_notes",
    "check_principles",
    "check_profile_schema",
    "in_lang",
    "vocabulary_part",
]

FIELD_TYPES = ("text", "date", "year", "count", "flag", "choice", "level", "records", "by_year")
_SCALAR_TYPES = ("text", "date", "year", "count", "flag", "choice", "level")
_ASSUME_WORDS = ("long_ago", True)
_ALLOWED = ("listed", "sorted")
_SPEC_KEYS = {
    "type", "doc", "required", "default", "domain", "synonyms", "unknown", "allowed", "ladder", "names",
    "names_when", "normalise", "after_as_of", "role", "feeds", "known", "assume", "exhaustive", "detail",
    "absent", "fields", "model", "id", "details", "value", "values",
}  # fmt: skip


def vocabulary_part(vocabulary: dict[str, Any], path: str) -> Any:
    """The part of vocabulary.yaml a dotted path names (``ladders.skill``), or None.

    Examples
    --------
    >>> vocabulary_part({"ladders": {"skill": {"levels": [1, 2]}}}, "ladders.skill")
    {'levels': [1, 2]}
    >>> vocabulary_part({}, "medals") is None
    True
    """
    data: Any = vocabulary
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def in_lang(text: Any, lang: str = "zh") -> str:
    """A policy text given as ``{zh, en}`` (or as one text for both) in `lang`; a language it lacks reads
    as the other (the audit reports the gap: `tongguan.audit.coverage`).

    Examples
    --------
    >>> in_lang({"zh": "近3年指哪几年？", "en": "Which years are 近3年?"}, "en")
    'Which years are 近3年?'
    >>> in_lang("one text", "zh")
    'one text'
    """
    if isinstance(text, dict):
        want, other = ("en", "zh") if lang == "en" else ("zh", "en")
        return str(text.get(want) or text.get(other) or "")
    return "" if text is None else str(text)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{where}: {value!r} is not a whole number ≥ 1")
    return value


def _check_assume(assume: Any, where: str, vocabulary: dict[str, Any]) -> None:
    if assume in _ASSUME_WORDS:
        return
    if not isinstance(assume, dict) or len(assume) not in (1, 2):
        raise ValueError(f"{where}: assume is long_ago, true, {{every: part}}, {{first: part}}, {{values: [...]}} or {{years: assessment_windows, value: ...}}, got {assume!r}")
    if "years" in assume:
        if assume["years"] != "assessment_windows" or "value" not in assume:
            raise ValueError(f"{where}: assume {{years: ...}} is {{years: assessment_windows, value: ...}}, got {assume!r}")
        _check_assume(assume["value"], f"{where}.value", vocabulary)
        return
    ((how, what),) = assume.items()
    if how == "values":
        if not isinstance(what, list) or not what:
            raise ValueError(f"{where}: assume values is a non-empty list, got {what!r}")
    elif how in ("every", "first"):
        part = vocabulary_part(vocabulary, str(what))
        if not isinstance(part, list | dict) or not part:
            raise ValueError(f"{where}: assume {how}: {what!r} names no list of vocabulary.yaml")
    else:
        raise ValueError(f"{where}: assume {how!r} is not one of every, first, values, years")


def _check_field(name: str, spec: Any, where: str, vocabulary: dict[str, Any], in_record: bool) -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: a field is a mapping with a type, got {spec!r}")
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        raise ValueError(f"{where}: type {kind!r} is not one of {', '.join(FIELD_TYPES)}")
    if in_record and kind in ("records", "by_year"):
        raise ValueError(f"{where}: a record's field is a scalar ({', '.join(_SCALAR_TYPES)})")
    for part in spec.get("domain") or ():
        if vocabulary_part(vocabulary, str(part)) is None:
            raise ValueError(f"{where}: domain {part!r} names no part of vocabulary.yaml")
    for key in ("synonyms", "names"):
        if key in spec and not isinstance(vocabulary_part(vocabulary, str(spec[key])), dict):
            raise ValueError(f"{where}: {key} {spec[key]!r} names no mapping of vocabulary.yaml")
    if spec.get("allowed") not in (None, *_ALLOWED):
        raise ValueError(f"{where}: allowed is listed or sorted, got {spec['allowed']!r}")
    if "unknown" in spec and not spec.get("domain"):
        raise ValueError(f"{where}: an `unknown` message needs the domain it checks")
    if kind == "choice" and (not isinstance(spec.get("values"), list) or not spec["values"]):
        raise ValueError(f"{where}: a choice needs its values")
    if kind == "level":
        ladder = spec.get("ladder")
        ladders = vocabulary.get("ladders") or {}
        names = [ladder] if isinstance(ladder, str) else [v for k, v in (ladder or {}).items() if k != "by"]
        if not names or (isinstance(ladder, dict) and "by" not in ladder):
            raise ValueError(f"{where}: a level needs its ladder (a name, or {{by: field, value: ladder...}})")
        for lad in names:
            if lad not in ladders:
                raise ValueError(f"{where}: ladder {lad!r} is not in vocabulary.yaml ladders")
    if kind == "by_year" and spec.get("value") not in _SCALAR_TYPES:
        raise ValueError(f"{where}: a by_year field needs the type of its values (value: text...)")
    if spec.get("normalise") not in (None, "series"):
        raise ValueError(f"{where}: normalise is series, got {spec['normalise']!r}")
    if spec.get("role") not in (None, "as_of"):
        raise ValueError(f"{where}: role is as_of, got {spec['role']!r}")
    if "assume" in spec:
        _check_assume(spec["assume"], f"{where}.assume", vocabulary)
    if kind == "records":
        fields = spec.get("fields")
        if not isinstance(fields, dict) or not fields:
            raise ValueError(f"{where}: a records field needs its fields")
        if not str(spec.get("model") or "").isidentifier():
            raise ValueError(f"{where}: a records field needs a model name (e.g. Skill)")
        details = spec.get("details")
        if details is not None and (not isinstance(details, dict) or set(details) != {"vocabulary", "by", "list"}):
            raise ValueError(f"{where}: details is {{vocabulary: part, by: field, list: key}}, got {details!r}")
        spec = {**spec, "fields": {str(k): _check_field(str(k), v, f"{where}.{k}", vocabulary, True) for k, v in fields.items()}}
        if any(f.get("detail") for f in spec["fields"].values()) and details is None:
            raise ValueError(f"{where}: detail fields need the record's `details`")
    return spec


def _check_feeds(name: str, spec: dict[str, Any], where: str, base: dict[str, tuple[str, ...]]) -> None:
    feeds = spec.get("feeds")
    if feeds is None:
        return
    if isinstance(feeds, str):
        feeds = {feeds: [] if spec["type"] == "flag" else ["$value"]}
    elif spec["type"] not in ("records", "by_year"):
        raise ValueError(f"{where}: a {spec['type']} field feeds one predicate, by name")
    if not isinstance(feeds, dict):
        raise ValueError(f"{where}: feeds is a predicate name or {{predicate: [argument fields]}}")
    if spec["type"] == "by_year" and any(sorted(args) != ["$key", "$value"] for args in feeds.values()):
        raise ValueError(f"{where}: a by_year field feeds predicates of its two arguments, $key and $value")
    inner = spec.get("fields") or {}
    for pred, args in feeds.items():
        if pred not in base:
            raise ValueError(f"{where}: feeds {pred!r}, which predicates.yaml does not declare as base")
        if not isinstance(args, list) or len(args) != len(base[pred]):
            raise ValueError(f"{where}: feeds {pred} with {args!r}, but it takes {len(base[pred])} argument(s) ({', '.join(base[pred])})")
        for a in args:
            ok = a in inner or a in ("$id", "$key", "$value")
            if not ok or (a == "$id" and "id" not in spec):
                raise ValueError(f"{where}: feeds {pred}: argument {a!r} is not a field of the record (or $id with the record's id)")


def check_profile_schema(data: Any, base: dict[str, tuple[str, ...]], vocabulary: dict[str, Any]) -> dict[str, Any]:
    """profile.yaml checked: bounds, fields with known types, domains in the vocabulary, the base
    predicates they feed (`base`: name → argument names) with the right number of arguments.

    Examples
    --------
    >>> s = check_profile_schema({"fields": {"as_of": {"type": "date", "role": "as_of", "feeds": "as_of"}}}, {"as_of": ("Date",)}, {})
    >>> s["bounds"]["first_day"], s["facts_order"]
    (datetime.date(1900, 1, 1), ['as_of'])
    >>> check_profile_schema({"fields": {"x": {"type": "colour"}}}, {}, {})
    Traceback (most recent call last):
    ...
    ValueError: fields.x: type 'colour' is not one of text, date, year, count, flag, choice, level, records, by_year
    """
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict) or not data["fields"]:
        raise ValueError("the profile schema is a mapping with `fields` (see the shipped kb/profile.yaml)")
    raw = dict(data.get("bounds") or {})
    bounds = {
        "first_day": _date(raw.get("first_day", "1900-01-01"), "bounds.first_day"),
        "last_day": _date(raw.get("last_day", "2200-12-31"), "bounds.last_day"),
        "last_as_of": _date(raw.get("last_as_of", raw.get("last_day", "2200-12-31")), "bounds.last_as_of"),
        "list": _int(raw.get("list", 100), "bounds.list"),
        "count": _int(raw.get("count", 999), "bounds.count"),
    }
    if not bounds["first_day"] <= bounds["last_as_of"] <= bounds["last_day"]:
        raise ValueError("bounds: first_day ≤ last_as_of ≤ last_day")
    fields = {str(k): _check_field(str(k), v, f"fields.{k}", vocabulary, False) for k, v in data["fields"].items()}
    roles = [k for k, v in fields.items() if v.get("role") == "as_of"]
    if len(roles) != 1 or fields[roles[0]]["type"] != "date":
        raise ValueError("fields: exactly one date field has role: as_of (the evaluation date)")
    for name, spec in fields.items():
        _check_feeds(name, spec, f"fields.{name}", base)
    order = data.get("facts_order") or [k for k, v in fields.items() if "feeds" in v]
    if not isinstance(order, list) or set(order) != {k for k, v in fields.items() if "feeds" in v} or len(order) != len(set(order)):
        raise ValueError("facts_order lists each field that feeds a predicate, once")
    return {"bounds": bounds, "facts_order": [str(x) for x in order], "fields": fields}


PRINCIPLE_CHECKS = ("concerns", "balance")


def check_principles(data: Any, clauses: dict[str, Any], predicates: dict[str, Any]) -> list[dict[str, Any]]:
    """principles.yaml checked: each principle's id, clause (one of plan.yaml), sentence, title, check
    (`PRINCIPLE_CHECKS`), and for ``concerns`` the option rules it governs and the tags it forbids.

    Examples
    --------
    >>> check_principles({"principles": [{"id": "P", "clause": "C", "quote": "q", "title": "t",
    ...     "check": "concerns", "rules": {"track": "title"}, "forbids": ["学历"]}]}, {"C": None}, {})[0]["forbids"]
    ['学历']
    """
    if not isinstance(data, dict) or not isinstance(data.get("principles"), list):
        raise ValueError("principles.yaml is a mapping with a list `principles`")
    out, seen = [], set()
    selectors = {"track", "level", "route"}
    for i, p in enumerate(data["principles"]):
        where = f"principles[{i}]"
        if not isinstance(p, dict):
            raise ValueError(f"{where}: a principle is a mapping")
        for key in ("id", "clause", "quote", "title", "check"):
            if key not in p:
                raise ValueError(f"{where}: a principle needs {key}")
        pid = str(p["id"])
        if pid in seen:
            raise ValueError(f"{where}: duplicate id {pid!r}")
        seen.add(pid)
        if str(p["clause"]) not in clauses:
            raise ValueError(f"{where} ({pid}): clause {p['clause']!r} is not in plan.yaml")
        clause = clauses[str(p["clause"])]
        said = "".join(str(getattr(clause, k, "") or "") for k in ("heading", "text")).replace(" ", "")
        if clause is not None and str(p["quote"]).replace(" ", "") not in said:
            raise ValueError(f"{where} ({pid}): the quote is not in the text of {p['clause']}")
        if p["check"] not in PRINCIPLE_CHECKS:
            raise ValueError(f"{where} ({pid}): check {p['check']!r} is not one of {', '.join(PRINCIPLE_CHECKS)}")
        entry = {k: str(p[k]) for k in ("id", "clause", "quote", "check")}
        title = p["title"]  # a text, or {zh, en} (the audit's report in either language)
        if isinstance(title, dict):
            if not {"zh", "en"} <= set(title):
                raise ValueError(f"{where} ({pid}): a title is a text or a mapping {{zh, en}}")
            entry |= {"title": str(title["zh"]), "title_en": str(title["en"])}
        else:
            entry |= {"title": str(title), "title_en": str(title)}
        if "named" in p:
            if str(p["named"]) not in entry["quote"]:
                raise ValueError(f"{where} ({pid}): `named` is a phrase of the quote")
            entry["named"] = str(p["named"])
        if p["check"] == "concerns":
            rules = p.get("rules")
            if not isinstance(rules, dict) or not rules or set(rules) - selectors:
                raise ValueError(f"{where} ({pid}): rules selects option rules by track, level and/or route")
            forbids = p.get("forbids")
            if not isinstance(forbids, list) or not forbids or not all(isinstance(t, str) for t in forbids):
                raise ValueError(f"{where} ({pid}): forbids is a non-empty list of concern tags")
            entry |= {"what": str(p.get("what") or pid), "rules": {str(k): str(v) for k, v in rules.items()}, "forbids": list(forbids)}
        out.append(entry)
    return out


def check_notes(data: Any) -> dict[str, dict[str, str]]:
    """answer_notes.yaml checked: each note has a Chinese and an English text (format templates).

    Examples
    --------
    >>> check_notes({"notes": {"x": {"zh": "中", "en": "en"}}})
    {'x': {'zh': '中', 'en': 'en'}}
    """
    if not isinstance(data, dict) or not isinstance(data.get("notes"), dict):
        raise ValueError("answer_notes.yaml is a mapping with a mapping `notes` (key → {zh, en})")
    out = {}
    for key, note in data["notes"].items():
        if not isinstance(note, dict) or not isinstance(note.get("zh"), str) or not isinstance(note.get("en"), str):
            raise ValueError(f"notes.{key}: a note has a zh and an en text")
        out[str(key)] = {"zh": note["zh"], "en": note["en"], **({"clause": str(note["clause"])} if "clause" in note else {})}
    return out
