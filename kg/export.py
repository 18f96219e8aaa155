"""Writing graphs to files in the RDF formats: Turtle, TriG, N-Triples, N-Quads, JSON-LD.

Serialisation is Oxigraph's. Triple formats (Turtle, N-Triples) merge the named graphs;
quad formats (TriG, N-Quads, JSON-LD) keep one graph per document. Triples are sorted before
writing so that the same graph always gives the same file and diffs stay small. Every file is
written to a temporary name and renamed into place when complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.ontology import PREFIXES
from kg.textio import atomic_writer

#: format name -> (Oxigraph format, keeps named graphs)
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nq",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


def format_for(path: Path, explicit: str | None = None) -> str:
    """The RDF format asked for, or the one the file extension names."""
    if explicit:
        if explicit not in RDF_FORMATS:
            raise InputError(f"unknown format {explicit!r}; use one of: {', '.join(RDF_FORMATS)}")
        return explicit
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension; use one of "
            f"{', '.join(sorted(EXTENSIONS))}"
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
