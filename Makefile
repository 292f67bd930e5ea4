# The verbs the README and .ci/run use; nothing here that they do not.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: install setup run test test-sqlite test-postgres lint format publish pdf bench serve-prod clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_guide
	$(MANAGE) ensure_admin
	$(MANAGE) setup_groups
	$(MANAGE) build_editions

# The web server, the background worker and scheduled publishing, stopped together by Ctrl+C.
run: setup
	$(MANAGE) runall 127.0.0.1:$(PORT)

# The suite on every core (pytest-xdist). Tests are handed out in pytest-django's order, in
# runs of neighbouring tests: transactional tests, which empty every table when they end,
# still come after the others in each process (by file, they did not, and the tests that
# follow them lost their content types). PYTEST_WORKERS=0 runs it in this process.
PYTEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist load

test: install node_modules/axe-core/axe.min.js
	$(PYTEST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/ site/*[!README.md] .pytest_cache

publish: setup
	$(MANAGE) publish --out site

pdf: setup
	$(MANAGE) build_pdf --out var/guide-impression.pdf --edition print
	$(MANAGE) build_pdf --out var/guide.pdf --edition screen

# Every figure next to its anchor (Hugo, bare views, bare WeasyPrint, Typst), written to
# docs/benchmarks.md; a few minutes by default, BENCH_SCALE=full for 2,000 entries.
bench: install
	nice $(PY) bench/run.py

# --- operations (cms.ops) ---
.PHONY: worker
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/participez_test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/1

# The same suite on PostgreSQL and Redis; pytest-django creates and drops test_participez_test
# (one per process: test_participez_test_gw0, _gw1...).
test-postgres: install
	DATABASE_URL=$(POSTGRES_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) $(PYTEST)

# Fails when production would run without PostgreSQL, a shared cache or the proxy setting.
.PHONY: deploy-check
deploy-check: install
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) check --deploy --fail-level WARNING

# Production settings behind gunicorn: needs SECRET_KEY (and DATABASE_URL, REDIS_URL...).
# First deploy and every restart: check, static files, migrations, then on an empty database
# the guide, the admin (password from ADMIN_PASSWORD, or printed once) and the groups.
serve-prod: deploy-check
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) first_deploy
	DJANGO_SETTINGS_MODULE=cms.settings.production $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Background tasks (publishing, PDFs); restart it freely, unfinished tasks are taken up again.
worker: install
	$(MANAGE) db_worker --backend background --queue-name '*' --no-reload

# --- public pages and static site (cms.pages, guide.publish) ---
# axe-core for the browser tests (tests/browser/), pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# --- print guide (guide.pdf) ---
# Print-shop file with crop marks outside the bleed, and its 2-up A4 proof for the office printer.
pdf-proof: setup
	$(MANAGE) build_pdf --out var/guide-impression-traits.pdf --edition print --marks --impose

# Every page of the Paris and 18e print editions as PNG, and one contact sheet per edition
# (poppler's pdftoppm + ImageMagick's montage): var/planche-paris.png, var/planche-18e.png.
.PHONY: pdf-contact-sheet
pdf-contact-sheet: setup
	$(MANAGE) build_pdf --out var/guide-impression.pdf --edition print
	$(MANAGE) build_pdf --out var/guide-impression-18e.pdf --edition print --arrondissement 18
	set -e; for pair in paris:guide-impression 18e:guide-impression-18e; do \
	  name=$${pair%%:*}; pdf=var/$${pair#*:}.pdf; rm -rf var/pages-$$name; mkdir -p var/pages-$$name; \
	  pdftoppm -png -r 40 $$pdf var/pages-$$name/page; \
	  montage var/pages-$$name/page-*.png -tile 8x -geometry +4+4 -background gray70 var/planche-$$name.png; \
	  echo "var/planche-$$name.png"; done
