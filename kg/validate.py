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
    """Validate RDF files (format from extension) as one graph."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            ds.parse(path, format=_rdflib_format(path))
        except Exception as e:  # rdflib's parsers raise several types
            raise InputError(
                f"{path}: cannot parse ({str(e).splitlines()[0] if str(e) else e})"
            ) from None
    return validate_graph(_union(ds))


def validate_store(store: Store) -> tuple[bool, str]:
    """Validate everything in the store except the ontology graph."""
    from kg.export import rdflib_graph_from_quads

    return validate_graph(rdflib_graph_from_quads(store.quads(include_ontology=False)))


def _union(ds) -> Graph:
    from rdflib import Graph

    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _rdflib_format(path: Path) -> str:
    from kg.export import EXTENSIONS

    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type; use .ttl, .trig, .nt, .nq or .jsonld")
    return {"turtle": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}[
        fmt
    ]
