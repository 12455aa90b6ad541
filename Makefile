# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run prod bench loadtest test quick check lint format load messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: a working portal on SQLite with the real data, at http://127.0.0.1:8000
# The account commands it prints carry DEBUG=1 as the target does: they then use the same local
# settings and db.sqlite3 even in a shell that has a SECRET_KEY set (manage.py alone falls back
# to the local settings only when no SECRET_KEY is set).
run: export DEBUG = 1
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_portal_data
	@echo
	@echo "Editors: create a staff account with   DEBUG=1 $(BIN)/python manage.py create_editor <username>"
	@echo "         (in a script, without a prompt: DJANGO_EDITOR_PASSWORD=<password> DEBUG=1 $(BIN)/python manage.py create_editor <username> --noinput)"
	@echo "         (or an administrator with      DEBUG=1 $(BIN)/python manage.py createsuperuser), then open http://$(HOST):$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production mode, runnable here: the environment of a real deployment, with loopback defaults.
# Plain HTTP on loopback, so no TLS redirect; behind a TLS proxy set SECURE_SSL_REDIRECT=1.
PROD_ENV = DEBUG=0 \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cds_portal}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}"

# A random secret for production mode on this machine, kept out of git.
.secret_key:
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

## prod: gunicorn on PostgreSQL + Redis, DEBUG off, compressed hashed static (PORT=8001 for a second instance)
prod: $(VENV)/.installed .secret_key
	$(PROD_ENV) $(BIN)/python manage.py ensure_database
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py load_portal_data
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PROD_ENV) BIND=$(HOST):$(PORT) $(BIN)/gunicorn portal.wsgi --config gunicorn.conf.py

## bench: speed at 100 and 100,000 lessons on PostgreSQL, warm and right after a data change, under load and in memory, printed with each target (~15 minutes)
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; }; } \
		|| { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python -m tests.perf.bench

## loadtest: 200 clients for 60 s against production mode, an editor saving, the cache cut mid-run
loadtest: $(VENV)/.installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; }; } \
		|| { echo "loadtest needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python -m tests.perf.loadrun

# axe-core for the accessibility tests (skipped locally when npm is missing; CI installs it).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm not found: accessibility tests will be skipped"; fi

## test: the layer contracts, then the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# The slow groups, left out of `make quick`; `make test` runs them too.
SLOW = browser or production or fuzz or scale

## quick: the layer contracts and everything but the slow groups, on both cores (about two minutes idle)
quick: $(VENV)/.installed
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -m "not ($(SLOW))" -n 2 --dist loadfile

## check: lint, pending migrations and the deployment checklist
check: $(VENV)/.installed
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-but-long-enough-for-the-check ALLOWED_HOSTS=example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

lint: $(VENV)/.installed
	$(BIN)/ruff check .

format: $(VENV)/.installed
	$(BIN)/ruff format .

load: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py load_portal_data

## messages: refresh the English catalogue after changing interface text, then compile it
# References name files, not lines: moving a line must not change the catalogue (tests/public/test_language.py).
messages: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --add-location=file --ignore=.venv --ignore=node_modules --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache test-results
