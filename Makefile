# corridor — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
DEMO_DIR ?= demo
DEMO_PORT ?= 8765
PYTEST_ARGS ?=
# networkit's OpenMP threads otherwise spin while idle and starve everything else on a
# small machine (measured: PageRank on 10k people 0.04 s -> 1.96 s).
export OMP_WAIT_POLICY ?= passive

FRONTEND := src/corridor/web/frontend
STATIC := src/corridor/web/static/index.html

.PHONY: install demo test bench soak lint check format clean

$(VENV)/.installed: pyproject.toml uv.lock
	./scripts/system-deps.sh build
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/uv sync --frozen --active --quiet
	touch $@

# The web UI is built from npm packages pinned in package-lock.json and served by the node.
$(STATIC): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(shell find $(FRONTEND)/src -type f 2>/dev/null) $(FRONTEND)/index.html $(FRONTEND)/vite.config.js
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error && npm run build

# Country outlines for offline maps in reports: the web UI's pinned world-atlas, copied
# beside corridor.geo's other data (gitignored; corridor.geo.country_shapes reads it).
COUNTRIES := src/corridor/geo/data/countries-50m.json
$(COUNTRIES): $(FRONTEND)/package-lock.json | $(STATIC)
	test -f $(FRONTEND)/node_modules/world-atlas/countries-50m.json || (cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error)
	cp $(FRONTEND)/node_modules/world-atlas/countries-50m.json $@

## install: the virtual environment in .venv with corridor, its development tools, the built web UI and map outlines
install: $(VENV)/.installed $(STATIC) $(COUNTRIES)

## demo: a working node with the synthetic scenario (SQLite)
demo: install
	$(VENV)/bin/corridor demo --size demo --out $(DEMO_DIR) --port $(DEMO_PORT)

## test: every test, on SQLite and on a throwaway PostgreSQL
# --dist loadfile: a module's tests stay together and in order on one worker (the browser
# tests walk one logged-in page through the workbench, test after test).
test: install
	./scripts/system-deps.sh test
	$(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## bench: benchmarks, results in bench/results/*.json
bench: install
	./scripts/system-deps.sh test
	$(PY) bench/run.py

## soak: the long trust tests (leak hunt, faults, fuzz) at SOAK_SCALE and the load test on the
## large scenario (built once, cached in bench/.cache); counts in bench/results/soak.json
SOAK_SCALE ?= 20
soak: install
	./scripts/system-deps.sh test
	CORRIDOR_SOAK_SCALE=$(SOAK_SCALE) CORRIDOR_SOAK_COUNTS=$(CURDIR)/bench/.cache/soak-counts.jsonl \
		$(PY) bench/soak.py -- -n 2 --dist loadfile $(PYTEST_ARGS)

## lint: ruff, mypy and the import-layer contracts
lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

check: lint test

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO_DIR)
