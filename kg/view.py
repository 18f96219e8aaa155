"""The event view: one meaning of "an event" for every query, export, analysis and drawing.

Every statement the extractor reads is a ``dkg:Event`` with a modality - how the text presents
it - and a negation flag. Only *facts* (asserted or reported, not negated) are acts the text
states; a claim ("Israel accused Iran of arming Hamas": the arming is claimed), a denial
("Egypt denied that it had supplied weapons"), an intention ("plans to visit") or a hypothesis
("could attack") is a statement about an act that nobody states as fact. So that a store tells
one story whichever command is asked:

- the view is defined here once: :func:`read_events` (the rows every Python consumer reads:
  ``kg network``, ``kg draw``, the timeline, ``kg export`` graph and table formats) and
  :func:`counts` (``kg stats``), both narrowed by one :class:`Selection`;
- every named query that reads events carries the view's filter line, verbatim
  (:data:`FACTS_FILTER`; a test checks each one), and ``--modality`` rewrites that line
  (:func:`apply_selection`), so a query file still runs as it is in any SPARQL tool;
- by default the selection is the facts; ``--modality`` (``claimed``, ``denied``, ``intended``,
  ``hypothetical``, ``negated``, ``all``...) adds the others, and every format then marks each
  row with its modality and negation (a column, a GraphML/GEXF attribute, a dash-dotted edge
  whose label says "claimed:", "denied:" ...).

>>> Selection.parse(["claimed"]).describe()
'asserted, reported, claimed'
>>> Selection.parse(["all"]).sparql_filter()
'FILTER(true)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.errors import InputError, QueryError
from kg.ontology import DKG_IRI, FACT_MODALITIES, MODALITIES

if TYPE_CHECKING:
    from kg.store import Store

#: Local names of the modality individuals, by modality name (``claimed`` -> ``Claimed``).
_MODALITY_LOCAL = {name: str(iri).removeprefix(DKG_IRI) for name, iri in MODALITIES.items()}
_MODALITY_NAME = {local: name for name, local in _MODALITY_LOCAL.items()}
#: Words ``--modality`` takes besides the modality names.
_ALL, _FACTS, _NEGATED = "all", "facts", "negated"


@dataclass(frozen=True, slots=True)
class Selection:
    """Which events to show: a set of modalities, and whether negated events are shown too.

    The default is the facts: asserted and reported events that are not negated.
    """

    modalities: frozenset[str] = frozenset(FACT_MODALITIES)
    negated: bool = False

    @classmethod
    def parse(cls, values: Iterable[str] | None) -> Selection:
        """A selection from ``--modality`` values (repeatable, or comma-separated).

        Modality names add to the facts: ``claimed`` shows facts and claims. ``facts`` is
        asserted and reported; ``negated`` adds negated events of the chosen modalities;
        ``all`` is every modality, negated events included.
        """
        words = [w.strip().lower() for v in (values or ()) for w in v.split(",") if w.strip()]
        if not words:
            return cls()
        chosen: set[str] = set(FACT_MODALITIES)
        negated = False
        for word in words:
            if word == _ALL:
                chosen |= set(MODALITIES)
                negated = True
            elif word == _NEGATED:
                negated = True
            elif word == _FACTS:
                pass
            elif word in MODALITIES:
                chosen.add(word)
            else:
                known = ", ".join([*MODALITIES, _NEGATED, _FACTS, _ALL])
                raise InputError(f"--modality {word!r}: use one or more of {known}")
        return cls(frozenset(chosen), negated)

    @property
    def is_default(self) -> bool:
        return self == FACTS

    def admits(self, modality: str, negated: bool) -> bool:
        """Whether an event with this modality and negation is shown."""
        return modality in self.modalities and (self.negated or not negated)

    def describe(self) -> str:
        """The selection in words, modalities in the ontology's order."""
        text = ", ".join(m for m in MODALITIES if m in self.modalities)
        return text + ("; negated events too" if self.negated else "")

    def sparql_filter(self, modality: str = "?modality", negated: str = "?negated") -> str:
        """The selection as a SPARQL ``FILTER`` over an event's modality and negation."""
        parts = []
        if set(self.modalities) != set(MODALITIES):
            terms = ", ".join(
                f"dkg:{_MODALITY_LOCAL[m]}" for m in MODALITIES if m in self.modalities
            )
            parts.append(f"{modality} IN ({terms})")
        if not self.negated:
            parts.append(f"!{negated}")
        return f"FILTER({' && '.join(parts) or 'true'})"


#: The default selection: facts only.
FACTS = Selection()
#: Everything the extractor read.
ALL = Selection(frozenset(MODALITIES), True)

