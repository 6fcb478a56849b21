# Tuijin: build, run and test.
#
#   make run [PORT=8000]      install runtime deps + front-end files, migrate, seed demo data, serve 127.0.0.1:PORT
#                             (DEBUG false: Chinese error pages; a secret key generated once into var/)
#                             (with the huey consumer for scheduled jobs in the background)
#   make test                 run the whole pytest suite on SQLite, then on a throwaway PostgreSQL
#   make test PYTEST_ARGS="-x -k login"   extra arguments for both pytest runs (XDIST= for one process)
#   make bench                run bench/run.py on SQLite and a throwaway PostgreSQL (BENCH_ARGS=... extra)
#   make clean                remove .venv node_modules tuijin/static/vendor var/
#
# Stamp files (.venv/.stamp-*, node_modules/.stamp-npm-ci) make repeated runs fast; they
# are redone when requirements/*.txt or package.json/package-lock.json change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
endif
PY := .venv/bin/python
PIP_INSTALL := $(PY) -m pip install --disable-pip-version-check --progress-bar off
# Two workers (pytest-xdist): the machine has 2 cores; each worker has its own test database.
XDIST ?= -n 2
PYTEST_ARGS ?=

VENV_BASE := .venv/.stamp-base
VENV_DEV := .venv/.stamp-dev
VENV_BENCH := .venv/.stamp-bench
NPM_STAMP := node_modules/.stamp-npm-ci

.PHONY: help venv venv-base venv-dev venv-bench static system-packages run test bench clean

help:
	@echo "make run     install runtime deps and front-end files, migrate, seed demo data, serve 127.0.0.1:PORT (8000)"
	@echo "make test    pytest on SQLite, then on a throwaway PostgreSQL (PYTEST_ARGS=... for extra args)"
	@echo "make bench   run bench/run.py if present"
	@echo "make static  npm ci (when stale) + copy vendor files into tuijin/static/vendor/"
	@echo "make venv    create .venv with the test dependencies (requirements/dev.txt)"
	@echo "make clean   remove .venv node_modules tuijin/static/vendor var/"

# ---------------------------------------------------------------- Python venv

$(PY):
	@test -n "$(PYTHON)" || { echo "No python3.11 or python3 found on PATH." >&2; exit 1; }
	$(PYTHON) -m venv .venv

$(VENV_BASE): requirements/base.txt | $(PY)
	$(PIP_INSTALL) -r requirements/base.txt
	@touch $@

# dev.txt includes base.txt, so a dev install also satisfies the base stamp.
$(VENV_DEV): requirements/base.txt requirements/dev.txt | $(PY)
	$(PIP_INSTALL) -r requirements/dev.txt
	@touch $(VENV_BASE) $@

$(VENV_BENCH): requirements/base.txt requirements/dev.txt requirements/bench.txt | $(PY)
	$(PIP_INSTALL) -r requirements/bench.txt
	@touch $(VENV_BASE) $(VENV_DEV) $@

venv-bench: $(VENV_BENCH)
venv-base: $(VENV_BASE)
venv-dev: $(VENV_DEV)
venv: venv-dev

# ------------------------------------------------------------ front-end files

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (apt-get install -y nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

static: $(NPM_STAMP)
	python3 scripts/vendor_static.py

system-packages:
	@bash scripts/ensure_system_packages.sh

# --------------------------------------------------------------------- run

# `make run` serves as production does (DEBUG false: Chinese 404/403/500 pages, never Django's technical page;
# static files by whitenoise from the source tree), on a secret key generated once into var/ (gitignored) and
# reused. PORT picks the port: `make run PORT=8001`.
PORT ?= 8000
RUN_URL = http://127.0.0.1:$(PORT)
SECRET_KEY_FILE := var/secret_key
run: export DEBUG = false
run: export TUIJIN_BASE_URL = $(RUN_URL)
run: venv-base static
	@mkdir -p var; test -s $(SECRET_KEY_FILE) || { umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SECRET_KEY_FILE); }
	SECRET_KEY=$$(cat $(SECRET_KEY_FILE)) $(PY) manage.py migrate --noinput
	SECRET_KEY=$$(cat $(SECRET_KEY_FILE)) $(PY) manage.py seed_demo --if-empty
	SECRET_KEY=$$(cat $(SECRET_KEY_FILE)) $(PY) manage.py seed_problems --if-empty
	SECRET_KEY=$$(cat $(SECRET_KEY_FILE)) $(PY) manage.py scan_warnings
	@echo; echo "推进已启动：请在浏览器打开 $(RUN_URL)/login/ 登录（Ctrl+C 停止）"; echo
	@# huey's consumer runs the scheduled jobs (problem escalation) beside the web server and stops with it.
	export SECRET_KEY=$$(cat $(SECRET_KEY_FILE)); \
	$(PY) manage.py run_huey --quiet --max-delay 1 & huey_pid=$$!; \
	trap 'kill $$huey_pid 2>/dev/null; wait $$huey_pid 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# --------------------------------------------------------------------- test
