# Everything starts from a fresh clone with only Python 3.11+ and make: each target sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run serve test lint format bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make a second `make` skip pip entirely until a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

demo: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_local_accounts

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: demo
	DEBUG=0 GENERATE_SECRET_KEY=1 SECURE_COOKIES=0 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG=0 GENERATE_SECRET_KEY=1 SECURE_COOKIES=0 $(BIN)/gunicorn newsroom.wsgi \
		--bind $(HOST):$(PORT) --workers $$($(BIN)/python -c 'import os; print(2 * os.cpu_count() + 1)') \
		--access-logfile -

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/pytest

bench: $(VENV)/.dev
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
