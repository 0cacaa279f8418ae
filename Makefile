# Development entry points. `make run` for the app, `make test` for the suite.
# Backing services (PostgreSQL, Redis) are project-local, under .local/ (scripts/services.py).

PY ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PYTEST_ARGS ?=
BENCH_ARGS ?=
ARGS ?=

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

# Exports DATABASE_URL and REDIS_URL (the assignment makes a failure of `env` stop the recipe).
LOAD_ENV = SERVICES_ENV="$$($(PY) scripts/services.py env)"; eval "$$SERVICES_ENV"

NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := $(if $(NPM),node_modules/.installed)

.PHONY: help venv services run manage test bench fmt lint migrations-check check stop clean-data

help:
	@echo "Cibles : venv services run manage test bench fmt lint migrations-check check stop clean-data"
	@echo "  make run    installe, démarre PostgreSQL et Redis, migre, charge la démo et lance web + worker + beat + SMTP"
	@echo "  make manage ARGS='code_totp <email>'   une commande manage.py avec les services du projet"
	@echo "  make test   lance la suite de tests (PYTEST_ARGS=… pour des options pytest)"

venv: $(VENV)/.installed $(NODE_STAMP)

$(VENV)/.installed: pyproject.toml
	test -x $(VPY) || $(PY) -m venv $(VENV)
	$(VPY) -m pip install --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json $(wildcard package-lock.json)
	npm install --no-audit --no-fund
	touch $@

services:
	$(PY) scripts/services.py up

run: venv services
	$(LOAD_ENV)
	export DJANGO_SETTINGS_MODULE=francetravail.settings.dev
	$(VPY) manage.py migrate --noinput
	$(VPY) manage.py seed_demo
	exec $(VPY) scripts/run.py

# manage.py finds the project's services by itself; this target also starts them first.
manage: venv services
	$(LOAD_ENV)
	$(VPY) manage.py $(ARGS)

test: venv services
	$(LOAD_ENV)
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

bench: venv services
	$(LOAD_ENV)
	$(VENV)/bin/pytest tests/benchmarks -p no:xdist -s -q $(BENCH_ARGS)

# Rewrites the SQL snapshots of the most read pages (tests/snapshots/sql/) after an intended change:
# read `git diff tests/snapshots` before committing.
.PHONY: snapshots
snapshots: venv services
	$(LOAD_ENV)
	$(VENV)/bin/pytest tests/snapshots -p no:xdist -q --snapshot-update

fmt: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

migrations-check: venv services
	$(LOAD_ENV)
	DJANGO_SETTINGS_MODULE=francetravail.settings.test $(VPY) manage.py makemigrations --check --dry-run

check:
	$(MAKE) lint
	$(MAKE) migrations-check
	$(MAKE) test

stop:
	$(PY) scripts/services.py down

clean-data: stop
	rm -rf .local
