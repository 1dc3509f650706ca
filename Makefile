# innovations locales: the two commands of the README, and a few helpers.
#   make run   - install everything, load the demo data, serve http://127.0.0.1:8000
#                (with the worker that sends e-mails and runs the periodic jobs)
#   make test  - install everything, run the whole test suite
# DATABASE_URL switches both to PostgreSQL (SQLite file db.sqlite3 by default).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Development mode for local commands; production never runs through this Makefile.
export DEBUG ?= 1
export DJANGO_SUPERUSER_PASSWORD ?= demo-admin-password-2021
PYTEST_WORKERS ?= 2

.PHONY: install run test check bench demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@$(PY) manage.py createsuperuser --noinput --username admin --email admin@example.org >/dev/null 2>&1 \
		&& echo "Created the demo administrator: admin@example.org / $(DJANGO_SUPERUSER_PASSWORD)" \
		|| echo "Demo administrator: admin@example.org (already exists)"
	@$(PY) manage.py verify_email admin@example.org >/dev/null

# The web server and the worker (e-mail queue, periodic jobs) side by side; Ctrl-C stops both.
run: demo
	@echo "innovations locales: http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	@test -x /usr/bin/chromium || echo "Note: /usr/bin/chromium is missing, browser tests will be skipped (apt-get install chromium)."
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks of imports, the map and the API (needs Chromium and wrk), and of the mixed page
# load direct and behind a caching nginx (needs nginx); prints figures next to baselines. DATABASE_URL=postgres://... adds the import figures on PostgreSQL.
bench: install
	$(PY) bench/bench_import.py
	$(PY) bench/run.py
	$(PY) bench/slow3g.py
	$(PY) bench/bench_signup_timing.py
	$(PY) bench/costly.py

# Static checks run by CI besides the tests.
check: install
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=ci-check-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		ALLOWED_HOSTS=innovations-locales.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
