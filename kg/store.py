"""The only module that knows the store backends: embedded Oxigraph, or a SPARQL 1.1 server.

Two backends share one interface (``put``, ``is_current``, ``query``/``select``, ``quads``,
``graph_quads``, ``stats``, ``documents``, ``remove``, ``close``), and :func:`open_store` picks
one from a folder path or an ``http(s)://`` endpoint URL, so nothing else needs to know which
it is talking to.

Why Oxigraph directly (pyoxigraph) rather than through rdflib's Store API (oxrdflib): the
speed of Oxigraph survives only where Oxigraph does the work - its own parsers, serialisers
and SPARQL engine - and going through rdflib's term-by-term API loses most of it (see
``bench/store_backends.py`` for the measured figures). rdflib is still used to *build* each
document's graph; the store receives it as one N-Triples payload.

Each document lives in its own named graph, and the store keeps its *default graph* equal to
the RDF merge of all named graphs: every triple once, however many documents state it or
describe the same actor. Queries read that default graph, so users write plain SPARQL without
``GRAPH`` clauses and count what they mean. (Oxigraph 0.5's own "default graph as union"
option - the obvious alternative - yields a triple once per graph holding it: on a 20k-triple
synthetic store, joining 742 events to their sources' labels gave 18,641 rows, and the
`called-on` query 47,519 rows for 69, slower with every document. Keeping the merge costs a
second copy of each triple.)

Writes are per document and atomic: one SPARQL Update request replaces a document's named
graph and adjusts the default graph (a triple leaves it only when no other graph still holds
it), and the store applies the request in one transaction, so a crash or an error never
leaves a half-written document. The remote backend sends the same update to the server.

The remote backend speaks the SPARQL 1.1 Protocol plainly through httpx rather than rdflib's
SPARQLUpdateStore, which writes "default graph" updates into a named graph of its own and
fails on blank nodes. httpx gives separate connect and read time limits, authentication and
connection reuse; answers are parsed by Oxigraph's parsers, so a remote result is the same
Python object as a local one and prints through the same formatters.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import QueryError, StoreError
from kg.ontology import DKG, ONTOLOGY_GRAPH, PREFIXES, SCHEMA, ontology_graph
from kg.resources import ontology_file
from kg.storelock import ReaderLease, WriterLock

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.model import Extraction, Source

DEFAULT_STORE = Path("kg-store")
STORE_ENV = "KG_STORE"
#: Environment variables that configure a remote endpoint. Credentials are read from here only,
#: never from the command line, where they would land in shell history and process listings.
ENDPOINT_ENV = "KG_ENDPOINT"
UPDATE_ENV = "KG_ENDPOINT_UPDATE"
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
TOKEN_ENV = "KG_ENDPOINT_TOKEN"
#: Seconds to wait for a remote endpoint: to connect, and for a whole answer unless the
#: caller gives a time limit of its own (``kg query --timeout``).
CONNECT_TIMEOUT = 10.0
REQUEST_TIMEOUT = 120.0
#: The largest answer taken from an endpoint, in bytes (``$KG_MAX_ANSWER_BYTES``): what a
#: hostile or broken server sends is read into memory, so it is bounded.
MAX_ANSWER_BYTES = 512 * 1024 * 1024
MAX_ANSWER_ENV = "KG_MAX_ANSWER_BYTES"
#: Where inferred triples go in a reasoned copy of the store (``kg query --reason``).
INFERRED_GRAPH = "https://w3id.org/diplomatic-kg/graph/inferred"
#: Marks which version of the ontology file the store holds.
_ONTOLOGY_VERSION = "http://purl.org/dc/terms/hasVersion"
_DECLARED_PREFIX = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:")
_COMMENT = re.compile(r"#[^\n]*")


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``./kg-store``."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_endpoint(location: object) -> bool:
    """Whether ``location`` names a SPARQL endpoint (a URL), not a folder. Any URL counts, so
    that ``ftp://user:password@host`` is refused as an endpoint, not echoed as a folder."""
    return isinstance(location, str) and bool(_URL.match(location))


def open_store(
    location: str | Path | None = None,
    *,
    read_only: bool = False,
    timeout: float | None = None,
    wait: bool | None = None,
) -> Store | RemoteStore:
    """Open the store at a folder, or connect to the SPARQL endpoint at an http(s) URL.

    ``None`` means an in-memory store. ``timeout`` bounds each request to a remote endpoint
    (an embedded store bounds queries with :func:`kg.deadline.call_with_deadline`). ``wait``
    (else ``$KG_WAIT``) waits for another process writing an embedded store instead of
    failing; a reader beside a writer otherwise reads the writer's latest snapshot.

    >>> with open_store("kg-store", read_only=True) as store:                # doctest: +SKIP
    ...     store.stats().events
    >>> with open_store("http://127.0.0.1:7878/query") as store:             # doctest: +SKIP
    ...     store.put(extraction)
    """
    if is_endpoint(location):
        return RemoteStore.open(str(location), read_only=read_only, timeout=timeout)
    return Store.open(location, read_only=read_only, wait=wait)


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


