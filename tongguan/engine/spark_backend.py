"""The Spark back end: the columnar back end's compiled plan run on Apache Spark, for a register too
big for one machine.

The plan is the one `tongguan.engine.columnar_sql` compiles for DuckDB (`plan.statements`, in
dependency order); each SELECT is transpiled from DuckDB's dialect to Spark SQL by sqlglot
(`to_spark_sql`, with two rewrites sqlglot does not make: DuckDB's ``to_years(n)`` interval and the
``range`` column of ``range(n)``).  The inputs are the same Arrow tables
(`columnar_backend._Compiled.input_tables`), turned into Spark DataFrames; every statement's result
is materialised (``localCheckpoint``) and registered as a temporary view under the plan's table
name; the tables the sessions read (`_Compiled.outputs`) come back as Arrow into the same
``_Tables`` shape, so the DuckDB back end's sessions and `tongguan.engine.semantics` answer from them
unchanged.  Registered as ``spark`` (``Engine(backend="spark")``), imported when first named.

The SparkSession: ``local[2]`` unless ``$TONGGUAN_SPARK_MASTER`` names a master URL (``yarn``,
``spark://host:7077``, ``k8s://...``); under ``spark-submit`` the session it made is used.  Each
compiled KB has its own Spark session (`SparkSession.newSession`: its own temporary views) over the
one Spark context of the process.

`answer_rows` turns rows of a Parquet register of persons (``id``, ``profile`` as JSON) into answer
rows, for a job that screens a register on a cluster (docs/spark.md).

This is the only module of tongguan that imports pyspark or sqlglot (the optional extra
``tongguan[spark]``).  The SQL is generated from the rule data only; the facts reach Spark as Arrow
columns, never as SQL text.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import sqlglot
from pyspark.sql import DataFrame, SparkSession
from sqlglot import exp

from ..kb import KB
from .backend import BACKENDS
from .builtins import UNKNOWN
from .columnar_backend import DuckDBBackend, _Compiled, _Tables, world_names
from .facts import Facts

__all__ = ["MASTER_ENV", "SparkBackend", "answer_rows", "spark_session", "to_spark_sql"]

MASTER_ENV = "TONGGUAN_SPARK_MASTER"
# Up to this many worlds the plan runs in Python (`columnar_small`), as on the DuckDB back end: a Spark
# job costs ~0.1-1 s however few the rows.  Beyond, on Spark.
SMALL = 2_000
_session_lock = threading.Lock()


def to_spark_sql(sql: str) -> str:
    """A SELECT of the plan, in DuckDB's dialect, as Spark SQL.

    sqlglot transpiles the dialect (quoted names, ``date_diff``, casts); two constructs it leaves as
    DuckDB's are rewritten on its syntax tree: ``to_years(n)`` (a year interval) becomes
    ``make_ym_interval(n, 0)`` (a date plus it is the same day N years on, 29 February → 28 February
    as in DuckDB), and ``range(n)``'s column ``range`` becomes ``col``, the column of the
    ``explode(sequence(...))`` sqlglot makes of it.

    Examples
    --------
    >>> to_spark_sql('SELECT d + to_years(CAST(3 AS INTEGER)) AS "Since" FROM t')
    'SELECT d + MAKE_YM_INTERVAL(CAST(3 AS INT), 0) AS `Since` FROM t'
    >>> to_spark_sql("SELECT e FROM (SELECT range AS e FROM range(4)) t2")
    'SELECT e FROM (SELECT col AS e FROM EXPLODE(SEQUENCE(0, 3))) AS t2'
    """
    tree = sqlglot.parse_one(sql, read="duckdb")

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and str(node.this).lower() == "to_years":
            return exp.Anonymous(this="make_ym_interval", expressions=[*node.expressions, exp.Literal.number(0)])
        if isinstance(node, exp.Select):
            source = node.args.get("from_") or node.args.get("from")
            if source is not None and isinstance(source.this, exp.Table) and isinstance(source.this.this, exp.GenerateSeries):
                for col in node.find_all(exp.Column):
                    if col.name == "range" and not col.table:
                        col.set("this", exp.to_identifier("col"))
        return node

    return tree.transform(rewrite).sql(dialect="spark")


def spark_session(master: str | None = None) -> SparkSession:
    """The process's SparkSession: the active one (e.g. made by ``spark-submit``), else one started
    on `master`, ``$TONGGUAN_SPARK_MASTER`` or ``local[2]``.

    Started for small jobs: no web UI, no console progress bar, few shuffle partitions in local mode
    (a cluster's own settings, from ``spark-submit --conf``, are kept).
    """
    with _session_lock:
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        master = master or os.environ.get(MASTER_ENV) or "local[2]"
        builder = (
            SparkSession.builder.master(master)
            .appName("tongguan")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
        )
        if master.startswith("local"):
            builder = builder.config("spark.sql.shuffle.partitions", "4").config("spark.default.parallelism", "4")
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark


def _arrow_for_spark(table: pa.Table) -> pa.Table:
    """Columns without a type (a vocabulary table with no rows) as text: Spark takes no null type."""
    for k, f in enumerate(table.schema):
        if pa.types.is_null(f.type):
            table = table.set_column(k, f.name, table.column(k).cast(pa.string()))
    return table


def _read(table: pa.Table) -> tuple[list[int], list[tuple]]:
    """A result table as the DuckDB back end reads it: sorted by world, its integer NULLs `UNKNOWN`."""
    table = table.sort_by("w")
    cols = [c.to_pylist() for c in table.columns]
    for k, c in enumerate(cols[1:], 1):
        t = table.schema.field(k).type
        if pa.types.is_integer(t) or pa.types.is_null(t):
            cols[k] = [UNKNOWN if v is None else v for v in c]
    return cols[0], list(zip(*cols[1:], strict=True)) if len(cols) > 1 else [()] * len(cols[0])


class _SparkCompiled(_Compiled):
    """The KB compiled into the columnar plan, its statements transpiled to Spark SQL; the sessions
    are the DuckDB back end's (`_Compiled.open_many`), over tables Spark computed."""

    def __init__(self, kb: KB, spark: SparkSession | None = None):
        super().__init__(kb)
        self.spark = (spark or spark_session()).newSession()
        # the plan's names are case-sensitive: a rule's variable ``W`` beside the world column ``w``
        self.spark.conf.set("spark.sql.caseSensitive", "true")
        self.spark_statements = [(table, to_spark_sql(sql)) for table, sql in self.plan.statements]
        for name, rows in self.vocab.items():
            n = len(kb.predicates[name].args)
            arrow = _arrow_for_spark(pa.table({f"a{i}": [r[i] for r in rows] for i in range(n)}))
            self.spark.createDataFrame(arrow).createOrReplaceTempView(f"v_{name}")
        self._lock = threading.Lock()

    def evaluate(self, facts_list: Sequence[Facts]) -> tuple[_Tables, list[dict[str, int]]]:
        """Every rule over every world of every person, on Spark (a few worlds: in Python)."""
        if sum(len(world_names(f)) for f in facts_list) <= SMALL:
            return self._evaluate_small(facts_list)
        inputs, ids = self.input_tables(facts_list)
        with self._lock:  # one evaluation at a time holds this session's temporary views
            return self.run_on_spark(inputs), ids

    def answer_many(self, profiles: Sequence[Any], facts_list: Sequence[Facts]) -> None:
        """None: the set-at-a-time answer builder (`tongguan.engine.columnar_answers`) reads DuckDB's
        connection, so on Spark the semantics answers each person from the tables Spark computed."""
        return None

    def run_on_spark(self, inputs: dict[str, pa.Table]) -> _Tables:
        """The plan's statements on Spark over `inputs` (`input_tables`), the outputs read back."""
        spark = self.spark
        made: list[DataFrame] = []
        names = []
        for name, table in inputs.items():
            view = "worlds" if name == "worlds_arrow" else name
            spark.createDataFrame(_arrow_for_spark(table)).createOrReplaceTempView(view)
            names.append(view)
        try:
            for table, sql in self.spark_statements:
                df = spark.sql(sql).localCheckpoint(eager=True)  # materialised: later statements read it
                df.createOrReplaceTempView(table)
                made.append(df)
                names.append(table)
            tables = _Tables()
            for table in self.outputs:
                tables.tables[table] = _read(spark.table(table).toArrow())
            return tables
        finally:
            for view in names:
                spark.catalog.dropTempView(view)
            for df in made:
                df.unpersist()




class SparkBackend(DuckDBBackend):
    """The columnar plan on Apache Spark (`_SparkCompiled`), every person at once (`open_many`).

    Examples
    --------
    >>> SparkBackend.name
    'spark'
    """

    name = "spark"

    def make(self, kb: KB) -> _SparkCompiled:
        return _SparkCompiled(kb)


BACKENDS["spark"] = SparkBackend


def answer_rows(records: Sequence[dict[str, Any]], kb: KB | None = None, backend: str = "duckdb") -> list[dict[str, Any]]:
    """The answers of a batch of register rows (``id``, ``profile`` as JSON text, other columns
    kept), one output row each: the other columns, ``id``, ``as_of``, ``eligible`` (the options open
    now, as ``track/level/route``), ``error`` (the profile's problem, else None) and ``answer`` (the
    answer's JSON, every option).  A profile that fails validation gives its error, not a crash.

    Examples
    --------
    >>> rows = answer_rows([{"id": "A1", "profile": '{"skills": "not a list"}'}])
    >>> rows[0]["id"], rows[0]["answer"], bool(rows[0]["error"])
    ('A1', None, True)
    """
    import json

    from ..errors import TongguanError
    from ..kb import load_kb
    from ..profile import parse_profile
    from .semantics import Engine

    kb = kb or load_kb()
    out: list[dict[str, Any]] = []
    parsed, where = [], []
    for rec in records:
        row = {k: v for k, v in rec.items() if k != "profile"}
        row.update(as_of=None, eligible=None, error=None, answer=None)
        try:
            raw = json.loads(rec["profile"])
            if not isinstance(raw, dict):
                raise ValueError("profile: not a JSON object")
            raw.setdefault("id", rec.get("id"))
            parsed.append(parse_profile(raw, kb=kb))
            where.append(len(out))
        except (TongguanError, ValueError, TypeError) as e:
            row["error"] = str(e).splitlines()[0] if str(e) else type(e).__name__
        out.append(row)
    for k, answer in zip(where, Engine(kb, backend=backend).evaluate_many(parsed), strict=True):
        body = answer.to_dict(include_ineligible=True)
        out[k]["as_of"] = answer.as_of.isoformat()
        out[k]["eligible"] = [f"{o.track}/{o.level}/{o.route}" for o in answer.listed() if o.status == "eligible"]
        out[k]["answer"] = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return out

