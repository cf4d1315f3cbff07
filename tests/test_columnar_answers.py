"""The set-at-a-time answers of the columnar back end (`tongguan.engine.columnar_answers`) are the
per-person semantics' answers as objects too, not only as JSON (tests/test_differential.py): the
conditions with their solutions, the options' evidence (both filled in on first use), equal."""

from __future__ import annotations

import datetime as dt
import pickle
import random

import tongguan.engine.columnar_backend as columnar
from benchmarks.roster_gen import person as roster_person
from tests.test_differential import boundary_person
from tongguan import Engine, load_kb, parse_profile
from tongguan.engine.columnar_answers import _Deferred, _FastOption
from tongguan.engine.columnar_answers_sql import marked_rules

KB = load_kb()


def people(n: int = 16) -> list:
    rng = random.Random(7)
    raws = [boundary_person(rng, i) if i % 2 else roster_person(rng, i) for i in range(n)]
    return [parse_profile(r, kb=KB, as_of=None if "as_of" in r else dt.date(2025, 6, 1)) for r in raws]


def test_the_answers_equal_pydatalogs_as_objects(monkeypatch):
    monkeypatch.setattr(columnar, "SMALL", 0)
    ps = people()
    duck = list(Engine(KB, backend="duckdb").evaluate_many(ps))
    monkeypatch.undo()  # what is filled on first use, by the Python evaluator of one person
    assert any(isinstance(o, _FastOption) for a in duck for o in a.options)
    pyd = list(Engine(KB).evaluate_many(ps))
    for x, y in zip(pyd, duck, strict=True):
        assert x.options == y.options, x.person.id
        assert [c.solutions for o in x.options for c in o.conditions] == [
            c.solutions for o in y.options for c in o.conditions
        ]
        assert [o.evidence for o in x.options] == [list(o.evidence) for o in y.options]


def test_a_deferred_list_is_filled_on_first_use_and_pickles_as_a_list():
    calls = []
    d = _Deferred(lambda: calls.append(1) or [1, 2], nonempty=True)
    assert d and not calls
    assert list(d) == [1, 2] and d[0] == 1 and len(d) == 2 and calls == [1]
    assert pickle.loads(pickle.dumps(_Deferred(lambda: [3], True))) == [3]
    assert not _Deferred(lambda: [], False)


def test_the_marked_rules_are_those_citing_items_or_judged_when_used():
    marked = marked_rules(KB)
    assert "assessed-undetermined" in marked and "exceptional-senior-china-skill-award" in marked
    assert "title-basics" not in marked and "assessed-pass" not in marked


def test_a_cycle_alive_during_a_chunk_is_collected_later(monkeypatch):
    """The answers are frozen out of the collector after each chunk (building them is then not
    scanned again); a reference cycle that was alive during a chunk and dies after must still be
    collected (at the latest `_COLLECT_EVERY` persons later), not leak with the frozen objects."""
    import gc
    import weakref

    import tongguan.engine.columnar_answers as answers

    monkeypatch.setattr(columnar, "SMALL", 0)
    monkeypatch.setattr(answers, "_COLLECT_EVERY", 1)

    class Cycle:
        def __init__(self):
            self.me = self

    engine, ps = Engine(KB, backend="duckdb"), people(4)
    alive = Cycle()
    dead = weakref.ref(alive)
    list(engine.evaluate_many(ps))  # frozen with this chunk's objects
    del alive
    gc.collect()  # a collection alone does not reach what is frozen...
    list(engine.evaluate_many(ps))  # ...the next chunk gives it back to the collector
    assert dead() is None