class _SparqlStore:
    """What both backends do the same way, in SPARQL and in terms of a few primitives."""

    read_only: bool
    #: The folder or URL, for messages.
    location: str

    # -- primitives each backend provides ------------------------------------------------------

    def query(
        self, sparql: str, substitutions: dict | None = None, *, allow_service: bool = False
    ):  # pragma: no cover
        raise NotImplementedError

    def _update(self, update: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict]:
        """A SELECT query's rows as dicts of variable name -> pyoxigraph term."""
        results = self.query(sparql, substitutions)
        if not isinstance(results, ox.QuerySolutions):
            raise StoreError(f"{self.location} did not answer a SELECT query with solutions")
        names = [v.value for v in results.variables]
        try:  # solutions are read lazily: a malformed answer or a failing read shows up here
            return [{n: row[n] for n in names if row[n] is not None} for row in results]
        except SyntaxError as e:
            raise StoreError(
                f"{self.location} sent an answer that cannot be read: {_first_line(e)}"
            ) from None
        except OSError as e:
            raise StoreError(f"reading from {self.location} failed: {_first_line(e)}") from None

    def documents(self) -> Iterator[str]:
        """IRIs of the stored documents."""
        for row in self.select("SELECT ?d WHERE { GRAPH ?d { ?d a dkg:Document } } ORDER BY ?d"):
            yield row["d"].value

    def document_hash(self, doc_iri: str) -> str | None:
        """The stored SHA-256 of a document's text, or None if it is not stored."""
        values = self._document_metadata(doc_iri).get(str(DKG.sha256))
        return next(iter(values)) if values else None

    def _document_metadata(self, doc_iri: str) -> dict[str, set[str]]:
        """predicate IRI -> values of the document node, in the document's own graph."""
        stored: dict[str, set[str]] = {}
        rows = self.select(
            "SELECT ?d ?p ?o WHERE { GRAPH ?d { ?d ?p ?o } }", {"d": ox.NamedNode(doc_iri)}
        )
        for row in rows:
            stored.setdefault(row["p"].value, set()).add(row["o"].value)
        return stored

    def is_current(self, doc_iri: str, source: Source, extractor: str) -> bool:
        """Whether the store holds this document, with this text and metadata, extracted by
        this version of the extractor (tool, model and rules)."""
        return _same_document(self._document_metadata(doc_iri), source, extractor)

    def graph_quads(self, graphs: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the given named graphs."""
        for graph in graphs:
            name = ox.NamedNode(graph)
            rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": name})
            for row in rows:
                yield ox.Quad(row["s"], row["p"], row["o"], name)

    def quads(self, *, include_ontology: bool = True) -> Iterator[ox.Quad]:
        """Every quad in a named graph, the ontology graph optionally left out."""
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for row in self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if include_ontology or row["g"] != ontology:
                yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

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

    # -- writing -------------------------------------------------------------------------------

    def put(self, extraction: Extraction) -> str:
        """Store one document's graph, replacing any earlier version of it atomically.

        Returns "added", "updated" or "unchanged" (same text and metadata, same extractor).
        """
        from kg.rdf import document_iri, document_triples, extractor_description

        check_source(extraction.source)
        doc = str(document_iri(extraction.source.identifier))
        stored = self._document_metadata(doc)
        if _same_document(stored, extraction.source, extractor_description()):
            return "unchanged"
        existed = str(DKG.sha256) in stored
        triples = document_triples(extraction)
        self._keep_canonical_labels(triples, extraction, doc)
        nt = _ntriples(triples)
        # a server may have another writer: always replace, never only add (see _settle)
        self._replace_graph_text(doc, nt, existed=existed or self.shared)
        if self.shared:
            self._settle(doc, nt)
        return "updated" if existed else "added"

    #: Whether other processes may write the same store at once (a SPARQL server; the
    #: embedded store admits one writer, see :mod:`kg.storelock`).
    shared = False

    def _settle(self, doc: str, nt: str, *, attempts: int = 6) -> None:
        """Make sure the document's graph holds one version after writing it to a server.

        A server applies each update in one transaction, but at "repeatable read" isolation
        (Oxigraph's): two writers replacing the same document at once each remove what their
        snapshot held - nothing, for a new document - and both insert, leaving two versions
        in one graph (5 of 300 documents, two runs at once). So the writer reads the
        document's metadata back and, while a property that has one value per version has
        two, writes its version again after a random pause; one writer's version wins whole.
        """
        import random

        for _ in range(attempts):
            node = ox.NamedNode(doc)  # written by Oxigraph: one IRI, whatever the identifier
            rows = self.select(
                f"SELECT ?p WHERE {{ GRAPH {node} {{ {node} ?p ?o }} FILTER(?p != rdf:type) }} "
                "GROUP BY ?p HAVING (COUNT(DISTINCT ?o) > 1)"
            )
            if not rows:
                return
            time.sleep(random.uniform(0.05, 0.5))
            self._replace_graph_text(doc, nt, existed=True)
        raise StoreError(
            f"another process keeps writing document {doc} at the same time; run again when "
            "it has finished"
        )

    def _keep_canonical_labels(self, g: set[tuple], extraction: Extraction, doc: str) -> None:
        """One rdfs:label per actor across the corpus: an actor the dictionary lacks keeps the
        label it was first stored with ("Central Command"); this document's spelling
        ("central command") becomes an skos:altLabel."""
        from rdflib import RDFS, SKOS, Literal

        from kg.rdf import actor_iri

        for actor in extraction.actors:
            if actor.from_dictionary:
                continue
            node = actor_iri(actor)
            rows = self.select(
                "SELECT ?a ?g ?l WHERE { GRAPH ?g { ?a rdfs:label ?l } }",
                {"a": ox.NamedNode(str(node))},
            )
            for row in rows:
                if row["g"].value == doc or row["l"].value == actor.label:
                    continue
                ours = Literal(actor.label, lang="en")
                g.discard((node, RDFS.label, ours))
                g.add((node, RDFS.label, Literal(row["l"].value, lang="en")))
                g.add((node, SKOS.altLabel, ours))
                break

    def flush(self) -> None:
        """Write buffered changes to durable storage (nothing to do for an endpoint)."""

    def optimize(self) -> bool:
        """Compact the store's files (``kg optimize``); False where there is nothing to do
        (a SPARQL endpoint manages its own storage)."""
        return False

    def remove(self, doc_iri: str) -> bool:
        """Remove a document's graph; False if it was not stored."""
        self._require_writable()
        if self.document_hash(doc_iri) is None:
            return False
        self._update(f"{_unmerge(doc_iri)} ;\nDROP GRAPH <{doc_iri}>")
        return True

    def replace_graph(self, graph_iri: str, g: Graph) -> None:
        """Replace one named graph by ``g``, and keep the default graph the merge of all named
        graphs, in one update (one transaction).

        The new triples are inserted into both graphs by one ``INSERT DATA``, so a blank node
        is the same node in both.
        """
        self._replace_graph_text(graph_iri, g.serialize(format="nt"))

    def _replace_graph_text(self, graph_iri: str, nt: str, *, existed: bool = True) -> None:
        self._require_writable()
        insert = f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{nt}\n}}\n{nt}\n}}"
        if existed:  # a new document has nothing to take out first
            insert = f"{_unmerge(graph_iri)} ;\nDROP SILENT GRAPH <{graph_iri}> ;\n{insert}"
        self._update(insert)

    def _merge_named_graphs(self) -> None:
        """Fill the default graph from the named graphs (a store written before it was kept)."""
        self._update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")

    def _ontology_digest(self) -> str:
        return hashlib.sha256(ontology_file("diplomatic.ttl").read_bytes()).hexdigest()

    def _ensure_ontology(self) -> None:
        """Load ontology/diplomatic.ttl into its own named graph when it is new or changed."""
        from rdflib import Graph, Literal, URIRef

        digest = self._ontology_digest()
        if self._ontology_version() == digest:
            return
        g = Graph()
        for triple in ontology_graph():
            g.add(triple)
        g.add((ONTOLOGY_GRAPH, URIRef(_ONTOLOGY_VERSION), Literal(digest)))
        self.replace_graph(str(ONTOLOGY_GRAPH), g)

    def _ontology_version(self) -> str | None:
        rows = self.select(
            f"SELECT ?v WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> "
            f"<{_ONTOLOGY_VERSION}> ?v }} }}"
        )
        return rows[0]["v"].value if rows else None

    def _markers(self) -> tuple[int, int]:
        """How often the ontology's version marker is in a named graph, and in the default
        graph as queries see it: (1, 1) when the default graph is kept as the merge, (1, 0)
        for a store written before it was, (1, 2) for a server that adds its named graphs to
        the default graph by itself."""
        marker = f"<{ONTOLOGY_GRAPH}> <{_ONTOLOGY_VERSION}> ?v"
        # one query, so that both counts come from one state of a store another process writes
        rows = self.select(
            f"SELECT ?named ?default WHERE {{ "
            f"{{ SELECT (COUNT(*) AS ?named) WHERE {{ GRAPH ?g {{ {marker} }} }} }} "
            f"{{ SELECT (COUNT(*) AS ?default) WHERE {{ {marker} }} }} }}"
        )
        if not rows:
            return 0, 0
        return int(rows[0]["named"].value), int(rows[0]["default"].value)

    # -- reasoning -----------------------------------------------------------------------------

    def reasoned_copy(self, triples: Iterable[ox.Triple]) -> Store:
        """An in-memory copy of this store with ``triples`` added in :data:`INFERRED_GRAPH`."""
        raise QueryError(
            "--reason works on the embedded store only; on a SPARQL server use the server's "
            "own reasoner (GraphDB rulesets, Jena inference in Fuseki, Virtuoso's "
            "`DEFINE input:inference`)"
        )


