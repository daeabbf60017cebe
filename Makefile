# Sáng tạo — two commands on a fresh clone: `make run` and `make test`.
VENV      ?= .venv
PYTHON    ?= python3
PY        := $(VENV)/bin/python
FLASK     := $(VENV)/bin/flask --app contest
PG_URL    ?= postgresql://127.0.0.1:5432/test
HOST      ?= 127.0.0.1
PORT      ?= 5000

.PHONY: run test test-sqlite test-postgres install install-dev translations extract-messages \
        migrate seed browser lint clean bench bench-identity bench-assign bench-export bench-load \
        bench-faults bench-national fuzz

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d contest/translations -D messages
	$(VENV)/bin/pybabel compile --statistics -d contest/translations -D wtforms

extract-messages: $(VENV)/.installed-dev
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o contest/translations/messages.pot \
		--project "Sáng tạo" --version 0.1 --no-location --sort-output .
	$(VENV)/bin/pybabel update -i contest/translations/messages.pot -d contest/translations -D messages --no-fuzzy-matching

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

# The web server and, beside it, the worker that delivers the mail (one command; Ctrl+C stops
# both: the shell's exit trap stops the worker when the server ends).
run: translations seed
	@echo ""
	@echo "Sáng tạo đang chạy tại http://$(HOST):$(PORT), worker gửi e-mail chạy kèm  (Ctrl+C để dừng)"
	@$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

browser:
	@bash scripts/ensure-chromium

# The whole suite on SQLite, then again on PostgreSQL when one is configured or answers locally.
test: $(VENV)/.installed-dev translations browser
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ] || $(PY) scripts/port_open.py 127.0.0.1 5432; then \
		$(MAKE) --no-print-directory test-postgres; \
		echo "make test: ran the suite on SQLite and, but for the db_independent tests, on PostgreSQL ($${TEST_DATABASE_URL:-$(PG_URL)})"; \
	else \
		echo "make test: ran the suite on SQLite only (no PostgreSQL on 127.0.0.1:5432 and no TEST_DATABASE_URL)"; \
	fi

test-sqlite: $(VENV)/.installed-dev translations
	@echo "== pytest on SQLite =="
	env -u TEST_DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev translations
	@echo "== pytest on PostgreSQL =="
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-$(PG_URL)} $(PY) -m pytest -m "not db_independent" $(PYTEST_ARGS)

# Every figure of issue 11 beside its floor, in one table (SIZE=10000 for the real figures);
# it reports, never fails on a time; see bench/README.md.
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py --size $(or $(SIZE),1000)

# Every ranking method stores the same rows as the reference (a change must not move a result).
bench-identity: $(VENV)/.installed-dev
	$(PY) bench/ranking_identity.py --check bench/reference/ranking_sha256.txt

# Judge assignment at scale (10,000 entries, 300 judges): time and balance; see bench/README.md.
bench-assign: $(VENV)/.installed-dev
	$(PY) bench/assign.py

# The ranking XLSX at 10,000 entries and the national dossier ZIP: time and peak memory.
bench-export: $(VENV)/.installed-dev
	$(PY) bench/export.py

# 100 judges autosaving and 100 entrants filing dossiers against gunicorn (4 workers) on SQLite
# and on PostgreSQL (its own bench_load database), beside a one-insert baseline (DURATION=).
bench-load: $(VENV)/.installed-dev
	$(PY) bench/load.py $(if $(DURATION),--seconds $(DURATION))

# The same load while workers are SIGKILLed and a throwaway PostgreSQL is restarted; then
# check-integrity and every acknowledged write looked for (DURATION=).
bench-faults: $(VENV)/.installed-dev
	$(PY) bench/faults.py $(if $(DURATION),--seconds $(DURATION))

# A national body and 34 provinces of 10,000 entries on PostgreSQL (its own bench_national
# database): organiser pages at 1 and 34 provinces, rank, the national intake (PROVINCES=, SIZE=,
# QUICK=1 for 300 entries a province).
bench-national: $(VENV)/.installed-dev
	$(PY) bench/national.py $(if $(PROVINCES),--provinces $(PROVINCES)) \
		$(if $(SIZE),--size $(SIZE)) $(if $(QUICK),--quick)

# The form fuzzer at length (make test runs it with a few posts per endpoint); see tests/fuzz.
fuzz: $(VENV)/.installed-dev translations
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} $(PY) -m pytest tests/fuzz $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache .grimp_cache
