"""`tongguan ask`'s table written without rich (`tongguan.cli.plain`) is, character for character, what
rich writes on a plain-text console; where it is not sure, it writes nothing and leaves it to rich."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tongguan.cli.ask_run import layout, rich_write
from tongguan.cli.plain import plain_lines, plain_width
from tongguan.engine import Engine
from tongguan.kb import load_kb
from tongguan.profile import load_profile

PROFILES = sorted((Path(__file__).resolve().parents[1] / "queries" / "profiles").glob("*.yaml"))


def rich_lines(blocks, width: int) -> list[str]:
    buf = io.StringIO()
    rich_write(blocks, Console(file=buf, width=width, _environ={}))
    return buf.getvalue().split("\n")[:-1]


@pytest.fixture(scope="module")
def answers():
    kb = load_kb()
    return kb, {p.name: Engine(kb).evaluate(load_profile(p, kb=kb)) for p in PROFILES}


@pytest.mark.parametrize("profile", [p.name for p in PROFILES])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("show_all, detail", [(False, False), (True, False), (False, True), (True, True)])
def test_the_example_tables_as_rich_writes_them(answers, profile, lang, show_all, detail):
    kb, got = answers
    taken = 0
    for width in (30, 50, 60, 72, 80, 100, 120, 200):
        blocks = layout(kb, got[profile], show_all, width, lang, detail)
        plain = plain_lines(blocks, width)
        if plain is not None:
            taken += 1
            assert plain == rich_lines(blocks, width), (width, lang)
    assert taken >= 5  # the usual widths are written without rich


def test_a_person_with_no_options(answers):
    kb, _ = answers
    person = load_profile(PROFILES[0], kb=kb)
    answer = Engine(kb).evaluate(person.model_copy(update={"skills": (), "titles": (), "awards": ()}))
    for lang in ("zh", "en"):
        blocks = layout(kb, answer, False, 80, lang, False)
        plain = plain_lines(blocks, 80)
        assert plain is not None and plain == rich_lines(blocks, 80)


words = st.text(st.sampled_from("ab 中文·（）-，。0…\t"), max_size=30)
cells = st.lists(words, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    title=words,
    headers=st.lists(st.text(st.sampled_from("ab中[:"), min_size=1, max_size=6), min_size=1, max_size=4),
    data=st.data(),
    text=st.lists(words, max_size=3),
    width=st.integers(20, 90),
)
def test_any_blocks_as_rich_writes_them(title, headers, data, text, width):
    widths = data.draw(st.lists(st.integers(1, 25), min_size=len(headers), max_size=len(headers)))
    rows = data.draw(st.lists(st.tuples(*[cells] * len(headers)), max_size=3))
    blocks = [("table", title, tuple(headers), widths, [(*r, "green") for r in rows])] if rows else []
    blocks += [("text", t, None) for t in text]
    plain = plain_lines(blocks, width)
    if plain is not None:
        assert plain == rich_lines(blocks, width)
    TAKEN.append(plain is not None)


TAKEN: list[bool] = []


def test_the_blocks_were_written_without_rich_often():
    test_any_blocks_as_rich_writes_them()
    assert sum(TAKEN) >= len(TAKEN) // 5, (sum(TAKEN), len(TAKEN))


def test_the_width_is_richs():
    assert plain_width({"COLUMNS": "100"}) in (100, None)
    assert plain_width({"FORCE_COLOR": "1"}) is None
    assert plain_width({"TTY_COMPATIBLE": "1"}) is None
