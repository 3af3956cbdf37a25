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

# The W3C Nu HTML checker (needs Java), from the npm registry; the HTML tests skip without it.
VNU_VERSION := 26.9.27
$(VENV)/vnu.jar: | $(VENV)/bin/activate
	-command -v java >/dev/null && command -v npm >/dev/null && \
	  cd $(VENV) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null && \
	  tar xzf vnu-jar-$(VNU_VERSION).tgz package/build/dist/vnu.jar && \
	  mv package/build/dist/vnu.jar vnu.jar && rm -rf package vnu-jar-$(VNU_VERSION).tgz

run: $(VENV)/.run-deps
	$(FLASK) seed-demo
	$(FLASK) clean-uploads
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(VENV)/.test-deps $(VENV)/vnu.jar
	$(PY) -m pytest

test-postgres: $(VENV)/.test-deps $(VENV)/vnu.jar
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(PY) -m pytest

# Issue 12's matrix: SQLite and PostgreSQL (the local server, database jianxi_bench) at 10,000,
# 100,000 and 1,000,000 positions; about 15-20 minutes. A quick check:
#   make bench BENCH_ARGS="--sizes 10000 --duration 2s --cold 30"
BENCH_ARGS ?=
bench: $(VENV)/.run-deps
	command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
	$(PY) bench/run.py $(BENCH_ARGS)

# Debian's Chromium for the browser tests (Playwright may not download its own here).
browser:
	command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium fonts-noto-cjk; }

clean:
	rm -rf $(VENV) .pytest_cache