#: The line every named query that reads events carries (with its own variable names): the
#: event view's default selection. ``--modality`` rewrites it; nothing else in a query decides
#: which events count.
FACTS_FILTER = FACTS.sparql_filter()
_FILTER_LINE = re.compile(
    r"FILTER\(\?(\w+) IN \(dkg:Asserted, dkg:Reported\) && !\?(\w+)\)",
)


def reads_events(sparql: str) -> bool:
    """Whether a query carries the event view's filter line."""
    return _FILTER_LINE.search(sparql) is not None


def apply_selection(sparql: str, selection: Selection) -> str:
    """The query with its event-view filter line(s) set to ``selection``.

    A query without the line cannot be narrowed this way: with a selection other than the
    default that is an error rather than a silent no-op.
    """
    if selection.is_default:
        return sparql
    if not reads_events(sparql):
        raise QueryError(
            "--modality needs a query that reads the event view: one with the line "
            f"`{FACTS_FILTER}` (every named query about events has it)"
        )
    return _FILTER_LINE.sub(
        lambda m: selection.sparql_filter(f"?{m.group(1)}", f"?{m.group(2)}"), sparql
    )


# -- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """An actor as outputs show it. ``post`` is the label of the body a person is part of."""

    iri: str
    label: str
    cls: str = "Actor"
    country: str = ""
    sector: str = ""
    part_of: str = ""
    post: str = ""


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event of the view, with everything an output needs about it."""

    event: str
    relation: str
    source: ActorInfo
    target: ActorInfo | None
    modality: str
    negated: bool
    confidence: float
    sentence: str
    document: str
    attributed_to: tuple[ActorInfo, ...] = ()
    date: str = ""
    date_text: str = ""
    content: str = ""
    place: str = ""
    place_country: str = ""
    killed: int | None = None
    wounded: int | None = None
    title: str = ""
    issued: str = ""
    url: str = ""

    @property
    def fact(self) -> bool:
        """Asserted or reported, and not negated: an act the text states."""
        return self.modality in FACT_MODALITIES and not self.negated

    @property
    def when(self) -> str:
        """The event's date if the text gives one, else its document's publication date."""
        return self.date or self.issued

    @property
    def date_basis(self) -> str:
        """Which date :attr:`when` is: "event", "publication", or "" when there is none."""
        return "event" if self.date else "publication" if self.issued else ""

    @property
    def mark(self) -> str:
        """How a non-fact is marked in labels ("claimed", "not", "denied, not"); "" for facts."""
        words = [] if self.modality in FACT_MODALITIES else [self.modality]
        if self.negated:
            words.append("not")
        return ", ".join(words)

    @property
    def info(self):
        """What the ontology says about the relation (label, CAMEO code, quad class...)."""
        return relation_info(self.relation)


@dataclass(frozen=True, slots=True)
class RelationFacts:
    """The ontology's facts about a relation, also for relations it does not declare."""

    name: str
    label: str
    cameo: str = ""
    plover: str = ""
    quad: str = ""
    symmetric: bool = False

    @property
    def quad_code(self) -> str:
        """CAMEO's quad class number: 1 verbal cooperation ... 4 material conflict."""
        return str(_QUAD_CODES[self.quad]) if self.quad in _QUAD_CODES else ""


_QUAD_CODES = {
    "VerbalCooperation": 1,
    "MaterialCooperation": 2,
    "VerbalConflict": 3,
    "MaterialConflict": 4,
}


@cache
def relation_info(name: str) -> RelationFacts:
    """Facts about a relation by local name (an unknown one is labelled by its name)."""
    from kg.ontology import relations

    info = relations().get(name)
    if info is None:
        return RelationFacts(name, name)
    return RelationFacts(
        name, info.label, info.cameo or "", info.plover or "", info.quad or "", info.symmetric
    )


@dataclass(slots=True)
class EventView:
    """The events of a selection, and the actors and documents they involve."""

    selection: Selection
    events: list[EventRow] = field(default_factory=list)
    actors: dict[str, ActorInfo] = field(default_factory=dict)

    @property
    def relations(self) -> list[EventRow]:
        """Events between two actors (with a target): the edges of the actor graph."""
        return [e for e in self.events if e.target is not None]


