"""The actor graph: RDF -> networkx, and the network questions SPARQL answers badly.

One node per actor (label, class, country, sector, and for a person the post they hold) and
one edge per relation event of the event view (:mod:`kg.view`: facts unless a selection adds
claims, denials, intentions...), so analyses, drawings and exports count the same things. It
is built by plain SPARQL, so it works the same on the embedded store and on a remote endpoint.
The analyses - centrality, communities, the shortest chain of relations between two actors,
an actor's neighbourhood, cooperation and conflict per pair - return plain lists and dicts;
:mod:`kg.draw` and the CLI consume them.

>>> from kg.store import open_store                                   # doctest: +SKIP
>>> with open_store("kg-store", read_only=True) as store:
...     G = actor_graph(store)
>>> centrality(G)[0]["actor"]
'Taliban'
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING

from kg.view import FACTS, ActorInfo, EventRow, Selection, read_events

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

#: CAMEO quad classes, as the ontology names them, and which side of the balance they are on.
QUAD_CLASSES = {
    "VerbalCooperation": "cooperation",
    "MaterialCooperation": "cooperation",
    "VerbalConflict": "conflict",
    "MaterialConflict": "conflict",
}


def _node_attrs(actor: ActorInfo) -> dict:
    return {
        "label": actor.label,
        "cls": actor.cls,
        "country": actor.country,
        "sector": actor.sector,
        "post": actor.post,
    }


def edge_attrs(e: EventRow) -> dict:
    """An event as edge attributes: strings and numbers only, as graph tools want them."""
    info = e.info
    return {
        "relation": e.relation,
        "label": info.label,
        "quad": info.quad,
        "cameo": info.cameo,
        "event": e.event,
        "date": e.date,
        "issued": e.issued,
        "confidence": e.confidence,
        "modality": e.modality,
        "negated": e.negated,
        "fact": e.fact,
        "mark": e.mark,
        "attributed_to": "; ".join(a.label for a in e.attributed_to),
        "sentence": e.sentence,
        "document": e.document,
        "title": e.title,
        "person": "",
    }


def actor_graph(
    store: Store,
    *,
    selection: Selection = FACTS,
    fold_people: bool = False,
) -> nx.MultiDiGraph:
    """A MultiDiGraph of actors and the relation events between them.

    Nodes are actor IRIs with ``label``, ``cls``, ``country``, ``sector`` and ``post`` (for
    a person, the body they hold a post in); edges are keyed by event IRI with the attributes
    of :func:`edge_attrs` (``relation``, ``label``, ``quad``, ``modality``, ``fact``,
    ``sentence``, ``document`` ...). Every attribute is a string, a number or a boolean.

    ``selection`` chooses the events (facts by default: claimed, denied, intended and
    hypothetical events and negated ones are left out). A person is a node of their own; with
    ``fold_people`` a person who holds a post ("US President Joe Biden") is replaced by their
    body (the Government of the United States), and the edge keeps their name in ``person``.
    """
    view = read_events(store, selection)
    return graph_from_events(view.relations, view.actors, fold_people=fold_people)


def graph_from_events(
    events: list[EventRow], actors: dict[str, ActorInfo], *, fold_people: bool = False
) -> nx.MultiDiGraph:
    """The actor graph of some event rows (see :func:`actor_graph`)."""
    import networkx as nx

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for e in events:
        if e.target is None:
            continue
        ends = []
        people = []
        for actor in (e.source, e.target):
            if fold_people and actor.cls == "Person" and actor.part_of in actors:
                people.append(actor.label)  # the person acts as the body they hold a post in
                actor = actors[actor.part_of]
            ends.append(actor)
            if actor.iri not in G:
                G.add_node(actor.iri, **_node_attrs(actor))
        attrs = edge_attrs(e)
        attrs["person"] = " / ".join(people)
        G.add_edge(ends[0].iri, ends[1].iri, key=e.event, **attrs)
    return G


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node)


def _relation_text(d: dict) -> str:
    """An edge's relation as a reader sees it: "claimed: provided military aid to" when the
    event is not a fact."""
    mark = d.get("mark", "")
    return f"{mark}: {d['label']}" if mark else d["label"]


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair, ``weight`` = number of events between them."""
    import networkx as nx

    U: nx.Graph[str] = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u == v:
            continue
        weight = U.get_edge_data(u, v, {"weight": 0})["weight"]
        U.add_edge(u, v, weight=weight + 1)
    return U


def centrality(G: nx.MultiDiGraph) -> list[dict]:
    """Per actor: events as source and target, degree and betweenness centrality (over the
    undirected pairs of linked actors: who brokers between whom, whatever the direction) and
    PageRank (over directed events, parallel events adding weight: who is acted upon by
    actors that are themselves acted upon). Most central first.
    """
    import networkx as nx

    if G.number_of_nodes() == 0:
        return []
    U = _simple(G)
    degree = nx.degree_centrality(U)
    betweenness = nx.betweenness_centrality(U)
    D: nx.DiGraph[str] = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in G.edges():
        weight = D.get_edge_data(u, v, {"weight": 0})["weight"]
        D.add_edge(u, v, weight=weight + 1)
    pagerank = nx.pagerank(D, weight="weight")
    records = [
        {
            "actor": _label(G, n),
            "class": G.nodes[n].get("cls", ""),
            "post": G.nodes[n].get("post", ""),
            "out_events": G.out_degree(n),
            "in_events": G.in_degree(n),
            "degree": round(degree[n], 6),
            "betweenness": round(betweenness[n], 6),
            "pagerank": round(pagerank[n], 6),
            "iri": n,
        }
        for n in G.nodes
    ]
    records.sort(key=lambda r: (-r["pagerank"], -r["betweenness"], r["actor"]))
    return records


