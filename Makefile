# CICA knowledge graph. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install build serve test lint fmt check ci bench bench-smoke clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/cica: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	if command -v npm >/dev/null; then npm ci --prefix api/static --no-audit --no-fund --silent; \
	else echo "npm not found: the query page falls back to a plain text area"; fi
	touch $(BIN)/cica

install: $(BIN)/cica ## Create the virtual environment and install the project (if needed)

build: install ## Load, check and build the graph into dist/
	$(BIN)/cica build

serve: build ## Build the graph and serve the endpoint on http://$(HOST):$(PORT)
	$(BIN)/cica serve --host $(HOST) --port $(PORT)

test: install ## Run the whole test suite (builds the graph first)
	$(BIN)/cica build
	$(BIN)/python -m pytest

lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: install ## Canonicalise data/*.yaml and format the code
	$(BIN)/cica fmt
	$(BIN)/ruff format .

check: install ## Check the curated data only (models, ids, references, quotes)
	$(BIN)/cica check

ci: lint test ## What CI runs

bench: install ## Benchmarks: endpoint vs peers, pipeline, remote store, store memory (slow; needs wrk; LARGE=1 adds ~1M triples)
	$(BIN)/python bench/endpoint.py --factors 1 6 --duration 10
	$(BIN)/python bench/pipeline.py 1 2
	$(BIN)/python bench/remote.py 1 3
	$(BIN)/python bench/store_memory.py 1 6 $(if $(LARGE),60)
	$(if $(LARGE),$(BIN)/python bench/endpoint.py --factors 60 --duration 10 --only "point lookup")

bench-smoke: install ## The benchmark scripts at the smallest size, briefly (CI; no timings judged)
	$(BIN)/python bench/endpoint.py --factors 1 --duration 1
	$(BIN)/python bench/pipeline.py 1
	$(BIN)/python bench/remote.py 1
	$(BIN)/python bench/store_memory.py 1

clean: ## Remove build outputs (keeps the virtual environment)
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
