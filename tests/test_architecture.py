"""The library never prints, exits or reads the command line: only tongguan/cli/ does (docs/architecture.md).
The import layers themselves are checked by import-linter (`lint-imports`, pyproject's contract)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tongguan"
FRONT_ENDS = {"cli"}


def library_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] not in FRONT_ENDS]


def offences(path: Path) -> list[str]:
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "exit", "quit"):
            out.append(f"{where}: {node.func.id}()")
        is_sys = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys"
        if is_sys and node.attr in ("exit", "argv"):
            out.append(f"{where}: sys.{node.attr}")
        if isinstance(node, ast.Raise) and node.exc is not None:
            name = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(name, ast.Name) and name.id == "SystemExit":
                out.append(f"{where}: raise SystemExit")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] in ("typer", "click") for n in names):
                out.append(f"{where}: imports {names}")
    return out


def test_the_library_never_prints_exits_or_reads_argv():
    files = library_files()
    assert len(files) > 10
    found = [o for p in files for o in offences(p)]
    assert not found, found


def test_the_scan_catches_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nimport typer\nprint(1)\nsys.exit(2)\nx = sys.argv\nraise SystemExit(1)\n")
    assert len(offences_at(bad)) == 5


def offences_at(path: Path) -> list[str]:
    global PACKAGE
    saved, PACKAGE = PACKAGE, path.parent
    try:
        return offences(path)
    finally:
        PACKAGE = saved
