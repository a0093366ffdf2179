# plan-warehouse: `make run` builds the warehouse from data/raw/plans, `make test` proves it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
INSTALLED_DEV := $(VENV)/.installed-dev-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | sha1sum | cut -c1-12)

export DAGSTER_HOME ?= $(CURDIR)/warehouse/.dagster
export PLAN_WAREHOUSE_RAW_DIR ?= $(CURDIR)/data/raw/plans
export PLAN_WAREHOUSE_DB ?= $(CURDIR)/warehouse/plans.duckdb
export PLAN_WAREHOUSE_PUBLISHED_DB ?= $(CURDIR)/warehouse/published/plans.duckdb
export DAGSTER_DBT_PARSE_PROJECT_ON_LOAD ?=
export DO_NOT_TRACK := 1

.PHONY: help install install-dev manifest run watch test test-fast fuzz dev docs report sql lint format benchmark browser postgres office redis worker cluster clean
.DEFAULT_GOAL := help

help: ## this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'
	@echo '  env: PLAN_WAREHOUSE_RAW_DIR, PLAN_WAREHOUSE_DB, PLAN_WAREHOUSE_PUBLISHED_DB (README: "Two commands"),'
	@echo '       DAGSTER_POSTGRES_URL (postgresql+psycopg2://…: Dagster storage in PostgreSQL), PLAN_WAREHOUSE_FOLLOW_LINKS, PLAN_WAREHOUSE_FILE_TIMEOUT,'
	@echo '       PLAN_WAREHOUSE_ALLOW_REMOVALS=1 (let a run remove most of the loaded documents; README)'
	@echo '       PLAN_WAREHOUSE_CELERY_BROKER (redis://…: the cluster, README "Beyond one machine")'

install: $(INSTALLED) ## install the pinned runtime dependencies into .venv

install-dev: $(INSTALLED_DEV) ## install the runtime and the development dependencies (tests, linters)

# Pinned, resolved dependency sets; reinstalled only when a lock or pyproject changes.
# requirements.lock: what the pipeline runs on; requirements-dev.lock: that plus the test tools
# (it includes requirements.lock), so install-dev resolves once and also stands for `install`.
# --no-compile: pip would byte-compile all ~12,000 modules of the set (~30 s of CPU); Python
# compiles the ones imported, on first import.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile
$(INSTALLED): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	$(PIP_INSTALL) --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

$(INSTALLED_DEV): requirements.lock requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.lock
	$(PIP_INSTALL) --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@ $(INSTALLED)

# dbt manifest for dagster-dbt, prepared before Dagster loads the definitions; parsed again
# only when a model, macro, seed or the project file changed (saves seconds on every run).
DBT_INPUTS := $(shell find dbt_project/models dbt_project/macros dbt_project/seeds dbt_project/dbt_project.yml -type f 2>/dev/null)
dbt_project/target/manifest.json: $(DBT_INPUTS) $(INSTALLED)
	@cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir . --log-level-file none

manifest: install dbt_project/target/manifest.json
	@$(BIN)/python -m orchestration.instance >/dev/null

run: manifest office ## build the warehouse from the raw folder (FILES="a.txt b.txt": only those)
	@$(BIN)/python -m orchestration.run_all $(FILES)

watch: manifest office ## keep the pipeline loaded; refresh seconds after a plan file changes (README "A warm process")
	@$(BIN)/python -m orchestration.watch

# LibreOffice (Debian's headless Writer and Calc) converts .doc/.wps/.rtf/.odt and .xls/.et/.ods.
# Installed as root when missing; otherwise such files are refused by name, saying what to install.
office: ## headless LibreOffice for .doc/.wps/.rtf/.odt/.xls/.et/.ods (as root)
	@command -v soffice >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null && exit 0; \
	fi; \
	echo "make office: LibreOffice is missing (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui, as root):" \
	  ".doc/.wps/.rtf/.odt/.xls/.et/.ods files will be refused by name" >&2

# The whole suite on every core (pytest-xdist; the tests of one module run in one worker, so a
# module-scoped warehouse is built once: tests/conftest.py). PYTEST_PARALLEL= runs it in one process.
PYTEST_PARALLEL ?= -n auto --dist loadfile
test: install-dev manifest browser postgres office redis ## the test suite
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# The edit loop: parser, reader and rule tests (no warehouse build, no browser), under a minute.
test-fast: install-dev manifest ## parser and rule tests only (the edit loop; `make test` runs everything)
	$(BIN)/python -m pytest -q -m fast

