# ScoreBridge — two commands for a newcomer:  make run   and   make test
# Everything is installed from this repository's own files (pyproject.toml, package-lock.json).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
E2E_PORT ?= 8765
NPM := npm --prefix frontend

.PHONY: run test install install-dev frontend-install frontend-build chromium lint typecheck \
        pytest contract pytest-postgres pgbouncer pytest-pgbouncer frontend-test e2e openapi worker clean bench wrk \
        idp-install poppler screens

run: ## install what is missing, seed the demo, serve on http://127.0.0.1:8000 (another port: make run PORT=8080)
	@echo "==> ScoreBridge: the first start installs packages and builds the web app (a few minutes); later starts take seconds"
	@echo "==> [1/4] Python packages in $(VENV)"
	@$(MAKE) --no-print-directory install
	@echo "==> [2/4] web app in frontend/dist (npm packages, then the build)"
	@$(MAKE) --no-print-directory frontend-build
	@echo "==> [3/4] demo data (seed-demo: organisation, vendors, results, two years of history)"
	$(BIN)/scorebridge seed-demo
	@echo "==> [4/4] serving"
	@echo ""
	@echo "  ScoreBridge:  http://$(HOST):$(PORT)   (demo password ScoreBridge-demo-2026)"
	@echo ""
	$(BIN)/scorebridge serve --host $(HOST) --port $(PORT)

test: install-dev frontend-install idp-install chromium poppler lint typecheck pytest pytest-postgres pytest-pgbouncer frontend-test e2e ## every check

# --- Python -----------------------------------------------------------------------------
$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ScoreBridge needs Python 3.11+"' \
		|| { echo "Python 3.11+ is required (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# --- Frontend ---------------------------------------------------------------------------
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is required"; exit 1; }
	$(NPM) ci --no-audit --no-fund
	@touch $@

frontend-install: frontend/node_modules/.installed

# The OpenID Provider the sign-in tests run against (panva/oidc-provider, tests/idp/).
tests/idp/node_modules/.installed: tests/idp/package.json tests/idp/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required"; exit 1; }
	npm --prefix tests/idp ci --no-audit --no-fund
	@touch $@

idp-install: tests/idp/node_modules/.installed

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/public -type f 2>/dev/null)
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES) openapi.yaml
	$(NPM) run gen:api
	$(NPM) run build

frontend-build: frontend/dist/index.html

# Debian's Chromium for Playwright (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || { \
		echo "installing Debian chromium for the end-to-end tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

# Debian's poppler-utils: the report tests read the PDF pack back (pdftotext) and render it
# (pdftoppm), to check its Chinese.
poppler:
	@command -v pdftoppm >/dev/null || { \
		echo "installing Debian poppler-utils for the report tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils; }

# --- Checks -----------------------------------------------------------------------------
lint: install-dev
	$(BIN)/ruff check backend tests migrations bench scripts
	$(BIN)/ruff format --check backend tests migrations bench scripts

typecheck: install-dev
	$(BIN)/mypy

# pytest-xdist: PYTEST_WORKERS processes, each with its own database and Redis db number
# (tests/conftest.py); tests that must share one process are grouped with xdist_group.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup

# Both passes include the schemathesis stage (tests/contract, marker `contract`): every
# operation fuzzed as admin, HR and employee on a seeded instance. `make contract` runs it alone.
pytest: install-dev idp-install
	$(PYTEST)

contract: install-dev
	$(BIN)/pytest -q -p no:cacheprovider -m contract tests/contract

# Runs again on PostgreSQL + Redis (arq) when both test URLs are set (.ci/run sets them).
pytest-postgres: install-dev idp-install
	@if [ -n "$$SCOREBRIDGE_TEST_POSTGRES_URL" ] && [ -n "$$SCOREBRIDGE_TEST_REDIS_URL" ]; then \
		SCOREBRIDGE_TEST_BACKEND=postgres $(PYTEST); \
	else echo "skipping PostgreSQL run: set SCOREBRIDGE_TEST_POSTGRES_URL and SCOREBRIDGE_TEST_REDIS_URL"; fi

# Debian's PgBouncer for the PgBouncer stage (installed the way chromium is).
pgbouncer:
	@command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || { \
		echo "installing Debian pgbouncer for the PgBouncer test stage"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq pgbouncer; }

# Intake, the HR workbench and analytics again, through a real PgBouncer in transaction mode
# (tests/pgbouncer.py starts it on a free port in front of the test PostgreSQL).
PGBOUNCER_TESTS := tests/intake tests/results tests/analytics tests/observability
pytest-pgbouncer: install-dev pgbouncer
	@if [ -n "$$SCOREBRIDGE_TEST_POSTGRES_URL" ] && [ -n "$$SCOREBRIDGE_TEST_REDIS_URL" ]; then \
		SCOREBRIDGE_TEST_BACKEND=postgres SCOREBRIDGE_TEST_PGBOUNCER=1 \
			$(PYTEST) $(PGBOUNCER_TESTS); \
	else echo "skipping PgBouncer run: set SCOREBRIDGE_TEST_POSTGRES_URL and SCOREBRIDGE_TEST_REDIS_URL"; fi

frontend-test: frontend-install
	$(NPM) run gen:api
	@git diff --quiet -- frontend/src/api/schema.d.ts 2>/dev/null || \
		{ echo "frontend/src/api/schema.d.ts is stale: commit the regenerated client"; exit 1; }
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) test

e2e: install-dev idp-install frontend-build chromium
	cd frontend && E2E_PORT=$(E2E_PORT) E2E_BASE_URL=http://127.0.0.1:$(E2E_PORT) npx playwright test

# Screenshots of each role's home and workbench at 390 and 1440 px in zh-CN and English into
# docs/screens/ (not part of `make test`); starts the demo server on SCREENS_PORT unless one runs.
SCREENS_PORT ?= $(E2E_PORT)
screens: install-dev frontend-build chromium
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
		echo "installing Debian fonts-noto-cjk (Chinese text in the screenshots)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk; }
	cd frontend && E2E_PORT=$(SCREENS_PORT) E2E_BASE_URL=http://127.0.0.1:$(SCREENS_PORT) \
		npx playwright test -c e2e/screens/playwright.config.ts

# --- Tools ------------------------------------------------------------------------------
openapi: install-dev ## regenerate openapi.yaml and the typed frontend client
	$(BIN)/python scripts/export_openapi.py
	$(NPM) run gen:api

worker: install ## the arq worker (needs SCOREBRIDGE_REDIS_URL)
	$(BIN)/scorebridge worker

# Debian's wrk, the load generator of bench/intake.py (installed the way chromium is).
wrk:
	@command -v wrk >/dev/null || { \
		echo "installing Debian wrk for the intake bench"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

bench: install-dev wrk
	$(BIN)/python bench/intake.py

clean:
	rm -rf $(VENV) frontend/node_modules tests/idp/node_modules frontend/dist var
