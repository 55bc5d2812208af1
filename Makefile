# Two commands on a fresh machine:  `make run` (install, index, chat UI)  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)

.PHONY: install models index run test lint typecheck unit browser-deps bench eval clean

$(STAMP): pyproject.toml constraints.txt
	@$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 nodig, gevonden: " + sys.version' 
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: the CPU wheel on local disk; anything else pulls a CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,models]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/g40 setup

index: install
	$(BIN)/g40 index

run: index
	$(BIN)/g40 ui

AXE := node_modules/axe-core/axe.min.js

# Debian's Chromium for the browser tests (playwright's own download cannot work offline),
# and axe-core from npm for the accessibility test.
browser-deps: $(AXE)
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

$(AXE):
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm install --no-save --no-audit --no-fund --silent axe-core@4.14.1

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: install browser-deps lint typecheck
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m benchmarks.run_all

eval: index
	$(BIN)/g40 eval --baseline

clean:
	rm -rf $(VENV) data/index data/evals
