"""Writing the graph to files: RDF formats, graph-tool formats and tables.

RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD) is serialised by Oxigraph. Triple formats
merge the named graphs; quad formats keep one graph per document. Statements are sorted before
writing so that the same graph always gives the same file and diffs stay small.

For graph tools, the actor graph (:func:`kg.graph.actor_graph`) is written by networkx as
GraphML or GEXF with scalar attributes only (strings and numbers: Gephi and Cytoscape read
nothing else), or as a CSV edge list. ``events`` writes one CSV row per event in the shape of
CAMEO-coded event data (date, source, its country and sector, CAMEO code, target, ...,
document, sentence) so the output can be set beside GDELT or POLECAT. All three read the event
view (:mod:`kg.view`): facts by default, and with a wider selection each row or edge says its
modality and negation.

Every file is written to a temporary name and renamed into place when complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError
from kg.ontology import PREFIXES
from kg.textio import atomic_writer
from kg.view import FACTS, EventRow, Selection, read_events

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
    if fmt == "jsonld":  # compacted with the project's context (kg.jsonld), not expanded
        from kg.jsonld import write_jsonld

        return write_jsonld(quads, Path(path))
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
    assert data is not None  # no output given: the bytes are returned
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
    # edge by edge, as add_edges_from does with (u, v, key, data) (which its stubs do not take)
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k)
        H.edges[u, v, k].update(clean(d))
    return H


def write_graph(G: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    """Write the actor graph as GraphML or GEXF (networkx's writers)."""
    import networkx as nx

    writers: dict[str, Callable[..., None]] = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
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
    "modality",
    "negated",
    "date",
    "confidence",
    "event",
    "document",
    "sentence",
)


@contextmanager
def csv_writer(path: Path, *, excel: bool = False) -> Iterator:
    """A CSV writer onto ``path`` (written atomically). ``excel``: UTF-8 with a byte-order
    mark and CRLF line ends, which spreadsheet programs need to read UTF-8 text right."""
    import csv

    encoding = "utf-8-sig" if excel else "utf-8"
    with atomic_writer(Path(path), "w", encoding=encoding) as f:
        yield csv.writer(f, lineterminator="\r\n" if excel else "\n")


def write_edges_csv(G: nx.MultiDiGraph, path: Path, *, excel: bool = False) -> int:
    """Write the actor graph's edges as CSV (the same edges GraphML and GEXF carry)."""
    rows = 0
    with csv_writer(path, excel=excel) as out:
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
                    d.get("modality", ""),
                    str(d.get("negated", False)).lower(),
                    d["date"],
                    d.get("confidence", ""),
                    d["event"],
                    d["document"],
                    d["sentence"],
                ]
            )
            rows += 1
    return rows


#: CAMEO-style event rows, in the event-data habit (source/target actor with country and
#: sector codes, CAMEO code, quad class 1-4), plus how the text presents each event.
EVENT_COLUMNS = (
    "date",
    "source",
    "source_country",
    "source_sector",
    "cameo_code",
    "plover",
    "quad_class",
    "relation",
    "modality",
    "negated",
    "attributed_to",
    "target",
    "target_country",
    "target_sector",
    "place",
    "place_country",
    "content",
    "killed",
    "wounded",
    "confidence",
    "date_text",
    "publication_date",
    "document",
    "url",
    "sentence",
    "event",
)


def event_row(e: EventRow) -> list[str]:
    """One event as CAMEO-style cells (see :data:`EVENT_COLUMNS`)."""
    info = e.info
    target = e.target

    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    return [
        e.date,
        e.source.label,
        e.source.country,
        e.source.sector,
        info.cameo,
        info.plover,
        info.quad_code,
        e.relation,
        e.modality,
        str(e.negated).lower(),
        "; ".join(a.label for a in e.attributed_to),
        target.label if target else "",
        target.country if target else "",
        target.sector if target else "",
        e.place,
        e.place_country,
        e.content,
        number(e.killed),
        number(e.wounded),
        f"{e.confidence:g}",
        e.date_text,
        e.issued,
        e.document,
        e.url,
        e.sentence,
        e.event,
    ]


def write_events_csv(
    store, path: Path, *, selection: Selection = FACTS, excel: bool = False
) -> int:
    """Write one CAMEO-style row per event of the event view (facts unless ``selection``
    adds claims, denials...: the ``modality`` and ``negated`` columns say which each row is);
    return the row count."""
    view = read_events(store, selection)
    events = sorted(view.events, key=lambda e: (e.document, e.date, e.event))
    with csv_writer(path, excel=excel) as out:
        out.writerow(EVENT_COLUMNS)
        for e in events:
            out.writerow(event_row(e))
    return len(events)
