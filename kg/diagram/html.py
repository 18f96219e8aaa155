"""The interactive diagram: one self-contained HTML file that works offline.

The page is ``viewer.html`` with its CSS, the graph as JSON, vis-network (vendored in
``vendor/``, Apache-2.0 or MIT) and ``viewer.js`` all inlined, so it loads nothing from a
network: no CDN, no fonts, no Bootstrap. Hovering over an edge shows the sentences and the
documents behind it; hovering over an actor shows its class, country and aliases; the side
panel filters by relation and the header finds an actor by name or alias.

The graph travels as a ``<script type="application/json">`` block in which ``<``, ``>`` and
``&`` are written as JSON escapes, so no text from a news article - quotes, ``</script>``,
markup - can end the block or run as code; the viewer puts every text in the page with
``textContent``. The data is also exposed as ``window.kgGraph`` for scripts and tests.

Physics (vis-network's force layout) settles the layout once and then stops, so nodes stay
where the user drags them; beyond :data:`PHYSICS_LIMIT` actors it is off and the positions
come from networkx, so a large graph stays responsive.
"""

from __future__ import annotations

import html
import json
import math
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from kg.diagram.groups import merge_edges
from kg.diagram.style import (
    NOT_FACT_VIS_DASHES,
    class_order,
    class_style,
    quad_order,
    quad_style,
)
from kg.textio import atomic_writer

if TYPE_CHECKING:
    import networkx as nx

#: Above this many actors physics is off and positions are computed in Python.
PHYSICS_LIMIT = 1000
#: Above this many edges, edge labels are left out (the tooltip still names the relation).
EDGE_LABEL_LIMIT = 1500
VIS_NETWORK = "vendor/vis-network.min.js"


def _asset(name: str) -> str:
    return resources.files("kg.diagram").joinpath(name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """The vendored vis-network build, without its source-map comment (no file to fetch)."""
    text = _asset(VIS_NETWORK)
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL")]
    return "\n".join(lines)


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element whatever its strings contain.

    >>> script_json({"s": "</script><b>&"})
    '{"s": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def graph_data(
    G: nx.MultiDiGraph,
    *,
    title: str = "",
    subtitle: str = "",
    physics_limit: int = PHYSICS_LIMIT,
) -> dict:
    """The page's data: nodes, edges (one per pair, direction and relation), the relations
    for the filter, the classes for the legend, and whether physics runs."""
    order = sorted(G, key=lambda n: (G.nodes[n].get("label", n), n))
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    physics = len(order) <= physics_limit
    positions = _positions(G, order)
    nodes = []
    for node in order:
        data = G.nodes[node]
        style = class_style(data.get("cls"))
        entry = {
            "id": ids[node],
            "iri": node,
            "label": data.get("label", node),
            "cls": data.get("cls", "Actor"),
            "className": style.name,
            "country": data.get("country", ""),
            "post": data.get("post", ""),
            "aliases": list(data.get("aliases", [])),
            "degree": G.degree(node),
            "color": style.fill,
            "fontColor": style.text,
        }
        if node in positions:
            entry["x"], entry["y"] = positions[node]
        nodes.append(entry)
    groups = merge_edges(G, by_relation=True)
    bends = _bends(groups)
    edges = []
    relations: dict[str, dict] = {}
    for k, g in enumerate(groups):
        item = g.items[0]
        qstyle = quad_style(item.quad)
        evidence, seen = [], set()
        for event in sorted(g.events, key=lambda e: (e.get("date", ""), e.get("document", ""))):
            key = (event.get("sentence", ""), event.get("document", ""))
            if key in seen:
                continue
            seen.add(key)
            evidence.append(
                {
                    "sentence": event.get("sentence", ""),
                    "document": event.get("document", ""),
                    "title": event.get("title", ""),
                    "date": event.get("date", "") or event.get("issued", ""),
                }
            )
        edges.append(
            {
                "id": f"e{k}",
                "from": ids[g.source],
                "to": ids[g.target],
                "relation": item.relation,
                "label": item.label,
                "text": item.text,
                "quad": item.quad,
                "quadName": qstyle.name,
                "color": qstyle.colour,
                "dashed": NOT_FACT_VIS_DASHES if g.mark else qstyle.dashed,
                "mark": g.mark,
                "directed": g.directed,
                "count": item.count,
                "bend": bends[k],
                "evidence": evidence,
            }
        )
        entry = relations.setdefault(
            item.relation,
            {
                "relation": item.relation,
                "label": item.label,
                "quad": item.quad,
                "quadName": qstyle.name,
                "color": qstyle.colour,
                "dashed": qstyle.dashed,
                "count": 0,
            },
        )
        entry["count"] += item.count
    quads = quad_order({r["quad"] for r in relations.values()})
    ordered = sorted(relations.values(), key=lambda r: (quads.index(r["quad"]), r["label"]))
    class_counts: dict[str, int] = {}
    for node in order:
        cls = G.nodes[node].get("cls", "Actor")
        class_counts[cls] = class_counts.get(cls, 0) + 1
    classes = [
        {"cls": c, "name": class_style(c).name, "color": class_style(c).fill, "count": n}
        for c in class_order(set(class_counts))
        for n in [class_counts[c]]
    ]
    return {
        "title": title,
        "subtitle": subtitle,
        "physics": physics,
        "physicsLimit": physics_limit,
        "edgeLabels": len(edges) <= EDGE_LABEL_LIMIT,
        "nodes": nodes,
        "edges": edges,
        "relations": ordered,
        "classes": classes,
    }


def _bends(groups) -> list[float]:
    """Curvature per edge so that edges between the same two actors do not overlap."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for k, g in enumerate(groups):
        by_pair.setdefault(tuple(sorted((g.source, g.target))), []).append(k)
    bends = [0.0] * len(groups)
    for members in by_pair.values():
        if len(members) > 1:
            for rank, k in enumerate(members):
                bends[k] = round(0.15 + 0.12 * rank, 3)
    return bends


def _positions(G: nx.MultiDiGraph, order: list[str]) -> dict[str, tuple[float, float]]:
    """Starting positions in pixels (a seeded spring layout), so every page starts alike."""
    import networkx as nx

    if not order:
        return {}
    H: nx.Graph[str] = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    iterations = 50 if len(order) <= 300 else 30
    pos = nx.spring_layout(H, seed=7, iterations=iterations)
    scale = 120 * math.sqrt(len(order)) + 150
    return {
        n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()
    }


def page(G: nx.MultiDiGraph, *, title: str, subtitle: str = "", **options) -> str:
    """The whole HTML page as text."""
    data = graph_data(G, title=title, subtitle=subtitle, **options)
    js = vis_network_js()
    viewer = _asset("viewer.js")
    for name, code in (("vis-network", js), ("viewer", viewer)):
        if "</script" in code.lower():  # would end the inline script early
            raise RuntimeError(f"{name} JavaScript contains '</script' and cannot be inlined")
    return Template(_asset("viewer.html")).substitute(
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        css=_asset("viewer.css"),
        data=script_json(data),
        visjs=js,
        viewerjs=viewer,
    )


def write_html(G: nx.MultiDiGraph, path: Path, *, title: str, subtitle: str = "", **options):
    """Write the interactive page for ``G`` to ``path``."""
    text = page(G, title=title, subtitle=subtitle, **options)
    with atomic_writer(Path(path), "w") as f:
        f.write(text)
