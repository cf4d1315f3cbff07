"""Screening a roster: each `Entry` → a `Result` (its counts, best options, detail rows), in worker processes.

A person's profile is validated as `tongguan ask` validates a file (`parse_profile`), so a bad row gets
the same message, its field translated back to the roster's column (`Provenance`).  A row that fails —
a bad cell, a profile error, even a bug in evaluating it — becomes a `Result` with its error and never
stops the batch.

pyDatalog's state is per thread, so ``jobs > 1`` runs worker *processes*, one engine each, fed chunks
of entries through a bounded window: the roster is read as fast as the workers screen it, no faster,
and results come back in roster order.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..engine import STATUSES, Engine, Option, backend_named
from ..errors import NOT_GIVEN, TongguanError
from ..kb import KB, load_kb
from ..labels import STATUS_EN, STATUS_ZH, field_label, option_label
from ..profile import Profile, parse_profile
from ..sentences import person_words, worded
from .columns import RowError
from .roster import Entry

__all__ = ["BEST", "OptionRow", "Result", "Screening", "default_jobs", "screen", "screen_entry"]

BEST = 3  # options named in the summary's best options


@dataclass(frozen=True)
class Screening:
    """What every person is screened with (picklable: the workers get a copy).

    Attributes
    ----------
    backend : str
        The engine's back end (a name of `tongguan.engine.BACKENDS`).
    as_of : date or None
        Overrides every person's date of evaluation (their own ``as_of``/评估日期, else `today`).
    since : date or None
        ``--newly-eligible-since``: flag the options eligible at as_of that were not at `since`.
    by : date or None
        ``--eligible-by``: flag the options eligible, or only short of time until a day ≤ `by`.
    include_ineligible : bool
        List the ineligible options in the detail as well.
    lang : str
        Language of the errors' messages (zh or en).
    today : date or None
        The default date of evaluation (the real today otherwise).
    kb_dir : str or None
        The KB's folder (the shipped one by default).
    """

    backend: str = "pydatalog"
    as_of: dt.date | None = None
    since: dt.date | None = None
    by: dt.date | None = None
    include_ineligible: bool = False
    lang: str = "zh"
    today: dt.date | None = None
    kb_dir: str | None = None
    engine_threads: int | None = None  # a set-at-a-time engine's own threads (set for the workers)


@dataclass
class OptionRow:
    """One option of one person, as the report's detail shows it."""

    track: str
    option: str
    route: str
    status: str  # the code: eligible, conditional, not_yet, ineligible
    earliest: str | None
    clauses: str
    to_confirm: str
    missing: str
    sentence: str
    rule: str
    newly: bool | None = None
    by: bool | None = None

    @property
    def status_label(self) -> str:
        return STATUS_ZH[self.status]


@dataclass
class Result:
    """One person's outcome: who, from which rows, the error or the counts and options."""

    rows: str
    first: int
    id: str | None
    name: str | None
    as_of: str | None = None
    error_column: str | None = None
    error_value: str | None = None
    error: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    best: str = ""
    sentences: str = ""
    newly: str | None = None
    by: str | None = None
    options: list[OptionRow] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None


class _Context:
    """A worker's (or the main process's) KB and engine, built once."""

    def __init__(self, cfg: Screening):
        self.cfg = cfg
        self.kb: KB = load_kb(cfg.kb_dir)
        backend = backend_named(cfg.backend)
        if cfg.engine_threads is not None and hasattr(backend, "threads"):
            backend.threads = cfg.engine_threads
        self.engine = Engine(self.kb, backend=backend)


def _fail(entry: Entry, result: Result, exc: TongguanError, lang: str) -> Result:
    from ..messages import echo

    column, row = entry.provenance.locate(exc.field)
    if row is not None and entry.first != entry.last:
        column = f"{column}（第 {row} 行）" if lang != "en" else f"{column} (row {row})"
    result.error_column = column
    result.error_value = "" if exc.value is None or exc.value is NOT_GIVEN else echo(exc.value)
    result.error = exc.text(lang)
    return result


def _as_of(p: Profile, day: dt.date) -> Profile:
    """The person as they stood on `day`: what they held and did after it left out."""
    y = day.year

    def before(d: dt.date | None) -> bool:
        return d is None or d <= day

    return p.model_copy(
        update={
            "as_of": day,
            "skills": tuple(s for s in p.skills if before(s.obtained)),
            "titles": tuple(t for t in p.titles if before(t.obtained)),
            "awards": tuple(a for a in p.awards if a.year is None or a.year <= y),
            "assessments": {k: v for k, v in p.assessments.items() if k <= y},
            "technical_work_since": p.technical_work_since if before(p.technical_work_since) else None,
        }
    )


