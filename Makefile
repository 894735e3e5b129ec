# Two commands do all the set-up on a fresh machine:
#   make analyze   - create .venv, install discourse, analyse corpus/ into results/
#   make test      - create .venv, install discourse with test extras, run the tests
# and one builds the documentation site:
#   make docs      - install the docs extra, build the site into site/ (warnings are errors)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DOCS_STAMP := $(VENV)/.docs-$(shell cksum pyproject.toml | cut -d' ' -f1)
OUT ?= results
CACHE ?= .discourse-cache

.PHONY: install analyze test lint notebooks clean-results docs gallery

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

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	rm -f $(VENV)/.docs-*
	touch $(DOCS_STAMP)

# the API reference site (MkDocs + Material + mkdocstrings) into site/; then every public name
# of discourse must be in its object inventory
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site
	$(BIN)/python docs/check_reference.py site/objects.inv

# redraw the gallery's PNGs from the seed corpus (committed; byte-identical on every run)
gallery: $(STAMP)
	$(BIN)/python docs/make_gallery.py $(CACHE)
