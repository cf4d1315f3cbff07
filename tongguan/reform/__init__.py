"""Policy variants: a reform file applied to the base KB, its diff, and its effect on a roster.

The parts: `model` (the reform file, a rule's parameters, the variant `KB`), `diff` (rule by rule what
changed, with the clauses and sentences), `simulate` (a roster under the base and the variant: who gains,
loses, or changes earliest date), `chart` (the gains and losses per option, PNG).  docs/reform.md
describes the file.
"""

from __future__ import annotations

from ..lazy import lazy_exports

# name → module, imported when first asked for: the command line's ask needs `versions` alone (a
# version's date in force), not the reform file's reader or the diff
_EXPORTS = {
    "Change": "diff",
    "diff_kbs": "diff",
    "Reform": "model",
    "ReformError": "model",
    "apply_reform": "model",
    "load_reform": "model",
    "parameters": "model",
    "reform_from_data": "model",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
