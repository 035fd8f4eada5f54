# Ortaq: `make run` serves the demo, `make test` runs the whole suite.
# Both create .venv with a Python >= 3.12 found by scripts/find-python.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# An installed marker per extra, so that changing pyproject.toml reinstalls.
BASE := $(VENV)/.installed-base
DEV := $(VENV)/.installed-dev

.PHONY: run test test-fast lint format bench load messages clean

$(VENV)/.python:
	@python=$$(scripts/find-python) || { \
	    echo "Ortaq needs Python 3.12 or newer, and none was found."; \
	    echo "Install one (pyenv install 3.12, uv python install 3.12, or your system's package) and run make again."; \
	    exit 1; }; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; raise SystemExit(sys.version_info < (3, 12))'; then rm -rf $(VENV); fi; \
	[ -x $(PY) ] || $$python -m venv $(VENV); \
	$(PY) -m pip install --quiet --upgrade pip; \
	touch $@

$(BASE): pyproject.toml $(VENV)/.python
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV): pyproject.toml $(BASE)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BASE)
	$(BIN)/ortaq demo

# The whole suite; CI passes a selection through (make test PYTEST_ARGS='-m "not browser"').
PYTEST_ARGS ?=
test: $(DEV)
	$(BIN)/pytest $(PYTEST_ARGS)

# Tools that load the settings (mypy's Django plugin, makemigrations) need no secrets.
lint messages: export ORTAQ_TESTING = true
lint: $(DEV)
	$(BIN)/ruff format --check src bench
	$(BIN)/ruff check src bench
	$(BIN)/mypy src bench
	$(BIN)/lint-imports
	$(BIN)/ortaq manage makemigrations --check --dry-run
	$(BIN)/ortaq manage check_translations

format: $(DEV)
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

# Extract every string, then compile the catalogues (pure Python, so no GNU gettext is needed
# to run the site). Translate the new entries in src/ortaq/locale/*/LC_MESSAGES/django.po.
messages: $(DEV)
	cd src/ortaq && ../../$(BIN)/ortaq manage makemessages --locale kk --locale ru --locale en \
	    --no-location --no-obsolete --ignore '*/tests/*' --ignore '*/migrations/*' \
	    --ignore 'core/locale_vendor/*'
	$(BIN)/ortaq manage compile_translations

bench: $(DEV)
	$(PY) -m bench $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

# Locust against ortaq serve, PostgreSQL and Redis for a minute (bench/load.py).
load: $(DEV)
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
