"""Shared fixtures: the pinned model, a helper that reads relations from a sentence, and a store
with the sample articles extracted once per session."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a bounded run in `make test`, a long campaign in `make fuzz`
# (`pytest --hypothesis-profile=fuzz`); no per-example deadline, since a shared machine's
# timing would make them flaky.
settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: The sample article with its metadata (title, publication date) as JSON Lines.
SAMPLE = SEEDS / "troika-calls-for-calm.jsonl"
SAMPLE_RECORD = json.loads(SAMPLE.read_text(encoding="utf-8"))
SAMPLE_TEXT: str = SAMPLE_RECORD["text"]
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def read(nlp):
    """``read(text) -> set of (source, relation, target, negated)`` by canonical labels."""
    from kg.extract import extract_doc
    from kg.model import Source

    def _read(text: str, date: dt.date | None = None, *, full: bool = False):
        extraction = extract_doc(nlp(text), Source("test", text, date=date))
        if full:
            return extraction
        return {
            (e.source.label, e.relation, e.target.label if e.target else None, e.negated)
            for e in extraction.events
        }

    return _read


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, nlp) -> Path:
    """A store holding every seed article (read-only use; copy it to modify)."""
    from kg.api import extract_paths

    path = tmp_path_factory.mktemp("store") / "kg-store"
    extract_paths([SEEDS], path)
    return path


#: A second article for the named queries: dated events, places in several countries, and
#: actors that act towards each other (Iran warned Israel, Israel accused Iran).
EXTRA = Path(__file__).resolve().parent / "data" / "iran-israel-exchange.jsonl"


@pytest.fixture(scope="session")
def query_store(tmp_path_factory, nlp) -> Path:
    """A store holding the seed articles and tests/data/iran-israel-exchange.jsonl (read-only)."""
    from kg.api import extract_paths

    path = tmp_path_factory.mktemp("queries") / "kg-store"
    extract_paths([SEEDS, EXTRA], path)
    return path


@pytest.fixture(scope="session")
def analyst_store(tmp_path_factory) -> Path:
    """A store holding the sample article as an analyst reads it (tests/sample_reading.py),
    written by hand: for the commands that draw, analyse, export and query a known graph,
    whatever the extractor finds (read-only use)."""
    from sample_reading import sample_extraction

    from kg.store import open_store

    path = tmp_path_factory.mktemp("analyst") / "kg-store"
    with open_store(path) as store:
        store.put(sample_extraction())
    return path


@pytest.fixture
def store_copy(seeded_store, tmp_path) -> Path:
    """A private, writable copy of the seeded store."""
    target = tmp_path / "kg-store"
    shutil.copytree(seeded_store, target)
    return target


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


def store_dump(path: Path) -> list[str]:
    """Every quad in a store as sorted N-Quads lines: to check that a store did not change."""
    from kg.store import Store

    with Store.open(path, read_only=True) as store:
        return sorted(str(q) for q in store.quads())


@pytest.fixture(scope="session")
def graphviz_installed() -> None:
    """Skip unless Graphviz's programs are on PATH (.ci/run installs them when it can)."""
    if not (shutil.which("dot") and shutil.which("sfdp")):
        pytest.skip("Graphviz (dot, sfdp) is not installed: apt-get install graphviz")
