# Two entry points do all set-up on a fresh Debian machine with Python 3.11+:
#   make run   - index the bundled sample archive in corpus/ and serve it
#   make test  - run the whole test suite: installs Chromium for the browser tests, Java and
#                Maven for the OpenSearch tests, and starts (then stops) a three-node cluster
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test venv browser index lint clean opensearch opensearch-stop

$(BIN)/baoku: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/baoku

venv: $(BIN)/baoku

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

index: venv
	$(BIN)/baoku index corpus --index $(INDEX)

run: index
	$(BIN)/baoku serve --index $(INDEX) --host $(HOST) --port $(PORT)

# The OpenSearch tests run against a real three-node cluster: started here unless one is
# already running, and stopped afterwards (even when a test fails) if it was started here.
test: venv browser
	@started=; \
	if ! bash scripts/opensearch/cluster.sh status >/dev/null 2>&1; then \
		bash scripts/opensearch/cluster.sh start || exit 1; started=1; \
	fi; \
	$(BIN)/python -m pytest; status=$$?; \
	if [ -n "$$started" ]; then bash scripts/opensearch/cluster.sh stop; fi; \
	exit $$status

lint: venv
	$(BIN)/ruff check indexer search_web tests bench

clean:
	rm -rf $(VENV) var

# A local three-node OpenSearch cluster on 127.0.0.1:9201-9203 (see scripts/opensearch/cluster.sh)
opensearch:
	bash scripts/opensearch/cluster.sh start

opensearch-stop:
	bash scripts/opensearch/cluster.sh stop
