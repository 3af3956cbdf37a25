# The two commands: `make run` and `make test`. Everything else is set up on the way.
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3

.PHONY: run test test-postgres bench browser clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $@

run: $(VENV)/.run-deps
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(VENV)/.test-deps
	$(PY) -m pytest

test-postgres: $(VENV)/.test-deps
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(PY) -m pytest

bench: $(VENV)/.run-deps
	command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
	$(PY) bench/run.py

# Debian's Chromium for the browser tests (Playwright may not download its own here).
browser:
	command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium fonts-noto-cjk; }

clean:
	rm -rf $(VENV) .pytest_cache
