"""The spike that chose the columnar engine: three chained rules of kb/rules/basics.yaml
(skill_at_least, years_after, years_after_skill: vocabulary joins, a comparison, later_of and a
29-February-safe anniversary) evaluated set-at-a-time over N person-worlds, once as SQL on DuckDB and
once as polars expressions.  Run with ``python -m benchmarks.columnar_spike [N]``; the figures are in
benchmarks/README.md.
"""

from __future__ import annotations

import random
import sys
import time

import duckdb
import polars as pl

EPOCH = 719163  # date(1970, 1, 1).toordinal()
LEVELS = [("高级工", 1), ("技师", 2), ("高级技师", 3)]


def data(n: int, seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    skill = {"w": [], "level": [], "obtained": []}
    for w in range(n):
        for _ in range(rng.choice((1, 1, 2))):
            skill["w"].append(w)
            skill["level"].append(rng.choice(LEVELS)[0])
            skill["obtained"].append(rng.randint(733000, 739000))
    tws = pl.DataFrame({"w": range(n), "since": [rng.randint(730000, 739000) for _ in range(n)]})
    rank = pl.DataFrame({"level": [x for x, _ in LEVELS], "rank": [r for _, r in LEVELS]})
    return pl.DataFrame(skill), tws, rank


def by_polars(skill: pl.DataFrame, tws: pl.DataFrame, rank: pl.DataFrame) -> pl.DataFrame:
    held = skill.join(rank.rename({"level": "held", "rank": "rh"}), left_on="level", right_on="held")
    at_least = held.join(rank.rename({"level": "L", "rank": "r"}), how="cross").filter(pl.col("rh") >= pl.col("r"))
    at_least = at_least.select("w", "L", pl.col("obtained").alias("D")).unique()
    ya = at_least.join(tws, on="w").with_columns(pl.max_horizontal("D", "since").alias("From"))
    day = (pl.col("From") - EPOCH).cast(pl.Date)
    out = ya.with_columns((day.dt.offset_by("2y").cast(pl.Int64) + EPOCH).alias("Since"))
    return out.select("w", "L", "Since").unique()


def by_duckdb(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    sql = """
    WITH at_least AS (
      SELECT DISTINCT s.w, r.level AS L, s.obtained AS D
      FROM skill s JOIN rank h ON h.level = s.level JOIN rank r ON h.rank >= r.rank),
    ya AS (
      SELECT a.w, a.L, greatest(a.D, t.since) AS "From" FROM at_least a JOIN tws t ON t.w = a.w)
    SELECT DISTINCT w, L,
      CAST(datediff('day', DATE '0001-01-01', CAST(DATE '0001-01-01' + ("From" - 1) * INTERVAL 1 DAY + INTERVAL 2 YEAR AS DATE)) + 1 AS BIGINT) AS Since
    FROM ya"""
    return con.sql(sql).pl()


def measure(n: int) -> None:
    skill, tws, rank = data(n)
    rows = {}
    for name in ("polars", "duckdb"):
        t0 = time.perf_counter()
        if name == "polars":
            out = by_polars(skill, tws, rank)
        else:
            con = duckdb.connect()
            con.register("skill", skill.to_arrow())
            con.register("tws", tws.to_arrow())
            con.register("rank", rank.to_arrow())
            out = by_duckdb(con)
        dt_ = time.perf_counter() - t0
        rows[name] = out.sort(["w", "L", "Since"])
        print(f"{name:7s} N={n:>9,}  {dt_ * 1000:8.1f} ms  {n / dt_:>12,.0f} person-worlds/s  rows={out.height:,}")
    assert rows["polars"].equals(rows["duckdb"]), "the two engines disagree"


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]:
        measure(n)
