# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build audit bench lint clean

# The site and the backend together on http://127.0.0.1:8000 (SQLite and mail in instance/).
run: $(VENV)/.installed
	PORTAL_SERVE_SITE=1 $(BIN)/flask --app backend dev --port 8000

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

build: $(VENV)/.installed
	$(BIN)/python build.py --strict

audit: $(VENV)/.dev-installed
	$(BIN)/python build.py --strict --audit

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/bench_build.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

clean:
	rm -rf output .cache $(VENV)
