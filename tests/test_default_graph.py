"""The default graph is the merge of the documents' graphs: what two documents both say is
there once, and stays while either of them is stored. Parameters are bound as VALUES."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.query import _where_group_start, with_values
from kg.store import Store

TALIBAN = URIRef("https://w3id.org/diplomatic-kg/id/actor/taliban")
IRAN = URIRef("https://w3id.org/diplomatic-kg/id/actor/iran")
URGED = URIRef("https://w3id.org/diplomatic-kg/ontology#urged")
D1 = "https://w3id.org/diplomatic-kg/id/doc/one"
D2 = "https://w3id.org/diplomatic-kg/id/doc/two"


def document(*triples) -> Graph:
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


def count(store: Store, pattern: str) -> int:
    return int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"].value)


def test_shared_triples_count_once_and_leave_with_their_last_document(tmp_path):
    label = (TALIBAN, RDFS.label, Literal("Taliban", lang="en"))
    with Store.open(tmp_path / "s") as store:
        store.replace_graph(D1, document(label, (IRAN, URGED, TALIBAN)))
        store.replace_graph(D2, document(label))
        assert count(store, "actor:taliban rdfs:label ?l") == 1
        assert count(store, "GRAPH ?g { actor:taliban rdfs:label ?l }") == 2
        store.replace_graph(D1, document(label))  # D1 no longer says Iran urged the Taliban
        assert count(store, "?a dkg:urged ?b") == 0
        store.replace_graph(D2, document())  # D2 says nothing now; D1 still gives the label
        assert count(store, "actor:taliban rdfs:label ?l") == 1
        store.replace_graph(D1, document((IRAN, URGED, TALIBAN)))
        assert count(store, "actor:taliban rdfs:label ?l") == 0
        assert count(store, "?a dkg:urged ?b") == 1


def test_blank_nodes_are_the_same_in_both_graphs_and_leave_together(tmp_path):
    node = BNode()
    g = document((TALIBAN, URIRef("urn:p"), node), (node, RDFS.label, Literal("x")))
    with Store.open(tmp_path / "s") as store:
        before = count(store, "?s ?p ?o")
        store.replace_graph(D1, g)
        assert count(store, "actor:taliban <urn:p>/rdfs:label ?l") == 1
        store.replace_graph(D1, document(label_of(IRAN)))
        assert count(store, "?s ?p ?o") == before + 1


def label_of(actor: URIRef):
    return (actor, RDFS.label, Literal("Iran", lang="en"))


def test_a_store_written_before_is_merged_when_opened_for_writing(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as store:
        store.replace_graph(D1, document(label_of(IRAN)))
        store._update("DELETE WHERE { ?s ?p ?o }")  # the default graph as older stores had it
    with Store.open(path, read_only=True) as store:
        assert store._union  # read-only: answers from the named graphs themselves
        assert count(store, "actor:iran rdfs:label ?l") == 1
    with Store.open(path) as store:
        assert not store._union
        assert count(store, "actor:iran rdfs:label ?l") == 1
    with Store.open(path, read_only=True) as store:
        assert not store._union


@pytest.mark.parametrize(
    "query,expected_at",
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {"),
        ("SELECT ?x { ?x ?p ?o }", "SELECT ?x {"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?x) WHERE { ?x ?p ?o }", "AS ?x) WHERE {"),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "} WHERE {"),
        ("CONSTRUCT WHERE { ?x ?p ?o }", "CONSTRUCT WHERE {"),
        ("ASK { ?x ?p ?o }", "ASK {"),
        ('# a { comment\nSELECT ?x WHERE { ?x ?p "{" }', "SELECT ?x WHERE {"),
        ("DESCRIBE <urn:x>", None),
    ],
)
def test_the_where_group_is_found(query, expected_at):
    start = _where_group_start(query)
    if expected_at is None:
        assert start is None
    else:
        assert query[:start].endswith(expected_at)


def test_values_go_first_in_the_where_group_then_after_the_query():
    texts = with_values("SELECT ?actor WHERE { ?actor ?p ?o }", {"actor": ox.NamedNode("urn:a")})
    assert texts[0].startswith("SELECT ?actor WHERE {\nVALUES (?actor) { (<urn:a>) }\n")
    bound = with_values("SELECT ?k WHERE { ?x ?p ?o BIND(?o AS ?k) }", {"k": ox.Literal("b")})
    assert bound[0].endswith('\nVALUES (?k) { ("b") }\n')
    store = Store.open(None)
    store._store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("A")))
    store._store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("B")))
    rows = store.select("SELECT ?x ?o WHERE { ?x <urn:p> ?o }", {"x": ox.NamedNode("urn:a")})
    assert [r["o"].value for r in rows] == ["A"]
    # a query that binds the parameter itself takes it after the query instead
    rows = store.select(
        "SELECT ?key WHERE { ?x <urn:p> ?o BIND(LCASE(?o) AS ?key) }", {"key": ox.Literal("b")}
    )
    assert [r["key"].value for r in rows] == ["b"]
    # and one with a VALUES clause of its own gets Oxigraph's substitution
    rows = store.select(
        'SELECT ?x ?o WHERE { ?x <urn:p> ?o } VALUES ?o { "A" "B" }',
        {"x": ox.NamedNode("urn:b")},
    )
    assert [r["o"].value for r in rows] == ["B"]
