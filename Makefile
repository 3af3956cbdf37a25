# The two commands: `make run` and `make test`. Everything else is set up on the way.
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3

.PHONY: run test test-postgres test-deploy tools bench bench-durability clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $@

# Chromium, CJK fonts and Java from Debian, and the Nu HTML checker: installed when missing (as root),
# otherwise one line says what to install. JIANXI_SKIP=browser,html opts out, and the summary says so.
tools: $(VENV)/.test-deps
	.ci/test-tools

run: $(VENV)/.run-deps
	$(FLASK) seed-demo
	$(FLASK) clean-uploads
	$(FLASK) run --host 127.0.0.1 --port 5000

test: tools
	$(PY) -m pytest --ignore=tests/deploy

test-postgres: tools
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(PY) -m pytest --ignore=tests/deploy

# nginx in front of two gunicorn servers (deploy/run-local) on the local PostgreSQL (database
# jianxi_deploy, made afresh) and SeaweedFS; installs Debian's nginx if it is missing (as root).
test-deploy: $(VENV)/.test-deps
	$(PY) -m pytest tests/deploy

# Everything issues 12 and 25 measure, each script writing its own part of bench/RESULTS.md, on a
# quiet machine; about an hour and a half. Chromium comes with `tools`; Lighthouse (npm, pinned in
# bench/lighthouse) only where Node is, else one line says it was left out.
# - bench/run.py: the public search, SQLite and PostgreSQL (a server of the bench's own from Debian's
#   /usr/lib/postgresql/15/bin with deploy/postgresql.conf, on a free port, removed afterwards) at
#   10,000, 100,000 and 1,000,000 positions: warm pages against hello-world, cold queries, growth;
# - bench/office.py: the offices' pages, 统计 and an export at a province's scale, both engines;
# - bench/firstpaint.py: first paint and bytes of five pages on emulated Slow 3G;
# - bench/lighthouse.py: Lighthouse's four scores on seven pages.
# A quick check of the layout (figures marked as such):
#   make bench BENCH_ARGS="--sizes 10000 --duration 2s --cold 30" OFFICE_ARGS="--scale 0.01" \
#              FIRSTPAINT_ARGS="--runs 1" LIGHTHOUSE_ARGS="--runs 1"
BENCH_ARGS ?=
OFFICE_ARGS ?=
FIRSTPAINT_ARGS ?=
LIGHTHOUSE_ARGS ?=
bench: tools
	command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/office.py $(OFFICE_ARGS)
	$(PY) bench/firstpaint.py $(FIRSTPAINT_ARGS)
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_ARGS)

# Issue 13's durability: 64 connections for 60 s against two gunicorn servers on PostgreSQL
# (database jianxi_durability, dropped afterwards) and SeaweedFS, a worker SIGKILLed every 10 s,
# then every acknowledged write looked up; about 2 minutes. A quick check:
#   make bench-durability DURABILITY_ARGS="--duration 5 --connections 4 --output /tmp/d.md"
DURABILITY_ARGS ?=
bench-durability: $(VENV)/.test-deps
	$(PY) bench/durability.py $(DURABILITY_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