class Store(_SparqlStore):
    """An Oxigraph store on disk (or in memory when ``path`` is None).

    >>> with Store.open("kg-store") as store:            # doctest: +SKIP
    ...     store.put(extraction)
    'added'
    """

    def __init__(self, inner: ox.Store, path: Path | None, read_only: bool) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only
        self.location = str(path) if path is not None else "(memory)"
        #: True only for a store written before the default graph was kept as the merge of
        #: the named graphs, opened read-only so it cannot be brought up to date.
        self._union = False
        #: The lock this process holds on the store folder (see kg/storelock.py).
        self._lock: WriterLock | ReaderLease | None = None

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, read_only: bool = False, wait: bool | None = None
    ) -> Store:
        """Open (creating when writable) the store at ``path``; None means in memory.

        One process writes a store at a time, and readers never open it while it is written:
        they read the writer's latest snapshot instead (:mod:`kg.storelock`). ``wait`` (else
        ``$KG_WAIT``) waits for another writer rather than failing.
        """
        if path is None:
            store = cls(ox.Store(), None, read_only=False)
            store._ensure_ontology()
            return store
        path = Path(path)
        if read_only:
            return cls._open_reader(path, wait)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store folder")
        lock = WriterLock.acquire(path, wait=wait)
        try:
            try:
                inner = ox.Store(str(path))
            except OSError as e:
                message = _first_line(e)
                if "lock" in message.lower():
                    message = "it is in use by another process; wait for it to finish"
                raise StoreError(f"cannot open the store at {path}: {message}") from None
            store = cls(inner, path, read_only=False)
            store._lock = lock
            named, default = store._markers()
            if named > 0 and default == 0:
                store._merge_named_graphs()
            store._ensure_ontology()
            store._snapshot()  # readers see the store as it was before this writer's changes
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def _open_reader(cls, path: Path, wait: bool | None) -> Store:
        if not (path / "CURRENT").exists():
            raise StoreError(
                f"no store at {path}; run `kg extract` first or point --store/KG_STORE at one"
            )
        lease = ReaderLease.acquire(path, wait=wait)
        try:
            try:
                inner = ox.Store.read_only(str(lease.folder))
            except OSError as e:
                raise StoreError(f"cannot open the store at {path}: {_first_line(e)}") from None
            store = cls(inner, path, read_only=True)
            store._lock = lease
            named, default = store._markers()
            store._union = named > 0 and default == 0
        except BaseException:
            lease.release()
            raise
        return store

    @property
    def reads_from(self) -> Path | None:
        """The folder this store's data are read from: the store's own, or for a reader beside
        a writer the writer's snapshot (what another program reading on kg's behalf, such as
        ``oxigraph query --explain``, must open too). None in memory."""
        if isinstance(self._lock, ReaderLease):
            return self._lock.folder
        return self.path

    def _snapshot(self) -> None:
        """Give readers a consistent copy of the store as it is now (a checkpoint: hard links
        to the immutable table files, a few milliseconds)."""
        if isinstance(self._lock, WriterLock):
            self._lock.snapshot(lambda folder: self._store.backup(str(folder)))

    def flush(self) -> None:
        """Write the store's buffers to disk (they otherwise grow with what was written), and
        renew the snapshot that readers read meanwhile."""
        if not self.read_only:
            try:
                self._store.flush()
            except OSError as e:
                raise StoreError(f"cannot write the store: {_first_line(e)}") from None
            self._snapshot()

    def optimize(self) -> bool:
        """Compact the store's files: after many documents were written one transaction at a
        time, the join-heavy queries run faster on a compacted store (bench/query_bench.py
        measures both). Takes about half a second per million triples."""
        self._require_writable()
        try:
            self._store.flush()
            self._store.optimize()
        except OSError as e:
            raise StoreError(f"cannot optimize the store: {_first_line(e)}") from None
        return True

    def close(self) -> None:
        """Flush and release the store."""
        if not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- fast paths over the primitive API -------------------------------------------------------

    def _ontology_version(self) -> str | None:
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for quad in self._store.quads_for_pattern(graph, ox.NamedNode(_ONTOLOGY_VERSION), None):
            if quad.graph_name == graph:
                version = quad.object
                assert not isinstance(version, ox.Triple)  # a literal
                return version.value
        return None

    def _markers(self) -> tuple[int, int]:
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        found = list(self._store.quads_for_pattern(graph, ox.NamedNode(_ONTOLOGY_VERSION), None))
        default = sum(1 for q in found if isinstance(q.graph_name, ox.DefaultGraph))
        return len(found) - default, default

    def _document_metadata(self, doc_iri: str) -> dict[str, set[str]]:
        doc = ox.NamedNode(doc_iri)
        stored: dict[str, set[str]] = {}
        for quad in self._store.quads_for_pattern(doc, None, None, doc):
            value = quad.object
            assert not isinstance(value, ox.Triple)  # metadata are IRIs and literals
            stored.setdefault(quad.predicate.value, set()).add(value.value)
        return stored

    def graph_quads(self, graphs: Iterable[str]) -> Iterator[ox.Quad]:
        for graph in graphs:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def quads(self, *, include_ontology: bool = True) -> Iterator[ox.Quad]:
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for quad in self._store:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue  # the merge of the named graphs, kept for queries
            if include_ontology or quad.graph_name != ontology:
                yield quad

    # -- reading ----------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None, *, allow_service: bool = False):
        """Run SPARQL over the default graph (the merge of all named graphs); returns
        pyoxigraph results.

        The text is checked first (:func:`kg.query.check_query`): no update, no SERVICE
        clause unless ``allow_service``, no nesting deep enough to crash the parser.
        ``substitutions`` maps variable names to pyoxigraph terms, bound as RDF terms, never
        pasted into the query text: under the rule of SPARQL SEP-0007 (a SELECT query must
        select each bound variable), in ``VALUES`` blocks of terms written by Oxigraph's
        serialiser (:func:`kg.query.bind_parameters`) - exactly what a remote endpoint
        receives, and the same answers as Oxigraph's own substitutions, which apply the value
        late (a parametrised query ran 30 times slower at 1M triples). A query those blocks do
        not fit (one with a trailing ``VALUES`` of its own) gets Oxigraph's substitutions.
        """
        from kg.query import check_query, with_values

        check_query(sparql, allow_service=allow_service)
        if not substitutions:
            return self._run(sparql)
        _check_substitutions(sparql, substitutions)
        for text in with_values(sparql, substitutions, strict=True):
            with contextlib.suppress(QueryError):
                return self._run(text)
        subs = {ox.Variable(k): v for k, v in substitutions.items()}
        return self._run(sparql, subs)

    def _run(self, sparql: str, substitutions: dict | None = None):
        try:
            return self._store.query(
                sparql,
                use_default_graph_as_union=self._union,
                prefixes=PREFIXES,
                substitutions=substitutions,
            )
        except OSError as e:
            from kg.query import calls_service

            if calls_service(sparql):  # Oxigraph runs SERVICE requests when the query starts
                raise StoreError(f"a SERVICE request failed: {_first_line(e)}") from None
            raise StoreError(f"cannot read the store: {_first_line(e)}") from None
        except (SyntaxError, RuntimeError) as e:
            raise _query_error(e) from None

    def bulk_load_quads(self, path: Path) -> None:
        """Load an N-Quads file of document graphs as fast as Oxigraph can, and merge its
        triples into the default graph.

        Bulk loading skips transactions: use it to fill a new store (benchmarks, restoring
        an export), never beside another writer.
        """
        self._require_writable()
        try:
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
            self._store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
            # A bulk load leaves many small files behind; compacting them once costs about
            # half a second per million triples and makes the join-heavy queries about a third
            # faster (bench/query_bench.py: `statements` 1.01 s -> 0.63 s at 1M triples).
            self._store.optimize()
        except SyntaxError as e:
            from kg.errors import InputError

            raise InputError(f"{path}: invalid N-Quads ({_first_line(e)})") from None
        except OSError as e:
            raise StoreError(f"cannot load {path}: {_first_line(e)}") from None

    def reasoned_copy(self, triples: Iterable[ox.Triple]) -> Store:
        """An in-memory copy of this store with ``triples`` added in :data:`INFERRED_GRAPH`.

        The copy is what ``--reason`` queries: the stored data stay as they are.
        """
        copy = ox.Store()
        copy.bulk_load(self._store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        if self._union:
            copy.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        graph = ox.NamedNode(INFERRED_GRAPH)
        triples = list(triples)
        copy.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        copy.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        return Store(copy, None, read_only=True)

    # -- internals ----------------------------------------------------------------------------

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as e:  # a bug in how we built the update, not user input
            raise RuntimeError(f"internal error building a SPARQL update: {e}") from e
        except OSError as e:
            raise StoreError(f"cannot write the store: {_first_line(e)}") from None


def _ntriples(triples: Iterable[tuple]) -> str:
    """rdflib triples as N-Triples written by Oxigraph's serialiser, for ``INSERT DATA``.

    Not rdflib's ``n3()``: it writes a literal holding a line break and ending in ``\\"`` as
    a long literal that ends too early, and the update fails to parse. Oxigraph escapes every
    term so that SPARQL reads it back as the same term.
    """
    # a document's triples name the same few IRIs again and again (the document, its events,
    # the predicates): each is converted once per call, in a memo dropped with the call
    iris: dict[str, ox.NamedNode] = {}
    data = ox.serialize(
        (ox.Triple(*(_ox_term(t, iris) for t in triple)) for triple in triples),
        None,
        ox.RdfFormat.N_TRIPLES,
    )
    assert data is not None  # no output given: the bytes are returned
    return data.decode("utf-8")


def _ox_term(term, iris: dict[str, ox.NamedNode] | None = None):
    """An rdflib term as the pyoxigraph term it names (IRIs looked up in ``iris`` first, and
    added to it)."""
    if isinstance(term, URIRef):
        if iris is None:
            return ox.NamedNode(str(term))
        iri = str(term)
        found = iris.get(iri)
        if found is None:
            found = iris[iri] = ox.NamedNode(iri)
        return found
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def check_source(source: Source) -> None:
    """Refuse a document whose text or metadata cannot be stored: every string must be
    Unicode text (a lone surrogate, which JSON's escapes can write, has no UTF-8 form)."""
    from kg.textio import check_unicode

    shown = source.identifier.encode("utf-8", "backslashreplace").decode("utf-8")
    for name in ("identifier", "text", "title", "url", "path", "publisher"):
        value = getattr(source, name)
        if isinstance(value, str):
            check_unicode(value, f"document {shown!r}: its {name}")


def _same_document(stored: dict[str, set[str]], source: Source, extractor: str) -> bool:
    """Whether stored document metadata is this text and metadata from this extractor."""

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


def _query_error(e: BaseException) -> Exception:
    """A user-facing error for what the SPARQL engine said about a query."""
    message = _first_line(e)
    if isinstance(e, SyntaxError):
        return QueryError(f"malformed SPARQL: {message}")
    if "SELECT projection" in message:
        return QueryError(
            f"{message}: a SELECT query must select each variable given by --param "
            "(Oxigraph binds parameters as RDF terms, SPARQL SEP-0007)"
        )
    return StoreError(f"query failed: {message}")


def _unmerge(graph_iri: str) -> str:
    """The update removing from the default graph what only ``graph_iri`` holds."""
    g = f"<{graph_iri}>"
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }}"
    )


