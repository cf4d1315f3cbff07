"""``python -m tongguan``: the same command line as the `tongguan` script."""

from .cli import main

main()
