"""The policy is installable: a built wheel carries kb/ as package data, and `tongguan ask` installed from
it, outside the checkout, finds the policy and answers (issue 10)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "queries" / "profiles" / "welder-senior-technician.yaml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment outside the checkout with the wheel installed (its dependencies
    are taken from this environment's site-packages, so the test needs no network)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    src = base / "src"  # a clean copy: a stale build/ folder of the checkout cannot leak into the wheel
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("tongguan-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # dependencies from here: a path entry only (this environment's .pth files, the editable install of
    # the checkout among them, are not processed)
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["TONGGUAN_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run([str(env_dir / "bin" / "python"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_ships_the_policy_and_ask_answers_outside_the_checkout(installed, tmp_path):
    where = run(installed, "-c", "import tongguan, tongguan.kb as k; print(tongguan.__file__); print(k.default_kb_dir())", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    module, kb_dir = where.stdout.split()
    assert str(installed) in module and str(ROOT) not in module
    assert str(installed) in kb_dir and Path(kb_dir, "plan.yaml").is_file()
    ask = run(installed, "-m", "tongguan", "ask", str(EXAMPLE), "--json", cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["options"] and answer["person"]["name"] == "张师傅"
    assert (tmp_path / "cache").is_dir()  # the parsed policy was cached on disk


def test_every_package_of_the_library_is_in_the_wheel():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tongguan").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
