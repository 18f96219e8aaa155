"""Extraction records -> RDF: stable IRIs, one named graph per document, provenance on every fact.

IRIs are derived from content, never from run order, so extracting the same text twice gives
the same graph: actors from their canonical label, documents from their identifier, sentences
from their offsets in the document, events from a hash of what they state and where.

Each document's graph is self-contained: the document, the sentences that carry facts, the
events, the direct actor-to-actor triples (both directions for symmetric relations; none for a
negated event), and a description of every actor it mentions and of the bodies those are part
of. Removing the graph removes exactly what that document said.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.model import Actor, Event, Evidence, Extraction, Place
from kg.ontology import (
    DKG,
    ID,
    ID_IRI,
    MODALITIES,
    NIF,
    SCHEMA,
    WD,
    bind_prefixes,
    is_fact,
    literal_bool,
    relation,
)

_SAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def _segment(text: str) -> str:
    """An IRI path segment: readable when the text is plain, percent-encoded otherwise."""
    plain = _SAFE.sub("-", text).strip("-")
    if plain == text:
        return text
    return quote(text, safe="")


def document_iri(identifier: str) -> URIRef:
    """IRI of a document (and of its named graph)."""
    return ID[f"doc/{_segment(identifier)}"]


def actor_iri(actor: Actor) -> URIRef:
    """IRI of an actor, from its canonical key."""
    return ID[f"actor/{actor.key}"]


def place_iri(place: Place) -> URIRef:
    """IRI of a place, from its label and country."""
    from kg.iri import slugify

    suffix = f"-{place.country.lower()}" if place.country else ""
    return ID[f"place/{slugify(place.label)}{suffix}"]


def sentence_iri(doc: URIRef, evidence: Evidence) -> URIRef:
    """IRI of a sentence: its document and character offsets."""
    return URIRef(f"{doc}/sentence/{evidence.start}-{evidence.end}")


def event_iri(doc: URIRef, event: Event) -> URIRef:
    """IRI of an event: a hash of what it states and the sentence that states it."""
    parts = [
        event.relation,
        event.source.key,
        event.target.key if event.target else "",
        str(event.evidence.start),
        event.trigger,
        "negated" if event.negated else "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{doc}/event/{digest}")


def extractor_description() -> str:
    """The extractor's identity, recorded on every document (``dkg:extractedWith``): package
    version, a hash of the extraction code and data, and the model (see :mod:`kg.identity`)."""
    from kg.identity import extractor_identity

    return extractor_identity()


def describe_actor(g: Graph, actor: Actor, aliases: frozenset[str] = frozenset()) -> URIRef:
    """Add an actor's description (class, label, codes, structure) to ``g``."""
    node = actor_iri(actor)
    g.add((node, RDF.type, getattr(DKG, actor.cls)))
    g.add((node, RDFS.label, Literal(actor.label, lang="en")))
    for alias in sorted(aliases):
        g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    if actor.country:
        g.add((node, DKG.countryCode, Literal(actor.country)))
    if actor.sector:
        g.add((node, DKG.sector, Literal(actor.sector)))
    if actor.part_of:
        g.add((node, DKG.partOf, ID[f"actor/{actor.part_of}"]))
    if actor.wikidata:
        g.add((node, OWL.sameAs, WD[actor.wikidata]))
    if actor.post:
        g.add((node, DKG.post, Literal(actor.post)))
    g.add((node, DKG.fromDictionary, literal_bool(actor.from_dictionary)))
    return node


def _describe_place(g: Graph, place: Place) -> URIRef:
    node = place_iri(place)
    g.add((node, RDF.type, DKG.Place))
    g.add((node, RDFS.label, Literal(place.label, lang="en")))
    if place.country:
        g.add((node, DKG.countryCode, Literal(place.country)))
    return node


def _event_label(event: Event) -> str:
    info = relation(event.relation)
    target = event.target.label if event.target else "(no target named)"
    prefix = "not: " if event.negated else ""
    if event.modality not in ("asserted", "reported"):  # says what it is: "claimed: ..."
        prefix += f"{event.modality}: "
    return f"{prefix}{event.source.label} {info.label} {target}"


def sentence_span(evidence: Evidence) -> Evidence:
    """The sentence without the white space around it (a line's closing newline, a leading
    space), offsets moved to match, so that ``nif:anchorOf`` is exactly the document text
    between ``nif:beginIndex`` and ``nif:endIndex`` and no exported cell ends in a newline."""
    text = evidence.text
    stripped = text.strip()
    if stripped == text or not stripped:
        return evidence
    lead = len(text) - len(text.lstrip())
    start = evidence.start + lead
    return Evidence(evidence.index, start, start + len(stripped), stripped)


def document_graph(extraction: Extraction, g: Graph | None = None) -> Graph:
    """One document's named graph as an rdflib Graph (added to ``g`` if given)."""
    g = g if g is not None else Graph(identifier=document_iri(extraction.source.identifier))
    _add_document(extraction, g)
    return g