class RemoteStore(_SparqlStore):
    """A SPARQL 1.1 server: queries over the Protocol, writes by SPARQL Update.

    ``endpoint`` is the query URL. Writes go as SPARQL Update to ``$KG_ENDPOINT_UPDATE``,
    which defaults to the query URL with ``/query`` replaced by ``/update`` (Oxigraph,
    Fuseki) or the query URL itself (Virtuoso, GraphDB, QLever): one request per document,
    which the server applies in one transaction, replacing the document's named graph and
    keeping the default graph the merge of the named graphs, as in the embedded store.
    Credentials come from ``$KG_ENDPOINT_USER`` and ``$KG_ENDPOINT_PASSWORD`` (HTTP Basic) or
    ``$KG_ENDPOINT_TOKEN`` (Bearer). The server must keep its default graph apart from its
    named graphs (Oxigraph: without ``--union-default-graph``); opening checks that it does.

    >>> with RemoteStore.open("http://127.0.0.1:7878/query") as store:       # doctest: +SKIP
    ...     store.stats()
    """

    shared = True  # other kg processes (or other tools) may write the server at once

    def __init__(self, endpoint: str, *, read_only: bool, timeout: float | None) -> None:
        import httpx

        self.endpoint = _check_url(endpoint, "--endpoint")
        #: the URL as messages show it: no query string, which may carry an access token
        self.location = _shown(self.endpoint)
        self.read_only = read_only
        self.timeout = float(timeout) if timeout else REQUEST_TIMEOUT
        update = os.environ.get(UPDATE_ENV)
        self.update_url = _check_url(update, UPDATE_ENV) if update else _update_url(self.endpoint)
        self.max_answer_bytes = _max_answer_bytes()
        auth = _credentials()
        if auth is not None:
            _warn_if_plain_http(self.endpoint, self.update_url)
        self._client = httpx.Client(
            auth=auth,
            headers={"User-Agent": f"diplomatic-kg/{_version()}"},
            follow_redirects=True,
        )

    @classmethod
    def open(
        cls, endpoint: str, *, read_only: bool = False, timeout: float | None = None
    ) -> RemoteStore:
        """Connect, check how the server keeps its default graph, and (when writable) bring
        it up to date and load the ontology graph if it is missing or changed."""
        store = cls(endpoint, read_only=read_only, timeout=timeout)
        try:
            store._check_default_graph()
            if not read_only:
                store._ensure_ontology()
                store._check_default_graph()  # an empty server shows its habits only now
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._client.close()

    # -- reading -----------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None, *, allow_service: bool = False):
        """Run SPARQL on the server; returns the same result objects as the embedded store.

        Nothing is sent that Oxigraph's parser rejects here first: no update (``DROP ALL``
        sent as a query would run on a server that accepts updates there), no SERVICE clause
        unless ``allow_service``, nothing malformed. The project's prefixes are declared for
        the server. Parameters are checked by the rule the embedded store applies (SEP-0007:
        a SELECT query must select each bound variable) and sent in ``VALUES`` blocks of RDF
        terms written by Oxigraph's serialiser, so a value can only ever be a term
        (:func:`kg.query.bind_parameters`).
        """
        from kg.query import check_query, with_values, without_service

        check_query(sparql, allow_service=allow_service)
        _check_syntax(without_service(sparql))
        text = sparql
        if substitutions:
            _check_substitutions(sparql, substitutions)
            text = next(
                (t for t in with_values(sparql, substitutions) if _parses(without_service(t))),
                "",
            )
            if not text:
                raise QueryError(
                    "this query's parameters cannot be written into the text sent to an "
                    "endpoint (a trailing VALUES of its own?); put the values in the query"
                )
        text = _with_prefixes(text)
        content_type, body = self._send(
            "POST",
            self.endpoint,
            what="query",
            data={"query": text},
            headers={
                "Accept": "application/sparql-results+json, "
                "application/sparql-results+xml;q=0.9, application/n-triples;q=0.8, "
                "text/turtle;q=0.7"
            },
        )
        return _parse_answer(content_type, body, self.location)

    # -- writing -----------------------------------------------------------------------------

    def _update(self, update: str) -> None:
        self._send(
            "POST",
            self.update_url,
            what="write",
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    # -- internals -----------------------------------------------------------------------------

    def _check_default_graph(self) -> None:
        """Queries here rely on the default graph being the merge of the named graphs, kept
        by kg: a server that adds the named graphs to it by itself counts triples twice."""
        named, default = self._markers()
        if default > named:
            raise StoreError(
                f"{self.location} adds its named graphs to the default graph by itself; kg "
                "keeps the default graph as their merge, so start Oxigraph without "
                "--union-default-graph (Fuseki: without tdb2:unionDefaultGraph)"
            )
        if named and not default:
            if self.read_only:
                raise StoreError(
                    f"{self.location} holds named graphs but no default graph to query; run "
                    "`kg extract --endpoint` once to merge them into it"
                )
            self._merge_named_graphs()

    def _send(self, method: str, url: str, *, what: str, **kwargs) -> tuple[str, bytes]:
        """One request, answered in full within ``self.timeout`` seconds and
        ``self.max_answer_bytes`` bytes, or a one-line error."""
        import httpx

        shown = _shown(url)
        deadline = time.monotonic() + self.timeout
        limit = httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
        try:
            with self._client.stream(method, url, timeout=limit, **kwargs) as response:
                chunks = []
                size = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_answer_bytes:
                        raise StoreError(
                            f"{shown} sent more than {self.max_answer_bytes:,} bytes; the answer "
                            f"was dropped (add LIMIT, or raise {MAX_ANSWER_ENV})"
                        )
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed")
                body = b"".join(chunks)
        except httpx.TimeoutException:
            message = f"{shown} did not answer within {self.timeout:g} s"
            if what == "query":
                raise QueryError(
                    f"{message}; narrow the query, add LIMIT, or raise --timeout"
                ) from None
            # the request went out: the server may still apply it after we stopped waiting
            raise StoreError(
                f"{message}; the last document sent may still be applied by the server, "
                "and the same command run again checks what the server holds and finishes"
            ) from None
        except httpx.ConnectError as e:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {shown} ({_reason(e)}); is the server running?"
            ) from None
        except httpx.HTTPError as e:
            raise StoreError(f"talking to {shown} failed: {_reason(e)}") from None
        status = response.status_code
        if status >= 400:
            raise _http_error(status, body, shown, what)
        return response.headers.get("content-type", ""), body


