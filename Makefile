# The two commands of the README: `make run` and `make test`. Each bootstraps .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint check bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Set up, create the SQLite database, load the curriculum, seed the demo and serve on :8000.
run: $(STAMP)
	$(BIN)/lms db upgrade
	$(BIN)/lms demo
	$(BIN)/lms serve

## Set up and run the whole test suite (lint, curriculum check, translation status, catalogs, unit, HTTP and browser tests).
test: $(STAMP)
	@sh .ci/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lms curriculum check
	$(BIN)/lms translations status
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)
	$(BIN)/lms curriculum check
	$(BIN)/lms translations status

## Benchmarks: not part of `make test`; figures go into the README.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks

## Re-extract the UI message template and update the catalogs after changing UI strings.
messages: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k N_ -o translations/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) data/*.sqlite3*
