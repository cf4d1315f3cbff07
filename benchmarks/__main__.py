"""Run every benchmark module in this folder (each exposes `main()`)."""

import importlib
import pkgutil
from pathlib import Path


def run_all() -> None:
    """Import each benchmark module and call its `main()`, in name order."""
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if hasattr(module, "main"):
            print(f"== {info.name}")
            module.main()


if __name__ == "__main__":
    run_all()
