"""Explanations: proof trees that quote the plan, why-not, and what would change the answer (issue 3).

Nothing here is written per rule: a tree is built by walking the rule data of `tongguan.kb` with the
engine's answers.  One concept a module:

* `model` — the data: `ProofNode`, `OptionExplanation`, `Change`, `Explanation` (JSON via `to_dict`);
* `proof` — the trees: an option → its rules → their body literals, bound by a search over the engine's
  solutions; `leaves` — what a fact, calculation or check node says; `dates` — which arguments and
  variables are dates (declared in kb/predicates.yaml, not guessed from names);
* `why_not` — for an option that is not eligible, each condition that fails, is unknown or not yet due,
  with its clauses quoted and the date time cures it, and how far the other routes to the same level are;
* `changes` — `what_would_change`: hypothetical profile edits generated from the vocabulary, re-evaluated
  with the engine, the smallest that make the target reachable ranked by resulting date;
* `api` — the entry points `explain` and `why_not`, and the ``--option`` filter.

The text, Markdown and HTML renderings are in `tongguan.render.explanation`.
"""

from ..kb import parse_target
from .api import explain, explain_profile, parse_option_filter, why_not
from .changes import what_would_change
from .model import NODE_STATUSES, Change, Explanation, OptionExplanation, ProofNode

__all__ = [
    "NODE_STATUSES",
    "Change",
    "Explanation",
    "OptionExplanation",
    "ProofNode",
    "explain",
    "explain_profile",
    "parse_option_filter",
    "parse_target",
    "what_would_change",
    "why_not",
]
