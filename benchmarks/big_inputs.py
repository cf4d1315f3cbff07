"""Every command on a 1 MB profile: the goal is at most 2 s each, whatever the file holds.

Writes profiles of just under 1 MB (a valid profile padded with comments; a list of skills; one long
text; JSON padded with spaces; a list of unique keys) and an alias bomb, runs ``tongguan ask``,
``explain``, ``paths`` and ``graph -p`` on each as a user would (a new process), and prints the wall
time and its ratio to the goal (ratio <= 1 meets it) with the exit code (0 answered, 2 refused with one
line).  Run with ``python -m benchmarks.big_inputs``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 2.0
MB = 1_048_576
GOOD = (
    "as_of: 2025-06-01\nseries: 工程\ntechnical_work_since: 2010-07-01\n"
    "assessments: {2022: 合格, 2023: 优秀, 2024: 合格}\nlaw_abiding: true\ngood_conduct: true\n"
    "skills: [{level: 技师, obtained: 2018-01-01}]\n"
)
COMMANDS = [["ask"], ["explain"], ["paths"], ["graph", "-f", "dot", "-p"]]


def _pad(head: str, fill: str) -> str:
    return head + fill * ((MB - len(head.encode()) - 16) // len(fill.encode()))


def profiles() -> dict[str, str]:
    """Name → text of each 1 MB profile."""
    keys, size, i = [], 0, 0
    while size < MB - 64:
        line = f"k{i}: 1\n"
        keys.append(line)
        size, i = size + len(line), i + 1
    bomb = "a: &a [" + ",".join(['"lol"'] * 9) + "]\n"
    for prev, name in zip("abcde", "bcdef", strict=True):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return {
        "comments.yaml": _pad(GOOD, "# " + "注" * 30 + "\n"),
        "skills.yaml": _pad("skills:\n", "  - {level: 技师, obtained: 2018-01-01}\n"),
        "text.yaml": "series: " + "工" * ((MB - 32) // 3) + "\n",
        "spaces.json": json.dumps({"series": "工程", "as_of": "2025-06-01"}) + " " * (MB - 64),
        "keys.yaml": "".join(keys),
        "bomb.yaml": bomb + "name: [*f]\n",
    }


def main() -> None:
    """Print seconds, ratio to the goal and exit code for each command on each profile."""
    exe = shutil.which("tongguan", path=str(Path(sys.executable).parent)) or "tongguan"
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in profiles().items():
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            for cmd in COMMANDS:
                t = time.perf_counter()
                run = subprocess.run([exe, *cmd, str(path)], capture_output=True, timeout=120, check=False)
                took = time.perf_counter() - t
                label = " ".join(cmd)
                print(f"{name:14} {label:18} {took:5.2f} s  ratio {took / GOAL:4.2f}  exit {run.returncode}")


if __name__ == "__main__":
    main()