_EVENTS = """
SELECT ?event ?relation ?source ?target ?modality ?negated ?confidence ?date ?dateText
       ?content ?place ?killed ?wounded ?sentence ?doc {actor}
WHERE {{
  {restrict}
  ?event a dkg:Event ; dkg:relation ?relation ; dkg:source ?source ;
         dkg:modality ?modality ; dkg:negated ?negated ; prov:wasDerivedFrom ?sent .
  {selection}
  ?sent nif:anchorOf ?sentence ; dcterms:isPartOf ?doc .
  OPTIONAL {{ ?event dkg:target ?target }}
  OPTIONAL {{ ?event dkg:confidence ?confidence }}
  OPTIONAL {{ ?event dkg:date ?date }}
  OPTIONAL {{ ?event dkg:dateText ?dateText }}
  OPTIONAL {{ ?event dkg:content ?content }}
  OPTIONAL {{ ?event dkg:place ?place }}
  OPTIONAL {{ ?event dkg:killed ?killed }}
  OPTIONAL {{ ?event dkg:wounded ?wounded }}
}}
"""
#: Restricts the view to one actor's events (``?actor`` bound as a parameter).
_ONE_ACTOR = "{ ?event dkg:source ?actor } UNION { ?event dkg:target ?actor }"

_ATTRIBUTIONS = "SELECT ?event ?speaker WHERE { ?event dkg:attributedTo ?speaker }"

_DOCUMENTS = """
SELECT ?doc ?id ?title ?issued ?url WHERE {
  ?doc a dkg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc schema:url ?url }
}
"""

_PLACES = """
SELECT ?place ?label ?country WHERE {
  ?place a dkg:Place ; rdfs:label ?label .
  OPTIONAL { ?place dkg:countryCode ?country }
}
"""

_ACTORS = """
SELECT ?a ?label ?class ?country ?sector ?body WHERE {{
  VALUES ?class {{ {classes} }}
  ?a a ?class ; rdfs:label ?label .
  OPTIONAL {{ ?a dkg:countryCode ?country }}
  OPTIONAL {{ ?a dkg:sector ?sector }}
  OPTIONAL {{ ?a dkg:partOf ?body }}
}}
"""


@cache
def actor_classes() -> tuple[str, ...]:
    """Local names of dkg:Actor and its subclasses, from the ontology."""
    from rdflib import RDFS, URIRef

    from kg.ontology import ontology_graph

    g = ontology_graph()
    found = g.transitive_subjects(RDFS.subClassOf, URIRef(DKG_IRI + "Actor"))
    return tuple(sorted(str(c).removeprefix(DKG_IRI) for c in found))


def _text(row: dict, name: str) -> str:
    return row[name].value if name in row else ""


def _local(iri: str) -> str:
    return iri.removeprefix(DKG_IRI) if iri.startswith(DKG_IRI) else iri.rsplit("#", 1)[-1]


def read_actors(store: Store) -> dict[str, ActorInfo]:
    """Every actor the store describes, by IRI (a person with the label of their body)."""
    classes = " ".join(f"dkg:{c}" for c in actor_classes())
    found: dict[str, dict] = {}
    for row in store.select(_ACTORS.format(classes=classes)):
        iri = row["a"].value
        cls = _local(row["class"].value)
        entry = found.setdefault(iri, {"label": row["label"].value, "cls": cls})
        if entry["cls"] == "Actor" or (cls != "Actor" and cls < entry["cls"]):
            entry["cls"] = cls  # the most specific class, the same one every run
        entry["label"] = min(entry["label"], row["label"].value)
        for key, name in (("country", "country"), ("sector", "sector"), ("part_of", "body")):
            if name in row:
                entry[key] = min(entry.get(key) or row[name].value, row[name].value)
    actors = {}
    for iri, entry in found.items():
        body = found.get(entry.get("part_of", ""), {})
        post = body.get("label", "") if entry["cls"] == "Person" else ""
        actors[iri] = ActorInfo(
            iri,
            entry["label"],
            entry["cls"],
            entry.get("country", ""),
            entry.get("sector", ""),
            entry.get("part_of", ""),
            post,
        )
    return actors


