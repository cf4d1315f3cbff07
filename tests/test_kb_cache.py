"""Loading the policy: once per content, never stale, cached on disk across processes (issue 10)."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

from tongguan.kb import cache_dir, default_kb_dir, kb_digest, load_kb


def copy_kb(tmp_path: Path) -> Path:
    dst = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), dst)
    return dst


def test_the_same_files_give_the_same_kb_and_an_edit_a_new_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGGUAN_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_kb(tmp_path)
    first = load_kb(root)
    assert load_kb(root) is first and load_kb(str(root)) is first
    vocab = root / "vocabulary.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("[工程, 农业,", "[工程, 卫生, 农业,"), encoding="utf-8")
    second = load_kb(root)
    assert second is not first and "卫生" in second.vocabulary["series"]["opened"]
    assert "卫生" not in first.vocabulary["series"]["opened"]


def test_an_edited_kb_is_audited_as_it_now_is(tmp_path, monkeypatch):
    from tongguan.audit import run_audit

    monkeypatch.setenv("TONGGUAN_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_kb(tmp_path)
    assert run_audit(root).ok
    rules = root / "rules" / "titles.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("clauses: [A1-6.1.2, A1-6.1]", "clauses: [A1-9.9]"), encoding="utf-8")
    assert not run_audit(root).ok


def test_kbs_no_longer_used_are_freed(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGGUAN_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_kb(tmp_path)
    refs = []
    for i in range(8):  # eight successive versions of the files
        (root / "notes.yaml").write_text(f"version: {i}\n", encoding="utf-8")
        refs.append(weakref.ref(load_kb(root)))
    gc.collect()
    assert sum(r() is not None for r in refs) <= 4


def test_a_new_process_reads_the_parsed_policy_from_the_disk_cache(tmp_path):
    cache = tmp_path / "cache"
    code = "from tongguan.kb import load_kb; kb = load_kb(); print(len(kb.rules), kb.digest)"
    env = {"TONGGUAN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    one = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    files = list(cache.glob("kb-*.pickle"))
    assert len(files) == 1
    two = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert one.stdout == two.stdout and one.stdout.split()[1] == kb_digest(default_kb_dir())
    files[0].write_bytes(b"not a pickle")  # a damaged cache is ignored, never trusted
    three = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert three.stdout == one.stdout


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TONGGUAN_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("TONGGUAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "tongguan"
