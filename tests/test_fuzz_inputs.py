"""Fuzzing the inputs: any YAML or JSON document, any field value, any option value gives a valid profile
or the project's own error (exit 2 with one line), never anything else.  Bounded: a few seconds in all."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tongguan import Profile, TongguanError, load_profile, parse_profile
from tongguan.cli import app
from tongguan.documents import parse_json, parse_yaml

FIELDS = [*Profile.model_fields, "class", "level", "obtained", "kind", "year", "rank", "medal", "team_size"]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["技师", "工程", "合格", "2025-02-30", "2021-02-29", "2020-05-01", "9999-12-31", "[/x]", "\x1b[31m"]
    )
    | st.dates(min_value=dt.date(1, 1, 1)).map(str)
)
KEYS = st.sampled_from(FIELDS) | st.text(max_size=10) | st.integers(min_value=-10, max_value=3000)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=20
)
PROFILES = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
AS_OF = dt.date(2025, 6, 1)


def valid_or_own_error(build) -> None:
    try:
        result = build()
    except TongguanError as exc:
        assert exc.field is not None and exc.text("zh") and exc.text("en")
        assert len(exc.text("en")) < 600
    else:
        assert isinstance(result, Profile)


@FAST
@given(data=PROFILES)
def test_any_mapping_is_a_profile_or_a_profile_error(kb, data):
    valid_or_own_error(lambda: parse_profile(data, kb=kb, as_of=AS_OF))


@FAST
@given(text=st.text(max_size=200) | PROFILES.map(lambda d: yaml.safe_dump(d, allow_unicode=True)))
def test_any_yaml_text_is_a_profile_or_a_profile_error(kb, text):
    valid_or_own_error(lambda: parse_profile(parse_yaml(text, label="PROFILE", name="p.yaml"), kb=kb, as_of=AS_OF))


@FAST
@given(text=st.text(max_size=200) | PROFILES.map(lambda d: json.dumps(d, default=str, ensure_ascii=False)))
def test_any_json_text_is_a_profile_or_a_profile_error(kb, text):
    valid_or_own_error(lambda: parse_profile(parse_json(text, label="PROFILE", name="p.json"), kb=kb, as_of=AS_OF))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".json"]))
def test_any_file_is_a_profile_or_a_profile_error(kb, tmp_path, raw, suffix):
    path = tmp_path / f"p{suffix}"
    path.write_bytes(raw)
    valid_or_own_error(lambda: load_profile(path, kb=kb, as_of=AS_OF))


PROFILE_TEXT = "as_of: 2025-06-01\nseries: 工程\nskills: [{level: 技师, obtained: 2018-01-01}]\n"
OPTION_TEXT = st.text(max_size=20) | st.sampled_from(["9999-12-31", "0001-01-01", "2100-12-31", "[/x]", "title:副高级"])
COMMANDS = {
    "ask": ["--as-of", "--target", "--lang"],
    "explain": ["--as-of", "--target", "--option", "--lang"],
    "paths": ["--as-of", "--to", "--lang"],
    "graph": ["--as-of", "--to", "--lang"],
}
runner = CliRunner()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(sorted(COMMANDS)), data=st.data())
def test_any_option_value_answers_or_exits_2_with_one_line(tmp_path_factory, command, data):
    folder: Path = tmp_path_factory.mktemp("fuzz")
    profile = folder / "p.yaml"
    profile.write_text(PROFILE_TEXT, encoding="utf-8")
    option = data.draw(st.sampled_from(COMMANDS[command]))
    value = data.draw(OPTION_TEXT).replace("\x00", "")
    args = [command, str(profile)] if command != "graph" else [command, "-f", "dot", "-p", str(profile)]
    result = runner.invoke(app, [*args, option, value])
    assert result.exit_code in (0, 2), (args, option, value, result.exception)
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) <= 3 and "Traceback" not in result.stderr, result.stderr
        assert "\x1b" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["p.yaml"]
