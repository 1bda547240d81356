# Two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run test test-tools install migrate demo web lint ci clean messages audit bench bench-search bench-search-postgres bench-nurture bench-wizard

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## make run: install, migrate, load the demo, then web + worker + scheduler (Ctrl-C stops all).
run: demo
	$(BIN)/honcho -f Procfile start

## make test: the whole pytest-django suite (SQLite unless DATABASE_URL is set).
test: install test-tools
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/pytest $(PYTEST_ARGS)

## The programs the suite drives for real: nginx (the shipped front) and Chromium (browser tests).
test-tools:
	@command -v nginx >/dev/null && command -v chromium >/dev/null || \
	  (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx chromium) || \
	  echo "nginx or chromium is missing and cannot be installed here: the tests that need them skip and say why"

## make audit: the demo served as in production, judged by Lighthouse, axe, the Nu checker, feeds, XSD, JSON-LD.
audit: install
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	$(PY) -m pip install --quiet -e ".[test,dev,audit]"
	cd audit && npm ci --no-audit --no-fund --ignore-scripts
	$(PY) audit/run.py

## make bench: bench/pages, the site under gunicorn against nginx serving the same HTML (ratios).
bench: install
	command -v wrk >/dev/null && command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx)
	$(PY) -m pip install --quiet -e ".[test,dev,audit]"
	$(PY) bench/pages.py

## make bench-search: bench/search on generated 10k and 100k document corpora (several minutes).
bench-search: install
	$(PY) bench/search.py

## make bench-search-postgres: the same on PostgreSQL (127.0.0.1:5432, a scratch database bench_search).
bench-search-postgres: install
	$(PY) bench/search.py --database postgresql

## make bench-nurture: bench/nurture, 20,000 due emails through a real Celery worker to a local SMTP sink.
bench-nurture: install
	$(PY) bench/nurture.py

## make bench-wizard: bench/wizard, recommendation time for a 10-question wizard over 1,000 products.
bench-wizard: install
	$(PY) bench/wizard.py

lint: install
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l ko -l en --ignore '$(VENV)/*' --ignore '*/demo/*' --ignore 'tests/*' \
		--ignore 'bench/*' --ignore 'audit/*' --ignore 'var/*'
	cd cms && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
