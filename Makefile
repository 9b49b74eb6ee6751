# The stable interface for users, CI and our own checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EVENTWIRE := $(BIN)/eventwire
PYTEST_ARGS ?=
# cargo from rustup (~/.cargo/bin) or Debian (/usr/bin), for the compiled engine (engine/)
export PATH := $(HOME)/.cargo/bin:$(PATH)
ENGINE_SOURCES := engine/Cargo.toml engine/Cargo.lock $(wildcard engine/src/*.rs)
# The local cluster of `make chaos-cluster`: ports and a state directory of its own, so it never
# touches the one-node stack (9092/9200, ~/.local/state/eventwire). Small heaps for a laptop.
CLUSTER_STATE ?= $(CURDIR)/.state/cluster
CLUSTER_ENV := EVENTWIRE_STATE_DIR=$(CLUSTER_STATE) \
	EVENTWIRE_KAFKA_BOOTSTRAP=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094 \
	EVENTWIRE_ES_URL=http://127.0.0.1:19200,http://127.0.0.1:19201,http://127.0.0.1:19202 \
	EVENTWIRE_ES_HEAP=640m EVENTWIRE_REPLICATION_FACTOR=3 EVENTWIRE_INDEX_REPLICAS=1

.PHONY: help install prereqs stack-up demo test unit integration stop eval wheel bench chaos chaos-short cluster-up cluster-down chaos-cluster compose-check clean

help:
	@echo "make demo    - install, start the local Kafka + Elasticsearch, run a worker, publish the samples, search"
	@echo "make test    - install, start the local stack, run every test (unit, property, agent, integration)"
	@echo "make stop    - stop the demo worker and the local stack"
	@echo "make eval    - score the extractor on the development gold sets"
	@echo "make wheel   - build the sdist and the wheel into dist/"
	@echo "make bench   - benchmarks with same-run reference ceilings"
	@echo "make chaos   - fault-injection suite on the local stack"
	@echo "make chaos-cluster - node-loss suite on a local 3-broker, 3-node cluster (its own ports and state)"

prereqs:
	@bash scripts/stack-prereqs.sh

install: $(VENV)/.installed

# The editable install builds the engine with maturin (release profile) into streams/_engine*.so;
# changing its sources rebuilds it.
$(VENV)/.installed: pyproject.toml constraints.txt $(ENGINE_SOURCES)
	@bash scripts/stack-prereqs.sh rust
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

stack-up: install prereqs
	$(EVENTWIRE) stack up

demo: stack-up
	$(EVENTWIRE) demo
	@echo "== Consultations involving the Turkish government (the seed story's phone call among them):"
	@COLUMNS=$${COLUMNS:-160} $(EVENTWIRE) search --type CONSULT --actor TURGOV
	@echo "== All events, newest first:"
	@COLUMNS=$${COLUMNS:-160} $(EVENTWIRE) search --size 30
	@echo "== Who did what to whom (dyads):"
	@COLUMNS=$${COLUMNS:-160} $(EVENTWIRE) search --agg dyad

test: stack-up
	$(BIN)/pytest $(PYTEST_ARGS)

unit: install
	$(BIN)/pytest -m "not integration" $(PYTEST_ARGS)

integration: stack-up
	$(BIN)/pytest -m integration $(PYTEST_ARGS)

stop:
	-@test -x $(EVENTWIRE) && $(EVENTWIRE) demo --stop
	-@test -x $(EVENTWIRE) && $(EVENTWIRE) stack down

eval: install
	$(BIN)/python -m evaluation

wheel: install
	$(BIN)/python -m build --outdir dist .

bench: stack-up
	$(BIN)/python bench/run_all.py

chaos: stack-up
	$(BIN)/python -m chaos --full

chaos-short: stack-up
	$(BIN)/python -m chaos --short

cluster-up: install prereqs
	$(CLUSTER_ENV) $(EVENTWIRE) stack up --brokers 3 --es-nodes 3

cluster-down:
	-@test -x $(EVENTWIRE) && $(CLUSTER_ENV) $(EVENTWIRE) stack down

# Stops the cluster afterwards (it holds ~4 GB) unless KEEP_CLUSTER=1.
chaos-cluster: cluster-up
	@$(CLUSTER_ENV) $(BIN)/python -m chaos --cluster; status=$$?; \
	  if [ -z "$(KEEP_CLUSTER)" ]; then $(CLUSTER_ENV) $(EVENTWIRE) stack down; fi; exit $$status

# The Compose loader: the docker compose plugin if installed, else compose-go (scripts/compose-config).
compose-check:
	@if docker compose version >/dev/null 2>&1; then \
	  docker compose -f docker-compose.yml --env-file deploy/env.example --profile "*" config --quiet; \
	else \
	  cd scripts/compose-config && GOTOOLCHAIN=local go run . ../../docker-compose.yml ../../deploy/env.example >/dev/null; \
	fi && echo "docker-compose.yml: valid"

clean: stop
	rm -rf $(VENV) .pytest_cache .hypothesis build dist engine/target streams/_engine*.so
