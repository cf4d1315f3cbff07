"""One plain sentence per option: what the person can do, why in their own facts, or what is missing,
when it becomes possible and what to confirm, with the clauses.

The sentence is the library's, so the command line, the web page and the batch report word an option
the same way.  It is built from the `Option` the engine returns (its conditions, dates, missing items
and fields to confirm) and the person's profile, with the labels of the KB (`tongguan.labels`); it
never shows a variable, a binding or a Datalog literal.

An option whose only open items are facts most people do not have, left unstated (the fields listed
under ``optional_interest`` in kb/vocabulary.yaml: 外语水平, 计算机应用能力), is one to *look into*
(`look_into`): the front ends list it apart, under 可进一步了解, not among the options 待确认.

A person's options come together (the batch words some fifteen a person), so what they share is
worded once a person (`PersonWords`: the levels held, the fields to confirm, the phrase of a condition
recurring across options, keyed on all the phrase reads) and the labels once a KB (`_Words`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .engine.builtins import anniversary
from .labels import KEPT, field_words, option_label, route_words

if TYPE_CHECKING:
    from .engine import Answer, Condition, Option
    from .kb import KB
    from .profile import Profile

__all__ = ["PersonWords", "Sentence", "answer_data", "look_into", "person_words", "sentence", "sentence_parts", "worded"]

_SEP = {"zh": "；", "en": "; "}


@dataclass(frozen=True)
class Sentence:
    """An option's sentence in parts: ``item`` (what), ``reason`` (why, or what is missing / to confirm /
    when, with the clauses).  ``text`` is the whole sentence; a table shows ``item`` and ``reason`` in
    their own columns."""

    item: str
    reason: str
    text: str


def look_into(kb: KB, option: Option) -> bool:
    """Whether `option` is one to look into rather than one to confirm: it is conditional and every field
    it needs is one of the KB's ``optional_interest`` fields (facts most people do not have and need
    not state, e.g. 外语水平 for the 翻译 exam), none of them stated in the profile.

    Examples
    --------
    >>> import datetime as dt
    >>> from tongguan.engine import evaluate
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> kb = load_kb()
    >>> p = parse_profile({"skills": [{"level": "高级工", "obtained": "2020-01-01"}]}, as_of=dt.date(2025, 6, 1))
    >>> a = evaluate(p, kb)
    >>> look_into(kb, a.get("exam", "翻译", "skill_level")), look_into(kb, a.get("title", "助理级", "normal"))
    (True, False)
    """
    wanted = set(kb.vocabulary.get("optional_interest") or ())
    heads = {f.split(".")[0].split("[")[0] for f in option.to_confirm}
    return option.status == "conditional" and bool(heads) and heads <= wanted


def sentence(kb: KB, profile: Profile, option: Option, lang: str = "zh") -> str:
    """The plain sentence of one option of `profile`'s answer, in Chinese (``lang="zh"``) or English.

    Parameters
    ----------
    kb : KB
        The KB the option was evaluated with (labels, predicates, ladders).
    profile : Profile
        The person, for the facts the sentence quotes (dates obtained, assessments, awards).
    option : Option
        One option of ``Engine(kb).evaluate(profile)``.
    lang : str
        ``"zh"`` (default) or ``"en"``; the plan's terms (levels, awards) stay Chinese in English.

    Returns
    -------
    str
        What the person can do and why, or what is missing / to confirm / when, citing the clauses.

    Examples
    --------
    >>> import datetime as dt
    >>> from tongguan.engine import evaluate
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> kb = load_kb()
    >>> p = parse_profile({"series": "工程", "skills": [{"level": "技师", "obtained": "2014-09-01"}],
    ...                    "technical_work_since": "2010-07-01", "law_abiding": True, "good_conduct": True,
    ...                    "assessments": {2022: "合格", 2023: "优秀", 2024: "合格"}}, as_of=dt.date(2025, 6, 1))
    >>> print(sentence(kb, p, evaluate(p, kb).get("title", "中级", "normal")))
    可申报工程系列 中级职称（工程师）（常规）：您于2014-09-01取得技师，至今已满3年；2022–2024年度考核合格（依据：A1-5.2.4、A1-5、B-3.1.1）。
    >>> print(sentence(kb, p, evaluate(p, kb).get("title", "中级", "normal"), lang="en"))
    You can apply for 工程 series 中级 title (工程师), normal: you obtained 技师 on 2014-09-01, 3 years ago or more; the annual assessments of 2022–2024 were passed (clauses A1-5.2.4, A1-5, B-3.1.1).
    """
    return sentence_parts(kb, profile, option, lang).text


def sentence_parts(kb: KB, profile: Profile, option: Option, lang: str = "zh") -> Sentence:
    """`sentence` in its parts (see `Sentence`)."""
    return worded(person_words(kb, profile), option, lang, option.clauses)


def worded(me: PersonWords, o: Option, lang: str, clauses: list[str]) -> Sentence:
    """`sentence_parts`, with the person's shared words (`person_words`) and the option's clauses
    (`Option.clauses`, which a caller showing them too reads once); see `person_words` for an example."""
    en = lang == "en"
    item = me.words.item(o, lang)
    status = o.status
    sep = "; " if en else "；"
    cited = (", " if en else "、").join(clauses[:3])
    if status == "ineligible":  # what fails; the facts that hold are not said (nor their conditions loaded)
        head = f"You cannot apply for {item}" if en else f"暂不能申报{item}"
        lacks = (
            sep.join([m["text"].replace("…", "相应") for m in o.missing]) if o.missing else ""
        )  # an argument left open
        if lacks:
            reason = f"not met: {lacks}" if en else f"缺：{lacks}"
        else:
            reason = "a condition fails" if en else "条件不满足"
    else:
        facts = _facts(me, o, lang)
        if status == "eligible":
            head = f"You can apply for {item}" if en else f"可申报{item}"
            reason = sep.join(facts) or ("every condition holds" if en else "各项条件均已满足")
        elif status == "not_yet":
            when = _day(o.earliest)
            head = f"From {when} you can apply for {item}" if en else f"{when}起可申报{item}"
            reason = sep.join(facts) or (f"the conditions hold from {when}" if en else f"各项条件于{when}满足")
        else:  # conditional
            confirm = (", " if en else "、").join([me.field(f, lang) for f in o.to_confirm])
            head = f"You may apply for {item}" if en else f"{item}"
            if en:
                reason = f"once {confirm} {'is' if len(o.to_confirm) == 1 else 'are'} confirmed"
                reason += f", from {_day(o.earliest)}" if o.earliest else ""
            else:
                reason = f"确认{confirm}后" + (f"，{_day(o.earliest)}起" if o.earliest else "") + "可申报"
            if facts:
                reason += sep + sep.join(facts)
    if en:
        reason = f"{reason} (clauses {cited})."
        return Sentence(item=item, reason=reason, text=f"{head}: {reason}")
    reason = f"{reason}（依据：{cited}）。"
    return Sentence(item=item, reason=reason, text=f"{head}：{reason}")


# ---- what the sentences read of the KB and of the person, computed once ------------------------------


class _Words:
    """What the sentences read of one KB, computed once per KB (`KB._memoised`): the predicates'
    ladders counted from, those whose conditions may list awards, the items' words."""

    def __init__(self, kb: KB):
        self.kb = kb
        self.counts_from = {name: p.counts_from for name, p in kb.predicates.items()}
        self.award = {"exceptional_award_for", "exceptional_tier", "sci_tech_award"} | {
            name for name in kb.predicates if "award" in kb.base_predicates_under(name)
        }
        self.items: dict[tuple, str] = {}

    def item(self, o: Option, lang: str) -> str:
        """What the option is (level and route), as the sentence names it."""
        key = (lang, o.track, o.level, o.route, o.series if o.track == "title" else None)
        hit = self.items.get(key)
        if hit is None:
            _, level, _ = option_label(self.kb, o, lang)
            route = route_words(self.kb, o, lang)
            hit = f"{level}, {route}" if lang == "en" else f"{level}（{route}）"
            if len(self.items) < KEPT:  # keyed by the person's own series text: bounded
                self.items[key] = hit
        return hit



