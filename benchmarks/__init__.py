"""Benchmarks: each module has a `main()` that prints its measurements as ratios against a baseline.

Run all with ``python -m benchmarks`` (or ``make bench``), one with ``python -m benchmarks.<name>``.
"""
