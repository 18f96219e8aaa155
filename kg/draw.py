"""Relationship diagrams of the actor graph (SVG, PNG, PDF) with matplotlib.

Actors are nodes coloured by class; relations are edges coloured by CAMEO quad class
(verbal/material x cooperation/conflict) and labelled with the relation, parallel edges of one
relation between a pair merged with a count. The layout is seeded, so the same graph always
gives the same picture. matplotlib is imported only here, and only when drawing.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.textio import atomic_writer

if TYPE_CHECKING:
    import networkx as nx

CLASS_COLOURS = {
    "State": "#4e79a7",
    "Government": "#76b7b2",
    "ArmedForces": "#59a14f",
    "ArmedGroup": "#e15759",
    "Coalition": "#f28e2b",
    "InternationalOrganization": "#edc948",
    "Person": "#b07aa1",
    "Actor": "#bab0ac",
}
CLASS_NAMES = {
    "State": "state",
    "Government": "government",
    "ArmedForces": "armed forces",
    "ArmedGroup": "armed group",
    "Coalition": "coalition",
    "InternationalOrganization": "international organization",
    "Person": "person",
    "Actor": "other actor",
}
QUAD_COLOURS = {
    "VerbalCooperation": "#1f9e89",
    "MaterialCooperation": "#3b528b",
    "VerbalConflict": "#f39c12",
    "MaterialConflict": "#c0392b",
    "": "#7f7f7f",
}
QUAD_NAMES = {
    "VerbalCooperation": "verbal cooperation",
    "MaterialCooperation": "material cooperation",
    "VerbalConflict": "verbal conflict",
    "MaterialConflict": "material conflict",
    "": "structure (member of, part of)",
}
FORMATS = {".svg", ".png", ".pdf"}


def merge_edges(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str, int]]]:
    """Edges merged per unordered pair: [(label, quad, count)] for each pair of actors."""
    counts: dict[tuple[str, str], dict[tuple[str, str, bool], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for u, v, data in G.edges(data=True):
        pair = tuple(sorted((u, v)))
        forward = (u, v) == pair
        counts[pair][(data["label"], data.get("quad", ""), forward)] += 1  # type: ignore[index]
    merged: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    for pair, found in counts.items():
        merged[pair] = sorted((label, quad, n) for (label, quad, _), n in found.items())  # type: ignore[index]
    return merged


def draw(G: nx.MultiDiGraph, path: Path, *, title: str | None = None) -> None:
    """Draw the actor graph to ``path`` (.svg, .png or .pdf)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InputError(f"{path}: draw writes .svg, .png or .pdf files")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    n = G.number_of_nodes()
    size = min(8 + n * 0.35, 30)
    fig, ax = plt.subplots(figsize=(size * 1.3, size))
    ax.set_axis_off()
    if n == 0:
        ax.text(
            0.5,
            0.5,
            "No relations in the store yet: run `kg extract` first.",
            ha="center",
            va="center",
            fontsize=14,
        )
    else:
        simple = nx.Graph(G.to_undirected())
        pos = (
            nx.kamada_kawai_layout(simple)
            if n <= 60
            else nx.spring_layout(simple, seed=42, k=1.5 / max(n, 1) ** 0.5)
        )
        merged = merge_edges(G)
        for (u, v), labels in merged.items():
            quad = max(labels, key=lambda x: x[2])[1]
            colour = QUAD_COLOURS.get(quad, QUAD_COLOURS[""])
            ax.annotate(
                "",
                xy=pos[v],
                xytext=pos[u],
                arrowprops=dict(
                    arrowstyle="-",
                    color=colour,
                    lw=1.2 + 0.5 * len(labels),
                    alpha=0.75,
                    shrinkA=18,
                    shrinkB=18,
                ),
            )
            text = "\n".join(f"{label} ×{c}" if c > 1 else label for label, _, c in labels)
            mid = ((pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2)
            ax.text(
                *mid,
                text,
                fontsize=7,
                color=colour,
                ha="center",
                va="center",
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8),
            )
        for node, data in G.nodes(data=True):
            colour = CLASS_COLOURS.get(data.get("cls", "Actor"), CLASS_COLOURS["Actor"])
            ax.scatter(*pos[node], s=900, c=colour, edgecolors="white", linewidths=2, zorder=3)
            ax.text(
                pos[node][0],
                pos[node][1] - 0.06,
                data.get("label", node),
                fontsize=9,
                ha="center",
                va="top",
                zorder=4,
                fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
            )
        classes = sorted({d.get("cls", "Actor") for _, d in G.nodes(data=True)})
        quads = sorted({d.get("quad", "") for _, _, d in G.edges(data=True)})
        handles = [
            Patch(color=CLASS_COLOURS.get(c, "#999"), label=CLASS_NAMES.get(c, c)) for c in classes
        ]
        handles += [
            Line2D([0], [0], color=QUAD_COLOURS.get(q, "#999"), lw=3, label=QUAD_NAMES.get(q, q))
            for q in quads
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=9, frameon=True)
        ax.margins(0.12)
    ax.set_title(title or "Who did what to whom", fontsize=14)
    fmt = path.suffix.lower().lstrip(".")
    with atomic_writer(path, "wb") as f:
        fig.savefig(f, format=fmt, bbox_inches="tight", dpi=120)
    plt.close(fig)