class PersonWords:
    """What the sentences of one person's options share, computed once a person: the levels held per
    ladder, the fields to confirm in words, the phrase of a condition that recurs across options."""

    __slots__ = ("fields", "held_at", "kb", "phrases", "profile", "words")

    def __init__(self, kb: KB, profile: Profile):
        self.kb, self.profile = kb, profile
        self.words: _Words = kb._memoised("sentence_words", lambda: _Words(kb))
        self.held_at: dict[tuple[str, str], list[tuple[str, dt.date | None]]] = {}
        self.fields: dict[tuple[str, str], str] = {}
        self.phrases: dict[tuple, str | None] = {}

    def held(self, ladder: str, level: str) -> list[tuple[str, dt.date | None]]:
        """`_held`, once a person and level."""
        key = (ladder, level)
        hit = self.held_at.get(key)
        if hit is None:
            hit = self.held_at[key] = _held(self.kb, self.profile, ladder, level)
        return hit

    def field(self, path: str, lang: str) -> str:
        """`_field`, once a person and path."""
        key = (path, lang)
        hit = self.fields.get(key)
        if hit is None:
            hit = self.fields[key] = _field(self.kb, self.profile, path, lang)
        return hit


_LAST: list[PersonWords | None] = [None]  # the person of the last sentence: a person's options come together


