"""Policy variants: a reform file applied to the base KB, its diff, and its effect on a roster.

The parts: `model` (the reform file, a rule's parameters, the variant `KB`), `diff` (rule by rule what
changed, with the clauses and sentences), `simulate` (a roster under the base and the variant: who gains,
loses, or changes earliest date), `chart` (the gains and losses per option, PNG).  docs/reform.md
describes the file.
"""

from __future__ import annotations

from .diff import Change, diff_kbs
from .model import Reform, ReformError, apply_reform, load_reform, parameters, reform_from_data

__all__ = [
    "Change",
    "Reform",
    "ReformError",
    "apply_reform",
    "diff_kbs",
    "load_reform",
    "parameters",
    "reform_from_data",
]