def _version() -> str:
    from kg import __version__

    return __version__


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise StoreError(
            f"{where}: put credentials in {USER_ENV} and {PASSWORD_ENV} (or {TOKEN_ENV}), "
            "not in the URL"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{where}: {_shown(url)!r} is not an http(s) URL")
    return url


def _shown(url: str) -> str:
    """A URL as messages show it: without user, password or query string (QLever and others
    take an access token in the query string)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(an invalid URL)"
    query = "?..." if parts.query else ""
    return f"{parts.scheme}://{host}{port}{parts.path}{query}"


def _warn_if_plain_http(*urls: str) -> None:
    """Credentials sent over plain http can be read by anyone on the way (not on this host):
    one warning for the first such URL."""
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            import warnings

            from kg.errors import KgWarning

            warnings.warn(
                f"credentials go to {_shown(url)} over plain http, readable on the network; "
                "use an https URL",
                KgWarning,
                stacklevel=3,
            )
            return


def _max_answer_bytes() -> int:
    """The largest answer taken from an endpoint (``$KG_MAX_ANSWER_BYTES``, else 512 MB)."""
    value = os.environ.get(MAX_ANSWER_ENV, "")
    if not value:
        return MAX_ANSWER_BYTES
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit <= 0:
        raise StoreError(f"{MAX_ANSWER_ENV} must be a positive number of bytes, not {value!r}")
    return limit


def _update_url(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    if parts.path.endswith("/query"):
        return parts._replace(path=parts.path[: -len("query")] + "update").geturl()
    return endpoint


def _credentials():
    """HTTP auth from the environment: a bearer token, or a user and password (Basic).

    Values are checked here, never echoed: a token read from a file often ends in a line
    break (kept off), and a control character inside one would make the HTTP library print
    the whole header in its error.
    """
    import httpx

    token = (os.environ.get(TOKEN_ENV) or "").strip()
    user = os.environ.get(USER_ENV)
    if token:
        if not token.isascii() or not token.isprintable():
            raise StoreError(
                f"{TOKEN_ENV} holds a line break, a control character or a non-ASCII "
                "character; set it to the token alone"
            )

        class BearerAuth(httpx.Auth):
            def auth_flow(self, request):
                request.headers["Authorization"] = f"Bearer {token}"
                yield request

        return BearerAuth()
    if user:
        password = os.environ.get(PASSWORD_ENV, "")
        for name, value in ((USER_ENV, user), (PASSWORD_ENV, password)):
            if not value.isprintable():
                raise StoreError(
                    f"{name} holds a line break or a control character; set it to the value alone"
                )
        return httpx.BasicAuth(user, password)
    return None


def _reason(e: BaseException) -> str:
    return _first_line(e)


def _http_error(status: int, body: bytes, url: str, what: str) -> Exception:
    said = _first_line(body.decode("utf-8", "replace"))[:300] if body else ""
    said = f": {said}" if said else ""
    if status in (401, 403):
        return StoreError(
            f"{url} refused access (HTTP {status}); set {USER_ENV} and {PASSWORD_ENV}, or "
            f"{TOKEN_ENV}"
        )
    if status == 404:
        return StoreError(f"no SPARQL service at {url} (HTTP 404); check the endpoint URL")
    if status == 400 and what == "query":
        return QueryError(f"the endpoint rejected the query (HTTP 400){said}")
    return StoreError(f"{url} answered HTTP {status}{said}")


def _with_prefixes(sparql: str) -> str:
    """The query with the project's prefixes declared, except those it declares itself."""
    declared = {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(_COMMENT.sub("", sparql))}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, sparql])


