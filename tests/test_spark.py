"""The Spark back end (`tongguan.engine.spark_backend`): the columnar plan's SQL, transpiled by sqlglot,
run on a local Spark (``local[2]``) gives DuckDB's answers, and pyDatalog's, in every field of every
option, on a few thousand persons of the differential test's population.

Spark needs Java (``.ci/run`` installs Debian's Java 17 where it is missing): without a ``java``
the tests are skipped, saying so.  They run in every ``make test`` (idle 2-core machine: ~3 min for
2,000 persons, Spark's start and its ~100 jobs included); ``make sparktest SPARK_N=…`` runs them on
another population size.  One Spark session for the module.
``TONGGUAN_SPARK_N`` sets the population (default 2,000).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil

import pytest

from tests.test_differential import KB, SEED, answer_json, digest, fingerprint, first_difference, population
from tongguan import Engine, parse_profile

pytestmark = [
    pytest.mark.skipif(
        shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
        reason="no Java (java not on PATH, no JAVA_HOME): Spark cannot start; .ci/run installs openjdk-17-jre-headless",
    ),
]
N = int(os.environ.get("TONGGUAN_SPARK_N", "2000"))


@pytest.fixture(scope="module")
def spark():
    from tongguan.engine import spark_backend

    session = spark_backend.spark_session("local[2]")
    yield session
    session.stop()


def test_spark_answers_as_duckdb_and_pydatalog_on_a_few_thousand_persons(spark, request):
    from tongguan.engine import spark_backend

    people = [parse_profile(r, kb=KB, as_of=None if "as_of" in r else dt.date(2025, 6, 1)) for r in population(N)]
    assert len(people) == N
    engine = Engine(KB, backend=spark_backend.SparkBackend())
    assert engine.backend.compile(KB).spark.sparkContext is spark.sparkContext
    got = [answer_json(a) for a in engine.evaluate_many(people)]
    duck = [answer_json(a) for a in Engine(KB, backend="duckdb").evaluate_many(people)]
    for p, x, y in zip(people, duck, got, strict=True):
        assert x == y, f"{p.id}: {first_difference(x, y).replace('pydatalog', 'duckdb').replace('columnar', 'spark')}"
    # pyDatalog, the engine of record: the differential test's cached digests of the same persons, else computed
    cache = getattr(request.config, "cache", None)
    cached = (cache.get(f"tongguan/pydatalog-digests/{fingerprint()}/{SEED}", None) if cache is not None else None) or []
    have = cached[:N]
    want = have + [digest(a) for a in Engine(KB).evaluate_many(people[len(have) :])]
    for p, d, w in zip(people, duck, want, strict=True):  # a stale cached digest: pyDatalog asked again
        mine = hashlib.sha256(d.encode()).hexdigest()[:20]
        assert mine == w or answer_json(Engine(KB).evaluate(p)) == d, f"{p.id}: spark/duckdb != pydatalog"