def person_words(kb: KB, profile: Profile) -> PersonWords:
    """What the sentences of `profile`'s options share (the last person's, kept while they are asked).

    Examples
    --------
    >>> import datetime as dt
    >>> from tongguan.engine import evaluate
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> kb = load_kb()
    >>> p = parse_profile({"skills": [{"level": "高级工", "obtained": "2020-01-01"}]}, as_of=dt.date(2025, 6, 1))
    >>> me = person_words(kb, p)
    >>> me is person_words(kb, p), [lv for lv, _ in me.held("skill", "中级工")]
    (True, ['高级工'])
    >>> o = evaluate(p, kb).get("title", "助理级", "normal")
    >>> worded(me, o, "zh", o.clauses) == sentence_parts(kb, p, o)
    True
    """
    me = _LAST[0]
    if me is None or me.profile is not profile or me.kb is not kb:
        me = _LAST[0] = PersonWords(kb, profile)
    return me


# ---- the person's facts behind the conditions ---------------------------------------------------------


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _field(kb: KB, profile: Profile, path: str, lang: str) -> str:
    """A field to confirm, in words, naming the award or level it belongs to and marking the years to come."""
    words = field_words(kb, path, lang)
    en = lang == "en"
    if path.startswith("assessments."):
        year = path.split(".", 1)[1]
        if year.isdigit() and profile.as_of and int(year) >= profile.as_of.year:
            return f"{words} (still to come)" if en else f"{words}（尚未进行）"
        return f"the {year} annual assessment" if en else f"{year}年度考核"
    if path.startswith("awards[") and "]" in path:
        i = int(path[len("awards[") : path.index("]")])
        if i < len(profile.awards):
            kind = profile.awards[i].kind
            detail = path.split("].", 1)[1] if "]." in path else ""
            from .labels import DETAIL_LABELS

            label = DETAIL_LABELS.get(detail, (detail, detail))
            return f"the {label[1]} of {kind}" if en else f"{kind}的{label[0]}"
    return words


def _facts(me: PersonWords, o: Option, lang: str) -> list[str]:
    """The person's own facts behind the conditions that hold (or hold later), one phrase each."""
    words = me.words
    counts_from = words.counts_from
    held = []
    skill_counted = False
    for c in o.conditions:
        if c.status in ("holds", "not_yet"):
            held.append(c)
            if not skill_counted and counts_from.get(c.literal.pred) == "skill":
                skill_counted = True
    first: list[str] = []
    basics: list[str] = []
    phrases = me.phrases
    award = words.award
    for c in held:
        lit = c.literal
        pred = lit.pred
        if pred in award:  # reads the option's evidence: not kept
            phrase = _phrase(me, o, c, lang, skill_counted)
        else:
            if pred == "skill_at_least":
                extra = skill_counted
            elif pred == "school_equivalent_education":
                extra = o.education_equivalent
            else:
                extra = None
            key = (lit, c.status, c.since, c.text, lang, extra)
            phrase = phrases.get(key, _UNSEEN)
            if phrase is _UNSEEN:
                phrase = phrases[key] = _phrase(me, o, c, lang, skill_counted)
        if phrase and phrase not in first and phrase not in basics:
            (basics if pred in ("title_basics", "skill_basics") else first).append(phrase)
    return first + basics if basics else first


