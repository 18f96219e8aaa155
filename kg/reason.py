"""OWL 2 RL inference for ``kg query --reason``, bounded to what it is for: the actor graph.

What reasoning adds here is about relations between actors: a ``calledOn`` is also an
``appealedTo`` and an ``actorRelation`` (sub-properties), a ``metWith`` holds both ways
(symmetric), ``memberOf`` has its inverse ``hasMember``, ``partOf`` is transitive, and the
relations' domains make their ends ``dkg:Actor``s. owlrl computes that closure, but it works
triple by triple in Python (an RDFS closure of 60k triples took about three minutes), so it
runs over the ontology plus the actor graph only - the actor-to-actor triples and the actors'
classes - never over events, sentences and documents. Past :data:`MAX_TRIPLES` input triples
it refuses rather than run for minutes (figures: ``bench/reason_bench.py``).

The inferred triples go into an in-memory copy of the store (graph ``INFERRED_GRAPH``), which
the query then runs on; the stored data are never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store import Store

#: Largest actor graph (triples, ontology excluded) that --reason takes on: owlrl's closure
#: took 14 s for 6,935 such triples (a 150,000-triple store) and 20 s for 10,059 (220,000),
#: growing faster than the graph (bench/reason_bench.py).
MAX_TRIPLES = 10_000

#: The actor graph: relations between actors (every sub-property of dkg:actorRelation and the
#: structural memberOf/partOf) and the classes of the actors they link.
ACTOR_GRAPH = """
CONSTRUCT { ?a ?p ?b . ?a a ?classA . ?b a ?classB . }
WHERE {
  { ?p rdfs:subPropertyOf* dkg:actorRelation } UNION { VALUES ?p { dkg:memberOf dkg:partOf } }
  ?a ?p ?b .
  OPTIONAL { ?a a ?classA }
  OPTIONAL { ?b a ?classB }
}
"""

_VOCABULARIES = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)
_REFLEXIVE = {
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2002/07/owl#equivalentClass",
    "http://www.w3.org/2002/07/owl#equivalentProperty",
}


def actor_graph_triples(store: Store) -> list[ox.Triple]:
    """The triples reasoning works on (ontology excluded)."""
    return list(store.query(ACTOR_GRAPH))


def infer(triples: list[ox.Triple], *, max_triples: int = MAX_TRIPLES) -> list[ox.Triple]:
    """The OWL 2 RL consequences of the ontology and ``triples`` that are new and useful.

    Left out: statements about the RDF/OWL vocabularies themselves, anything about blank
    nodes (class expressions), and the trivial ``x owl:sameAs x`` an OWL 2 RL closure adds
    for every resource.
    """
    import owlrl
    from rdflib import Graph

    from kg.ontology import ontology_graph

    if len(triples) > max_triples:
        raise QueryError(
            f"--reason works on actor graphs of up to {max_triples:,} triples and this one has "
            f"{len(triples):,}; ask with property paths instead (?a ?p ?b . ?p "
            "rdfs:subPropertyOf* dkg:appealedTo)"
        )
    g = Graph()
    data = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output given: the bytes are returned
    g.parse(data=data.decode("utf-8"), format="nt")
    for triple in ontology_graph():
        g.add(triple)
    before = set(g)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(g)
    kept = Graph()
    for s, p, o in set(g) - before:
        if _useful(s, p, o):
            kept.add((s, p, o))
    data = kept.serialize(format="nt").encode("utf-8")
    return [
        ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)
    ]


def _useful(s, p, o) -> bool:
    from rdflib import BNode, URIRef

    if isinstance(s, BNode) or isinstance(o, BNode):
        return False
    if str(s).startswith(_VOCABULARIES):
        return False
    if str(p) in _REFLEXIVE and s == o:
        return False
    return isinstance(s, URIRef)


def reasoned(store: Store) -> Store:
    """An in-memory copy of ``store`` with the inferred triples added."""
    return store.reasoned_copy(infer(actor_graph_triples(store)))
