# Every target sets up .venv from pyproject.toml first, so a fresh clone needs only `make run`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= $(CURDIR)/demo.sqlite3

.PHONY: run test lint bench setup demo clean test-pg test-repeat soak

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	test -f $(DEMO_DB) || $(BIN)/complaints --db sqlite:///$(DEMO_DB) demo --residents 400 --cases 2000 --seed 1 --profile derive
	$(BIN)/complaints --db sqlite:///$(DEMO_DB) tui

test: $(STAMP)
	$(BIN)/python -m pytest

# The UI and snapshot suites N times while every CPU is kept busy: prints how many runs failed.
N ?= 10
test-repeat: $(STAMP)
	$(BIN)/python -m tests.repeat --runs $(N)

# Needs a server: export COMPLAINTS_TEST_PG="$$(bash .ci/pg.sh)" first (.ci/run does).
test-pg: $(STAMP)
	@test -n "$$COMPLAINTS_TEST_PG" || { echo "COMPLAINTS_TEST_PG is not set: run  export COMPLAINTS_TEST_PG=\"\$$(bash .ci/pg.sh)\"  first" >&2; exit 2; }
	$(BIN)/python -m pytest -m postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run_all

# Crash safety and many terminals at full size (issue 12; `tests/soak/test_*.py` run them small in
# `make test`): prints each harness's figures, and fails if any of them lost or locked anything.
# PostgreSQL too when COMPLAINTS_TEST_PG is set.
soak: $(STAMP)
	@status=0; \
	$(BIN)/python -m tests.soak.crash --writers 6 --rounds 30 || status=1; \
	$(BIN)/python -m tests.soak.terminals --backend sqlite --processes 10 --count 200 || status=1; \
	if [ -n "$$COMPLAINTS_TEST_PG" ]; then \
		$(BIN)/python -m tests.soak.terminals --backend postgres --processes 10 --count 200 || status=1; \
	else echo "terminals on postgres: skipped (COMPLAINTS_TEST_PG is not set)"; fi; \
	COMPLAINTS_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/fuzz tests/io/test_text_rule_import.py || status=1; \
	exit $$status

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