def document_triples(extraction: Extraction) -> set[tuple]:
    """One document's triples as a plain set: what the store needs, without the cost of an
    rdflib Graph's indexes (a third of the time of storing a document)."""
    triples: set[tuple] = set()
    _add_document(extraction, triples)
    return triples


def ntriples(triples: set[tuple]) -> str:
    """Triples as N-Triples lines (rdflib's term syntax, which SPARQL INSERT DATA also reads)."""
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def _add_document(extraction: Extraction, g) -> None:
    """Add a document's triples to ``g``: anything with ``add`` and ``in`` for triples."""
    source = extraction.source
    doc = document_iri(source.identifier)
    g.add((doc, RDF.type, DKG.Document))
    g.add((doc, DCTERMS.identifier, Literal(source.identifier)))
    g.add((doc, RDFS.label, Literal(source.title or source.identifier)))
    if source.title:
        g.add((doc, DCTERMS.title, Literal(source.title)))
    if source.path:
        g.add((doc, DCTERMS.source, Literal(source.path)))
    if source.url:
        g.add((doc, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
    if source.date:
        g.add((doc, DCTERMS.issued, Literal(source.date.isoformat(), datatype=XSD.date)))
    if source.publisher:
        g.add((doc, DCTERMS.publisher, Literal(source.publisher)))
    g.add((doc, DKG.sha256, Literal(source.sha256)))
    g.add((doc, DKG.extractedWith, Literal(extractor_description())))

    for actor in extraction.actors:
        describe_actor(g, actor, extraction.aliases.get(actor.key, frozenset()))

    for event in extraction.events:
        evidence = sentence_span(event.evidence)
        sentence = sentence_iri(doc, evidence)
        if (sentence, RDF.type, DKG.Sentence) not in g:
            g.add((sentence, RDF.type, DKG.Sentence))
            g.add((sentence, NIF.anchorOf, Literal(evidence.text)))
            g.add((sentence, NIF.beginIndex, Literal(evidence.start, datatype=XSD.integer)))
            g.add((sentence, NIF.endIndex, Literal(evidence.end, datatype=XSD.integer)))
            g.add((sentence, DKG.sentenceIndex, Literal(evidence.index, datatype=XSD.integer)))
            g.add((sentence, DCTERMS.isPartOf, doc))
        info = relation(event.relation)
        node = event_iri(doc, event)
        source_node = actor_iri(event.source)
        g.add((node, RDF.type, DKG.Event))
        g.add((node, RDFS.label, Literal(_event_label(event), lang="en")))
        g.add((node, DKG.relation, info.iri))
        g.add((node, DKG.source, source_node))
        if event.target is not None:
            target_node = actor_iri(event.target)
            g.add((node, DKG.target, target_node))
            # only a fact gets its actor-to-actor triple: a claim, a denial, an intention or a
            # hypothesis states no act, and neither does a negated event
            if is_fact(event.modality, event.negated):
                g.add((source_node, info.iri, target_node))
                if info.symmetric:
                    g.add((target_node, info.iri, source_node))
        if event.date is not None:
            g.add((node, DKG.date, Literal(event.date.value, datatype=XSD[event.date.datatype])))
        if event.date_text:
            g.add((node, DKG.dateText, Literal(event.date_text)))
        if event.place is not None:
            g.add((node, DKG.place, _describe_place(g, event.place)))
        if event.content:
            g.add((node, DKG.content, Literal(event.content)))
        g.add((node, DKG.negated, literal_bool(event.negated)))
        if event.modality not in MODALITIES:
            known = ", ".join(MODALITIES)
            raise ValueError(f"unknown modality {event.modality!r}; the ontology has: {known}")
        g.add((node, DKG.modality, MODALITIES[event.modality]))
        for speaker in event.attributed_to:
            g.add((node, DKG.attributedTo, actor_iri(speaker)))
        if event.killed is not None:
            g.add((node, DKG.killed, Literal(event.killed, datatype=XSD.integer)))
        if event.wounded is not None:
            g.add((node, DKG.wounded, Literal(event.wounded, datatype=XSD.integer)))
        g.add((node, DKG.confidence, Literal(Decimal(str(event.confidence)), datatype=XSD.decimal)))
        g.add((node, DKG.trigger, Literal(event.trigger)))
        g.add((node, DKG.rule, Literal(event.rule)))
        g.add((node, PROV.wasDerivedFrom, sentence))


def to_dataset(extractions: list[Extraction]) -> Dataset:
    """A dataset holding one named graph per document."""
    ds = bind_prefixes(Dataset())
    for extraction in extractions:
        g = ds.graph(document_iri(extraction.source.identifier))
        document_graph(extraction, g)
    return ds


__all__ = [
    "ID_IRI",
    "actor_iri",
    "describe_actor",
    "document_graph",
    "document_iri",
    "event_iri",
    "place_iri",
    "sentence_iri",
    "to_dataset",
]
