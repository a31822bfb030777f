# Plenary developer tasks. Run from the repository root: `make test`, `make demo`, ...
# Python: a >= 3.12 interpreter found by .ci/find-python (override: make UV_PYTHON=/path/to/python).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

UV_PYTHON ?= $(shell .ci/find-python)
# evaluate the discovery once, not in every recipe line
UV_PYTHON := $(UV_PYTHON)
ifneq ($(strip $(UV_PYTHON)),)
export UV_PYTHON
endif

# uv from the PATH, or else the copy `make` installs into the project (.tools/uv) from PyPI
# with the Python found above, so `make demo` and `make test` work on a machine without uv.
UV_HOME := .tools/uv
UV ?= $(shell if uv --version >/dev/null 2>&1; then command -v uv; else echo $(UV_HOME)/bin/uv; fi)
MANAGE := $(UV) run python manage.py
PYTEST_ARGS ?=
# Lets the settings load without DEBUG; never used outside tests/builds.
TEST_SECRET_KEY := insecure-test-only-secret-key-not-for-production

.PHONY: venv demo test lint bench messages compilemessages

venv:
	@if [ -z "$${UV_PYTHON:-}" ]; then echo "No Python >= 3.12 found (see .ci/find-python); set UV_PYTHON." >&2; exit 1; fi
	@if ! $(UV) --version >/dev/null 2>&1; then \
		echo "uv not found: installing it into $(UV_HOME) with $$UV_PYTHON" >&2; \
		"$$UV_PYTHON" -m pip install --quiet --disable-pip-version-check --target $(UV_HOME) uv; \
	fi
	$(UV) sync --frozen

demo: export DEBUG = true
demo: venv compilemessages
	$(MANAGE) migrate
	$(MANAGE) collectstatic --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: venv compilemessages
	DEBUG=true DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$(TEST_SECRET_KEY)}" \
		$(MANAGE) collectstatic --noinput -v0
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$(TEST_SECRET_KEY)}" \
		.ci/with-services $(UV) run pytest $(PYTEST_ARGS)

lint: venv
	$(UV) run ruff check . && $(UV) run ruff format --check .

# `make bench QUICK=1`: every case for a moment, figures printed but not judged (run by .ci/run).
# `make bench LARGE=1`: the pages also measured on `manage.py load_large` (adds a few minutes).
QUICK ?=
LARGE ?=
bench: venv
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk (Debian package)" >&2; \
		apt-get install -y --no-install-recommends wrk; }
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$(TEST_SECRET_KEY)}" BENCH_QUICK="$(QUICK)" BENCH_LARGE="$(LARGE)" \
		.ci/with-services $(UV) run python -m tests.benchmarks

# The compiled .mo files are committed too; this refreshes them when msgfmt is available.
compilemessages: export DEBUG = true
compilemessages: venv
	@if ! command -v msgfmt >/dev/null 2>&1; then \
		echo "msgfmt not found (Debian package gettext): skipping compilemessages" >&2; \
	elif [ -z "$$(find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.po' -print -quit)" ]; then \
		echo "no .po files yet: skipping compilemessages" >&2; \
	else \
		$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules; \
	fi
	$(MANAGE) brazilian_portuguese

messages: export DEBUG = true
messages: venv
	$(MANAGE) makemessages -l es -l fr -l pt --ignore=.venv --ignore=node_modules