_UNSEEN = object()


def _held(kb: KB, profile: Profile, ladder: str, level: str) -> list[tuple[str, dt.date | None]]:
    """The levels of `ladder` at least `level` the person holds: (name, date obtained)."""
    if ladder not in ("skill", "title"):
        return []
    rank = kb.ranks(ladder)
    if level not in rank:
        return []
    low = rank[level]
    if ladder == "skill":
        items = [(s.level, s.obtained) for s in profile.skills if s.level in rank]
    else:
        items = [(t.level, t.obtained) for t in profile.titles if t.kind == "title" and t.level in rank]
    return [(lv, d) for lv, d in items if rank[lv] >= low]


def _level_name(kb: KB, profile: Profile, ladder: str, level: str, lang: str) -> str:
    if ladder == "title":
        own = kb.title_display(profile.series, level)
        if lang == "en":
            return f"the {level} title" + (f" ({own})" if own else "")
        return f"{level}职称" + (f"（{own}）" if own else "")
    return level


def _phrase(me: PersonWords, o: Option, c: Condition, lang: str, skill_counted: bool) -> str | None:
    """The phrase of one condition that holds: what it reads is `c`'s literal, status, since and text,
    the person, `lang`, and, for the conditions named so, whether a skill's years are counted
    (``skill_at_least``), the option's ``education_equivalent`` and its evidence (the awards)."""
    kb, profile = me.kb, me.profile
    en = lang == "en"
    pred = kb.predicates.get(c.literal.pred)
    args = [a.value for a in c.literal.args]
    name = c.literal.pred
    later = c.status == "not_yet" and c.since is not None
    if pred is not None and pred.counts_from and len(args) >= 2 and not c.literal.args[0].is_var:
        level, years = str(args[0]), int(args[1])
        held = me.held(pred.counts_from, level)
        work = profile.technical_work_since
        best = None
        for lv, got in held:
            if got is None:
                continue
            start = max(got, work) if work else got
            if c.since is None or anniversary(start, years) == c.since:
                best = (lv, got, start)
                break
        if best is None:
            return None
        lv, got, start = best
        what = _level_name(kb, profile, pred.counts_from, lv, lang)
        if en:
            text = f"you obtained {what} on {got.isoformat()}"
            if start != got:
                text += f" (counted from the start of technical work, {start.isoformat()})"
            return text + (f", {years} years on {c.since.isoformat()}" if later else f", {years} years ago or more")
        text = f"您于{got.isoformat()}取得{what}"
        if start != got:
            text += f"（自{start.isoformat()}参加技术技能工作起算）"
        return text + (f"，到{c.since.isoformat()}满{years}年" if later else f"，至今已满{years}年")
    if name in ("title_basics", "skill_basics"):
        year = profile.as_of.year if profile.as_of else dt.date.today().year
        if c.since is not None and c.since.year > year:
            year = c.since.year
        window = f"{year - 3}–{year - 1}"
        pending = (kb.vocabulary.get("assessment_grades") or {}).get("undetermined") or ()
        open_years = [y for y in range(year - 3, year) if profile.assessments.get(y) in pending]
        if en:
            tail = f" ({', '.join(map(str, open_years))}: undetermined, for the committee)" if open_years else ""
            return f"the annual assessments of {window} were passed{tail}"
        tail = f"（{'、'.join(map(str, open_years))}年度为不定等次，由评委会审查）" if open_years else ""
        return f"{window}年度考核合格{tail}"
    if name == "cumulative_years" and profile.technical_work_since and len(args) >= 1:
        years, since = args[0], profile.technical_work_since.isoformat()
        if en:
            tail = f", {years} years on {c.since.isoformat()}" if later else f", {years} years or more"
            return f"you have done technical work since {since}{tail}"
        tail = f"，到{c.since.isoformat()}满{years}年" if later else f"，累计已满{years}年"
        return f"您自{since}从事技术技能工作{tail}"
    if name == "skill_held_one_year_below" and not c.literal.args[0].is_var:
        ladder = kb.ladder("skill")
        target = str(args[0])
        lower = ladder[ladder.index(target) - 1] if target in ladder and ladder.index(target) > 0 else None
        got = next((s.obtained for s in profile.skills if s.level == lower and s.obtained), None)
        if lower is None or got is None:
            return None
        if en:
            tail = f", one year on {c.since.isoformat()}" if later else ", one year ago or more"
            return f"you obtained {lower} on {got.isoformat()}{tail}"
        tail = f"，到{c.since.isoformat()}满1年" if later else "，至今已满1年"
        return f"您于{got.isoformat()}取得{lower}{tail}"
    if name == "skill_at_least" and skill_counted:
        return None  # the years condition already names the level held
    if name in ("skill_at_least", "title_at_least") and not c.literal.args[0].is_var:
        ladder = "skill" if name == "skill_at_least" else "title"
        rank = me.kb.ranks(ladder)
        held = sorted(me.held(ladder, str(args[0])), key=lambda h: -rank[h[0]])
        if not held:
            return None
        what = _level_name(kb, profile, ladder, held[0][0], lang)
        return f"you hold {what}" if en else f"您持有{what}"
    if name in ("professional", "professional_at_least", "qualification_at_least"):
        titles = [t for t in profile.titles]
        if not titles:
            return None
        best = max(titles, key=lambda t: (t.kind == "title", t.obtained or dt.date.min))
        kind = "职称" if best.kind == "title" else "职业资格"
        series = f"{best.series}" if best.series else ""
        return (
            f"you hold {series} {best.level} ({kind})".replace("  ", " ") if en else f"您持有{series}{best.level}{kind}"
        )
    if name == "series_opened":
        return None  # the item names the series; only its failing is news
    if name == "school_equivalent_education" and profile.technical_school_class:
        edu = o.education_equivalent or (args[0] if args and not c.literal.args[0].is_var else "")
        if en:
            return f"you graduated from a technical school's {profile.technical_school_class}, counted as {edu}"
        return f"您{profile.technical_school_class}毕业，按相当于{edu}学历报名"
    awards = _awards(profile, o) if name in me.words.award else []
    if awards and en:
        awards = [a.replace("（", " (").replace("）", ")") for a in awards]
    if awards:
        listed = ("、" if not en else ", ").join(awards)
        return f"you hold {listed}" if en else f"您获得{listed}"
    if pred is not None and pred.kind == "base":
        return c.text if not en else None
    return None if en else (c.text or None)