def _check_substitutions(sparql: str, substitutions: dict) -> None:
    """Apply the embedded store's rules for parameters (SEP-0007) before sending a query."""
    from kg.query import without_service

    subs = {ox.Variable(k): v for k, v in substitutions.items()}
    try:
        ox.Store().query(without_service(sparql), prefixes=PREFIXES, substitutions=subs)
    except (SyntaxError, RuntimeError) as e:
        raise _query_error(e) from None


def _parses(sparql: str) -> bool:
    """Whether Oxigraph's parser takes ``sparql`` (run on an empty store: at once)."""
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError:
        return False
    except RuntimeError:
        pass
    return True


def _check_syntax(sparql: str) -> None:
    """Raise the embedded store's "malformed SPARQL" error if Oxigraph cannot parse ``sparql``.

    Parsing needs a store to run on: an empty one in memory answers at once.
    """
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as e:
        raise _query_error(e) from None
    except RuntimeError:
        pass


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parse_answer(content_type: str, body: bytes, url: str):
    """A server's answer as pyoxigraph results: solutions, a boolean, or a list of triples.

    XML that declares a document type is refused before parsing: Oxigraph's RDF/XML parser
    expands the entities it declares, and a 724-byte answer of nested entities grew past
    3 GB.
    """
    media = content_type.split(";")[0].strip().lower()
    if "xml" in media and _DTD.search(body):
        raise StoreError(
            f"{url} sent XML with a document type declaration (entities), which kg does not "
            "read; ask for SPARQL JSON results"
        )
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
        if results_format is not None:
            return ox.parse_query_results(body, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is not None:
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, rdf_format)]
    except (SyntaxError, ValueError) as e:
        raise StoreError(
            f"{url} sent an answer that is not valid {media}: {_first_line(e)}"
        ) from None
    raise StoreError(f"{url} answered with {media or 'no content type'}, not SPARQL results")


def _first_line(e: BaseException | str) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else ("" if isinstance(e, str) else type(e).__name__)


def put_all(store: _SparqlStore, extractions: Iterable[Extraction]) -> dict[str, int]:
    """Store each extraction; count how many were added, updated and unchanged."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for extraction in extractions:
        counts[store.put(extraction)] += 1
    return counts