def _row(kb: KB, o: Option, person: Profile, lang: str = "zh", me: Any = None) -> OptionRow:
    """One option's detail row (`me`: the person's shared words, `tongguan.sentences.person_words`)."""
    me = me or person_words(kb, person)
    track, level, route = option_label(kb, o)
    clauses = o.clauses
    earliest = o.earliest
    return OptionRow(
        track=track,
        option=level,
        route=route,
        status=o.status,
        earliest=earliest.isoformat() if earliest else None,
        clauses="、".join(clauses),
        to_confirm="、".join([field_label(kb, f) for f in o.to_confirm]) if o.to_confirm else "",
        missing="；".join([m["text"] for m in o.missing]) if o.missing else "",
        # the library's plain sentence, as ask and the page say it (`tongguan.sentences.sentence`)
        sentence=worded(me, o, lang, clauses).text,
        rule=o.rule.id,
    )


def screen_entry(entry: Entry, ctx: Any) -> Result:
    """Screen one person (`ctx` is a worker's context); every failure is caught into the result.

    Examples
    --------
    >>> from tongguan.batch.roster import Entry
    >>> ctx = _Context(Screening(as_of=dt.date(2025, 6, 1)))
    >>> r = screen_entry(Entry(2, 2, data={"skills": [{"level": "九级"}]}), ctx)
    >>> r.error_column, r.error_value
    ('skills[0].level', "'九级'")
    >>> ok = screen_entry(Entry(3, 3, data={"skills": [{"level": "技师", "obtained": "2019-01-01"}]}), ctx)
    >>> ok.error is None, ok.counts["conditional"] > 0
    (True, True)
    """
    prepared = _prepare(entry, ctx)
    if isinstance(prepared, Result):
        return prepared
    result, person = prepared
    try:
        answer = ctx.engine.evaluate(person)
        past = ctx.engine.evaluate(_as_of(person, ctx.cfg.since)) if ctx.cfg.since is not None else None
    except Exception as exc:  # a bug must not stop a roster of a million: the row says so
        return _bug(entry, result, exc, ctx.cfg.lang)
    return _finish(entry, result, person, answer, past, ctx)


def _bug(entry: Entry, result: Result, exc: Exception, lang: str) -> Result:
    bug = RowError("profile", None, "roster.internal", detail=f"{type(exc).__name__}: {exc}"[:200])
    return _fail(entry, result, bug, lang)


def _prepare(entry: Entry, ctx: Any) -> Result | tuple[Result, Profile]:
    """The row validated into a profile (with its result to fill), or the row's failed result."""
    cfg: Screening = ctx.cfg
    result = Result(entry.rows, entry.first, entry.id, entry.name)
    if entry.error is not None:
        return _fail(entry, result, entry.error, cfg.lang)
    try:
        person = parse_profile(entry.data, kb=ctx.kb, as_of=cfg.as_of, today=cfg.today)
        result.as_of = person.as_of.isoformat()
        if cfg.since is not None and cfg.since > person.as_of:
            raise RowError("--newly-eligible-since", cfg.since, "roster.since_after", as_of=result.as_of)
        if cfg.by is not None and cfg.by < person.as_of:
            raise RowError("--eligible-by", cfg.by, "roster.by_before", as_of=result.as_of)
    except TongguanError as exc:
        return _fail(entry, result, exc, cfg.lang)
    except Exception as exc:
        return _bug(entry, result, exc, cfg.lang)
    return result, person


def _finish(entry: Entry, result: Result, person: Profile, answer: Any, past: Any, ctx: Any) -> Result:
    """The result filled from the person's answer (and, with --newly-eligible-since, the earlier one)."""
    cfg: Screening = ctx.cfg
    try:
        then = None
        if past is not None:
            then = {o.key for o in past.options if o.status == "eligible" or o.held}
        listed = answer.listed(include_ineligible=True)
        me = person_words(ctx.kb, person)
        rows = []
        newly, by = [], []
        for o in listed:
            result.counts[o.status] += 1
            if o.status == "ineligible" and not cfg.include_ineligible:
                continue
            r = _row(ctx.kb, o, person, cfg.lang, me)
            if then is not None:
                r.newly = o.status == "eligible" and o.key not in then
                if r.newly:
                    newly.append(f"{r.option}（{r.route}）")
            if cfg.by is not None:
                r.by = o.status == "eligible" or (
                    o.status == "not_yet" and o.earliest is not None and o.earliest <= cfg.by
                )
                if r.by:
                    by.append(f"{r.option}（{r.route}）")
            rows.append(r)
        result.options = rows
        top = [r for r in rows if r.status != "ineligible"][:BEST]
        result.best = "；".join(f"{r.option}（{r.route}）：{STATUS_ZH[r.status] if cfg.lang != 'en' else STATUS_EN[r.status]}"
                               for r in top)  # fmt: skip
        result.sentences = "\n".join(r.sentence for r in top)
        result.newly = "；".join(newly) if then is not None else None
        result.by = "；".join(by) if cfg.by is not None else None
    except TongguanError as exc:
        return _fail(entry, result, exc, cfg.lang)
    except Exception as exc:  # a bug must not stop a roster of a million: the row says so
        return _bug(entry, result, exc, cfg.lang)
    return result


