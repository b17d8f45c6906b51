# make run: serve the dashboard on http://127.0.0.1:8501 (demo data when no database exists)
# make test: lint + the whole test suite, browser tests included
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/funnel.duckdb
PORT ?= 8501

.PHONY: run test lint format bench bench-load bench-spark demo clean chromium java

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# the Spark engine's packages (pyspark, sqlglot): the Spark tests and make bench-spark
$(VENV)/.spark-installed: $(VENV)/.dev-installed requirements-spark.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	touch $@

$(DB): | $(VENV)/.installed
	$(PY) -m dashboard demo --db $(DB)

# binds 127.0.0.1 unless sign-in is configured ([auth] in .streamlit/secrets.toml) and FUNNEL_ADDRESS is set
run: $(VENV)/.installed $(DB)
	@address=$$($(PY) -m dashboard.auth) && \
	FUNNEL_DB=$(DB) $(VENV)/bin/streamlit run streamlit_app.py --server.address "$$address" --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

demo: $(VENV)/.installed
	$(PY) -m dashboard demo --db $(DB)

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	else echo "warning: /usr/bin/chromium is missing and cannot be installed (not root); browser tests will be skipped outside CI"; fi

# Spark runs on the JVM: Debian's default-jre-headless when java is missing (the Spark tests skip without it)
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's default-jre-headless for the Spark tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null); \
	else echo "warning: java is missing and cannot be installed (not root); the Spark tests will be skipped"; fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# pytest-xdist: one worker per core (TEST_WORKERS=1 for one process), a file's tests on one worker (its module
# fixtures built once), the Spark files as one unit sent first (tests/conftest.py: one JVM, started while the other
# worker runs the rest, not a JVM per worker at the end); then the browser tests in one process: two servers and two Chromiums on two cores made
# charts miss their 30 s wait
TEST_WORKERS ?= auto
test: $(VENV)/.dev-installed $(VENV)/.spark-installed chromium java lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not e2e"
	$(PY) -m pytest -m e2e

# unit and app tests only (no server, no browser, no Spark): 6 to 10 minutes on 2 cores, for the edit-test loop
test-fast: $(VENV)/.dev-installed lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not e2e and not spark"

# the project against vectorised pandas and Polars on the same stored columns (identical numbers
# checked), pages' recompute, demo peak memory; BENCH_LEADS (1000000), BENCH_DB, BENCH_ROUNDS (5),
# BENCH_BROWSER=1 adds first render and filter change in headless Chromium
bench: $(VENV)/.dev-installed
	$(PY) benchmarks/run.py
	$(PY) benchmarks/import_bench.py

# many users at once: a 1 M-lead demo under /tmp, a server on a free port, 10, 25 and 50 websocket sessions
# opening random views; rerun p50/p95/max, errors and server memory per number (LOAD_ARGS="--sessions 10")
bench-load: $(VENV)/.dev-installed
	$(PY) benchmarks/load.py $(LOAD_ARGS)

# DuckDB and Spark local mode on the same demo (exported, built on Spark), interleaved, medians, identical numbers
# checked: funnel, sources, friction. BENCH_LEADS (10000000), BENCH_ROUNDS (5), BENCH_SPARK_DRIVER_MEMORY (8g)
bench-spark: $(VENV)/.spark-installed java
	$(PY) benchmarks/spark_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