# Both runs always happen; the target fails if either fails (pytest's exit code 5,
# "no tests collected", counts as a failure). The PostgreSQL run also starts a streaming
# replica of the throwaway cluster (pg_basebackup -R, scripts/pg_throwaway.sh start-replica) for
# tests/ops/test_it_reads_from_the_replica.py; both are stopped and deleted on every exit path.

test: venv-dev static system-packages
	@now() { date +%s.%N; }; \
	secs() { awk -v a="$$1" -v b="$$2" 'BEGIN { printf "%.1f", b - a }'; }; \
	echo; echo "=== 测试：SQLite ==="; \
	t0=$$(now); \
	sqlite_rc=0; env -u DATABASE_URL -u TUIJIN_TEST_REPLICA_URL $(PY) -m pytest $(XDIST) $(PYTEST_ARGS) || sqlite_rc=$$?; \
	sqlite_time=$$(secs "$$t0" "$$(now)"); \
	echo "=== SQLite：退出码 $$sqlite_rc，用时 $${sqlite_time}s ==="; \
	echo; echo "=== 测试：PostgreSQL ==="; \
	trap 'bash scripts/pg_throwaway.sh stop' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	t0=$$(now); \
	pg_rc=0; \
	if ! pg_url=$$(bash scripts/pg_throwaway.sh start); then \
	  pg_rc=1; echo "PostgreSQL 启动失败" >&2; \
	elif ! replica_url=$$(bash scripts/pg_throwaway.sh start-replica); then \
	  pg_rc=1; echo "PostgreSQL 只读副本启动失败" >&2; \
	else \
	  DATABASE_URL="$$pg_url" TUIJIN_TEST_REPLICA_URL="$$replica_url" $(PY) -m pytest $(XDIST) $(PYTEST_ARGS) || pg_rc=$$?; \
	fi; \
	pg_time=$$(secs "$$t0" "$$(now)"); \
	echo "=== PostgreSQL：退出码 $$pg_rc，用时 $${pg_time}s ==="; \
	if [ "$$sqlite_rc" -ne 0 ] || [ "$$pg_rc" -ne 0 ]; then \
	  echo "=== 测试失败：SQLite 退出码 $$sqlite_rc，PostgreSQL 退出码 $$pg_rc ===" >&2; \
	  exit 1; \
	fi

# -------------------------------------------------------------------- bench

# 项目情报: precision, recall and F1 per field on the labelled articles (dev and held-out).
.PHONY: eval-intel
eval-intel: venv-dev
	$(PY) -m tuijin.intel.evaluate

# 预测研判: replay the demo district's past year(s) in a throwaway database (the same every run); the table by month.
# On the current database: DEBUG=true .venv/bin/python manage.py eval_forecast [--ledger FILE]
.PHONY: eval-forecast
eval-forecast: venv-dev
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	  TUIJIN_VAR_DIR=$$dir DEBUG=true $(PY) manage.py migrate -v0 && \
	  TUIJIN_VAR_DIR=$$dir DEBUG=true $(PY) manage.py seed_demo -v0 >/dev/null && \
	  TUIJIN_VAR_DIR=$$dir DEBUG=true $(PY) manage.py eval_forecast

# Every figure on SQLite and on a throwaway PostgreSQL side by side, then the page table at 10k / 50k / 200k
# projects on both (bench/run.py --page-sizes); BENCH_ARGS="--projects 10000 --page-sizes 10000" for a quick run.
BENCH_ARGS ?=
bench: venv-bench system-packages
	@if [ -f bench/run.py ]; then \
	  trap 'bash scripts/pg_throwaway.sh stop' EXIT; \
	  if pg_url=$$(bash scripts/pg_throwaway.sh start); then \
	    $(PY) bench/run.py --database-url "$$pg_url" $(BENCH_ARGS); \
	  else \
	    echo "PostgreSQL 启动失败：只测 SQLite" >&2; $(PY) bench/run.py $(BENCH_ARGS); \
	  fi; \
	else \
	  echo "No benchmarks yet (bench/run.py does not exist)."; \
	fi

# -------------------------------------------------------------------- clean

clean:
	-@bash scripts/pg_throwaway.sh stop 2>/dev/null
	rm -rf .venv node_modules tuijin/static/vendor var/
