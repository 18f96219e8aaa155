"""A generated actor graph of any size, shaped like the real one: for tests and benchmarks.

Real news graphs have a few hubs (the states everyone talks about) and a long tail, so the
generator grows a preferential-attachment graph (Barabási-Albert) and gives its nodes the
classes, names and relations that :func:`kg.graph.actor_graph` would give. Sentences carry
quotes, ``<``, ``&`` and ``</script>`` so that renderers are tested on hostile text.

>>> G = synthetic_graph(50, seed=1)
>>> G.number_of_nodes()
50
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

_CLASSES = [
    ("State", "{place}"),
    ("Government", "Government of {place}"),
    ("ArmedForces", "Armed Forces of {place}"),
    ("ArmedGroup", "{place} Liberation Front"),
    ("Coalition", "{place} Contact Group"),
    ("InternationalOrganization", "{place} Cooperation Council"),
    ("Person", "Minister {name}"),
]
_PLACES = [
    "Arland",
    "Borovia",
    "Carthen",
    "Dalmora",
    "Estavia",
    "Freyland",
    "Gorvania",
    "Hestia",
    "Ithmar",
    "Jorvik",
    "Kalmar",
    "Lusonia",
    "Merovia",
    "Norland",
    "Ostrava",
    "Pellia",
    "Quorin",
    "Rhovan",
    "Sarnia",
    "Tavira",
]
_NAMES = ["Ada Vance", "Bo Keller", "Cem Arslan", "Dina Oyelaran", "Eli Moreau", "Femi Okoro"]


def synthetic_graph(actors: int = 200, *, seed: int = 7, per_actor: int = 1) -> nx.MultiDiGraph:
    """A connected-ish MultiDiGraph with ``actors`` nodes, attributes as in actor_graph."""
    import networkx as nx

    from kg.ontology import relations

    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(actors, per_actor, seed=seed)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for i in skeleton:
        cls, template = _CLASSES[0] if i < actors // 8 else rng.choice(_CLASSES)
        place = _PLACES[i % len(_PLACES)] + ("" if i < len(_PLACES) else f" {i // len(_PLACES)}")
        label = template.format(place=place, name=rng.choice(_NAMES) + f" {i}")
        G.add_node(
            f"https://w3id.org/diplomatic-kg/id/actor/synthetic-{i}",
            label=label,
            cls=cls,
            country=f"X{i % 26:02d}"[:3].upper(),
            aliases=[f"{label} (alias)"] if i % 5 == 0 else [],
        )
    nodes = list(G)
    known = sorted((r for r in relations().values() if r.quad), key=lambda r: r.name)
    start = dt.date(2020, 1, 1)
    event = 0
    for u, v in skeleton.edges():
        for _ in range(1 + (rng.random() < 0.25)):
            info = rng.choice(known)
            a, b = (u, v) if rng.random() < 0.5 else (v, u)
            day = start + dt.timedelta(days=rng.randrange(730))
            sentence = (
                f'"{G.nodes[nodes[a]]["label"]}" {info.label} {G.nodes[nodes[b]]["label"]} '
                f"<at once> & without delay; </script> <b>{event}</b>."
            )
            G.add_edge(
                nodes[a],
                nodes[b],
                key=f"https://w3id.org/diplomatic-kg/id/doc/synthetic/event/{event}",
                relation=info.name,
                label=info.label,
                quad=info.quad,
                date=day.isoformat() if event % 7 else "",
                sentence=sentence,
                document=f"synthetic-{event % 9}",
                title=f"Synthetic report {event % 9}",
                issued="2022-01-01",
                symmetric=info.symmetric,
            )
            event += 1
    return G
