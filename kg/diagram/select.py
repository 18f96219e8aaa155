"""What a diagram shows: the actor graph of the store, narrowed by the user's filters.

The graph comes from :func:`kg.graph.actor_graph` (one edge per stated relation event), so a
diagram and a network analysis count the same things. This module adds what only a reader
needs - aliases, document titles and dates, whether a relation is symmetric - with two
queries of its own, then applies the filters in a fixed order: a SPARQL result (``query``)
replaces the whole graph; relation and date filters drop events; actors left without any
event go; an ego network (``actors`` within ``hops``) is cut last, so "Taliban within 2 hops
by conflict relations" follows only conflict edges.

Dates: ``since``/``until`` take ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. An event is kept when
its date, read as the period it names (a ``gYearMonth`` date is the whole month), overlaps
the requested period. Most news events carry no date of their own: those are placed at their
document's publication date (an event is reported at or before its report), and the subtitle
says how many were. Events with neither date are left out as soon as a date filter is given.

Which events: the event view's selection (:mod:`kg.view`), facts unless ``--modality`` adds
claims, denials, intentions or hypotheses, which are then drawn dash-dotted and labelled as
what they are.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import InputError, QueryError
from kg.view import FACTS, Selection

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

#: How many names an error message lists before "and N more".
_LIST_AT_MOST = 25

_ALIASES = """
SELECT ?a ?alt WHERE { ?a skos:altLabel ?alt } ORDER BY ?a ?alt
"""

_DOCUMENTS = """
SELECT ?id ?title ?issued WHERE {
  ?d a dkg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:issued ?issued }
}
"""


@dataclass(frozen=True, slots=True)
class Filters:
    """What to draw; every field empty means the whole store.

    >>> Filters(actors=("Taliban",), hops=2, relations=("called on",), since="2021")
    ... # doctest: +ELLIPSIS
    Filters(actors=('Taliban',), hops=2, ...)
    """

    actors: tuple[str, ...] = ()
    hops: int = 1
    relations: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    query: str | None = None
    #: which events (facts by default) and whether persons act as their bodies
    selection: Selection = FACTS
    fold_people: bool = False


@dataclass(slots=True)
class Diagram:
    """A graph ready to draw, with the words that say what it is."""

    G: nx.MultiDiGraph
    title: str
    subtitle: str
    documents: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.G.number_of_nodes() == 0


# -- dates ----------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date names: "2020" is the year, "2020-02" the month.

    >>> date_span("2020-02")
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    """
    m = _DATE.match(text.strip())
    if not m:
        return None
    year_text, month_text, day_text = m.groups()
    year = int(year_text)  # the year is always there
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day_date = dt.date(year, month, day)
    except ValueError:
        return None
    return day_date, day_date


