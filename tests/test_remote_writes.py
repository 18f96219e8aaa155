"""Writing to a SPARQL server beside other writers (issue 12): two ``kg extract`` runs into one
endpoint at once left 5 of 300 documents holding two versions, both exiting 0. Against the real
Oxigraph server: several processes write different versions of the same documents at the same
moments; every document must end as one whole version, and the default graph the merge of the
named graphs."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import ROOT
from test_remote import Server, Stub, answer

from kg.errors import StoreError

pytestmark = pytest.mark.server

WRITER = r"""
import sys, time
from kg.model import Actor, Event, Evidence, Extraction, Source
from kg.store import RemoteStore

url, version, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = RemoteStore.open(url)
shared = Actor("shared-ally", "Shared Ally", "State", from_dictionary=False)
time.sleep(max(0.0, start - time.time()))  # all writers begin at one moment
for i in range(count):  # every writer takes the documents in the same order: they collide
    sentences = []
    events = []
    own = Actor(f"actor-{version}-{i % 7}", f"Actor {version} {i % 7}", "State",
                from_dictionary=False)
    for k in range(20):  # a document of some size, so that writes take time and overlap
        text = f"Russia urged the Taliban to talk ({version}, {i}, {k})."
        start_char = sum(len(t) + 1 for t in sentences)
        sentences.append(text)
        evidence = Evidence(k, start_char, start_char + len(text), text)
        events.append(Event("urged", own, shared, evidence, "urged", "test", 0.9))
    source = Source(f"doc-{i}", " ".join(sentences), title=f"version {version}")
    store.put(Extraction(source, tuple(events), (own, shared)))
store.close()
"""


def _check(url: str) -> tuple[int, int, int, int]:
    """(documents, documents holding more than one version, triples only in the default
    graph, triples of named graphs missing from the default graph)."""
    from kg.store import RemoteStore

    with RemoteStore.open(url, read_only=True) as store:
        rows = store.select(
            "SELECT ?g (COUNT(DISTINCT ?h) AS ?n) WHERE { GRAPH ?g { ?g dkg:sha256 ?h } } "
            "GROUP BY ?g"
        )
        mixed = sum(1 for r in rows if int(r["n"].value) > 1)
        extra = store.select(
            "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )[0]["n"].value
        missing = store.select(
            "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } "
            "FILTER NOT EXISTS { ?s ?p ?o } } }"
        )[0]["n"].value
    return len(rows), mixed, int(extra), int(missing)


def test_concurrent_writers_leave_one_whole_version_of_each_document():
    server = Server()
    start = time.time() + 3  # after every writer has started and connected
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, server.query, version, "150", str(start)],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for version in "ABC"
        ]
        for writer in writers:
            _, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
        documents, mixed, extra, missing = _check(server.query)
    finally:
        server.stop()
    assert documents == 150
    assert mixed == 0  # before: documents with two versions in one graph
    assert (extra, missing) == (0, 0)


def test_a_write_timeout_says_what_is_known():
    from kg.store import RemoteStore

    slow = Stub(answer(200, "", "text/plain", delay=3))
    store = RemoteStore(slow.url, read_only=False, timeout=1)
    started = time.monotonic()
    try:
        with pytest.raises(StoreError) as caught:
            store._update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    finally:
        store.close()
        slow.stop()
    assert time.monotonic() - started < 3
    message = str(caught.value)
    assert "did not answer within 1 s" in message
    assert "may still be applied" in message and "run again" in message
    assert "nothing more was written" not in message  # what it used to claim
