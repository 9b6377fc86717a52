# Two commands on a fresh machine: `make run` and `make test`.
# Neither needs PostgreSQL or Redis: with DATABASE_URL / REDIS_URL unset the
# settings use SQLite in var/ and kombu's filesystem broker.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so pip runs again only when
# requirements.txt is newer (a second `make run` starts at once).
STAMP := $(VENV)/.requirements-installed
PYTEST_ARGS ?=

.PHONY: venv install messages migrate demo run test bench

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(STAMP)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

# Compile the translations if there are any; without gettext the pages fall
# back to the source strings, so a missing msgfmt only warns.
messages: install
	@if [ -d locale ]; then \
		if command -v msgfmt >/dev/null 2>&1; then \
			$(BIN)/python manage.py compilemessages --ignore '.venv' --ignore 'var' -v0; \
		else \
			echo "gettext (msgfmt) is not installed: translations not compiled."; \
		fi; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Idempotent: a second run adds nothing; prints the demo logins.
demo: migrate
	$(BIN)/python manage.py load_demo

run: messages demo
	./scripts/run-dev.sh

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The provincial-scale benchmark: PostgreSQL via DATABASE_URL, wrk.
# Seeds (or reuses) windowdesk_bench_1k and windowdesk_bench_1m, serves the app
# with gunicorn, writes bench/results.md and fails when a goal is missed.
# `make bench SCALE=1000` is the small version the test suite runs.
SCALE ?= 1000000
bench: messages
	$(BIN)/python -m bench.run --scale $(SCALE)