def _option_span(name: str, text: str | None) -> tuple[dt.date, dt.date] | None:
    if text is None:
        return None
    span = date_span(text)
    if span is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text.strip()):
        raise InputError(f"--{name} {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return span


# -- relations ------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def resolve_relations(names: Iterable[str], present: Iterable[str] = ()) -> set[str]:
    """Relation local names meant by ``names``: a local name (``calledOn``), a label
    (``"called on"``) or a broader relation (``appealedTo`` brings ``calledOn`` and ``urged``,
    its sub-properties). ``present`` adds names found only in the graph (query predicates).
    """
    from rdflib import RDFS, URIRef

    from kg.ontology import DKG_IRI, ontology_graph, relations

    known = relations()
    index: dict[str, str] = {}
    for info in known.values():
        index[_norm(info.name)] = info.name
        index[_norm(info.label)] = info.name
    for name in present:
        index.setdefault(_norm(name), name)
    g = ontology_graph()
    chosen: set[str] = set()
    for name in names:
        found = index.get(_norm(name))
        if found is None:
            listed = sorted(set(known) | set(present))
            raise InputError(
                f"unknown relation {name!r}; relations: {_listing(listed, 100)} "
                "(labels such as 'called on' work too)"
            )
        chosen.add(found)
        if found in known:
            for sub in g.transitive_subjects(RDFS.subPropertyOf, URIRef(DKG_IRI + found)):
                local = str(sub).removeprefix(DKG_IRI)
                if local in known:
                    chosen.add(local)
    return chosen


def _listing(names: list[str], at_most: int = _LIST_AT_MOST) -> str:
    shown = ", ".join(names[:at_most])
    more = len(names) - at_most
    return shown + (f" and {more} more" if more > 0 else "")


# -- building the diagram -------------------------------------------------------------------


def diagram_from_store(store: Store, filters: Filters | None = None) -> Diagram:
    """The graph to draw for ``filters``, described by a title and a subtitle.

    >>> with Store.open("kg-store", read_only=True) as store:      # doctest: +SKIP
    ...     d = diagram_from_store(store, Filters(actors=("Taliban",)))
    >>> d.title
    'Relations of Taliban (1 hop)'
    """
    from kg.graph import actor_graph

    filters = filters or Filters()
    since = _option_span("since", filters.since)
    until = _option_span("until", filters.until)
    if filters.hops < 0:
        raise InputError("--hops must be 0 or more")
    full = actor_graph(store, selection=filters.selection, fold_people=filters.fold_people)
    G = full if filters.query is None else query_graph(store, filters.query, full)
    centres = _resolve_actors(store, filters.actors, G) if filters.actors else []
    documents = _documents(store)
    _annotate(store, G, documents)
    if filters.relations:
        wanted = resolve_relations(filters.relations, {d["relation"] for *_, d in _edges(G)})
        _drop_edges(G, lambda d: d["relation"] not in wanted)
    if since or until:
        low = since[0] if since else dt.date.min
        high = until[1] if until else dt.date.max

        def outside(d: dict) -> bool:
            # the event's own date when the text gives one, else its report's date
            span = date_span(d.get("date") or d.get("issued") or "")
            return span is None or span[1] < low or span[0] > high

        _drop_edges(G, outside)
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    if centres:
        G = _ego(G, [c for c in centres if c in G], filters.hops)
    subtitle = _subtitle(G, documents)
    if since or until:
        by_report = sum(1 for *_, d in _edges(G) if not d.get("date") and d.get("issued"))
        if by_report:
            subtitle += f"; {by_report} dated by their report's publication date"
    if not filters.selection.is_default:
        subtitle += f"; events shown: {filters.selection.describe()}"
    return Diagram(G, _title(filters, full, centres), subtitle, documents)


def _edges(G: nx.MultiDiGraph):
    return G.edges(keys=True, data=True)


def _drop_edges(G: nx.MultiDiGraph, unwanted) -> None:
    G.remove_edges_from([(u, v, k) for u, v, k, d in _edges(G) if unwanted(d)])


def _ego(G: nx.MultiDiGraph, centres: list[str], hops: int) -> nx.MultiDiGraph:
    import networkx as nx

    if not centres:
        return nx.MultiDiGraph()
    undirected = G.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    return G.subgraph(keep).copy()


def _resolve_actors(store: Store, names: tuple[str, ...], G: nx.MultiDiGraph) -> list[str]:
    from kg.query import actor_resolver

    resolve = actor_resolver(store)
    by_label = {G.nodes[n].get("label", "").lower(): n for n in G}
    found = []
    for name in names:
        iri = by_label.get(name.strip().lower()) or resolve(name)
        if iri is None or iri not in G:
            labels = sorted({G.nodes[n].get("label", n) for n in G}, key=str.lower)
            raise InputError(
                f"unknown actor {name!r}; actors with relations: {_listing(labels) or 'none'}"
            )
        found.append(iri)
    return found


def _documents(store: Store) -> dict[str, dict[str, str]]:
    found = {}
    for row in store.select(_DOCUMENTS):
        found[row["id"].value] = {
            "title": row["title"].value if "title" in row else "",
            "issued": row["issued"].value if "issued" in row else "",
        }
    return found


def _annotate(store: Store, G: nx.MultiDiGraph, documents: dict[str, dict[str, str]]) -> None:
    """Aliases on nodes; document title, publication date and symmetry on edges."""
    from kg.ontology import relations

    aliases: dict[str, list[str]] = {}
    for row in store.select(_ALIASES):
        if row["a"].value in G:
            aliases.setdefault(row["a"].value, []).append(row["alt"].value)
    for node, data in G.nodes(data=True):
        label = data.get("label", "")
        data["aliases"] = [a for a in aliases.get(node, []) if a != label]
        data.setdefault("cls", "Actor")
        data.setdefault("country", "")
    known = relations()
    for *_, data in _edges(G):
        doc = documents.get(data.get("document", ""), {})
        data["title"] = doc.get("title", "")
        data["issued"] = doc.get("issued", "")
        info = known.get(data.get("relation", ""))
        data["symmetric"] = bool(info and info.symmetric)


def _title(filters: Filters, full: nx.MultiDiGraph, centres: list[str]) -> str:
    if centres:
        names = ", ".join(full.nodes[c].get("label", c) for c in centres)
        hops = f"{filters.hops} hop{'s' if filters.hops != 1 else ''}"
        head = f"Relations of {names} ({hops})"
    elif filters.query is not None:
        head = f"Result of query {filters.query}"
    else:
        head = "Who did what to whom"
    parts = [head]
    if filters.relations:
        parts.append("relations: " + ", ".join(filters.relations))
    if filters.since or filters.until:
        parts.append(f"dated {filters.since or '…'} to {filters.until or '…'}")
    return "; ".join(parts)


def _subtitle(G: nx.MultiDiGraph, documents: dict[str, dict[str, str]]) -> str:
    used = sorted({d.get("document", "") for *_, d in _edges(G)} - {""})
    others = sum(1 for _, cls in G.nodes(data="cls") if cls == "Resource")
    n, m = G.number_of_nodes() - others, G.number_of_edges()
    text = f"{n} actor{'s' if n != 1 else ''}, {m} relation{'s' if m != 1 else ''}"
    if others:
        text = (
            f"{n} actor{'s' if n != 1 else ''}, {others} other node{'s' if others != 1 else ''}, "
        )
        text += f"{m} edge{'s' if m != 1 else ''}"
    if not used:
        return text
    names = [documents.get(doc, {}).get("title") or doc for doc in used[:3]]
    more = f" and {len(used) - 3} more" if len(used) > 3 else ""
    plural = "s" if len(used) != 1 else ""
    return f"{text} from {len(used)} document{plural}: " + "; ".join(names) + more


# -- SPARQL results as a graph --------------------------------------------------------------


def query_graph(store: Store, spec: str, full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph of a CONSTRUCT result, or of a SELECT result with ``?s ?p ?o``.

    A triple whose predicate is a relation between actors becomes the events behind it (with
    their sentences) when the store has them; any other triple between two resources becomes
    one edge labelled by its predicate. Triples whose object is a literal are left out: a
    label or a date is not a node.
    """
    import networkx as nx
    import pyoxigraph as ox

    from kg.ontology import DKG_IRI, relations
    from kg.query import compact, load_query

    text = load_query(spec).text
    results = store.query(text)
    if isinstance(results, ox.QueryBoolean):
        raise QueryError(f"{spec}: an ASK query has no graph to draw; use CONSTRUCT or SELECT")
    if isinstance(results, ox.QueryTriples):
        triples = [(t.subject, t.predicate, t.object) for t in results]
    else:
        names = {v.value for v in results.variables}
        if not {"s", "p", "o"} <= names:
            raise QueryError(
                f"{spec}: to draw a SELECT result it must select ?s ?p ?o "
                f"(it selects {', '.join('?' + n for n in sorted(names))})"
            )
        triples = [(row["s"], row["p"], row["o"]) for row in results if None not in _spo(row)]
    known = relations()
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for s, p, o in triples:
        if isinstance(o, ox.Literal) or isinstance(s, ox.Literal):
            continue
        u, v, pred = _term_id(s), _term_id(o), p.value
        rel = pred.removeprefix(DKG_IRI) if pred.startswith(DKG_IRI) else None
        info = known.get(rel or "")
        events = []
        if info is not None and full.has_node(u) and full.has_node(v):
            pairs = [(u, v), (v, u)] if info.symmetric else [(u, v)]
            for a, b in pairs:
                if not full.has_edge(a, b):
                    continue
                for key, data in full[a][b].items():
                    if data.get("relation") == rel:
                        events.append((a, b, key, data))
        for node in (u, v):
            if node not in G:
                G.add_node(node, **(full.nodes[node] if node in full else {}))
        if events:
            for a, b, key, data in events:
                G.add_edge(a, b, key=key, **data)
            continue
        G.add_edge(
            u,
            v,
            key=f"{u} {pred} {v}",
            relation=rel or compact(p),
            label=info.label if info else compact(p),
            quad=(info.quad or "") if info else "",
            date="",
            sentence="",
            document="",
        )
    _label_unknown_nodes(store, G, full)
    return G


def _spo(row) -> tuple:
    return (row["s"], row["p"], row["o"])


def _term_id(term) -> str:
    import pyoxigraph as ox

    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _label_unknown_nodes(store: Store, G: nx.MultiDiGraph, full: nx.MultiDiGraph) -> None:
    """Labels (and classes) for nodes of a query result that are not actors with events."""
    import pyoxigraph as ox

    from kg.diagram.style import CLASSES
    from kg.query import compact

    unknown = [n for n in G if n not in full and not n.startswith("_:")]
    found: dict[str, dict[str, str]] = {}
    if unknown:
        values = " ".join(str(ox.NamedNode(n)) for n in unknown)
        rows = store.select(
            f"""SELECT ?x ?label ?cls WHERE {{ VALUES ?x {{ {values} }}
                  OPTIONAL {{ ?x rdfs:label ?label }}
                  OPTIONAL {{ ?x a ?cls . FILTER(STRSTARTS(STR(?cls), STR(dkg:))) }} }}"""
        )
        for row in rows:
            entry = found.setdefault(row["x"].value, {})
            if "label" in row:
                entry.setdefault("label", row["label"].value)
            if "cls" in row:
                entry.setdefault("cls", row["cls"].value.rsplit("#", 1)[-1])
    for node in G:
        if node in full:
            continue
        data = G.nodes[node]
        entry = found.get(node, {})
        data["label"] = entry.get("label") or (
            node if node.startswith("_:") else compact(ox.NamedNode(node))
        )
        cls = entry.get("cls", "Resource")
        data["cls"] = cls if cls in CLASSES else "Resource"
        data.setdefault("country", "")
