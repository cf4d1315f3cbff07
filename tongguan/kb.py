"""The knowledge base as plain data: clauses, vocabulary, predicates, rules.

Everything else in tongguan (the engine, the explainer, the overpass graph, the audit) reads the rules
from the `KB` object built here, never from a copy of its own.  Rule literals are written in a small
Datalog syntax inside YAML (``years_after_skill(高级工, 2, Since)``, ``not frontline``, ``R >= RS``),
parsed with lark into `Atom` values.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import kbfiles, model
from .errors import OptionError
from .model import (  # noqa: F401 (re-exported: the KB's model is imported from here too)
    _GRAMMAR,
    ARG_TYPES,
    COMPARISONS,
    PERSON_KINDS,
    Atom,
    Clause,
    KBError,
    Predicate,
    ReviewItem,
    Rule,
    Term,
    parse_literal,
)

__all__ = [
    "ARG_TYPES",
    "KB",
    "Atom",
    "Clause",
    "KBError",
    "Predicate",
    "ReviewItem",
    "Rule",
    "Term",
    "default_kb_dir",
    "load_kb",
    "load_kb_from",
    "parse_literal",
    "parse_target",
    "rule_from_data",
]

def default_kb_dir() -> Path:
    """The policy shipped with the project: `kb/` beside the package in a checkout, else the package
    data `tongguan.policy` of an installed wheel (the same files).

    Examples
    --------
    >>> (default_kb_dir() / "plan.yaml").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    checkout = here.parent / "kb"
    return checkout if (checkout / "plan.yaml").is_file() else here / "policy"


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's loader where PyYAML has it: 8× faster


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            loader = _LOADER(fh)  # a safe loader (C or pure Python)
            try:
                return loader.get_single_data()
            finally:
                loader.dispose()
    except FileNotFoundError:
        raise KBError(f"missing KB file {path}") from None
    except yaml.YAMLError as exc:
        raise KBError(f"{path}: not valid YAML ({exc})") from None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class KB:
    """The whole knowledge base, loaded once and shared by every component.

    Examples
    --------
    >>> kb = load_kb()
    >>> kb.rule("title-assistant-normal").clauses[0]
    'A1-5.1.3'
    >>> kb.ladder("skill")[2]
    '高级工'
    """

    root: Path
    clauses: dict[str, Clause]
    predicates: dict[str, Predicate]
    rules: tuple[Rule, ...]
    vocabulary: dict[str, Any]
    interpretations: list[dict[str, Any]]
    not_encoded: dict[str, str]
    outside: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)  # the policy's identity (kb/document.yaml)
    figure: dict[str, Any] = field(default_factory=dict)  # the overpass figure's nodes and layout (kb/figure.yaml)
    profile: dict[str, Any] = field(default_factory=dict)  # the person profile's schema (kb/profile.yaml)
    principles: list[dict[str, Any]] = field(default_factory=list)  # the audit's principles (kb/principles.yaml)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # the answers' notes, zh and en (kb/answer_notes.yaml)
    digest: str = ""  # the content hash of the files it was loaded from (`kb_digest`)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _memoised(self, name: str, make: Any) -> Any:
        """A derived table computed once per KB (kept on the instance: it goes when the KB goes)."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    # ---- lookups -------------------------------------------------------------------------------
    def rule(self, rule_id: str) -> Rule:
        """The rule with this ID."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def qualified(self, clause_id: str) -> str:
        """A clause ID namespaced by the document it belongs to.

        Examples
        --------
        >>> load_kb().qualified("A1-5.2.4")
        'sc-tongguan-2021:A1-5.2.4'
        """
        doc = self.document.get("id")
        return f"{doc}:{clause_id}" if doc else clause_id

    def rules_for(self, pred: str) -> list[Rule]:
        """Rules whose head is `pred`."""
        return list(self._memoised("by_head", self._by_head).get(pred, ()))

    def _by_head(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            out.setdefault(r.head.pred, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def option_rules(self) -> list[Rule]:
        """Rules that conclude an option (``option(Track, Level, Route)``)."""
        return self.rules_for("option")

    def ladder(self, name: str) -> list[str]:
        """Levels of a ladder, lowest first (``skill``, ``title``, ``qualification``)."""
        return list(self.vocabulary["ladders"][name]["levels"])

    def level_names(self, ladder: str) -> dict[str, str]:
        """Every accepted name of a ladder's levels → the level (the levels themselves and synonyms).

        Examples
        --------
        >>> load_kb().level_names("skill")["二级"]
        '技师'
        """
        spec = self.vocabulary["ladders"][ladder]
        return {lv: lv for lv in spec["levels"]} | dict(spec.get("synonyms") or {})

    def series_name(self, text: str | None) -> str | None:
        """A series as the KB names it: 工程系列 → 工程; 群众文化 → the opened slot 文物博物（群众文化）.

        Examples
        --------
        >>> load_kb().series_name("工程系列"), load_kb().series_name("群众文化")
        ('工程', '文物博物（群众文化）')
        """
        if not isinstance(text, str) or not text.strip():
            return text
        spec = self.vocabulary.get("series") or {}  # a policy may have no series (tests/policies/demo)
        alias = dict(spec.get("also_opened") or {})
        known = set(spec.get("opened") or ()) | set(spec.get("other_known") or ()) | set(alias)
        name = text.strip()
        if name not in known and name.endswith("系列") and name.removesuffix("系列") in known:
            name = name.removesuffix("系列")
        return alias.get(name, name)

    def title_display(self, series: str | None, level: str) -> str | None:
        """The series' own name of a title level (工程, 副高级 → 高级工程师), when the KB has it.

        Examples
        --------
        >>> load_kb().title_display("农业", "副高级")
        '高级农艺师'
        """
        spec = (self.vocabulary.get("title_names") or {}).get(series or "")
        return (spec.get("display") or {}).get(level) if spec else None

    def rank(self, ladder: str, level: str) -> int:
        """Position of `level` in `ladder` (1 = lowest); ValueError for a level not in it."""
        try:
            return self.ranks(ladder)[level]
        except KeyError:
            raise ValueError(f"{level!r} is not in list") from None

    def ranks(self, ladder: str) -> dict[str, int]:
        """Each level of `ladder` → its position (`rank`), computed once per KB: the engine and the
        sentences ask it for every level of every option.

        >>> load_kb().ranks("skill")["技师"]
        4
        """

        def make() -> dict[str, int]:
            out: dict[str, int] = {}
            for i, lv in enumerate(self.ladder(ladder)):
                out.setdefault(lv, i + 1)
            return out

        return self._memoised(f"ranks:{ladder}", make)

    def clause_text(self, clause_id: str) -> str:
        """The cleaned text of a clause (heading and text, with the plan's punctuation between).

        Examples
        --------
        >>> load_kb().clause_text("B-5.2")[:12]
        '创新评价机制。相关职称评'
        """
        c = self.clauses.get(clause_id)
        if c is None:
            return ""
        return (c.heading + c.heading_sep if c.heading else "") + c.text

    def base_predicates_under(self, pred: str) -> set[str]:
        """Base predicates a predicate depends on, transitively through the rules."""
        return self._reach().get(pred, {pred} if self._kind(pred) == "base" else set())

    def _kind(self, pred: str) -> str | None:
        p = self.predicates.get(pred)
        return p.kind if p else None

    def _reach(self) -> dict[str, set[str]]:
        return self._memoised("reach", self._compute_reach)

    def _compute_reach(self) -> dict[str, set[str]]:
        deps: dict[str, set[str]] = {}
        for r in self.rules:
            deps.setdefault(r.head.pred, set()).update(b.pred for b in r.body)
        out: dict[str, set[str]] = {}

        def walk(p: str, seen: set[str]) -> set[str]:
            if p in out:
                return out[p]
            if self._kind(p) == "base":
                return {p}
            acc: set[str] = set()
            for q in deps.get(p, ()):
                if q not in seen:
                    acc |= walk(q, seen | {q})
            out[p] = acc
            return acc

        for p in deps:
            walk(p, {p})
        return out

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _review_items(raw: Any, where: str) -> tuple[ReviewItem, ...]:
    items = []
    for x in raw or ():
        if isinstance(x, str):
            items.append(ReviewItem(x, ""))
        elif isinstance(x, dict) and "clause" in x:
            when = x.get("when", "always")
            if when not in ("always", "used"):
                raise KBError(f"{where}: a review item's `when` is always or used, got {when!r}")
            items.append(ReviewItem(str(x["clause"]), str(x.get("text", "")), when == "used"))
        else:
            raise KBError(f"{where}: review items are clause IDs or {{clause, text}}, got {x!r}")
    return tuple(items)


def rule_from_data(raw: Any, module: str, file: str = "", where: str | None = None) -> Rule:
    """One rule from its YAML mapping (as in kb/rules/*.yaml); raises `KBError` on a malformed rule.

    Examples
    --------
    >>> r = rule_from_data({"id": "r", "head": "option(title, 中级, normal)", "body": "series_opened & frontline"}, "m")
    >>> str(r)
    'option(title, 中级, normal) <= series_opened & frontline'
    """
    if not isinstance(raw, dict):
        raise KBError(f"{where or module}: a rule is a mapping, got {raw!r}")
    rid = raw.get("id")
    where = where or f"{file or module}: rule {rid!r}"
    if not rid or "head" not in raw:
        raise KBError(f"{where}: every rule needs an id and a head")
    anon = 0
    head = parse_literal(raw["head"])
    body = []
    body_raw = raw.get("body") or ()
    if isinstance(body_raw, str):
        body_raw = [part for part in body_raw.split("&") if part.strip()]
    for text in body_raw:
        lit = parse_literal(text, anon)
        anon += sum(1 for a in lit.args if a.is_var and a.value.startswith("_"))
        body.append(lit)
    show = tuple((str(k), str(v)) for k, v in (raw.get("show") or {}).items())
    return Rule(
        id=str(rid),
        module=module,
        head=head,
        body=tuple(body),
        clauses=tuple(str(c) for c in raw.get("clauses") or ()),
        source=str(raw.get("source") or ""),
        review=_review_items(raw.get("review"), where),
        note=raw.get("note"),
        show=show,
        file=file,
    )


def _load_rules(path: Path) -> list[Rule]:
    data = _read_yaml(path) or {}
    module = data.get("module") or path.stem
    file = str(path.relative_to(path.parents[1])) if len(path.parents) > 1 else path.name
    return [
        rule_from_data(raw, module, file, f"{path.name}: rule {raw.get('id')!r}" if isinstance(raw, dict) else None)
        for raw in data.get("rules") or ()
    ]


def _arg_types(name: str, args: tuple[str, ...], spec: dict[str, Any]) -> tuple[str, ...]:
    """The declared type of each argument (`types: {Arg: type}`); KBError on an unknown type or argument,
    or a ``dated`` predicate whose last argument is not declared a date."""
    declared = spec.get("types") or {}
    if not isinstance(declared, dict):
        raise KBError(f"predicate {name}: `types` maps argument names to types, got {declared!r}")
    for arg, kind in declared.items():
        if arg not in args:
            raise KBError(f"predicate {name}: `types` names {arg!r}, not one of its arguments {list(args)}")
        if kind not in ARG_TYPES:
            raise KBError(f"predicate {name}: argument {arg} has unknown type {kind!r} (known: {', '.join(ARG_TYPES)})")
    if spec.get("dated") and (not args or declared.get(args[-1]) != "date"):
        raise KBError(f"predicate {name}: it is `dated`, so its last argument must be declared `date` in `types`")
    return tuple(declared.get(a, "term") for a in args)


def _load_predicates(path: Path) -> dict[str, Predicate]:
    data = _read_yaml(path) or {}
    preds: dict[str, Predicate] = {}
    for kind, entries in data.items():
        for name, spec in (entries or {}).items():
            spec = spec or {}
            args = tuple(spec.get("args") or ())
            preds[name] = Predicate(
                name=name,
                kind=kind,
                args=args,
                doc=str(spec.get("doc") or ""),
                field=spec.get("field"),
                source=spec.get("from"),
                dated=bool(spec.get("dated")),
                concerns=tuple(spec.get("concerns") or ()),
                counts_from=spec.get("counts_from"),
                types=_arg_types(name, args, spec),
            )
    return preds


def _load_clauses(path: Path) -> dict[str, Clause]:
    data = _read_yaml(path) or {}
    out = {}
    for c in data.get("clauses") or ():
        out[str(c["id"])] = Clause(
            id=str(c["id"]),
            parent=c.get("parent"),
            part=str(c.get("part") or ""),
            number=str(c.get("number") or ""),
            heading=str(c.get("heading") or ""),
            text=str(c.get("text") or ""),
            number_sep=str(c.get("number_sep") or ""),
            heading_sep=str(c.get("heading_sep") or ""),
        )
    return out


def _checked(root: Path, name: str, check: Any, *args: Any) -> Any:
    """A data file of the policy folder read and checked by `tongguan.kbfiles` (its errors name the file)."""
    data = _read_yaml(root / name)
    try:
        return check(data, *args)
    except ValueError as exc:
        raise KBError(f"{name}: {exc}") from None


def load_kb_from(root: Path | str) -> KB:
    """Load a KB folder (``kb/`` or a copy of it); raises `KBError` on malformed files."""
    root = Path(root)
    if not root.is_dir():
        raise KBError(f"no KB folder at {root}")
    rules: list[Rule] = []
    for path in sorted((root / "rules").glob("*.yaml")):
        rules.extend(_load_rules(path))
    outside_dir = root / "outside"
    outside = {}
    if outside_dir.is_dir():
        for path in sorted(outside_dir.glob("*.yaml")):
            outside[path.stem] = _read_yaml(path)
    not_encoded_raw = _read_yaml(root / "not_encoded.yaml") or {}
    interp = _read_yaml(root / "interpretations.yaml") or {}
    clauses = _load_clauses(root / "plan.yaml")
    predicates = _load_predicates(root / "predicates.yaml")
    vocabulary = _read_yaml(root / "vocabulary.yaml") or {}
    base = {n: p.args for n, p in predicates.items() if p.kind == "base"}
    return KB(
        root=root,
        clauses=clauses,
        predicates=predicates,
        rules=tuple(rules),
        vocabulary=vocabulary,
        interpretations=list(interp.get("interpretations") or ()),
        not_encoded={str(e["id"]): str(e.get("reason", "")) for e in not_encoded_raw.get("clauses") or ()},
        outside=outside,
        document=_read_yaml(root / "document.yaml") if (root / "document.yaml").is_file() else {},
        figure=(_read_yaml(root / "figure.yaml") or {}) if (root / "figure.yaml").is_file() else {},
        profile=_checked(root, "profile.yaml", kbfiles.check_profile_schema, base, vocabulary),
        principles=_checked(root, "principles.yaml", kbfiles.check_principles, clauses, predicates),
        notes=_checked(root, "answer_notes.yaml", kbfiles.check_notes),
    )


def kb_digest(root: Path | str) -> str:
    """A hash of every file of a KB folder (names and bytes) and of this code's version: two folders with
    the same digest load to the same KB, and any edit changes it, so a cache keyed by it is never stale.

    Examples
    --------
    >>> len(kb_digest(default_kb_dir()))
    64
    """
    root = Path(root)
    h = hashlib.sha256(f"tongguan-kb-v1|{_code_version()}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def _code_version() -> str:
    """A hash of the modules that turn the files into a `KB`: a new loader invalidates cached KBs."""
    return hashlib.sha256(Path(__file__).read_bytes() + Path(kbfiles.__file__).read_bytes() + Path(model.__file__).read_bytes()).hexdigest()[:16]


def cache_dir() -> Path:
    """Where parsed KBs are cached: ``$TONGGUAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/tongguan``, else
    ``~/.cache/tongguan``."""
    env = os.environ.get("TONGGUAN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tongguan"


_LOADED: dict[tuple[str, str], KB] = {}  # (folder, digest) → KB, the few most recent
_KEEP = 4


def load_kb(root: str | Path | None = None) -> KB:
    """The KB at `root` (default: the shipped `kb/`).

    Loaded once per content: the same files give the same `KB` object, an edited folder a new one (the
    key is `kb_digest`, so no cache is ever stale).  The parsed KB is also kept on disk (`cache_dir`),
    so a new process skips parsing; a cache that cannot be read or written is simply not used.

    Examples
    --------
    >>> load_kb() is load_kb()
    True
    """
    folder = Path(root) if root else default_kb_dir()
    if not folder.is_dir():
        raise KBError(f"no KB folder at {folder}")
    folder = folder.resolve()
    digest = kb_digest(folder)
    key = (str(folder), digest)
    kb = _LOADED.get(key)
    if kb is None:
        kb = _read_cached(folder, digest)
        if kb is None:
            kb = load_kb_from(folder)
            kb.digest = digest
            _write_cached(folder, digest, kb)
        _LOADED[key] = kb
        while len(_LOADED) > _KEEP:
            _LOADED.pop(next(iter(_LOADED)))
    return kb


def _cache_file(folder: Path, digest: str) -> Path:
    name = hashlib.sha256(f"{folder}|{digest}|{sys.version}".encode()).hexdigest()
    return cache_dir() / f"kb-{name}.pickle"


def _read_cached(folder: Path, digest: str) -> KB | None:
    """The KB pickled by this same code for these same files, or None.  Only files this function's twin
    wrote in the user's own cache folder are read, under a name that hashes folder, content and Python."""
    path = _cache_file(folder, digest)
    try:
        with path.open("rb") as fh:
            kb = pickle.Unpickler(fh).load()  # our own cache file, named by the content's hash
    except Exception:  # a missing, partial or foreign cache is not used
        return None
    if not isinstance(kb, KB) or kb.digest != digest or kb.root != folder:
        return None
    return kb


def _write_cached(folder: Path, digest: str, kb: KB) -> None:
    path = _cache_file(folder, digest)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            memo, kb._memo = kb._memo, {}
            try:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                kb._memo = memo
        os.replace(tmp, path)
    except Exception:  # caching is an optimisation; a read-only home is fine
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)


def parse_target(kb: KB, text: str, field: str = "--target") -> tuple[str, str]:
    """``title:副高级`` → (track, level): the level normalised through the ladder's synonyms and the
    per-series title names (``title:高级工程师`` → 副高级), an exam checked against the eight.

    Raises an `OptionError` (a `ValueError`) naming `field`, the text and what was expected.

    Examples
    --------
    >>> parse_target(load_kb(), "title:高级工程师"), parse_target(load_kb(), "skill:一级")
    (('title', '副高级'), ('skill', '高级技师'))
    >>> parse_target(load_kb(), "exam:会计")
    ('exam', '会计')
    """
    voc = kb.vocabulary
    track, sep, level = str(text or "").strip().partition(":")
    track, level = track.strip(), level.strip()
    if not sep or track not in voc["tracks"]:
        raise OptionError(field, text, "target.syntax", tracks="、".join(voc["tracks"]), en={"tracks": ", ".join(voc["tracks"])})
    if track == "exam":
        if level not in voc["exams"]:
            raise OptionError(field, text, "target.exam", allowed="、".join(voc["exams"]))
        return track, level
    names = kb.level_names(track)
    if track == "title":
        for series in (voc.get("title_names") or {}).values():
            names.update(series["names"])
        for name, lv in list(names.items()):  # 副高级职称, 高级工程师职称
            names.setdefault(f"{name}职称", lv)
    if level not in names:
        ladder_zh = {"title": "职称", "skill": "技能等级"}.get(track, track)
        raise OptionError(field, text, "target.level", ladder=track, ladder_zh=ladder_zh, allowed="、".join(kb.ladder(track)))
    return track, names[level]


def normalized(text: str) -> str:
    """`text` without white space, for comparing rule sources with clause text."""
    return _norm(text)
