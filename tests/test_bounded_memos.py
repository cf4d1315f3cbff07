"""The per-KB memos keyed by a person's own text (the series is free text) stay bounded: a roster of
a million rows, each with a series of its own, must not grow them without end."""

from types import SimpleNamespace

from tongguan import load_kb, parse_profile
from tongguan.labels import KEPT, option_label
from tongguan.profile.normalise import _SERIES_KEPT
from tongguan.sentences import person_words


def test_option_labels_and_sentence_items_stay_bounded():
    kb = load_kb()
    words = person_words(kb, parse_profile({})).words
    for i in range(KEPT + 500):
        o = SimpleNamespace(track="title", level="中级", route="normal", series=f"自拟系列{i}")
        option_label(kb, o)
        words.item(o, "zh")
    assert len(kb._memo["option_labels"]) <= KEPT
    assert len(words.items) <= KEPT
    # still right past the bound
    o = SimpleNamespace(track="title", level="中级", route="normal", series="自拟系列99999")
    assert option_label(kb, o)[1] == "自拟系列99999系列 中级职称"


def test_series_texts_remembered_by_the_normaliser_stay_bounded():
    kb = load_kb()
    for i in range(_SERIES_KEPT + 200):
        assert parse_profile({"series": f"系列{i}号"}, kb=kb).series == f"系列{i}号"
    assert len(kb._memo["profile_tables"]._series) <= _SERIES_KEPT