def read_events(
    store: Store, selection: Selection = FACTS, *, actor: str | None = None
) -> EventView:
    """The events of ``selection`` (facts by default), optionally only one actor's (an IRI:
    events it is the source or the target of), sorted by event IRI.

    Works the same on the embedded store and on a SPARQL endpoint: it is plain SPARQL.
    """
    import pyoxigraph as ox

    text = _EVENTS.format(
        actor="?actor" if actor else "",  # a bound parameter must be selected (SEP-0007)
        restrict=_ONE_ACTOR if actor else "",
        selection=selection.sparql_filter() if selection != ALL else "",
    )
    params = {"actor": ox.NamedNode(actor)} if actor else None
    rows = store.select(text, params)
    actors = read_actors(store)
    documents = {r["doc"].value: r for r in store.select(_DOCUMENTS)}
    places = {r["place"].value: r for r in store.select(_PLACES)} if rows else {}
    speakers: dict[str, list[str]] = {}
    if rows:
        for row in store.select(_ATTRIBUTIONS):
            speakers.setdefault(row["event"].value, []).append(row["speaker"].value)

    def actor_info(iri: str) -> ActorInfo:
        return actors.get(iri) or ActorInfo(iri, _local(iri.rstrip("/")))

    view = EventView(selection, actors=actors)
    seen: set[str] = set()
    for row in rows:
        event = row["event"].value
        if event in seen:  # an actor acting on itself matches both sides of the restriction
            continue
        seen.add(event)
        doc = documents.get(row["doc"].value, {})
        place = places.get(row["place"].value, {}) if "place" in row else {}
        view.events.append(
            EventRow(
                event=event,
                relation=_local(row["relation"].value),
                source=actor_info(row["source"].value),
                target=actor_info(row["target"].value) if "target" in row else None,
                modality=_MODALITY_NAME.get(_local(row["modality"].value), "asserted"),
                negated=row["negated"].value == "true",
                confidence=float(row["confidence"].value) if "confidence" in row else 1.0,
                sentence=row["sentence"].value.strip(),
                document=_text(doc, "id") or row["doc"].value,
                attributed_to=tuple(actor_info(s) for s in sorted(speakers.get(event, ()))),
                date=_text(row, "date"),
                date_text=_text(row, "dateText"),
                content=_text(row, "content"),
                place=_text(place, "label"),
                place_country=_text(place, "country"),
                killed=int(row["killed"].value) if "killed" in row else None,
                wounded=int(row["wounded"].value) if "wounded" in row else None,
                title=_text(doc, "title"),
                issued=_text(doc, "issued"),
                url=_text(doc, "url"),
            )
        )
    view.events.sort(key=lambda e: e.event)
    return view


# -- counts -------------------------------------------------------------------------------------

#: Each count ``kg stats`` gives, defined once: its SPARQL, run as it is (docs/graph.md quotes
#: these texts; a test checks that the document and the code agree).
COUNTS: dict[str, str] = {
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dkg:Document }",
    "sentences": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a dkg:Sentence }",
    "events": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Event }",
    "facts": (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Event ; "
        f"dkg:modality ?modality ; dkg:negated ?negated . {FACTS_FILTER} }}"
    ),
    "relations": (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Event ; dkg:target ?t ; "
        f"dkg:modality ?modality ; dkg:negated ?negated . {FACTS_FILTER} }}"
    ),
    "actors": (
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ?c . ?c rdfs:subClassOf* dkg:Actor }"
    ),
    "related_actors": (
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?e a dkg:Event ; dkg:target ?t ; "
        f"dkg:modality ?modality ; dkg:negated ?negated . {FACTS_FILTER} "
        "{ ?e dkg:source ?a } UNION { ?e dkg:target ?a } }"
    ),
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}

#: What each count means, for ``kg stats`` and docs/graph.md.
COUNT_MEANINGS: dict[str, str] = {
    "documents": "documents stored",
    "stale_documents": "documents extracted by another version of the extractor",
    "sentences": "sentences that state at least one event (only those are stored)",
    "events": "every event read, whatever its modality or negation",
    "facts": "events that are facts: asserted or reported, not negated",
    "relations": "facts between two actors: the actor graph's edges, one per event",
    "actors": "actors the store describes, including bodies officials belong to",
    "related_actors": "actors in at least one relation: the actor graph's nodes",
    "triples": "distinct triples in the default graph (the merge of all graphs, ontology too)",
    "quads": "statements in the named graphs (one per graph a triple is in)",
}


def counts(store: Store) -> dict[str, int]:
    """Every count of :data:`COUNTS`, plus documents extracted by an older extractor."""
    found: dict[str, int] = {}
    for name, sparql in COUNTS.items():
        rows = store.select(sparql)
        found[name] = int(rows[0]["n"].value) if rows and "n" in rows[0] else 0
    found["stale_documents"] = stale_documents(store)
    order = ["documents", "stale_documents", *[n for n in COUNTS if n != "documents"]]
    return {name: found[name] for name in order}


_EXTRACTORS = """
SELECT ?with (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dkg:Document ; dkg:extractedWith ?with }
GROUP BY ?with
"""


def stale_documents(store: Store) -> int:
    """Documents whose ``dkg:extractedWith`` is not this extractor's identity: the next
    ``kg extract`` of their input redoes them."""
    from kg.identity import extractor_identity

    current = extractor_identity()
    return sum(
        int(row["n"].value) for row in store.select(_EXTRACTORS) if row["with"].value != current
    )
