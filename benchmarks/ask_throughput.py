"""Throughput of `tongguan ask`'s evaluation: cost per person, and how it scales.

Prints the cost per person, the ratio of the per-person cost of a batch
(`tongguan.engine.evaluate_many`) at 1,000 people to that at 100 people (1.0 = linear), and the ratio
of the batch to a plain loop of `Engine.evaluate` (1.0 = the batch adds nothing).  Each measurement runs in a fresh thread, so each
starts from a freshly compiled pyDatalog logic.  Run with ``python -m benchmarks.ask_throughput``.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable

from tongguan import Engine, Profile, evaluate_many, load_kb, parse_profile

AS_OF = dt.date(2025, 6, 1)
SKILLS = ["高级工", "技师", "高级技师"]
TITLES = ["助理级", "中级", "副高级", "正高级"]
AWARDS = [
    {"kind": "四川省技术能手"},
    {"kind": "全国技术能手"},
    {"kind": "中华技能大奖"},
    {"kind": "世界技能大赛", "medal": "银"},
    {"kind": "国家级技能竞赛", "class": "一类", "rank": 3, "team_size": 2},
    {"kind": "省部级科学技术奖"},
]
SERIES = ["工程", "农业", "工艺美术", "群众文化", "卫生", None]
GRADES = ["合格", "优秀", "称职", "基本合格"]


def day(rng: random.Random, first: int, last: int) -> str:
    start = dt.date(first, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last, 12, 31).toordinal())).isoformat()


def people(n: int, seed: int = 7) -> list[Profile]:
    """`n` varied, valid profiles (known and unknown facts, both tracks, awards, school classes)."""
    rng = random.Random(seed)
    kb = load_kb()
    out = []
    for i in range(n):
        data: dict = {"id": f"p{i}", "technical_work_since": day(rng, 2000, 2020)}
        if (series := rng.choice(SERIES)) is not None:
            data["series"] = series
        if rng.random() < 0.7:
            data["skills"] = [{"level": rng.choice(SKILLS), "obtained": day(rng, 2010, 2024)}]
        if rng.random() < 0.5:
            data["titles"] = [{"level": rng.choice(TITLES), "obtained": day(rng, 2008, 2024)}]
        if rng.random() < 0.3:
            data["awards"] = [{**rng.choice(AWARDS), "year": rng.randint(2010, 2024)}]
        years = [y for y in (2022, 2023, 2024) if rng.random() < 0.9]
        data["assessments"] = {y: rng.choice(GRADES) for y in years}
        for flag in ("law_abiding", "good_conduct", "frontline", "relevant_diploma", "foreign_language"):
            if rng.random() < 0.8:
                data[flag] = rng.random() < 0.9
        if rng.random() < 0.2:
            data["technical_school_class"] = rng.choice(["中级工班", "高级工班", "预备技师班"])
        out.append(parse_profile(data, kb=kb, as_of=AS_OF))
    return out


def in_fresh_thread(fn: Callable[[], None]) -> float:
    """Seconds `fn` takes in a new thread (its own pyDatalog logic, compiled before timing)."""
    result: list[float] = []

    def run() -> None:
        Engine(load_kb()).evaluate(people(1, seed=99)[0])  # compile this thread's logic first
        t0 = time.perf_counter()
        fn()
        result.append(time.perf_counter() - t0)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return result[0]


def batch(ps: list[Profile]) -> Callable[[], None]:
    return lambda: list(evaluate_many(ps))


def loop(ps: list[Profile]) -> Callable[[], None]:
    def run() -> None:
        engine = Engine()
        for p in ps:
            engine.evaluate(p)

    return run


def best(fn: Callable[[], None], repeat: int) -> float:
    """The fastest of `repeat` runs, each in a fresh thread (timings on a shared machine are noisy)."""
    return min(in_fresh_thread(fn) for _ in range(repeat))


def main(repeat: int = 2) -> None:
    """Measure and print the ratios (each timing the best of `repeat` runs)."""
    small, large = people(100), people(1000)
    per_small = best(batch(small), repeat + 1) / len(small)
    per_large = best(batch(large), repeat) / len(large)
    per_loop = best(loop(large), repeat) / len(large)
    print(f"per person (batch of 1,000, answers kept): {per_large * 1000:.1f} ms")
    print(f"per person (batch of 100, answers kept):   {per_small * 1000:.1f} ms")
    print(f"per person (plain loop of 1,000):          {per_loop * 1000:.1f} ms")
    print(f"per-person cost, 1,000 vs 100 people (batch): {per_large / per_small:.2f}")
    print(f"batch vs plain loop (1,000 people):           {per_large / per_loop:.2f}")


if __name__ == "__main__":
    main()
