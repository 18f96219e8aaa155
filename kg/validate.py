"""SHACL validation against ontology/shapes.ttl (pySHACL), with the ontology mixed in so that
class targets reach subclasses and the relation hierarchy is known."""

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


def validate_graph(g: Graph) -> tuple[bool, str]:
    """Validate a graph (or the union of a dataset); return (conforms, report text)."""
    from pyshacl import validate

    from kg.ontology import ontology_graph

    conforms, _, text = validate(
        g,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


def validate_files(paths: list[Path]) -> tuple[bool, str]:
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
    return validate_graph(rdflib_graph_from_quads(quads))


def validate_store(store: Store) -> tuple[bool, str]:
    """Validate everything in the store except the ontology graph."""
    from kg.export import rdflib_graph_from_quads

    return validate_graph(rdflib_graph_from_quads(store.quads(include_ontology=False)))


def _format_name(path: Path) -> str:
    from kg.export import EXTENSIONS, RDF_FORMATS

    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None or fmt not in RDF_FORMATS:
        raise InputError(f"{path}: unknown RDF file type; use .ttl, .trig, .nt, .nq or .jsonld")
    return fmt
