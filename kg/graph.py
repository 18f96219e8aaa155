"""The actor graph: RDF -> networkx, for analysis and drawing.

One node per actor (label, class, country) and one edge per stated, non-negated relation event
(relation, quad class, event, date, sentence, document). Analyses built on it return plain
data; :mod:`kg.draw` consumes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

_EDGES = """
SELECT ?event ?s ?sLabel ?sClass ?sCountry ?t ?tLabel ?tClass ?tCountry
       ?relation ?relLabel ?quad ?date ?sentence ?document
WHERE {
  ?event a dkg:Event ; dkg:relation ?relation ; dkg:negated false ;
         dkg:source ?s ; dkg:target ?t ;
         prov:wasDerivedFrom ?sent .
  ?sent nif:anchorOf ?sentence ; dcterms:isPartOf/dcterms:identifier ?document .
  ?s rdfs:label ?sLabel . ?t rdfs:label ?tLabel .
  OPTIONAL { ?s a ?sClass . FILTER(STRSTARTS(STR(?sClass), STR(dkg:))) }
  OPTIONAL { ?t a ?tClass . FILTER(STRSTARTS(STR(?tClass), STR(dkg:))) }
  OPTIONAL { ?s dkg:countryCode ?sCountry }
  OPTIONAL { ?t dkg:countryCode ?tCountry }
  OPTIONAL { ?relation rdfs:label ?relLabel }
  OPTIONAL { ?relation dkg:quadClass ?quad }
  OPTIONAL { ?event dkg:date ?date }
}
ORDER BY ?event
"""


def _local(term) -> str | None:
    if term is None:
        return None
    value = term.value
    return value.rsplit("#", 1)[-1] if "#" in value else value


def actor_graph(store: Store) -> nx.MultiDiGraph:
    """A MultiDiGraph of actors and the relation events between them."""
    import networkx as nx

    G = nx.MultiDiGraph()
    for row in store.select(_EDGES):
        for end in ("s", "t"):
            node = row[end].value
            if node not in G:
                G.add_node(
                    node,
                    label=row[f"{end}Label"].value,
                    cls=_local(row.get(f"{end}Class")) or "Actor",
                    country=row[f"{end}Country"].value if f"{end}Country" in row else "",
                )
        G.add_edge(
            row["s"].value,
            row["t"].value,
            key=row["event"].value,
            relation=_local(row["relation"]),
            label=row["relLabel"].value if "relLabel" in row else _local(row["relation"]),
            quad=_local(row.get("quad")) or "",
            date=row["date"].value if "date" in row else "",
            sentence=row["sentence"].value,
            document=row["document"].value,
        )
    return G
