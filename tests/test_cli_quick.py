"""A plain `tongguan ask` runs without typer (`tongguan.cli.quick`): its options are typer's, anything
it does not take is left to typer, and what it prints and exits with is what typer's run gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tongguan.cli import ask_run
from tongguan.cli.quick import parse_ask

ROOT = Path(__file__).resolve().parents[1]
P = str(ROOT / "queries" / "profiles" / "welder-senior-technician.yaml")
REFORM = str(ROOT / "queries" / "reforms" / "national-one-year.yaml")
QUICK = [sys.executable, "-m", "tongguan"]
TYPER = [sys.executable, "-c", "import sys; from tongguan.cli.application import run; run(sys.argv[1:])"]


def test_the_options_are_typers():
    import typer.main

    from tongguan.cli.application import _make_app

    command = typer.main.get_command(_make_app(["ask"])).commands["ask"]
    flags = {o for p in command.params if getattr(p, "is_flag", False) for o in p.opts}
    values = {o for p in command.params if p.param_type_name == "option" and not p.is_flag for o in p.opts}
    arguments = [p.name for p in command.params if p.param_type_name == "argument"]
    assert flags - {"--help"} == set(ask_run.FLAGS)
    assert values == set(ask_run.VALUES)
    assert arguments == ["profile"]
    names = {p.name for p in command.params}
    assert set(ask_run.FLAGS.values()) | set(ask_run.VALUES.values()) | {"profile"} == names
    secondary = [o for p in command.params for o in getattr(p, "secondary_opts", ())]
    assert secondary == []  # no --no-json: every option typer knows is one the quick parser knows


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["ask"],
        ["ask", "--help"],
        ["ask", P, "--help"],
        ["ask", P, "--nosuch"],
        ["ask", P, "-h"],
        ["ask", P, P],
        ["ask", P, "--json", "--json"],
        ["ask", P, "--lang", "en", "--lang=zh"],
        ["ask", P, "--json=yes"],
        ["ask", P, "--as-of"],
        ["ask", P, "--as-of", "-1"],
        ["ask", "--", P],
        ["ask", "-"],
        ["ask", ""],
        ["ask", P, "--reform="],
        ["--kb", "ask", P],
        ["--kb=", "ask", P],
        ["--lang", "en", "ask", P],
        ["paths", P],
        ["explain", P],
        ["asking", P],
    ],
)
def test_anything_else_is_left_to_typer(args):
    assert parse_ask(args, {}) is None


def test_completion_is_left_to_typer():
    assert parse_ask(["ask", P], {"_TONGGUAN_COMPLETE": "bash_complete"}) is None


def test_the_environment_as_click_reads_it():
    assert parse_ask(["ask", P], {"TONGGUAN_KB": "x", "TONGGUAN_LANG": "en"}) == (
        Path("x"),
        {"profile": Path(P), "lang": "en"},
    )
    assert parse_ask(["--kb", "y", "ask", P], {"TONGGUAN_KB": "x"})[0] == Path("y")
    assert parse_ask(["ask", P], {"TONGGUAN_KB": ""})[0] is None


def run(command: list[str], args: list[str], tmp_path: Path, **env: str) -> tuple[int, str, str]:
    environ = {**os.environ, "TONGGUAN_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100", **env}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=environ, timeout=300)
    return done.returncode, done.stdout, done.stderr


def bad_profile(tmp_path: Path) -> str:
    path = tmp_path / "bad.yaml"
    path.write_text("skills:\n  - level: 九级\n    obtained: 2020-01-01\n", encoding="utf-8")
    return str(path)


CASES = [
    ["ask", P],
    ["ask", P, "--json", "--all"],
    ["ask", "--lang", "en", P, "--detail"],
    ["ask", P, "--as-of=2030-01-01", "--json"],
    ["ask", P, "--as-of", "2025-13-01"],
    ["ask", P, "--lang", "fr"],
    ["--kb", "/nonexistent-folder", "ask", P],
    [f"--kb={ROOT / 'kb'}", "ask", P, "--json"],
    ["ask", "/nonexistent-profile.yaml"],
    ["ask", "BAD"],
    ["ask", P, "--target", "no such thing"],
    ["ask", P, "--reform", REFORM, "--json"],
    ["ask", P, "--explain"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(Path(x).name for x in a))
def test_quick_and_typer_answer_alike(args, tmp_path):
    args = [bad_profile(tmp_path) if a == "BAD" else a for a in args]
    assert parse_ask(args, {}) is not None  # the quick path takes these
    quick, typer = run(QUICK, args, tmp_path), run(TYPER, args, tmp_path)
    assert quick == typer
    assert "Traceback" not in quick[2]


def test_quick_ask_imports_no_typer(tmp_path):
    code = (
        "import sys; from tongguan.cli import main; sys.argv = ['tongguan', 'ask', sys.argv[1], '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in ('typer', 'click') if m in sys.modules)))\n"
    )
    status, out, err = run([sys.executable, "-c", code], [P], tmp_path)
    assert status == 0 and '"as_of": "2025-06-01"' in out
    assert err == "[]"
