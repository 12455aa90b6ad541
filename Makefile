# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check lint format load messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: a working portal on SQLite with the real data, at http://127.0.0.1:8000
run: export DEBUG = 1
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_portal_data
	@echo
	@echo "Editors: create a staff account with   $(BIN)/python manage.py create_editor <username>"
	@echo "         (or an administrator with      $(BIN)/python manage.py createsuperuser), then open http://$(HOST):$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility tests (skipped locally when npm is missing; CI installs it).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm not found: accessibility tests will be skipped"; fi

## test: the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/python -m pytest

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
messages: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache test-results
