# Everything starts from a fresh clone with only Python 3.11+ and make: each target sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

# PORT comes from the command line or the environment. Empty means unset, as for every variable; a value
# runserver or gunicorn would choke on is refused, with a sentence that names it, before any target starts.
# Digits only first, so that the shell below sees nothing else.
ifeq ($(strip $(PORT)),)
override PORT := 8000
endif
PORT_NON_DIGITS := $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(PORT)))))))))))
ifneq ($(PORT_NON_DIGITS),)
$(error PORT must be a whole number from 1 to 65535, not '$(PORT)')
endif
ifeq ($(shell [ $(PORT) -ge 1 ] && [ $(PORT) -le 65535 ] && echo ok),)
$(error PORT must be a whole number from 1 to 65535, not '$(PORT)')
endif

.PHONY: run serve worker test lint format bench audit demo clean services services-stop test-pg

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

# The Nu HTML checker and Lighthouse, at the versions package-lock.json pins; npm ci writes this file last.
# --ignore-scripts: vnu-jar's install step would download a Java runtime; the machine's Java 17 runs it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel error

demo: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_local_accounts

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background worker of TASK_BACKEND=database: it runs the queued social post fetches, picture renditions
# and emails. Run the site with the same variable beside it (`TASK_BACKEND=database make run` in another
# terminal); `make run` alone needs no worker, since the immediate backend runs each task in the web
# process. While DEBUG is on the worker restarts when the code changes, like runserver.
worker: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	TASK_BACKEND=database $(BIN)/python manage.py db_worker

# SERVE_MEDIA=1: with DEBUG off Django serves no uploads unless told to, because a real site has nginx, a CDN
# or object storage in front of them; this local production-like server has nothing else to serve them.
serve: demo
	DEBUG=0 GENERATE_SECRET_KEY=1 SECURE_COOKIES=0 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG=0 GENERATE_SECRET_KEY=1 SECURE_COOKIES=0 SERVE_MEDIA=1 $(BIN)/gunicorn newsroom.wsgi \
		--bind $(HOST):$(PORT) --workers $$($(BIN)/python -c 'import os; print(2 * os.cpu_count() + 1)') \
		--access-logfile -

# django-upgrade runs over every tracked Python file, migrations included (ruff skips those). Its --check
# only lists the files it would rewrite and exits 1, writing nothing, so a CI run never leaves the clone
# modified. djhtml --check does the same for the indentation of every .html file under templates/ and
# jinja2/ (it reads Jinja2's block tags as it reads Django's); the tab width is fixed at the templates' two
# spaces instead of being guessed again for each file.
DJANGO_TARGET := 5.2

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version $(DJANGO_TARGET) --check
	$(BIN)/djhtml --check --tabwidth 2 templates/ jinja2/
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# django-upgrade first, so ruff formats what it rewrote; it exits 1 when it changed a file unless told not to.
format: $(VENV)/.dev
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version $(DJANGO_TARGET) --exit-zero-even-if-changed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml --tabwidth 2 templates/ jinja2/

# The HTML checker's tests need node_modules (npm ci) and Java; without npm on PATH `make test` still runs and
# those tests skip with their reason (under CI=true they fail instead, as the browser tests do).
NPM_TOOLS := $(if $(shell command -v npm),node_modules/.package-lock.json)

test: lint $(NPM_TOOLS)
	$(BIN)/pytest

bench: $(VENV)/.dev
	PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) $(BIN)/python -m bench $(BENCH_ARGS)

# Lighthouse 12 (mobile, throttled) on the demo served as `make serve` serves it, in a site of its own under
# var/audit/site; reports in var/audit/. Slow (about 2.5 minutes), so not part of `make test`.
# Exits 1 when a page misses a bar: 100 in accessibility, best practices and SEO, 98 in performance.
audit: $(VENV)/.runtime node_modules/.package-lock.json
	$(BIN)/python -m bench.audit $(AUDIT_ARGS)

# Throwaway PostgreSQL and Redis servers on 127.0.0.1, their data in var/services/ (.ci/services, which CI
# runs for its PostgreSQL leg with the same ports): for `make test-pg` and
# `make bench BENCH_ARGS="--database postgres"`. They run until `make services-stop`.
PG_PORT ?= 54329
REDIS_PORT ?= 63799
SERVICES := PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) .ci/services

services:
	$(SERVICES) start var/services

services-stop:
	$(SERVICES) stop var/services

# The whole suite as CI's PostgreSQL leg runs it (.ci/run lists its variables), on the servers above.
test-pg: lint services
	env $$($(SERVICES) env var/services) TASK_BACKEND=database $(BIN)/pytest

clean:
	rm -rf $(VENV) var/static
