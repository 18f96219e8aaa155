"""SHACL validation against ontology/shapes.ttl (pySHACL), with the ontology mixed in so that
class targets reach subclasses and the relation hierarchy is known.

The shapes hold as the data are and also under RDFS entailment (``inference="rdfs"``), as a
reasoning store such as GraphDB would see them: an inferred super-relation (``fought`` from
``clashedWith``) is backed by the fact of its sub-relation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DataError, InputError
from kg.resources import ontology_file

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store import Store


@cache
def shapes_graph() -> Graph:
    """ontology/shapes.ttl, parsed once."""
    from rdflib import Graph

    path = ontology_file("shapes.ttl")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as e:  # rdflib's parsers raise several types
        raise DataError(f"{path}: invalid Turtle ({e})") from None


#: What ``inference`` may be: none, or the entailment regime applied before checking.
INFERENCE = ("none", "rdfs", "owlrl", "both")


def validate_graph(g: Graph, *, inference: str = "none") -> tuple[bool, str]:
    """Validate a graph (or the union of a dataset); return (conforms, report text).

    ``inference`` (none, rdfs, owlrl, both) expands the data first, as a reasoning store would.
    """
    from pyshacl import validate

    from kg.ontology import ontology_graph

    if inference not in INFERENCE:
        raise InputError(f"unknown inference {inference!r}; use one of {', '.join(INFERENCE)}")
    conforms, _, text = validate(
        g,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        advanced=True,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


def validate_files(paths: list[Path], *, inference: str = "none") -> tuple[bool, str]:
    """Validate RDF files (format from extension) as one graph.

    Files are parsed by Oxigraph, which loads nothing a file names: a JSON-LD ``@context`` or
    ``@import`` given as a URL or a ``file:`` path is refused (rdflib's parser fetched remote
    contexts and opened local files, ``/etc/passwd`` included).
    """
    import pyoxigraph as ox

    from kg.export import RDF_FORMATS, rdflib_graph_from_quads

    quads: list = []
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        fmt = RDF_FORMATS[_format_name(path)][0]
        try:
            quads.extend(ox.parse(path=str(path), format=fmt))
        except SyntaxError as e:
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "LoadDocumentCallback" in message or "remote context" in message:
                raise InputError(
                    f"{path}: its JSON-LD @context or @import names a document to load (a URL "
                    "or a file); kg loads nothing a file names: put the context in the file"
                ) from None
            raise InputError(f"{path}: cannot parse ({message})") from None
        except (OSError, ValueError) as e:
            raise InputError(f"{path}: cannot read ({e})") from None
    return validate_graph(rdflib_graph_from_quads(quads), inference=inference)


def validate_store(store: Store, *, inference: str = "none") -> tuple[bool, str]:
    """Validate everything in the store except the ontology graph."""
    from kg.export import rdflib_graph_from_quads

    graph = rdflib_graph_from_quads(store.quads(include_ontology=False))
    return validate_graph(graph, inference=inference)


def _format_name(path: Path) -> str:
    from kg.export import EXTENSIONS, RDF_FORMATS

    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None or fmt not in RDF_FORMATS:
        raise InputError(f"{path}: unknown RDF file type; use .ttl, .trig, .nt, .nq or .jsonld")
    return fmt
