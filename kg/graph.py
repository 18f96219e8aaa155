"""The actor graph: RDF -> networkx, and the network questions SPARQL answers badly.

One node per actor (label, class, country, sector) and one edge per stated, non-negated
relation event (relation, quad class, CAMEO code, event, date, confidence, sentence,
document), built by one SPARQL query, so it works the same on the embedded store and on a
remote endpoint. The analyses - centrality, communities, the shortest chain of relations
between two actors, an actor's neighbourhood, cooperation and conflict per pair - return plain
lists and dicts; :mod:`kg.draw` and the CLI consume them.

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

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

_EDGES = """
SELECT ?event ?s ?sLabel ?sClass ?sCountry ?sSector ?t ?tLabel ?tClass ?tCountry ?tSector
       ?relation ?relLabel ?quad ?cameo ?date ?confidence ?sentence ?document
WHERE {
  ?event a dkg:Event ; dkg:relation ?relation ; dkg:negated false ;
         dkg:source ?s ; dkg:target ?t ;
         prov:wasDerivedFrom ?sent .
  FILTER NOT EXISTS { ?event dkg:modality dkg:Claimed }
  ?sent nif:anchorOf ?sentence ; dcterms:isPartOf/dcterms:identifier ?document .
  ?s rdfs:label ?sLabel . ?t rdfs:label ?tLabel .
  OPTIONAL { ?s a ?sClass . FILTER(STRSTARTS(STR(?sClass), STR(dkg:))) }
  OPTIONAL { ?t a ?tClass . FILTER(STRSTARTS(STR(?tClass), STR(dkg:))) }
  OPTIONAL { ?s dkg:countryCode ?sCountry }
  OPTIONAL { ?t dkg:countryCode ?tCountry }
  OPTIONAL { ?s dkg:sector ?sSector }
  OPTIONAL { ?t dkg:sector ?tSector }
  OPTIONAL { ?relation rdfs:label ?relLabel }
  OPTIONAL { ?relation dkg:quadClass ?quad }
  OPTIONAL { ?relation dkg:cameoCode ?cameo }
  OPTIONAL { ?event dkg:date ?date }
  OPTIONAL { ?event dkg:confidence ?confidence }
}
ORDER BY ?event
"""

#: People who hold a post in a body: in the actor graph their acts are the body's.
_POSTS = """
SELECT ?person ?body ?label ?class ?country ?sector WHERE {
  ?person a dkg:Person ; dkg:partOf ?body .
  ?body rdfs:label ?label .
  OPTIONAL { ?body a ?class . FILTER(STRSTARTS(STR(?class), STR(dkg:))) }
  OPTIONAL { ?body dkg:countryCode ?country }
  OPTIONAL { ?body dkg:sector ?sector }
}
"""

#: CAMEO quad classes, as the ontology names them, and which side of the balance they are on.
QUAD_CLASSES = {
    "VerbalCooperation": "cooperation",
    "MaterialCooperation": "cooperation",
    "VerbalConflict": "conflict",
    "MaterialConflict": "conflict",
}


def _local(term) -> str | None:
    if term is None:
        return None
    value = term.value
    return value.rsplit("#", 1)[-1] if "#" in value else value


def _value(row: dict, name: str) -> str:
    return row[name].value if name in row else ""


def actor_graph(store: Store, *, people_as_bodies: bool = True) -> nx.MultiDiGraph:
    """A MultiDiGraph of actors and the relation events between them.

    Nodes are actor IRIs with ``label``, ``cls``, ``country`` and ``sector``; edges are keyed
    by event IRI with ``relation``, ``label``, ``quad``, ``cameo``, ``event``, ``date``,
    ``confidence``, ``sentence``, ``document`` and ``person`` (who acted for a body, or "").
    Every attribute is a string or a number. Claimed events (accusations) are not edges.

    With ``people_as_bodies`` (the default), a person who holds a post ("US President Joe
    Biden", part of the Government of the United States) is not a node of their own: their
    acts are the body's, and the edge keeps the person's name in ``person``.
    """
    import networkx as nx

    posts: dict[str, dict] = {}
    if people_as_bodies:
        for row in store.select(_POSTS):
            posts.setdefault(row["person"].value, row)
    G = nx.MultiDiGraph()
    for row in store.select(_EDGES):
        people = {}
        for end in ("s", "t"):
            post = posts.get(row[end].value)
            if post is not None:  # the person acts as the body they hold a post in
                people[end] = row[f"{end}Label"].value
                row = {
                    **row,
                    end: post["body"],
                    f"{end}Label": post["label"],
                    **{
                        f"{end}{k.capitalize()}": post[k]
                        for k in ("class", "country", "sector")
                        if k in post
                    },
                }
        for end in ("s", "t"):
            node = row[end].value
            if node not in G:
                G.add_node(
                    node,
                    label=row[f"{end}Label"].value,
                    cls=_local(row.get(f"{end}Class")) or "Actor",
                    country=_value(row, f"{end}Country"),
                    sector=_value(row, f"{end}Sector"),
                )
        G.add_edge(
            row["s"].value,
            row["t"].value,
            key=row["event"].value,
            relation=_local(row["relation"]),
            label=row["relLabel"].value if "relLabel" in row else _local(row["relation"]),
            quad=_local(row.get("quad")) or "",
            cameo=_value(row, "cameo"),
            event=row["event"].value,
            date=_value(row, "date"),
            confidence=float(row["confidence"].value) if "confidence" in row else 1.0,
            sentence=row["sentence"].value,
            document=row["document"].value,
            person=" / ".join(people.values()),
        )
    return G


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node)


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair, ``weight`` = number of events between them."""
    import networkx as nx

    U = nx.Graph()
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
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in G.edges():
        weight = D.get_edge_data(u, v, {"weight": 0})["weight"]
        D.add_edge(u, v, weight=weight + 1)
    pagerank = nx.pagerank(D, weight="weight")
    records = [
        {
            "actor": _label(G, n),
            "class": G.nodes[n].get("cls", ""),
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
        "relation": d["label"],
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
            "relation": d["label"],
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
    records = []
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
