"""The embedded store: per-document graphs, atomic replacement, unchanged documents skipped."""

from __future__ import annotations

import pytest
from conftest import store_dump
from rdflib import Graph, Literal, URIRef

from kg.errors import StoreError
from kg.model import Source
from kg.store import Store

pytestmark = pytest.mark.model


def _extract(read, identifier: str, text: str):
    extraction = read(text, full=True)
    return type(extraction)(
        Source(identifier, text), extraction.events, extraction.actors, extraction.aliases
    )


def test_put_then_unchanged_then_updated(read, tmp_path):
    with Store.open(tmp_path / "s") as store:
        assert store.put(_extract(read, "d1", "Russia urged Iran to talk.")) == "added"
        assert store.put(_extract(read, "d1", "Russia urged Iran to talk.")) == "unchanged"
        assert store.put(_extract(read, "d1", "China urged Iran to talk.")) == "updated"
        rows = store.select("SELECT ?s WHERE { ?s dkg:urged ?t }")
        assert [r["s"].value.rsplit("/", 1)[-1] for r in rows] == ["china"]


def test_documents_live_in_their_own_graphs_and_can_be_removed(read, tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.put(_extract(read, "d1", "Russia urged Iran to talk."))
        store.put(_extract(read, "d2", "Russia urged Iran to talk."))
        assert store.stats().documents == 2
        store.remove(next(iter(store.documents())))
        assert store.stats().documents == 1
        # the relation is still stated by the other document
        assert store.select("SELECT ?s WHERE { ?s dkg:urged ?t }")


def test_a_failed_replacement_keeps_the_old_graph(read, tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as store:
        store.put(_extract(read, "d1", "Russia urged Iran to talk."))
    before = store_dump(path)
    bad = Graph()
    bad.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x", datatype=URIRef("urn:dt"))))
    bad.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("not an iri")))
    with Store.open(path) as store, pytest.raises(Exception):  # noqa: B017
        store.replace_graph(next(iter(store.documents())), bad)
    assert store_dump(path) == before


def test_reopening_keeps_data_and_the_lock_is_explained(read, tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as store:
        store.put(_extract(read, "d1", "Russia urged Iran to talk."))
        with pytest.raises(
            StoreError, match=r"being written by kg process \d+; try again, or --wait"
        ):
            Store.open(path)
    with Store.open(path, read_only=True) as store:
        assert store.stats().events == 1


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="kg extract"):
        Store.open(tmp_path / "nothing", read_only=True)


def test_an_unknown_actor_keeps_one_label_across_documents(tmp_path):
    from kg.model import Actor, Event, Evidence, Extraction

    def extraction(identifier: str, label: str) -> Extraction:
        group = Actor("arakan-army", label, "Actor", from_dictionary=False)
        state = Actor("myanmar", "Myanmar", "State", country="MMR")
        text = f"The {label} attacked Myanmar."
        event = Event(
            "attacked",
            group,
            state,
            Evidence(0, 0, len(text), text),
            "attacked",
            "verb-subject",
            0.9,
        )
        return Extraction(Source(identifier, text), (event,), (group, state))

    with Store.open(tmp_path / "s") as store:
        store.put(extraction("d1", "Arakan Army"))
        store.put(extraction("d2", "ARAKAN ARMY"))
        rows = store.select("SELECT ?l WHERE { actor:arakan-army rdfs:label ?l }")
        assert {r["l"].value for r in rows} == {"Arakan Army"}
        alts = store.select("SELECT ?l WHERE { actor:arakan-army skos:altLabel ?l }")
        assert {r["l"].value for r in alts} == {"ARAKAN ARMY"}


def test_changed_metadata_updates_the_document(read, tmp_path):
    import dataclasses

    text = "Russia urged Iran to talk."
    plain = _extract(read, "d1", text)
    published = dataclasses.replace(
        plain, source=dataclasses.replace(plain.source, publisher="Russia")
    )
    with Store.open(tmp_path / "s") as store:
        assert store.put(plain) == "added"
        assert store.put(published) == "updated"
        assert store.put(published) == "unchanged"
