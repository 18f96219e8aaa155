"""JSON-LD that reads as JSON: the graph compacted with the project's context.

``ontology/context.jsonld`` ships the context: the project's prefixes, ``@vocab`` for the
ontology's terms (``"source"``, ``"relation"``, ``"date"``), plain names for the Dublin Core,
NIF and PROV properties the data use (``"label"``, ``"anchorOf"``, ``"wasDerivedFrom"``), and
the types of decimals, dates and links, so that values are plain JSON strings, numbers and
booleans (integers and booleans are written as JSON's own, which JSON-LD reads as
``xsd:integer`` and ``xsd:boolean``). The export carries that context inline (it opens
offline) and writes one object per named graph (``{"@id": document, "@graph": [...]}``) with
its nodes sorted, so the same graph gives the same file.

Compaction is done here, term by term, rather than by a general JSON-LD processor: the
context is fixed and small, and writing a million triples this way takes seconds rather than
minutes. A test reads every export back with rdflib's JSON-LD parser and checks that it is the
same graph.

>>> context()["@vocab"]
'https://w3id.org/diplomatic-kg/ontology#'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.resources import ontology_file
from kg.textio import atomic_writer

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"


@cache
def context() -> dict:
    """The JSON-LD context (``ontology/context.jsonld``)."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


@cache
def _prefixes() -> list[tuple[str, str]]:
    """(prefix, IRI) pairs of the context, longest IRI first (the most specific prefix wins)."""
    pairs = [(k, v) for k, v in context().items() if isinstance(v, str) and not k.startswith("@")]
    pairs = [(k, v) for k, v in pairs if v.endswith(("/", "#"))]
    return sorted(pairs, key=lambda kv: -len(kv[1]))


def _expand(curie: str) -> str:
    prefix, sep, local = curie.partition(":")
    table = dict(_prefixes())
    return table[prefix] + local if sep and prefix in table else curie


@cache
def _terms() -> dict[str, tuple[str, str | None, str | None]]:
    """Property IRI -> (term, type coercion as an IRI or "@id", language)."""
    found: dict[str, tuple[str, str | None, str | None]] = {}
    for term, definition in context().items():
        if term.startswith("@") or not isinstance(definition, dict | str):
            continue
        if isinstance(definition, str):
            if definition.endswith(("/", "#")):
                continue  # a prefix
            found[_expand(definition)] = (term, None, None)
            continue
        kind = definition.get("@type")
        coercion = kind if kind is None or kind == "@id" else _expand(kind)
        found[_expand(definition["@id"])] = (term, coercion, definition.get("@language"))
    return found


def _compact_iri(iri: str, *, vocab: bool = False) -> str:
    """An IRI as short as the context allows: a bare ontology term where ``@vocab`` applies
    (property names and types), else ``prefix:local``, else the IRI itself."""
    base = context()["@vocab"]
    if vocab and iri.startswith(base):
        local = iri[len(base) :]
        if local and ":" not in local and local not in context():
            return local
    for prefix, namespace in _prefixes():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _node_id(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _compact_iri(term.value)


def _key(predicate: str) -> tuple[str, str | None, str | None]:
    if predicate in _terms():
        return _terms()[predicate]
    return _compact_iri(predicate, vocab=True), None, None


def _value(term, coercion: str | None, language: str | None):
    """A value in its shortest form that still expands to exactly ``term``."""
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        node = _node_id(term)
        return node if coercion == "@id" else {"@id": node}
    datatype = term.datatype.value
    if term.language:
        if language == term.language:
            return term.value
        return {"@value": term.value, "@language": term.language}
    if coercion is not None and coercion != "@id":
        if datatype == coercion:
            return term.value
        return {"@value": term.value, "@type": _compact_iri(datatype)}
    if language is None and datatype == _XSD + "string":
        return term.value
    if datatype == _XSD + "boolean" and term.value in ("true", "false"):
        return term.value == "true"  # a JSON boolean is an xsd:boolean
    if datatype == _XSD + "integer" and term.value == str(_int(term.value)):
        return int(term.value)  # a JSON integer is an xsd:integer in canonical form
    if datatype == _XSD + "string":
        return {"@value": term.value}
    return {"@value": term.value, "@type": _compact_iri(datatype)}


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _nodes(triples: Iterable[tuple]) -> list[dict]:
    subjects: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        node = subjects[_node_id(s)]
        if p.value == _RDF_TYPE and isinstance(o, ox.NamedNode):
            node["@type"].append(_compact_iri(o.value, vocab=True))
            continue
        term, coercion, language = _key(p.value)
        node[term].append(_value(o, coercion, language))
    out = []
    for node_id in sorted(subjects):
        obj: dict = {"@id": node_id}
        for key in sorted(subjects[node_id], key=lambda k: (k != "@type", k)):
            values = sorted(subjects[node_id][key], key=_sort_key)
            obj[key] = values[0] if len(values) == 1 else values
        out.append(obj)
    return out


def jsonld_document(quads: Iterable[ox.Quad], *, keep_graphs: bool = True) -> dict:
    """The quads as one compacted JSON-LD document, the context inline."""
    graphs: dict[str, list[tuple]] = defaultdict(list)
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) or not keep_graphs else q.graph_name
        graphs[_node_id(name) if name else ""].append((q.subject, q.predicate, q.object))
    body: list[dict] = []
    for name in sorted(graphs):
        triples = sorted(set(graphs[name]), key=lambda t: tuple(str(x) for x in t))
        if name:
            body.append({"@id": name, "@graph": _nodes(triples)})
        else:
            body.extend(_nodes(triples))
    return {"@context": context(), "@graph": body}


def write_jsonld(quads: Iterable[ox.Quad], path: Path) -> int:
    """Write the quads (one named graph per document) as compacted JSON-LD; return how many
    statements were written."""
    quads = list(dict.fromkeys(quads))
    document = jsonld_document(quads)
    with atomic_writer(Path(path), "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(quads)
