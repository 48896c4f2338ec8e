# Provincial News Archive — set-up, demo, tests, crawl, browse.
# `make demo` and `make test` each create .venv and install everything they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARCHIVE_DB ?= data/archive.db
DEMO_PORT ?= 8765
PORT ?= 8001
APT_PACKAGES := $(shell cat apt-packages.txt 2>/dev/null | grep -v '^\#')
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv system-deps demo test crawl browse clean

venv: $(STAMP)

# System packages the tests need (apt-packages.txt); installed only when one is missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV) || (echo "python3 -m venv failed: install python3-venv"; exit 1)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The main job, offline: serve the bundled sample sites on loopback and crawl them into $(ARCHIVE_DB).
demo: venv
	@mkdir -p data/demo
	@bash -c 'set -e; rm -f data/demo/server.json; \
	  $(PY) -m tests.sample_server --port $(DEMO_PORT) --registry-out data/demo/sites.toml \
	    --request-log data/demo/requests.jsonl > data/demo/server.json & pid=$$!; trap "kill $$pid" EXIT; \
	  for i in $$(seq 100); do [ -s data/demo/server.json ] && break; sleep 0.1; done; \
	  echo "Sample sites served on loopback: $$(cat data/demo/server.json)"; \
	  $(PY) -m scrapy crawl news -s SITES_REGISTRY=data/demo/sites.toml -s ARCHIVE_DB=$(ARCHIVE_DB) \
	    -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0 -s LOG_FILE=data/demo/crawl.log; \
	  echo "Crawl log: data/demo/crawl.log"; \
	  $(PY) -m scrapy report $(ARCHIVE_DB)'

test: venv system-deps
	$(PY) -m pytest -q tests

# Refresh the committed docs/screenshots/*.png on purpose (the tests themselves save theirs to a temporary dir).
.PHONY: screenshots
screenshots: venv system-deps
	SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -q tests/test_browse.py -k chromium

# The scheduled job: an exclusive, resumable crawl of every registered site (needs internet).
crawl: venv
	@mkdir -p data/logs
	$(PY) -m crawler.run -s ARCHIVE_DB=$(ARCHIVE_DB) -s LOG_FILE=data/logs/crawl.log

browse: venv
	$(VENV)/bin/datasette serve $(ARCHIVE_DB) --port $(PORT) --metadata data/metadata.yml \
	  --plugins-dir datasette/plugins --template-dir datasette/templates --static assets:datasette/static \
	  --setting truncate_cells_html 200 --setting facet_time_limit_ms 1000 --setting suggest_facets off

clean:
	rm -rf data/demo .pytest_cache