def communities(G: nx.MultiDiGraph, *, seed: int = 0) -> list[dict]:
    """Groups of actors more linked to each other than to the rest (Louvain modularity over
    the undirected pairs, weighted by events; seeded, so the same graph gives the same
    groups). Largest first."""
    import networkx as nx

    U = _simple(G)
    if U.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(U, weight="weight", seed=seed)
    ordered = sorted(
        (sorted(part, key=lambda n: _label(G, n)) for part in parts),
        key=lambda members: (-len(members), _label(G, members[0])),
    )
    records = []
    for number, members in enumerate(ordered, start=1):
        inside = set(members)
        events = sum(1 for u, v in G.edges() if u in inside and v in inside)
        records.append(
            {
                "community": number,
                "size": len(members),
                "events": events,
                "actors": [_label(G, n) for n in members],
                "iris": list(members),
            }
        )
    return records


def _hop(G: nx.MultiDiGraph, a: str, b: str) -> dict:
    """The event that links ``a`` to ``b`` (either direction): most confident, then first."""
    candidates = [(a, b, k, d) for k, d in (G.get_edge_data(a, b) or {}).items()]
    candidates += [(b, a, k, d) for k, d in (G.get_edge_data(b, a) or {}).items()]
    source, target, key, d = min(candidates, key=lambda c: (-c[3]["confidence"], c[2]))
    return {
        "source": _label(G, source),
        "relation": _relation_text(d),
        "target": _label(G, target),
        "date": d["date"],
        "document": d["document"],
        "sentence": d["sentence"],
        "event": key,
    }


def shortest_path(G: nx.MultiDiGraph, source: str, target: str) -> list[dict]:
    """The shortest chain of relations between two actors, whatever their direction; one
    record per hop with the event and the sentence that states it. Empty if none links them.
    """
    import networkx as nx

    try:
        nodes = nx.shortest_path(G.to_undirected(as_view=True), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return [{"step": i, **_hop(G, a, b)} for i, (a, b) in enumerate(pairwise(nodes), start=1)]


def ego(G: nx.MultiDiGraph, center: str, *, hops: int = 1) -> dict:
    """An actor's neighbourhood: the actors within ``hops`` relations (either direction) and
    every relation event among them."""
    import networkx as nx

    distance = nx.single_source_shortest_path_length(
        G.to_undirected(as_view=True), center, cutoff=hops
    )
    actors = sorted(
        (
            {
                "actor": _label(G, n),
                "class": G.nodes[n].get("cls", ""),
                "post": G.nodes[n].get("post", ""),
                "distance": d,
                "iri": n,
            }
            for n, d in distance.items()
        ),
        key=lambda r: (r["distance"], r["actor"]),
    )
    relations = [
        {
            "source": _label(G, u),
            "relation": _relation_text(d),
            "target": _label(G, v),
            "date": d["date"],
            "document": d["document"],
            "sentence": d["sentence"],
            "event": k,
        }
        for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2])
        if u in distance and v in distance
    ]
    relations.sort(key=lambda r: (r["source"], r["relation"], r["target"], r["event"]))
    return {
        "center": _label(G, center),
        "iri": center,
        "hops": hops,
        "actors": actors,
        "relations": relations,
    }


def dyads(G: nx.MultiDiGraph) -> list[dict]:
    """Cooperation and conflict per pair of actors, by CAMEO quad class.

    ``balance`` is (cooperation - conflict) / (cooperation + conflict): 1 for pure
    cooperation, -1 for pure conflict. Structural relations (memberOf) have no quad class and
    are not counted. Pairs with most events first.
    """
    counts: dict[tuple[str, str], Counter] = {}
    for u, v, d in G.edges(data=True):
        if u == v or d.get("quad") not in QUAD_CLASSES:
            continue
        a, b = sorted((u, v), key=lambda n: (_label(G, n), n))
        counts.setdefault((a, b), Counter())[d["quad"]] += 1
    records: list[dict] = []
    for (a, b), c in counts.items():
        cooperation = c["VerbalCooperation"] + c["MaterialCooperation"]
        conflict = c["VerbalConflict"] + c["MaterialConflict"]
        records.append(
            {
                "actor_a": _label(G, a),
                "actor_b": _label(G, b),
                "events": cooperation + conflict,
                "verbal_cooperation": c["VerbalCooperation"],
                "material_cooperation": c["MaterialCooperation"],
                "verbal_conflict": c["VerbalConflict"],
                "material_conflict": c["MaterialConflict"],
                "balance": round((cooperation - conflict) / (cooperation + conflict), 4),
            }
        )
    records.sort(key=lambda r: (-r["events"], r["actor_a"], r["actor_b"]))
    return records
