"""A text the user reads never shows an interpretation's ID alone: it says the reading's question in plain
words (from the register, in the text's language) and puts the ID after it, at the end of a parenthesis
(issue 11: "internal IDs go in a footnote or tooltip")."""

from __future__ import annotations

import re

from tongguan.kb import load_kb
from tongguan.kbfiles import in_lang

_ID = re.compile(r"I-[a-z0-9]+(?:-[a-z0-9]+)*")


def _user_texts(kb) -> list[tuple[str, str]]:
    """(language, text) of what answers and plans show: review items and the answers' notes."""
    out = [("zh", item.text) for r in kb.rules for item in r.review if item.text]
    out += [(lang, n[lang]) for n in kb.notes.values() for lang in ("zh", "en")]
    return out


def test_every_interpretation_id_a_user_reads_follows_its_question():
    kb = load_kb()
    register = {str(e["id"]): e for e in kb.interpretations}
    seen = 0
    for lang, text in _user_texts(kb):
        for m in _ID.finditer(text):
            eid = m.group(0)
            assert eid in register, (eid, text)
            said = ("解读：" if lang == "zh" else "interpretation: ") + in_lang(register[eid]["question"], lang) + " "
            assert text[: m.start()].endswith(said), (text, said)
            assert text[m.end()] in "）)", f"the ID ends its parenthesis: {text}"
            seen += 1
    assert seen >= 6


def test_the_plans_assumption_says_the_reading_in_words():
    kb = load_kb()
    assert kb.notes["plan_assessments"]["zh"].endswith("（近3年年度考核合格；解读：“近3年”指哪几年？ I-recent-years）")
