# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# mkdocs-material for the contact-centre handbook lives in its own environment (see builder/handbook/).
HANDBOOK_VENV := .venv-handbook
HANDBOOK_REQUIREMENTS := builder/handbook/requirements.txt

.PHONY: run test build audit bench lint clean handbook handbook-env messages

# The site, the backend and the staff handbook (/staff/handbook/) on http://127.0.0.1:8000.
run: $(VENV)/.installed $(HANDBOOK_VENV)/.installed
	PORTAL_SERVE_SITE=1 $(BIN)/flask --app backend dev --port 8000

# The contact-centre handbook into output-handbook/ (staff only; never part of the public site).
handbook: $(VENV)/.installed $(HANDBOOK_VENV)/.installed
	$(BIN)/python build.py handbook --strict

handbook-env: $(HANDBOOK_VENV)/.installed

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

build: $(VENV)/.installed
	$(BIN)/python build.py --strict

audit: $(VENV)/.dev-installed
	$(BIN)/python build.py --strict --audit

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

# Extract the theme's and the backend's words into their catalogues' templates (.pot) and bring
# every language's .po up to date; translators then fill in the new entries (portal/i18n.py).
messages: $(VENV)/.installed
	for layer in theme backend; do \
	  src=$$layer; [ $$layer = theme ] && src=theme/templates; \
	  $(BIN)/pybabel extract -F babel.cfg --sort-by-file --no-wrap -o $$layer/locale/messages.pot $$src && \
	  for po in $$layer/locale/*/LC_MESSAGES/messages.po; do \
	    if [ -e "$$po" ]; then $(BIN)/pybabel update --no-wrap -i $$layer/locale/messages.pot -o $$po -l $$(basename $$(dirname $$(dirname $$po))); fi; \
	  done; \
	done

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

$(HANDBOOK_VENV)/.installed: $(HANDBOOK_REQUIREMENTS)
	$(PYTHON) -m venv $(HANDBOOK_VENV)
	$(HANDBOOK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(HANDBOOK_VENV)/bin/python -m pip install --quiet -r $(HANDBOOK_REQUIREMENTS)
	touch $@

clean:
	rm -rf output output-handbook .cache $(VENV) $(HANDBOOK_VENV)
