# The README's two commands: `make run` and `make test`. Both set up what they need.
VENV := .venv
PY := $(VENV)/bin/python
BUN := .tools/node_modules/.bin/bun
BUN_VERSION := 1.4.4

export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test setup test-setup chromium bench lint

run: setup
	$(PY) -m leadmachine run

test: test-setup
	$(PY) -m pytest

setup: $(VENV)/.runtime $(BUN)

test-setup: setup $(VENV)/.dev chromium

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(BUN):
	npm install --prefix .tools --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)

# Browser tests use Debian's Chromium (no browser downloads on this network).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (apt-get install chromium) to run the browser tests." >&2; fi; }

bench: setup $(VENV)/.dev
	$(PY) bench/widget_weight.py
	$(PY) bench/speed_to_lead.py

lint: test-setup
	$(PY) -m ruff check .
