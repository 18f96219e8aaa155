"""Parallel relation events merged into the edges a reader sees.

A diagram shows one edge per pair of actors and direction, labelled with each relation and its
count ("urged ×2"), rather than one line per event. Symmetric relations (met with, clashed with)
are one undirected group whatever direction the text stated them in, so "A clashed with B" and
"B clashed with A" count together and get no arrowhead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class RelationCount:
    """One relation within an edge group."""

    relation: str
    label: str
    quad: str
    count: int
    #: "" for facts; else what the events are ("claimed", "denied", "not"...)
    mark: str = ""

    @property
    def text(self) -> str:
        label = f"{self.mark}: {self.label}" if self.mark else self.label
        return f"{label} ×{self.count}" if self.count > 1 else label


@dataclass(slots=True)
class EdgeGroup:
    """Events between two actors shown as one edge (``directed`` False: symmetric ones)."""

    source: str
    target: str
    directed: bool
    items: list[RelationCount] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def quad(self) -> str:
        """The quad class with most events (ties: the first in legend order)."""
        from kg.diagram.style import QUADS

        totals: Counter[str] = Counter()
        for item in self.items:
            totals[item.quad] += item.count
        order = list(QUADS)
        return min(totals, key=lambda q: (-totals[q], order.index(q) if q in order else 99))

    @property
    def relation(self) -> str:
        return self.items[0].relation if self.items else ""

    @property
    def mark(self) -> str:
        """What the group's events are when they are not facts ("claimed"...), else ""."""
        return self.items[0].mark if self.items else ""


def merge_edges(G: nx.MultiDiGraph, *, by_relation: bool = False) -> list[EdgeGroup]:
    """Events grouped per pair and direction (and per relation when ``by_relation``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", relation="urged", label="urged", quad="VerbalCooperation")
    0
    >>> G.add_edge("a", "b", relation="urged", label="urged", quad="VerbalCooperation")
    1
    >>> [i.text for g in merge_edges(G) for i in g.items]
    ['urged ×2']
    """
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        key: tuple
        if data.get("symmetric"):
            a, b = sorted((u, v))
            key = (a, b, False)
        else:
            key = (u, v, True)
        if by_relation:
            key = (*key, data.get("relation", ""))
        # facts and statements that are not facts never share an edge: they look different
        key = (*key, data.get("mark", ""))
        buckets[key].append(data)
    groups = []
    for key in sorted(buckets, key=lambda k: tuple(str(x) for x in k)):
        source, target, directed = key[:3]
        events = buckets[key]
        counts: Counter[tuple[str, str, str, str]] = Counter(
            (d.get("relation", ""), d.get("label", ""), d.get("quad", ""), d.get("mark", ""))
            for d in events
        )
        items = [RelationCount(r, label, q, n, m) for (r, label, q, m), n in counts.items()]
        items.sort(key=lambda i: (-i.count, i.label))
        groups.append(EdgeGroup(source, target, directed, items, events))
    return groups
