"""Regenerate queries/roster-template.xlsx from the example profiles in queries/profiles/.

    .venv/bin/python scripts/roster_template.py    (or: make template)

tests/test_batch.py checks the shipped template against what this makes.
"""

from pathlib import Path

from tongguan.batch.template import example_profiles, template_rows, write_template

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    header, rows = template_rows(example_profiles(ROOT / "queries" / "profiles"))
    out = ROOT / "queries" / "roster-template.xlsx"
    write_template(out, header, rows)
    print(f"{out.relative_to(ROOT)}: {len(rows)} rows, {len(header)} columns")


if __name__ == "__main__":
    main()
