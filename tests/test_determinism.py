"""The same document gives the same graph whatever was extracted before it, in any order and
with any number of workers (issue 9).

``tests/data/varied-news.jsonl`` holds ten short stories written for this test, from 1988 to
2022 and every region, chosen so that one story could leak into another if the extractor kept
state between documents: the same surname in two years ("President Bush" in 1991 and 2003), a
surname and an acronym defined in one story and used bare in another ("Otieno", "NLF"),
generic actors ("protesters", "both sides"), coordinated and historic states, places standing
for governments. The stores are compared as sorted N-Quads of the documents' graphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.api import extract_paths
from kg.store import Store

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parent / "data" / "varied-news.jsonl"


#: Where a document was read from: the one triple that differs when the same story is read
#: from another file.
SOURCE = "<http://purl.org/dc/terms/source>"


def quads(store_path: Path, graph: str | None = None) -> list[str]:
    """The documents' quads as sorted N-Quads lines (only ``graph``'s when given), without
    the file each document was read from."""
    with Store.open(store_path, read_only=True) as store:
        found = [
            q
            for q in store.quads(include_ontology=False)
            if str(q.predicate) != SOURCE and (graph is None or str(q.graph_name) == graph)
        ]
        return sorted(str(q) for q in found)


@pytest.fixture(scope="module")
def in_order(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("det") / "in-order"
    report = extract_paths([CORPUS], path, workers=1, progress=False)
    assert report.added == 10 and report.events > 0
    return path


@pytest.fixture(scope="module")
def reversed_corpus(tmp_path_factory) -> Path:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("det") / "reversed.jsonl"
    path.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "order,workers", [("reversed", 1), ("in order", 2), ("reversed", 2)], ids=str
)
def test_order_and_workers_change_nothing(in_order, reversed_corpus, tmp_path, order, workers):
    corpus = reversed_corpus if order == "reversed" else CORPUS
    path = tmp_path / "store"
    extract_paths([corpus], path, workers=workers, progress=False)
    assert quads(path) == quads(in_order)


def test_a_document_alone_gives_the_graph_it_gives_among_others(in_order, tmp_path):
    """The story that uses "Otieno" and "NLF" bare, extracted with nothing before it."""
    from kg.rdf import document_iri

    alone = tmp_path / "alone.jsonl"
    (line,) = [
        line for line in CORPUS.read_text(encoding="utf-8").splitlines() if '"varied-06"' in line
    ]
    alone.write_text(line + "\n", encoding="utf-8")
    path = tmp_path / "store"
    extract_paths([alone], path, progress=False)
    graph = f"<{document_iri('varied-06')}>"
    assert quads(path, graph) == quads(in_order, graph)
    assert quads(path, graph)


def test_extracting_again_stores_the_same_graph(in_order, tmp_path):
    """A second run in the same process, after everything else, into a fresh store."""
    path = tmp_path / "store"
    extract_paths([CORPUS], path, progress=False)
    assert quads(path) == quads(in_order)
