"""The ontology's terms as a closed namespace, and what the code needs to know about relations.

Code reaches ontology terms only through :class:`DKG`, which raises on a misspelt term; a test
checks that every term declared here is declared in ontology/diplomatic.ttl. Facts about the
relations (label, CAMEO code, PLOVER category, quad class, symmetry) are read from the ontology
file itself, so adding a relation there is enough for the rest of the code to know it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, DefinedNamespace

from kg.errors import DataError
from kg.resources import ontology_file

DKG_IRI = "https://w3id.org/diplomatic-kg/ontology#"
ID_IRI = "https://w3id.org/diplomatic-kg/id/"
ONTOLOGY_GRAPH = URIRef("https://w3id.org/diplomatic-kg/graph/ontology")

ID = Namespace(ID_IRI)
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")


class DKG(DefinedNamespace):
    """Terms of the diplomatic-kg ontology (closed: unknown names raise AttributeError)."""

    _NS = Namespace(DKG_IRI)
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    ArmedForces: URIRef
    ArmedGroup: URIRef
    Coalition: URIRef
    InternationalOrganization: URIRef
    Person: URIRef
    NonGovernmentalOrganization: URIRef
    PoliticalParty: URIRef
    Company: URIRef
    MediaOrganization: URIRef
    SocialGroup: URIRef
    EthnicGroup: URIRef
    Event: URIRef
    Document: URIRef
    Sentence: URIRef
    Place: URIRef
    QuadClass: URIRef
    VerbalCooperation: URIRef
    MaterialCooperation: URIRef
    VerbalConflict: URIRef
    MaterialConflict: URIRef
    # annotations
    cameoCode: URIRef
    ploverCategory: URIRef
    quadClass: URIRef
    quadCode: URIRef
    # actor properties
    countryCode: URIRef
    sector: URIRef
    fromDictionary: URIRef
    partOf: URIRef
    memberOf: URIRef
    # event properties
    relation: URIRef
    source: URIRef
    target: URIRef
    date: URIRef
    dateText: URIRef
    place: URIRef
    content: URIRef
    negated: URIRef
    confidence: URIRef
    trigger: URIRef
    rule: URIRef
    # modality, attribution, casualties
    Modality: URIRef
    Asserted: URIRef
    Reported: URIRef
    Claimed: URIRef
    Denied: URIRef
    Intended: URIRef
    Hypothetical: URIRef
    post: URIRef
    modality: URIRef
    attributedTo: URIRef
    killed: URIRef
    wounded: URIRef
    # document and sentence
    sha256: URIRef
    extractedWith: URIRef
    sentenceIndex: URIRef
    # the top relation
    actorRelation: URIRef


PREFIXES: dict[str, str] = {
    "dkg": DKG_IRI,
    "actor": f"{ID_IRI}actor/",
    "place": f"{ID_IRI}place/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "org": str(ORG),
    "wd": str(WD),
}


#: a graph or any subclass (a dataset), kept by bind_prefixes
_G = TypeVar("_G", bound=Graph)


def bind_prefixes(g: _G) -> _G:
    """Bind the project's prefixes on a graph or dataset so serialisations are readable."""
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True, replace=True)
    return g


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """What the ontology says about one relation property."""

    name: str
    iri: URIRef
    label: str
    cameo: str | None
    plover: str | None
    quad: str | None
    symmetric: bool


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib Graph (parsed once per process)."""
    path = ontology_file("diplomatic.ttl")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several parser-specific types
        raise DataError(f"{path}: invalid Turtle ({e})") from None
    return bind_prefixes(g)


@cache
def relations() -> dict[str, RelationInfo]:
    """Every relation between actors declared in the ontology, by local name.

    These are the sub-properties of dkg:actorRelation, plus the structural dkg:memberOf and
    dkg:partOf.
    """
    g = ontology_graph()
    found: dict[str, RelationInfo] = {}
    props = {
        p
        for p in g.transitive_subjects(RDFS.subPropertyOf, DKG.actorRelation)
        if isinstance(p, URIRef)  # every relation property is named
    } - {DKG.actorRelation}
    props |= {DKG.memberOf, DKG.partOf}
    for prop in props:
        name = str(prop).removeprefix(DKG_IRI)

        def value(p: URIRef, prop: URIRef = prop) -> str | None:
            v = g.value(prop, p)
            return str(v) if v is not None else None

        quad = g.value(prop, DKG.quadClass)
        found[name] = RelationInfo(
            name=name,
            iri=URIRef(prop),
            label=value(RDFS.label) or name,
            cameo=value(DKG.cameoCode),
            plover=value(DKG.ploverCategory),
            quad=str(quad).removeprefix(DKG_IRI) if quad is not None else None,
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
        )
    return dict(sorted(found.items()))  # rdflib's iteration order varies between processes


def relation(name: str) -> RelationInfo:
    """The relation with this local name, or a DataError naming the known ones."""
    try:
        return relations()[name]
    except KeyError:
        known = ", ".join(sorted(relations()))
        raise DataError(f"unknown relation {name!r}; the ontology declares: {known}") from None


def literal_bool(value: bool) -> Literal:
    """An xsd:boolean literal."""
    return Literal(value, datatype=XSD.boolean)


#: How the text presents an event (``Event.modality``) -> the ontology's individual. Asserted
#: and reported events are facts: they get their actor-to-actor triple and every output shows
#: them by default. The others are statements about an act that nobody states as fact: a claim
#: or accusation, a denial, an intention, a hypothesis.
MODALITIES: dict[str, URIRef] = {
    "asserted": DKG.Asserted,
    "reported": DKG.Reported,
    "claimed": DKG.Claimed,
    "denied": DKG.Denied,
    "intended": DKG.Intended,
    "hypothetical": DKG.Hypothetical,
}
#: The modalities of facts (see :data:`MODALITIES`).
FACT_MODALITIES: tuple[str, ...] = ("asserted", "reported")


def is_fact(modality: str, negated: bool) -> bool:
    """Whether an event with this modality and negation states a fact (asserts its triple)."""
    return modality in FACT_MODALITIES and not negated
