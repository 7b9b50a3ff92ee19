# make run  — the demo on http://127.0.0.1:8000 with a Celery worker and beat; no servers needed.
# make test — the whole suite against PostgreSQL and Redis (see README).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
DEV_ENV := DEBUG=1

# The suite runs in one process per CPU (pytest-xdist, each with its own test database); a file
# or a test alone: `make test TEST_WORKERS=0 PYTEST_ARGS=tests/core/test_workflow.py`.
TEST_WORKERS ?= auto
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/efficiency_center)
TEST_REDIS_URL    ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
TEST_ENV := DEBUG=1 DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	CELERY_BROKER_URL=$(TEST_REDIS_URL) DJANGO_ALLOW_ASYNC_UNSAFE=1 VAR_DIR=$(CURDIR)/var/test

.PHONY: run test test-browser lint messages venv services

# Debian packages, PostgreSQL and Redis for the suite: installed / started when missing (see script).
services:
	@TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) scripts/ensure_services.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: venv
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py check_services
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Celery worker + beat log: var/celery.log"
	@trap 'kill 0' INT TERM EXIT; \
	$(DEV_ENV) $(VENV)/bin/celery -A efficiency_center worker --beat --pool=solo --loglevel=INFO \
		> var/celery.log 2>&1 & \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: services venv
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

test-browser: services venv
	$(TEST_ENV) $(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: venv
	$(DEV_ENV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=tests
	$(DEV_ENV) $(PY) manage.py compilemessages -l zh_Hans --ignore=.venv
