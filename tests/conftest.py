"""Shared fixtures: the shipped KB and the YAML case files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongguan import cases, load_kb

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "kb" / "cases"

# A person who meets the basic conditions of both annexes (A1-1..4, A2-1..4) as of 2025-06-01.
BASICS = {
    "series": "工程",
    "technical_work_since": "2010-07-01",
    "assessments": {2022: "合格", 2023: "优秀", 2024: "合格"},
    "law_abiding": True,
    "good_conduct": True,
}


def load_cases() -> list[tuple[str, dict, dict]]:
    """Every case of every file under kb/cases/, with the file's defaults merged in, as
    (case ID, case, profile), read by the library's loader (`tongguan.cases.load_cases`)."""
    return [(c.id, c.raw, c.profile) for c in cases.load_cases(CASES.parent)]


@pytest.fixture(scope="session")
def kb():
    return load_kb()


# The engine's back ends every case, property and proof check runs through: pyDatalog (the engine of
# record) and the columnar back end (DuckDB), which must agree with it in every field.
BACKENDS = ["pydatalog", "duckdb"]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    """The name of a back end for `Engine(kb, backend=...)`; tests using it run once per back end."""
    return request.param
