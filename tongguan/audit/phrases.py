"""What a sentence of the plan fixes: a small grammar over the plan's phrasing.

The words are recognised by a lexer built from the KB's vocabulary (ladders, award kinds and their
synonyms, medals, competition classes, technical-school classes, series, exams) plus a few patterns of
the plan's phrasing (满N年, N年后, 累计…达到N年, 近N年, 前N名, 双人赛项前N名, 不受年限限制, 相当于…学历,
and the named conditions: 遵守…法律法规, 职业道德, 从事…工作, 年度考核合格, 长期…一线, 外语水平,
计算机技术应用能力, 毕业), longest match first; a lark grammar over that token stream groups them:
enumerations (工程、农业…等系列), alternatives (助理级职称或初级专业技术职业资格), lists of awards and of
placings, classes paired with education (中级工班、高级工班…分别按相当于中专、大专…).  The education
words are read from the phrasing, not from the vocabulary, so a wrong mapping in the vocabulary cannot
change what the plan is read to say.  Nothing here is written per rule.

`phrases(kb, text)` returns the `Item` values a text fixes, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.lexer import Lexer

from ..kb import KB, load_kb  # noqa: F401 (load_kb: for the doctests)

__all__ = ["CONDITION_TAGS", "Item", "phrases"]

# The named conditions the grammar reads, and the `concerns` tag (kb/predicates.yaml) a body literal's
# predicate declares for each: the counterpart of the phrase in a rule's body.
CONDITION_TAGS: dict[str, str] = {
    r"遵守[^。；]{0,20}法律法规": "守法",
    r"职业道德": "职业道德",
    r"从事[^，。；、]{0,12}工作": "从业",
    r"年度考核合格": "考核",
    r"长期[^，。；]{0,12}一线": "一线",
    r"外语水平": "外语",
    r"计算机技术应用能力": "计算机",
    r"毕业证书|班毕业": "学历",
}
_NUMERALS = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SENTENCE_END = "。；"


@dataclass(frozen=True)
class Item:
    """One thing a sentence fixes.

    ``kind``: years (``value`` N, ``sense`` after | cumulative | recent, ``anchor`` the level the years
    count from), no-time-limit, rank (``value`` (N, team size)), level (``value`` (ladder, level),
    ``sense`` required | apply), award (``value`` the kinds named), class, medal (``value`` the medals
    admitted), series, exam, school (``value`` (class names, education)), condition (``value`` the
    concern tag).  ``phrase`` is the text it was read from; items sharing a ``group`` are alternatives
    (或, or a list of awards).
    """

    kind: str
    value: Any
    phrase: str
    sense: str = ""
    anchor: str | None = None
    group: int = 0
    at: int = 0

    def names(self) -> set[str]:
        """The constants this item names (for "is this constant named by the sentence")."""
        if self.kind in ("award", "medal"):
            return set(self.value)
        if self.kind == "level":
            return {self.value[1]}
        if self.kind == "school":
            return set(self.value[0]) | {self.value[1]}
        return {str(self.value)}


# ---------------------------------------------------------------------------------------------
# the lexer: longest match over the vocabulary and the phrasing patterns


@dataclass
class _Words:
    """Every literal word of the vocabulary, with its token type and meaning, longest first."""

    literals: dict[str, tuple[str, Any]]
    regex: re.Pattern


_PATTERNS: list[tuple[str, str]] = [
    ("NOLIMIT", r"不受年限限制"),
    ("YEARS", r"(?:满|达到|近)\d+年|\d+年后"),
    ("RANK", r"(?:[一二两双三四五六七八九]人赛项)?前\d+名"),
    ("COND", "|".join(f"(?:{p})" for p in CONDITION_TAGS)),
    ("RESPECTIVELY", r"分别"),
    ("EDUS", r"(?<=相当于)[^，。；]+?(?=学历)"),
    ("DUN", r"、"),
    ("OR", r"或"),
    ("END", r"[。；]"),
]


@lru_cache(maxsize=8)
def _words(kb: KB) -> _Words:
    voc = kb.vocabulary
    lit: dict[str, tuple[str, Any]] = {}

    def put(word: str, kind: str, meaning: Any) -> None:
        lit.setdefault(word, (kind, meaning))

    for name in kb.ladder("skill"):
        for suffix in ("以上", ""):
            put(name + suffix, "LEVEL", ("skill", name, bool(suffix)))
    for name in kb.ladder("title"):
        for suffix in ("以上职称", "职称", "以上", ""):
            put(name + suffix, "LEVEL", ("title", name, "以上" in suffix))
    for name in kb.ladder("qualification") if "qualification" in voc.get("ladders", {}) else ():
        for mid in ("专业技术职业资格", "专业技术人员职业资格"):
            put(name + mid, "LEVEL", ("qualification", name, False))
    for kind, spec in (voc.get("awards") or {}).items():
        put(kind, "AWARD", (kind,))
        if "级" in kind and "class" in ((spec or {}).get("fields") or ()):  # 国家级技能竞赛 → 国家级一类技能竞赛
            i = kind.index("级") + 1
            for c in voc.get("competition_classes") or ():
                put(kind[:i] + c + kind[i:], "AWARD", (kind, c))
    for alias, kind in (voc.get("award_synonyms") or {}).items():
        put(alias, "AWARD", (kind,))
        m = re.fullmatch(r"(.+级)(.+)", alias)
        if m:  # 省（部）级以上科学技术奖: that kind and the ones above it (same name after the level)
            put(m.group(1) + "以上" + m.group(2), "AWARD", tuple(k for k in voc["awards"] if k.endswith(m.group(2))))
    medals = list(voc.get("medals") or ())
    for alias, m in (voc.get("medal_synonyms") or {}).items():
        if m in medals:
            put(alias + "以上", "MEDAL", tuple(medals[medals.index(m) :]))
            put(alias, "MEDAL", (m,))
    put("奖牌", "MEDAL", tuple(medals))
    for cls in voc.get("technical_school_classes") or {}:
        names = {cls}
        m = re.fullmatch(r"(.+)（(.+)）(.*)", cls)
        if m:
            names |= {m.group(1) + m.group(3), m.group(2) + m.group(3)}
        put(cls, "SCHOOL", tuple(sorted(names)))
    series = voc.get("series") or {}
    for name in [*(series.get("opened") or ()), *(series.get("other_known") or ()), *(voc.get("exams") or ())]:
        put(name, "NAME", name)
    for word in ("等系列", "系列"):
        put(word, "KIND", "series")
    for word in ("等专业技术人员职业资格", "专业资格考试", "专业技术资格考试"):
        put(word, "KIND", "exam")
    alternatives = [f"(?P<{k}>{p})" for k, p in _PATTERNS]
    words = sorted(lit, key=len, reverse=True)
    alternatives.append("(?P<LIT>" + "|".join(map(re.escape, words)) + ")")
    return _Words(lit, re.compile("|".join(alternatives)))


class _PlanLexer(Lexer):
    """Tokens of a plan text; text between the words becomes GAP (its characters kept in the value)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: tuple[str, _Words]):  # type: ignore[override]
        text, words = data
        toks: list[Token] = []
        i, gap_start = 0, 0
        while i < len(text):
            m = words.regex.match(text, i)
            if not m or m.end() == i:
                i += 1
                continue
            if gap_start < i:
                toks.append(Token("GAP", text[gap_start:i], start_pos=gap_start))
            word = m.group()
            toks.append(Token(words.literals[word][0] if m.lastgroup == "LIT" else m.lastgroup, word, start_pos=i))
            i = gap_start = m.end()
        if gap_start < len(text):
            toks.append(Token("GAP", text[gap_start:], start_pos=gap_start))
        # 、 and 或 join a list only between two words of the same type (one token of lookahead is all
        # the LALR parser has)
        for k, t in enumerate(toks):
            if t.type in _JOINS:
                prev, nxt = (toks[k - 1].type if k else None), (toks[k + 1].type if k + 1 < len(toks) else None)
                if not (prev == nxt and prev in _JOINS[t.type]):
                    toks[k] = Token("GAP", str(t), start_pos=t.start_pos)
        yield from toks


