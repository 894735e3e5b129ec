# Two commands do all the set-up on a fresh machine:
#   make analyze   - create .venv, install discourse, analyse corpus/ into results/
#   make test      - create .venv, install discourse with test extras, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
OUT ?= results
CACHE ?= .discourse-cache

.PHONY: install analyze test lint notebooks clean-results

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,notebooks]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

analyze: $(STAMP)
	$(BIN)/discourse analyze corpus --out $(OUT) --cache-dir $(CACHE)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean-results:
	rm -rf $(OUT)
