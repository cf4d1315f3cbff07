"""Labels the front ends show for the KB's terms: statuses, options, profile fields.

One place for them, read from the policy's vocabulary where it has them (tracks, routes, field labels),
so the command line, the explainer, the planner and the plain sentences (`tongguan.sentences`) word a
thing the same way.  The English labels live here too (the vocabulary is the plan's Chinese).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Option
    from .kb import KB

__all__ = [
    "DETAIL_LABELS",
    "FIELD_EN",
    "STATUS_EN",
    "STATUS_ZH",
    "TRACK_EN",
    "field_label",
    "field_words",
    "option_label",
    "route_words",
    "status_label",
]

KEPT = 4096  # labels remembered per KB and kind (the option's series is the person's own text)

STATUS_ZH = {"eligible": "可申报", "conditional": "待确认", "not_yet": "未到期", "ineligible": "不符合"}
STATUS_EN = {"eligible": "eligible", "conditional": "conditional", "not_yet": "not yet", "ineligible": "ineligible"}
TRACK_EN = {"title": "title evaluation", "skill": "skill evaluation", "exam": "qualification exam"}
ROUTE_EN = {
    ("title", "normal"): "normal",
    ("title", "exceptional"): "exceptional (破格)",
    ("skill", "normal"): "normal",
    ("skill", "direct"): "direct (直接申报)",
    ("skill", "promotion"): "promotion (晋级)",
    ("exam", "equivalence"): "by education equivalence",
    ("exam", "skill_level"): "by skill level",
}
# English names of the profile fields (the Chinese ones are kb/vocabulary.yaml `field_labels`).
FIELD_EN = {
    "as_of": "date of evaluation",
    "series": "title series",
    "occupation": "occupation",
    "skills": "skill level",
    "titles": "title or qualification",
    "technical_work_since": "start of technical work",
    "assessments": "annual assessment",
    "law_abiding": "law-abiding",
    "good_conduct": "professional conduct",
    "frontline": "long front-line service",
    "awards": "award",
    "technical_school_class": "technical-school class",
    "relevant_diploma": "relevant diploma",
    "foreign_language": "foreign-language level",
    "computer_skills": "computer skills",
}
# The details inside the list fields (skills[i].obtained, awards[i].medal …): (Chinese, English).
DETAIL_LABELS = {
    "level": ("等级", "level"),
    "occupation": ("职业", "occupation"),
    "obtained": ("取得时间", "date obtained"),
    "series": ("系列", "series"),
    "kind": ("类别", "kind"),
    "year": ("年份", "year"),
    "medal": ("奖牌", "medal"),
    "class": ("竞赛类别", "competition class"),
    "rank": ("名次", "placing"),
    "team_size": ("赛项人数", "team size"),
}

_PATH = re.compile(r"^(?P<head>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>.+))?$")


def status_label(status: str, lang: str = "zh") -> str:
    """A status as the user reads it.

    Examples
    --------
    >>> status_label("not_yet"), status_label("not_yet", "en")
    ('未到期', 'not yet')
    """
    return (STATUS_EN if lang == "en" else STATUS_ZH)[status]


def option_label(kb: KB, o: Option | Any, lang: str = "zh") -> tuple[str, str, str]:
    """Labels for (track, level-or-exam, route); Chinese by default, English with ``lang="en"``
    (level and exam names stay the plan's Chinese terms).  Computed once per KB and option kind.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from types import SimpleNamespace as O
    >>> option_label(load_kb(), O(track="title", level="中级", route="normal", series="工程"))
    ('职称评审', '工程系列 中级职称（工程师）', '常规')
    >>> option_label(load_kb(), O(track="skill", level="技师", route="direct"), "en")
    ('skill evaluation', '技师 skill level', 'direct (直接申报)')
    """
    track = o.track
    key = (lang, track, o.level, o.route, o.series if track == "title" else None)
    labels = kb._memoised("option_labels", dict)
    hit = labels.get(key)
    if hit is None:
        hit = _option_label(kb, o, lang)
        if len(labels) < KEPT:  # the series is free text: a million rows of them must not fill memory
            labels[key] = hit
    return hit


def _option_label(kb: KB, o: Option | Any, lang: str) -> tuple[str, str, str]:
    voc = kb.vocabulary
    if lang == "en":
        if o.track == "exam":
            level = f"{o.level} professional qualification exam"
        elif o.track == "title":
            own = kb.title_display(o.series, o.level) if o.series else None
            level = (f"{o.series} series " if o.series else "") + f"{o.level} title" + (f" ({own})" if own else "")
        else:
            level = f"{o.level} skill level"
        return TRACK_EN[o.track], level, ROUTE_EN.get((o.track, o.route), o.route)
    track = voc["tracks"][o.track]
    level = o.level if o.track != "exam" else f"{o.level}专业技术资格考试"
    if o.track == "title" and o.series:
        own = kb.title_display(o.series, o.level)
        level = f"{o.series}系列 {o.level}职称" + (f"（{own}）" if own else "")
    elif o.track == "title":
        level = f"{o.level}职称"
    route = voc["routes"][o.track][o.route]
    return track, level, route


def route_words(kb: KB, o: Option | Any, lang: str = "zh") -> str:
    """The route alone, without the words its track already says (考试报名（技能等级） → 技能等级).

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> from types import SimpleNamespace as O
    >>> route_words(load_kb(), O(track="exam", route="skill_level")), route_words(load_kb(), O(track="title", route="normal"))
    ('技能等级', '常规')
    """
    route = ROUTE_EN.get((o.track, o.route), o.route) if lang == "en" else kb.vocabulary["routes"][o.track][o.route]
    if lang == "zh" and route.endswith("）") and "（" in route:
        return route[route.index("（") + 1 : -1]
    return route


def field_label(kb: KB, path: str) -> str:
    """``assessments.2024`` → ``年度考核（assessments.2024）``: the label and the path, for those who
    edit the profile."""
    labels = kb._memoised("field_labels", dict)
    hit = labels.get(path)
    if hit is None:
        head = path.split(".")[0].split("[")[0]
        zh = kb.vocabulary.get("field_labels", {}).get(head)
        hit = labels[path] = f"{zh}（{path}）" if zh else path
    return hit


def field_words(kb: KB, path: str, lang: str = "zh") -> str:
    """A profile field in words only, no field name: what a worker is asked to confirm.

    Examples
    --------
    >>> from tongguan.kb import load_kb
    >>> kb = load_kb()
    >>> field_words(kb, "assessments.2024"), field_words(kb, "awards[0].team_size"), field_words(kb, "frontline")
    ('2024年度考核', '第1个奖项的赛项人数', '长期坚守生产服务一线')
    >>> field_words(kb, "assessments.2024", "en"), field_words(kb, "skills[1].obtained", "en")
    ('the 2024 annual assessment', 'the date obtained of skill level no. 2')
    """
    m = _PATH.match(path)
    if m is None:
        return path
    head, index, rest = m["head"], m["index"], m["rest"]
    zh = kb.vocabulary.get("field_labels", {}).get(head, head)
    en = FIELD_EN.get(head, head.replace("_", " "))
    if head == "assessments" and rest:
        return f"the {rest} annual assessment" if lang == "en" else f"{rest}年度考核"
    if index is not None:
        detail = DETAIL_LABELS.get(rest or "", (rest or "", rest or ""))
        n = int(index) + 1
        if lang == "en":
            return f"the {detail[1]} of {en} no. {n}" if rest else f"{en} no. {n}"
        noun = "项" + zh if head != "awards" else "个奖项"
        return f"第{n}{noun}的{detail[0]}" if rest else f"第{n}{noun}"
    return en if lang == "en" else zh
