"""Planning over the two ladders: the crossings the rules give, the overpass graph, and dated paths.

``within``
    the within-ladder promotions from outside the plan (kb/outside/within_ladder.yaml) and the user's
    overrides (`load_assumptions`, `within_ladder`).
``cycles``
    how often each track's evaluation is held (kb/outside/evaluation_cycles.yaml, `evaluation_cycles`).
``crossings``
    the one derivation of the crossings from the rules (`crossings`), read by the graph and by the
    audit's balance check.
``graph``
    the overpass as a networkx graph (`build_graph`), with the nodes a person holds.
``paths``
    the planner: the fastest dated paths to a target (`fastest_paths`, `already_held`, `parse_target`).

Drawing any of it is the render layer's (`tongguan.render`).
"""

from __future__ import annotations

from typing import Any

from .crossings import Crossing, crossings, ladders
from .cycles import Calendar, evaluation_cycles
from .graph import build_graph, label_of, node_label
from .paths import (
    OUTSIDE_NOTE,
    PathResult,
    Step,
    TargetError,
    already_held,
    cycle_text,
    fastest_paths,
    parse_target,
    plan_assumptions,
)
from .within import AssumptionsError, AssumptionsFileError, load_assumptions, within_ladder

__all__ = [
    "ASSUMPTIONS",
    "OUTSIDE_NOTE",
    "AssumptionsError",
    "AssumptionsFileError",
    "Calendar",
    "Crossing",
    "PathResult",
    "Step",
    "TargetError",
    "already_held",
    "build_graph",
    "crossings",
    "cycle_text",
    "evaluation_cycles",
    "fastest_paths",
    "label_of",
    "ladders",
    "load_assumptions",
    "node_label",
    "parse_target",
    "plan_assumptions",
    "within_ladder",
]


def __getattr__(name: str) -> Any:
    """`ASSUMPTIONS` (the shipped policy's plan assumptions), read when first asked for."""
    if name == "ASSUMPTIONS":
        from . import paths

        return paths.ASSUMPTIONS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
