"""The only module that knows the store backend: an embedded, persistent Oxigraph store.

Why Oxigraph directly (pyoxigraph) rather than through rdflib's Store API (oxrdflib): the
speed of Oxigraph survives only where Oxigraph does the work - its own parsers, serialisers
and SPARQL engine - and going through rdflib's term-by-term API loses most of it (see
``bench/store_backends.py`` for the measured figures). rdflib is still used to *build* each
document's graph; the store receives it as one N-Triples payload.

Writes are per document and atomic: a document's named graph is replaced by a single SPARQL
Update (``DROP GRAPH`` + ``INSERT DATA``), which Oxigraph applies in one transaction, so a crash
or an error never leaves a half-written document. Queries see the union of all named graphs as
their default graph, so users write plain SPARQL without ``GRAPH`` clauses.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import DCTERMS

from kg.errors import StoreError
from kg.ontology import DKG, ONTOLOGY_GRAPH, PREFIXES, SCHEMA, ontology_graph
from kg.resources import ontology_file

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.model import Extraction, Source

DEFAULT_STORE = Path("kg-store")
STORE_ENV = "KG_STORE"
#: Marks which version of the ontology file the store holds.
_ONTOLOGY_VERSION = "http://purl.org/dc/terms/hasVersion"


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``./kg-store``."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


@dataclass(frozen=True, slots=True)
class Stats:
    """Sizes of what the store holds."""

    documents: int
    sentences: int
    actors: int
    events: int
    relations: int
    triples: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None).

    >>> with Store.open("kg-store") as store:            # doctest: +SKIP
    ...     store.put(extraction)
    'added'
    """

    def __init__(self, inner: ox.Store, path: Path | None, read_only: bool) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (creating when writable) the store at ``path``; None means in memory."""
        if path is None:
            store = cls(ox.Store(), None, read_only=False)
            store._ensure_ontology()
            return store
        path = Path(path)
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreError(
                    f"no store at {path}; run `kg extract` first or point --store/KG_STORE at one"
                )
            try:
                inner = ox.Store.read_only(str(path))
            except OSError as e:
                raise StoreError(f"cannot open the store at {path}: {_first_line(e)}") from None
            return cls(inner, path, read_only=True)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store folder")
        try:
            inner = ox.Store(str(path))
        except OSError as e:
            message = _first_line(e)
            if "lock" in message.lower():
                message = "it is in use by another kg process; wait for it to finish"
            raise StoreError(f"cannot open the store at {path}: {message}") from None
        store = cls(inner, path, read_only=False)
        store._ensure_ontology()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Write the store's buffers to disk (they otherwise grow with what was written)."""
        if not self.read_only:
            try:
                self._store.flush()
            except OSError as e:
                raise StoreError(f"cannot write the store: {_first_line(e)}") from None

    def close(self) -> None:
        """Flush and release the store."""
        if not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store

    # -- the ontology graph ----------------------------------------------------------------

    def _ensure_ontology(self) -> None:
        """Load ontology/diplomatic.ttl into its own named graph when it is new or changed."""
        import hashlib

        data = ontology_file("diplomatic.ttl").read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        marker = ox.Quad(graph, ox.NamedNode(_ONTOLOGY_VERSION), ox.Literal(digest), graph)
        if marker in self._store:
            return
        nt = ontology_graph().serialize(format="nt")
        update = (
            f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}> ;\n"
            f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{\n{nt}\n"
            f'<{ONTOLOGY_GRAPH}> <{_ONTOLOGY_VERSION}> "{digest}" .\n}} }}'
        )
        self._update(update)

    # -- documents --------------------------------------------------------------------------

    def document_hash(self, doc_iri: str) -> str | None:
        """The stored SHA-256 of a document's text, or None if it is not stored."""
        doc = ox.NamedNode(doc_iri)
        for quad in self._store.quads_for_pattern(doc, ox.NamedNode(str(DKG.sha256)), None, doc):
            return quad.object.value
        return None

    def put(self, extraction: Extraction) -> str:
        """Store one document's graph, replacing any earlier version of it atomically.

        Returns "added", "updated" or "unchanged" (same text and metadata, same extractor).
        """
        from kg.rdf import document_iri, document_triples, extractor_description, ntriples

        doc = str(document_iri(extraction.source.identifier))
        if self.is_current(doc, extraction.source, extractor_description()):
            return "unchanged"
        existed = self.document_hash(doc) is not None
        triples = document_triples(extraction)
        self._keep_canonical_labels(triples, extraction, doc)
        self._replace_graph_text(doc, ntriples(triples))
        return "updated" if existed else "added"

    def _keep_canonical_labels(self, g: set[tuple], extraction: Extraction, doc: str) -> None:
        """One rdfs:label per actor across the corpus: an actor the dictionary lacks keeps the
        label it was first stored with ("Central Command"); this document's spelling
        ("central command") becomes an skos:altLabel."""
        from rdflib import RDFS, SKOS, Literal

        from kg.rdf import actor_iri

        label = ox.NamedNode(str(RDFS.label))
        for actor in extraction.actors:
            if actor.from_dictionary:
                continue
            node = actor_iri(actor)
            for quad in self._store.quads_for_pattern(ox.NamedNode(str(node)), label, None, None):
                if quad.graph_name == ox.NamedNode(doc) or quad.object.value == actor.label:
                    continue
                ours = Literal(actor.label, lang="en")
                g.discard((node, RDFS.label, ours))
                g.add((node, RDFS.label, Literal(quad.object.value, lang="en")))
                g.add((node, SKOS.altLabel, ours))
                break

    def is_current(self, doc_iri: str, source: Source, extractor: str) -> bool:
        """Whether the store holds this document, with this text and metadata, extracted by
        this version of the extractor (tool, model and rules)."""
        doc = ox.NamedNode(doc_iri)
        stored: dict[str, set[str]] = {}
        for quad in self._store.quads_for_pattern(doc, None, None, doc):
            stored.setdefault(quad.predicate.value, set()).add(quad.object.value)

        def same(predicate: str, value: object) -> bool:
            expected = set() if value is None else {str(value)}
            return stored.get(predicate, set()) == expected

        return bool(stored) and all(
            (
                same(str(DKG.sha256), source.sha256),
                same(str(DKG.extractedWith), extractor),
                same(str(DCTERMS.issued), source.date.isoformat() if source.date else None),
                same(str(DCTERMS.title), source.title),
                same(str(SCHEMA.url), source.url),
                same(str(DCTERMS.source), source.path),
                same(str(DCTERMS.publisher), source.publisher),
            )
        )

    def graph_quads(self, graphs: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the given named graphs."""
        for graph in graphs:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def replace_graph(self, graph_iri: str, g: Graph) -> None:
        """Replace one named graph by ``g`` in a single transaction."""
        self._replace_graph_text(graph_iri, g.serialize(format="nt"))

    def _replace_graph_text(self, graph_iri: str, nt: str) -> None:
        self._require_writable()
        self._update(
            f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{nt}\n}} }}"
        )

    def remove(self, doc_iri: str) -> bool:
        """Remove a document's graph; False if it was not stored."""
        self._require_writable()
        if self.document_hash(doc_iri) is None:
            return False
        self._update(f"DROP GRAPH <{doc_iri}>")
        return True

    def documents(self) -> Iterator[str]:
        """IRIs of the stored documents."""
        for row in self.select("SELECT ?d WHERE { GRAPH ?d { ?d a dkg:Document } } ORDER BY ?d"):
            yield row["d"].value

    # -- reading ----------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL over the union of all graphs; returns pyoxigraph results.

        ``substitutions`` maps variable names to pyoxigraph terms, bound as RDF terms
        (SPARQL SEP-0007), never pasted into the query text.
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self._store.query(
                sparql,
                use_default_graph_as_union=True,
                prefixes=PREFIXES,
                substitutions=subs or None,
            )
        except SyntaxError as e:
            from kg.errors import QueryError

            raise QueryError(f"malformed SPARQL: {_first_line(e)}") from None
        except OSError as e:
            raise StoreError(f"cannot read the store: {_first_line(e)}") from None
        except RuntimeError as e:
            message = _first_line(e)
            if "SELECT projection" in message:
                from kg.errors import QueryError

                raise QueryError(
                    f"{message}: a SELECT query must select each variable given by --param "
                    "(Oxigraph binds parameters as RDF terms, SPARQL SEP-0007)"
                ) from None
            raise StoreError(f"query failed: {message}") from None

    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict]:
        """A SELECT query's rows as dicts of variable name -> pyoxigraph term."""
        results = self.query(sparql, substitutions)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in results]

    def quads(self, *, include_ontology: bool = True) -> Iterator[ox.Quad]:
        """Every stored quad, the ontology graph optionally left out."""
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for quad in self._store:
            if include_ontology or quad.graph_name != ontology:
                yield quad

    def stats(self) -> Stats:
        """Counts of documents, sentences, actors, events, actor-to-actor triples, all triples."""
        row = self.select(
            """
            SELECT (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?s) AS ?sentences)
                   (COUNT(DISTINCT ?a) AS ?actors) (COUNT(DISTINCT ?e) AS ?events)
            WHERE {
              { ?doc a dkg:Document } UNION { ?s a dkg:Sentence } UNION
              { ?a a/rdfs:subClassOf* dkg:Actor } UNION { ?e a dkg:Event }
            }"""
        )[0]
        not_ontology = f"FILTER(?g != <{ONTOLOGY_GRAPH}>)"
        relations = self.select(
            f"""SELECT (COUNT(*) AS ?n) WHERE {{
                 SELECT DISTINCT ?x ?p ?y WHERE {{
                   GRAPH ?g {{ ?x ?p ?y }} {not_ontology}
                   ?p rdfs:subPropertyOf* dkg:actorRelation }} }}"""
        )[0]["n"]
        triples = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_ontology} }}"
        )[0]["n"]
        return Stats(
            documents=int(row["documents"].value),
            sentences=int(row["sentences"].value),
            actors=int(row["actors"].value),
            events=int(row["events"].value),
            relations=int(relations.value),
            triples=int(triples.value),
        )

    # -- internals ----------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as e:  # a bug in how we built the update, not user input
            raise RuntimeError(f"internal error building a SPARQL update: {e}") from e
        except OSError as e:
            raise StoreError(f"cannot write the store: {_first_line(e)}") from None


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def put_all(store: Store, extractions: Iterable[Extraction]) -> dict[str, int]:
    """Store each extraction; count how many were added, updated and unchanged."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for extraction in extractions:
        counts[store.put(extraction)] += 1
    return counts
