"""Writing the graph to files: RDF formats, graph-tool formats and tables.

RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD) is serialised by Oxigraph. Triple formats
merge the named graphs; quad formats keep one graph per document. Statements are sorted before
writing so that the same graph always gives the same file and diffs stay small.

For graph tools, the actor graph (:func:`kg.graph.actor_graph`) is written by networkx as
GraphML or GEXF with scalar attributes only (strings and numbers: Gephi and Cytoscape read
nothing else), or as a CSV edge list. ``events`` writes one CSV row per event in the shape of
CAMEO-coded event data (date, source, its country and sector, CAMEO code, target, ...,
document, sentence) so the output can be set beside GDELT or POLECAT.

Every file is written to a temporary name and renamed into place when complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError
from kg.ontology import PREFIXES
from kg.textio import atomic_writer

if TYPE_CHECKING:
    import networkx as nx

#: format name -> (Oxigraph format, keeps named graphs)
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
#: Formats for graph tools and spreadsheets: the actor graph, its edges, CAMEO-style events.
GRAPH_FORMATS = ("graphml", "gexf")
TABLE_FORMATS = ("edges", "events")
EXPORT_FORMATS = (*RDF_FORMATS, *GRAPH_FORMATS, *TABLE_FORMATS)
EXTENSIONS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nq",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".csv": "edges",
}


def format_for(
    path: Path, explicit: str | None = None, *, allowed: tuple[str, ...] = tuple(RDF_FORMATS)
) -> str:
    """The format asked for, or the one the file extension names, among ``allowed``."""
    if explicit:
        if explicit not in allowed:
            raise InputError(f"unknown format {explicit!r}; use one of: {', '.join(allowed)}")
        return explicit
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None or fmt not in allowed:
        known = sorted(ext for ext, name in EXTENSIONS.items() if name in allowed)
        kind = "RDF format" if set(allowed) <= set(RDF_FORMATS) else "RDF format or graph format"
        raise InputError(
            f"{path}: cannot tell the {kind} from the extension; use one of {', '.join(known)}"
        )
    return fmt


def _key(term: object) -> str:
    return str(term)


def write_quads(quads: Iterable[ox.Quad], path: Path, fmt: str) -> int:
    """Write quads to ``path`` in ``fmt``; return the number of statements written."""
    rdf_format, keeps_graphs = RDF_FORMATS[fmt]
    if keeps_graphs:
        items: list = sorted(
            set(quads),
            key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)),
        )
    else:
        items = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in quads},
            key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)),
        )
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    with atomic_writer(Path(path), "wb") as f:
        ox.serialize(items, f, rdf_format, prefixes=prefixes)
    return len(items)


def rdflib_to_quads(ds) -> list[ox.Quad]:
    """Quads of an rdflib Dataset or Graph, as Oxigraph terms (via N-Quads)."""
    data = ds.serialize(format="nquads")
    return [q for q in ox.parse(data.encode("utf-8"), ox.RdfFormat.N_QUADS)]


def rdflib_graph_from_quads(quads: Iterable[ox.Quad]):
    """An rdflib Graph holding the triples of ``quads`` (graphs merged), via N-Triples."""
    from rdflib import Graph

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    data = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


# -- graph tools --------------------------------------------------------------------------------


def scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose attributes are all strings, integers or floats (no None, no lists):
    GraphML and GEXF readers such as Gephi and Cytoscape accept nothing else."""

    def clean(attrs: dict) -> dict:
        out = {}
        for name, value in attrs.items():
            if value is None:
                value = ""
            elif isinstance(value, list | tuple | set):
                value = "; ".join(str(v) for v in value)
            elif not isinstance(value, str | int | float | bool):
                value = str(value)
            out[name] = value
        return out

    H = G.__class__()
    H.graph.update(clean(G.graph))
    H.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def write_graph(G: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    """Write the actor graph as GraphML or GEXF (networkx's writers)."""
    import networkx as nx

    writers = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
    if fmt not in writers:
        raise InputError(f"unknown graph format {fmt!r}; use one of: {', '.join(writers)}")
    H = scalar_graph(G)
    with atomic_writer(Path(path), "wb") as f:
        writers[fmt](H, f)


#: Columns of the CSV edge list: one row per relation event between two actors.
EDGE_COLUMNS = (
    "source",
    "target",
    "source_label",
    "target_label",
    "relation",
    "relation_label",
    "quad_class",
    "cameo_code",
    "date",
    "confidence",
    "event",
    "document",
    "sentence",
)


def write_edges_csv(store, path: Path) -> int:
    """Write the actor graph's edges as CSV (the same edges GraphML and GEXF carry)."""
    import csv

    from kg.graph import actor_graph

    G = actor_graph(store)
    rows = 0
    with atomic_writer(Path(path), "w", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(EDGE_COLUMNS)
        for u, v, _key, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
            out.writerow(
                [
                    u,
                    v,
                    G.nodes[u]["label"],
                    G.nodes[v]["label"],
                    d["relation"],
                    d["label"],
                    d["quad"],
                    d.get("cameo", ""),
                    d["date"],
                    d.get("confidence", ""),
                    d["event"],
                    d["document"],
                    d["sentence"],
                ]
            )
            rows += 1
    return rows


#: CAMEO-style event rows: (column, SPARQL variable). Names follow the event-data habit
#: (source/target actor with country and sector codes, CAMEO code, quad class 1-4).
EVENT_COLUMNS = (
    ("date", "date"),
    ("source", "source"),
    ("source_country", "sourceCountry"),
    ("source_sector", "sourceSector"),
    ("cameo_code", "cameo"),
    ("plover", "plover"),
    ("quad_class", "quadCode"),
    ("relation", "relation"),
    ("target", "target"),
    ("target_country", "targetCountry"),
    ("target_sector", "targetSector"),
    ("place", "place"),
    ("place_country", "placeCountry"),
    ("content", "content"),
    ("confidence", "confidence"),
    ("date_text", "dateText"),
    ("publication_date", "issued"),
    ("document", "document"),
    ("url", "url"),
    ("sentence", "sentence"),
    ("event", "event"),
)

EVENTS_QUERY = """
SELECT ?date ?source ?sourceCountry ?sourceSector ?cameo ?plover ?quadCode ?relation
       ?target ?targetCountry ?targetSector ?place ?placeCountry ?content ?confidence
       ?dateText ?issued ?document ?url ?sentence ?event
WHERE {
  ?event a dkg:Event ; dkg:relation ?property ; dkg:negated false ; dkg:source ?s ;
         prov:wasDerivedFrom ?sent .
  ?s rdfs:label ?source .
  ?sent nif:anchorOf ?sentence ; dcterms:isPartOf ?doc .
  ?doc dcterms:identifier ?document .
  BIND(STRAFTER(STR(?property), STR(dkg:)) AS ?relation)
  OPTIONAL { ?property dkg:cameoCode ?cameo }
  OPTIONAL { ?property dkg:ploverCategory ?plover }
  OPTIONAL { ?property dkg:quadClass/dkg:quadCode ?quadCode }
  OPTIONAL { ?s dkg:countryCode ?sourceCountry }
  OPTIONAL { ?s dkg:sector ?sourceSector }
  OPTIONAL {
    ?event dkg:target ?t . ?t rdfs:label ?target .
    OPTIONAL { ?t dkg:countryCode ?targetCountry }
    OPTIONAL { ?t dkg:sector ?targetSector }
  }
  OPTIONAL {
    ?event dkg:place ?p . ?p rdfs:label ?place .
    OPTIONAL { ?p dkg:countryCode ?placeCountry }
  }
  OPTIONAL { ?event dkg:date ?date }
  OPTIONAL { ?event dkg:dateText ?dateText }
  OPTIONAL { ?event dkg:content ?content }
  OPTIONAL { ?event dkg:confidence ?confidence }
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc schema:url ?url }
}
ORDER BY ?document ?date ?event
"""


def write_events_csv(store, path: Path) -> int:
    """Write one CAMEO-style row per stated (not negated) event; return the row count."""
    import csv

    rows = store.select(EVENTS_QUERY)
    with atomic_writer(Path(path), "w", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([column for column, _ in EVENT_COLUMNS])
        for row in rows:
            out.writerow([row[var].value if var in row else "" for _, var in EVENT_COLUMNS])
    return len(rows)