_JOINS = {"DUN": {"NAME", "AWARD", "SCHOOL", "RANK"}, "OR": {"LEVEL"}}


_GRAMMAR = r"""
start: _part*
_part: enum | levels | awards | schools | ranks | EDUS | YEARS | MEDAL | COND | NOLIMIT
     | RESPECTIVELY | DUN | OR | GAP | KIND | END
enum: NAME (DUN NAME)* KIND?
levels: LEVEL (OR LEVEL)*
awards: AWARD (DUN AWARD)*
schools: SCHOOL (DUN SCHOOL)*
ranks: RANK (DUN RANK)*
%declare NAME KIND LEVEL AWARD SCHOOL EDUS RANK YEARS MEDAL COND NOLIMIT RESPECTIVELY DUN OR GAP END
"""


@cache
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", lexer=_PlanLexer)


class _ToItems(Transformer):
    """Parse tree → a flat list of (token type, token or group of tokens)."""

    def start(self, parts):
        return [p if isinstance(p, tuple) else (p.type, p) for p in parts]

    def enum(self, toks):
        return ("enum", toks)

    def levels(self, toks):
        return ("levels", toks)

    def awards(self, toks):
        return ("awards", toks)

    def schools(self, toks):
        return ("schools", toks)

    def ranks(self, toks):
        return ("ranks", toks)


def _team(phrase: str) -> int:
    m = re.match(r"([一二两双三四五六七八九])人赛项", phrase)
    return _NUMERALS[m.group(1)] if m else 1


