# Two commands: `make test` and `make demo`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: test demo lint types unit fuzz docs bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: $(STAMP) lint types unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

types: $(STAMP)
	$(BIN)/mypy --strict src

# One worker per core (pytest-xdist): the suite is CPU-bound, and on two cores this halves it (14:47 -> 7:37).
unit: $(STAMP)
	$(BIN)/pytest -q -n auto

demo: $(STAMP)
	$(BIN)/bankcomplaints demo

# The docs site (Sphinx, MyST Markdown, furo) in docs/_build/html; the build itself needs no network.
docs: $(STAMP)
	$(BIN)/python -c "import sphinx, myst_parser, furo" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[docs]'
	$(BIN)/sphinx-build -q -b html docs docs/_build/html
	@echo "docs: docs/_build/html/index.html"

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/fuzz

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