def screen_chunk(entries: list[Entry], ctx: Any) -> list[Result]:
    """Screen a chunk of persons, in order.  A set-at-a-time back end (``duckdb``) evaluates the whole
    chunk at once (`tongguan.engine.Engine.evaluate_many`); pyDatalog one person after another.  A
    chunk the batch evaluation fails on is screened person by person, so one bad row stays one row."""
    if not hasattr(ctx.engine.backend.compile(ctx.kb), "open_many"):
        return [screen_entry(e, ctx) for e in entries]
    prepared = [_prepare(e, ctx) for e in entries]
    people = [p[1] for p in prepared if not isinstance(p, Result)]
    try:
        answers = list(ctx.engine.evaluate_many(people))
        pasts = (
            list(ctx.engine.evaluate_many([_as_of(p, ctx.cfg.since) for p in people]))
            if ctx.cfg.since is not None
            else [None] * len(people)
        )
    except Exception:  # fall back to one person at a time: each row then carries its own error
        return [screen_entry(e, ctx) for e in entries]
    out, i = [], 0
    for e, p in zip(entries, prepared, strict=True):
        if isinstance(p, Result):
            out.append(p)
            continue
        out.append(_finish(e, p[0], p[1], answers[i], pasts[i], ctx))
        i += 1
    return out


# ---- many persons, in order ------------------------------------------------------------------------------

_worker: list[_Context] = []


def _init(cfg: Screening) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _worker.append(_Context(cfg))


def _set_at_a_time(cfg: Screening) -> bool:
    """Whether the configured back end evaluates many persons at once (has ``open_many``)."""
    engine = Engine(load_kb(cfg.kb_dir), backend=cfg.backend)
    return hasattr(engine.backend.compile(engine.kb), "open_many")


def _screen_chunk(entries: list[Entry]) -> list[Result]:
    return screen_chunk(entries, _worker[0])


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for e in entries:
        chunk.append(e)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen(entries: Iterable[Entry], cfg: Screening, jobs: int = 1, chunk: int | None = None) -> Iterator[Result]:
    """Each entry's `Result`, in order; ``jobs > 1`` screens in that many worker processes.

    A chunk is 64 persons, or 5,000 on a set-at-a-time back end (``duckdb``: one SQL evaluation a chunk).
    At most ``2 * jobs`` chunks are in flight, so memory stays bounded whatever the roster's size.
    Closing the generator early (an error while writing, Ctrl-C) cancels what is queued.

    Examples
    --------
    >>> from tongguan.batch.roster import Entry
    >>> es = [Entry(i, i, data={"skills": [{"level": "技师", "obtained": "2019-01-01"}]}) for i in (2, 3)]
    >>> [r.rows for r in screen(es, Screening(as_of=dt.date(2025, 6, 1)))]
    ['2', '3']
    """
    if chunk is None:
        chunk = 5000 if _set_at_a_time(cfg) else 64
    if jobs <= 1:
        ctx = _Context(cfg)
        for part in _chunks(entries, chunk):
            yield from screen_chunk(part, ctx)
        return
    import dataclasses
    import multiprocessing

    # each worker's engine gets its share of the cores (DuckDB's threads): more threads than cores
    # cost CPU in scheduling and in the parallel operators (measured: 780 → 590 µs a person, 1 thread)
    cfg = dataclasses.replace(cfg, engine_threads=max(1, default_jobs() // jobs))
    # spawn: the workers start clean (no copy of the parent's threads, locks or pyDatalog state)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(cfg,))  # fmt: skip
    window: deque[Future[list[Result]]] = deque()
    try:
        for part in _chunks(entries, chunk):
            window.append(pool.submit(_screen_chunk, part))
            if len(window) >= 2 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        for f in window:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
