# Two entry points on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE ?= queries/profiles/welder-senior-technician.yaml

.PHONY: run serve test lint bench template clean difftest sparktest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tongguan ask $(EXAMPLE)

serve: $(STAMP)
	$(BIN)/tongguan serve --host 127.0.0.1 --port $(or $(PORT),8000)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

template: $(STAMP)
	$(BIN)/python scripts/roster_template.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# The differential test (columnar back end vs pyDatalog) on N generated persons: make difftest N=1000000
N ?= 1000000
difftest: $(STAMP)
	TONGGUAN_DIFF_N=$(N) $(BIN)/python -m pytest tests/test_differential.py -q -x

# The Spark back end (local[2]) against DuckDB and pyDatalog on SPARK_N persons, and the Parquet register
SPARK_N ?= 2000
sparktest: $(STAMP)
	TONGGUAN_SPARK_N=$(SPARK_N) $(BIN)/python -m pytest tests/test_spark.py -q -x