def _awards(profile: Profile, o: Option) -> list[str]:
    """The person's awards that the option's holding award condition (one of `_Words.award`, which the
    caller checks) went through (from the rules of its evidence)."""
    if not profile.awards:  # nothing to list whatever the evidence: not walked (on the columnar back end,
        return []  # the evidence is the person evaluated alone, ~15 ms)
    kinds: set[str] = set()
    for r in o.evidence:
        for b in r.body:
            if b.pred == "award" and len(b.args) >= 2 and not b.args[1].is_var:
                kinds.add(str(b.args[1].value))
    out = []
    for a in profile.awards:
        if a.kind in kinds or not kinds:
            out.append(a.kind + (f"（{a.year}）" if a.year else ""))
    return out if kinds else []


def answer_data(kb: KB, answer: Answer, include_ineligible: bool = False, lang: str = "zh") -> dict:
    """The answer as JSON data (`tongguan ask --json`, ``/api/ask``, the batch): `Answer.to_dict` with
    each option's plain sentence and whether it is one to look into.

    Examples
    --------
    >>> from tongguan.engine import evaluate
    >>> from tongguan.kb import load_kb
    >>> from tongguan.profile import parse_profile
    >>> kb = load_kb()
    >>> a = evaluate(parse_profile({"skills": [{"level": "技师", "obtained": "2019-01-01"}]}), kb)
    >>> sorted({"sentence", "look_into"} - set(answer_data(kb, a)["options"][0]))
    []
    """
    data = answer.to_dict(include_ineligible)
    for d, o in zip(data["options"], answer.listed(include_ineligible), strict=True):
        d["sentence"] = sentence(kb, answer.person, o, lang)
        d["look_into"] = look_into(kb, o)
    return data