fuzz: install-dev ## the layout-variation harness with many more random examples than `make test`, and the whole converter matrix
	PLAN_WAREHOUSE_HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/ingestion/layouts
	PLAN_WAREHOUSE_MATRIX=all $(BIN)/python -m pytest -q tests/formats/test_converter_matrix.py

dev: manifest ## Dagster UI on http://127.0.0.1:3000 (sensor and schedule)
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

# The catalog describes the built warehouse, so build it first if there is none.
docs: manifest ## dbt docs into warehouse/docs
	@test -f "$(PLAN_WAREHOUSE_DB)" || $(MAKE) run
	cd dbt_project && ../$(BIN)/dbt docs generate --profiles-dir . --target-path ../warehouse/docs --static

report: manifest ## re-run the quality checks and write the report
	$(BIN)/python -m orchestration.run_report

# Query the published copy with what `make run` installed: make sql Q="select * from marts.dim_plan"
sql: install ## query the published copy: make sql Q="select …"
	@$(BIN)/python -m serving.sql "$(Q)"

benchmark: manifest ## timing figures (benchmarks/README.md)
	$(BIN)/python -m benchmarks.run

lint: install-dev ## ruff + sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models

format: install-dev ## ruff fix + format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Headless Chromium and a CJK font for the page tests (Debian's packages). Without them the
# page tests fail, so this target fails too when it cannot install them, unless the page tests
# are skipped explicitly with PLAN_WAREHOUSE_SKIP_BROWSER_TESTS=1 (CI never sets it).
# The converter matrix (tests/formats/test_converter_matrix.py) needs the converters too.
CONVERTER_TOOLS := pdftotext pandoc w3m lynx html2text soffice
CONVERTER_PACKAGES := poppler-utils pandoc w3m lynx html2text libreoffice-writer-nogui
browser: ## headless Chromium, a CJK font and the text converters for the page and matrix tests (as root)
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	  && command -v $(CONVERTER_TOOLS) >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
	    $(CONVERTER_PACKAGES) >/dev/null && exit 0; \
	  echo "make browser: apt-get could not install chromium, fonts-noto-cjk and $(CONVERTER_PACKAGES)" >&2; \
	else \
	  echo "make browser: chromium or fonts-noto-cjk is missing and cannot be installed here (needs root and apt-get)" >&2; \
	fi; \
	if [ "$${PLAN_WAREHOUSE_SKIP_BROWSER_TESTS:-}" = 1 ]; then \
	  echo "make browser: PLAN_WAREHOUSE_SKIP_BROWSER_TESTS=1: the page tests will be skipped" >&2; exit 0; \
	fi; \
	echo "install them (as root: make browser), or set PLAN_WAREHOUSE_SKIP_BROWSER_TESTS=1 to skip the page tests" >&2; \
	exit 1

# PostgreSQL server binaries for the Dagster-storage test, which starts its own throwaway server.
postgres: ## PostgreSQL server binaries for the storage test (as root)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null); } || \
	  echo "postgresql not installed: the PostgreSQL storage test will fail"

# Redis, the broker of the cluster (orchestration/cluster.py), for the test that starts its own.
redis: ## Redis server for the cluster test (as root)
	@command -v redis-server >/dev/null 2>&1 || test -x /usr/bin/redis-server || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null); } || \
	  echo "redis-server not installed: the cluster test will fail"

# The extraction on the cluster's workers, then load, dbt and checks here (README, "Beyond one machine").
cluster: manifest ## like `make run`, extracting on the Celery workers (PLAN_WAREHOUSE_CELERY_BROKER)
	@$(BIN)/python -m orchestration.cluster $(FILES)

# A worker of the cluster on this machine (README, "Beyond one machine"); start one per CPU.
worker: manifest ## a Celery worker of the cluster (NAME=w2 for a second one; README "Beyond one machine")
	$(BIN)/celery -A orchestration.celery_worker worker --pool solo -Q dagster --loglevel INFO --hostname "$${NAME:-w1}@%h"

clean: ## delete the default warehouse and everything it wrote
	rm -rf warehouse/plans.duckdb* warehouse/plans warehouse/published warehouse/docs warehouse/.dagster dbt_project/target dbt_project/logs