@lru_cache(maxsize=4096)
def _phrases(kb: KB, text: str) -> tuple[Item, ...]:
    words = _words(kb)
    parts = _ToItems().transform(_parser().parse((text, words)))  # type: ignore[arg-type]
    items: list[Item] = []
    group = 0
    sentence_start = 0
    pending_schools: list[Item] = []
    respectively = False
    for kind, x in parts:
        toks = [t for t in x if t.type not in ("DUN", "OR")] if isinstance(x, list) else [x]
        at = toks[0].start_pos if toks else 0
        before = text[sentence_start:at]
        if kind == "END":
            sentence_start, pending_schools, respectively = at + 1, [], False
        elif kind == "RESPECTIVELY":
            respectively = True
        elif kind == "YEARS":
            n = int(re.search(r"\d+", x).group())
            if x.startswith("近"):
                sense = "recent"
            elif x.startswith("达到") and "累计" in before:
                sense = "cumulative"
            else:
                sense = "after"
            anchor = None
            if sense == "after":
                levels = [i for i in items if i.kind == "level" and i.at >= sentence_start]
                anchor = levels[-1].value[1] if levels else None
            items.append(Item("years", n, str(x), sense, anchor, at=at))
        elif kind == "NOLIMIT":
            items.append(Item("no-time-limit", 0, str(x), at=at))
        elif kind == "ranks":
            for t in toks:
                n = int(re.search(r"前(\d+)名", t).group(1))
                items.append(Item("rank", (n, _team(t)), str(t), at=t.start_pos))
        elif kind == "levels":
            group += 1
            for t in toks:
                ladder, level, above = words.literals[str(t)][1]
                tail = before[-12:] if t is toks[0] else text[toks[0].start_pos : t.start_pos]
                verbs = [(tail.rfind(v), v) for v in ("申报", "取得", "具备", "具有", "持有")]
                sense = "apply" if max(verbs)[1] == "申报" and max(verbs)[0] >= 0 else "required"
                items.append(
                    Item("level", (ladder, level), str(t), sense, "以上" if above else None, group, t.start_pos)
                )
        elif kind == "awards":
            group += 1
            for t in toks:
                meaning = words.literals[str(t)][1]
                if len(meaning) == 2 and meaning[1] in (kb.vocabulary.get("competition_classes") or ()):
                    items.append(Item("award", (meaning[0],), str(t), group=group, at=t.start_pos))
                    items.append(Item("class", meaning[1], str(t), at=t.start_pos))
                else:
                    items.append(Item("award", tuple(meaning), str(t), group=group, at=t.start_pos))
        elif kind == "MEDAL":
            items.append(Item("medal", words.literals[str(x)][1], str(x), at=at))
        elif kind == "COND":
            tag = next(t for p, t in CONDITION_TAGS.items() if re.fullmatch(p, str(x)))
            items.append(Item("condition", tag, str(x), at=at))
        elif kind == "enum":
            names = [t for t in toks if t.type == "NAME"]
            what = next((words.literals[str(t)][1] for t in toks if t.type == "KIND"), None)
            if what:
                for t in names:
                    items.append(Item(what, str(t), str(t), at=t.start_pos))
        elif kind == "schools":
            pending_schools = [Item("school", (words.literals[str(t)][1], ""), str(t), at=t.start_pos) for t in toks]
            items.append(Item("condition", "学历", "".join(map(str, toks)), at=at))
        elif kind == "EDUS" and pending_schools:
            edus = str(x).split("、")
            if respectively and len(edus) == len(pending_schools):
                pairs = zip(pending_schools, edus, strict=True)
            else:
                pairs = ((s, edus[0]) for s in pending_schools)
            for s, edu in pairs:
                items.append(
                    Item(
                        "school",
                        (s.value[0], edu),
                        s.phrase,
                        "respectively" if respectively else "",
                        at=s.at,
                    )
                )
            pending_schools = []
    return tuple(items)


def phrases(kb: KB, text: str) -> list[Item]:
    """The items `text` fixes, in order.

    Examples
    --------
    >>> kb = load_kb()
    >>> [(i.kind, i.value, i.sense, i.anchor) for i in phrases(kb, "取得技师职业资格或职业技能等级后，从事技术技能工作满3年。")]
    [('level', ('skill', '技师'), 'required', None), ('condition', '从业', '', None), ('years', 3, 'after', '技师')]
    >>> [(i.kind, i.value) for i in phrases(kb, "或在国家级一类技能竞赛中获得前5名（双人赛项前3名、三人赛项前2名）")]
    [('award', ('国家级技能竞赛',)), ('class', '一类'), ('rank', (5, 1)), ('rank', (3, 2)), ('rank', (2, 3))]
    >>> [i.value for i in phrases(kb, "在世界技能大赛中获得铜牌以上奖励") if i.kind == "medal"]
    [('铜', '银', '金')]
    """
    return list(_phrases(kb, str(text or "")))
