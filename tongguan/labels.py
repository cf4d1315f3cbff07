"""Labels the front ends show for the KB's terms: statuses, options, profile fields.

One place for them, read from the policy's vocabulary where it has them (tracks, routes, field labels),
so the command line, the explainer and the planner word a thing the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Option
    from .kb import KB

__all__ = ["STATUS_EN", "STATUS_ZH", "field_label", "option_label"]

STATUS_ZH = {"eligible": "可申报", "conditional": "待确认", "not_yet": "未到期", "ineligible": "不符合"}
STATUS_EN = {"eligible": "eligible", "conditional": "conditional", "not_yet": "not yet", "ineligible": "ineligible"}


def option_label(kb: KB, o: Option) -> tuple[str, str, str]:
    """Chinese labels for (track, level-or-exam, route)."""
    voc = kb.vocabulary
    track = voc["tracks"][o.track]
    level = o.level if o.track != "exam" else f"{o.level}专业技术资格考试"
    if o.track == "title" and o.series:
        own = kb.title_display(o.series, o.level)
        level = f"{o.series}系列 {o.level}职称" + (f"（{own}）" if own else "")
    elif o.track == "title":
        level = f"{o.level}职称"
    route = voc["routes"][o.track][o.route]
    return track, level, route


def field_label(kb: KB, path: str) -> str:
    """``assessments.2024`` → ``年度考核 (assessments.2024)``."""
    head = path.split(".")[0].split("[")[0]
    zh = kb.vocabulary.get("field_labels", {}).get(head)
    return f"{zh}（{path}）" if zh else path
