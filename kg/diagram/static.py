"""Static diagrams (SVG, PNG, PDF) drawn with matplotlib, in pure Python.

The picture is built in inches, so text keeps its size whatever the graph's size: the figure
grows with the graph instead of the labels shrinking. Actors are boxes in their class colour
with their name inside; an edge per pair and direction is a curve through its label, which
lists each relation with its count; arrowheads show direction, symmetric relations have none.
The legend and the title sit outside the drawing, so they never cover it.

Large graphs (see README, "Diagrams"): every actor is named up to :data:`LABEL_ALL` actors,
beyond that only the :data:`LABEL_TOP` with most relations (the others are dots), and edges
carry labels up to :data:`EDGE_LABELS_MAX` merged edges (beyond that the colours and the
legend say what kind of relation an edge is).
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg.diagram.groups import EdgeGroup, merge_edges
from kg.diagram.layout import Edge, Placement, clip, curve, place
from kg.diagram.style import (
    NOT_FACT_DASHES,
    NOT_FACT_LEGEND,
    class_order,
    class_style,
    quad_order,
    quad_style,
)
from kg.textio import atomic_writer

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.artist import Artist

#: Every actor is named up to this many actors.
LABEL_ALL = 300
#: Beyond LABEL_ALL, the actors named (by number of relations).
LABEL_TOP = 120
#: Edge labels are drawn up to this many merged edges.
EDGE_LABELS_MAX = 400
#: Relations listed on one edge label before "+N more".
LINES_MAX = 4
NODE_FONT = 9.0
EDGE_FONT = 7.5
WRAP = 22
#: Longest side of a PNG, in pixels (the resolution drops for very large figures).
PNG_MAX_PIXELS = 9000
LEGEND_WIDTH = 2.7
TITLE_HEIGHT = 0.75


def render(G: nx.MultiDiGraph, path: Path, *, title: str, subtitle: str = "") -> None:
    """Draw ``G`` to ``path``; the format is the file's extension (.svg, .png, .pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fmt = Path(path).suffix.lower().lstrip(".")
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "kg", "font.family": "DejaVu Sans"}
    ):
        fig = _figure(G, title, subtitle)
        dpi = 150
        if fmt == "png":
            w, h = fig.get_size_inches()
            dpi = min(150, int(PNG_MAX_PIXELS / max(w, h)))
        metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
        if fmt == "pdf":
            metadata["CreationDate"] = None
            metadata.pop("Date")
        with atomic_writer(Path(path), "wb") as f:
            fig.savefig(f, format=fmt, dpi=dpi, metadata=metadata or None)
        plt.close(fig)


# -- measuring ------------------------------------------------------------------------------


class _Ruler:
    """Text extents in inches, measured by the renderer that will draw them."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self._fig = Figure(dpi=72)
        canvas = FigureCanvasAgg(self._fig)  # the figure's canvas from now on
        self._renderer = canvas.get_renderer()

    def size(self, text: str, fontsize: float, bold: bool = False) -> tuple[float, float]:
        t = self._fig.text(0, 0, text, fontsize=fontsize, fontweight="bold" if bold else None)
        box = t.get_window_extent(self._renderer)
        t.remove()
        return box.width / 72, box.height / 72


def actor_label(data: dict, node: str = "") -> str:
    """The name drawn for an actor; a person with a post shows it: "Joe Biden (Government of
    the United States)"."""
    label = data.get("label", node)
    return f"{label} ({data['post']})" if data.get("post") else label


def node_text(label: str) -> str:
    """An actor's label wrapped to a compact box."""
    return textwrap.fill(label, WRAP, break_long_words=False) if len(label) > WRAP else label


def edge_lines(group: EdgeGroup) -> list[str]:
    """The lines of an edge label: one per relation, most frequent first."""
    lines = [item.text for item in group.items[:LINES_MAX]]
    if len(group.items) > LINES_MAX:
        lines[-1] = f"+{len(group.items) - LINES_MAX + 1} more"
    return lines


def labelled_nodes(G: nx.MultiDiGraph) -> set[str]:
    """The actors whose names are drawn: all, or the best connected of a large graph."""
    if G.number_of_nodes() <= LABEL_ALL:
        return set(G)
    ranked = sorted(G, key=lambda n: (-G.degree(n), G.nodes[n].get("label", n)))
    return set(ranked[:LABEL_TOP])


def _offsets(groups: list[EdgeGroup]) -> list[float]:
    """Curve offsets that keep the groups of one pair apart (one group: straight)."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, g in enumerate(groups):
        first, second = sorted((g.source, g.target))
        by_pair[(first, second)].append(k)
    offsets = [0.0] * len(groups)
    for (a, _b), members in by_pair.items():
        if len(members) == 1:
            continue
        spread = np.linspace(-1, 1, len(members)) * 0.28 * (len(members) - 1)
        for k, off in zip(members, spread, strict=True):
            # offsets are measured from a to b: reverse the sign for b -> a groups
            offsets[k] = float(off) if groups[k].source == a else -float(off)
    return offsets


# -- drawing --------------------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """Everything placed, before drawing: actors in order, their texts and box sizes, the
    merged edges and where all of it goes (inches)."""

    nodes: list[str]
    texts: list[str]
    sizes: np.ndarray
    groups: list[EdgeGroup]
    edge_labels: bool
    placement: Placement


def plan(G: nx.MultiDiGraph) -> Plan:
    """Measure every label and place every box (see :mod:`kg.diagram.layout`)."""
    nodes = sorted(G, key=lambda n: (G.nodes[n].get("label", n), n))
    index = {n: i for i, n in enumerate(nodes)}
    named = labelled_nodes(G)
    groups = merge_edges(G)
    with_labels = len(groups) <= EDGE_LABELS_MAX
    ruler = _Ruler()
    texts = [node_text(actor_label(G.nodes[n], n)) if n in named else "" for n in nodes]
    sizes = np.array(
        [
            (w + 0.2, h + 0.12) if t else (0.16, 0.16)
            for t in texts
            for w, h in [ruler.size(t, NODE_FONT, bold=True) if t else (0, 0)]
        ]
    ).reshape(-1, 2)
    edges = []
    for g, off in zip(groups, _offsets(groups), strict=True):
        size = None
        if with_labels:
            w, h = ruler.size("\n".join(edge_lines(g)), EDGE_FONT)
            size = (w + 0.1, h + 0.06)
        edges.append(Edge(index[g.source], index[g.target], off, size))
    placement = place(len(nodes), sizes, edges)
    return Plan(nodes, texts, sizes, groups, with_labels, placement)


def _figure(G: nx.MultiDiGraph, title: str, subtitle: str):
    from matplotlib.figure import Figure

    if G.number_of_nodes() == 0:
        fig = Figure(figsize=(8, 3))
        _titles(fig, title, subtitle, 8, 3)
        fig.text(
            0.5, 0.4, "Nothing to draw: no relations match.", ha="center", va="center", fontsize=12
        )
        return fig
    p = plan(G)
    nodes, texts, sizes, groups, placement = p.nodes, p.texts, p.sizes, p.groups, p.placement
    index = {n: i for i, n in enumerate(nodes)}
    with_labels = p.edge_labels
    x0, y0, x1, y1 = placement.bounds
    margin = 0.25
    gw, gh = x1 - x0 + 2 * margin, y1 - y0 + 2 * margin
    classes = class_order({G.nodes[n].get("cls", "Actor") for n in nodes})
    quads = quad_order({item.quad for g in groups for item in g.items})
    legend_h = 0.5 + 0.22 * (len(classes) + len(quads) + 6)
    fig_w = max(gw + LEGEND_WIDTH, 8.0)
    top = title_height(subtitle, fig_w)
    fig_h = max(gh, legend_h) + top
    fig = Figure(figsize=(fig_w, fig_h))
    ax = fig.add_axes((0, (fig_h - top - gh) / fig_h, gw / fig_w, gh / fig_h))
    ax.set_xlim(x0 - margin, x1 + margin)
    ax.set_ylim(y0 - margin, y1 + margin)
    ax.set_axis_off()
    for k, g in enumerate(groups):
        _draw_edge(ax, g, placement, k, index)
    for i, node in enumerate(nodes):
        _draw_node(ax, G.nodes[node], texts[i], placement.nodes[i], sizes[i])
    _titles(fig, title, subtitle, fig_w, fig_h)
    not_facts = any(g.mark for g in groups)
    _legend(fig, classes, quads, gw / fig_w, 1 - top / fig_h, with_labels, not_facts)
    return fig


def _draw_edge(ax, g: EdgeGroup, placement, k: int, index: dict[str, int]) -> None:
    from matplotlib.patches import FancyBboxPatch, Polygon

    style = quad_style(g.quad)
    u, v = index[g.source], index[g.target]
    a, b = placement.nodes[u], placement.nodes[v]
    control = placement.controls[k]
    label = placement.labels[k]
    if u == v:
        # a loop from the top of the box up through the label and back down
        half = placement.node_half[u]
        around = label if not np.isnan(label[0]) else a + np.array([0.0, half[1] + 0.3])
        left = a + np.array([-half[0] / 3, 0.0])
        right = a + np.array([half[0] / 3, 0.0])
        out = np.array([left[0] - 0.25, around[1]])
        back = np.array([right[0] + 0.25, around[1]])
        pts = np.vstack([curve(left, out, around), curve(around, back, right)])
    else:
        pts = curve(a, control, b, points=60)
    pts = clip(pts, a, placement.node_half[u], at_end=False)
    pts = clip(pts, b, placement.node_half[v], at_end=True)
    if len(pts) < 2:
        return
    width = min(1.0 + 0.5 * math.log2(g.count), 3.5)
    head = 0.11
    if g.directed and len(pts) >= 2:
        tip = pts[-1]
        back = _point_back(pts, head)
        direction = tip - back
        norm = np.linalg.norm(direction)
        if norm > 0:
            unit = direction / norm
            normal = np.array([-unit[1], unit[0]])
            base = tip - unit * head
            wing = head * 0.45
            ax.add_patch(
                Polygon(
                    [tip, base + normal * wing, base - normal * wing],
                    closed=True,
                    facecolor=style.colour,
                    edgecolor=style.colour,
                    lw=0.5,
                    zorder=2,
                )
            )
            pts = np.vstack([pts[:-1][np.linalg.norm(pts[:-1] - tip, axis=1) > head], base])
    dashes: str | tuple[int, tuple[int, ...]] = (0, (4, 2)) if style.dashed else "-"
    if g.mark:  # not a fact: dash-dotted and thinner
        dashes, width = NOT_FACT_DASHES, max(width * 0.7, 0.8)
    ax.plot(
        pts[:, 0],
        pts[:, 1],
        color=style.colour,
        lw=width,
        ls=dashes,
        alpha=0.9,
        zorder=1,
        solid_capstyle="butt",
    )
    if np.isnan(label[0]):
        return
    half = placement.label_half[k]
    box_w, box_h = 2 * half - 0.02
    ax.add_patch(
        FancyBboxPatch(
            tuple(label - half + 0.01),
            box_w,
            box_h,
            boxstyle="round,pad=0.0,rounding_size=0.04",
            facecolor="white",
            edgecolor=style.colour,
            lw=0.6,
            alpha=0.95,
            zorder=3,
        )
    )
    lines = edge_lines(g)
    step = (2 * half[1] - 0.06) / len(lines)
    top = label[1] + half[1] - 0.03
    for i, (line, item) in enumerate(zip(lines, g.items, strict=False)):
        colour = quad_style(item.quad).colour if not line.startswith("+") else "#444444"
        ax.text(
            label[0],
            top - step * (i + 0.5),
            line,
            fontsize=EDGE_FONT,
            color=colour,
            ha="center",
            va="center",
            zorder=4,
        )


def _point_back(pts: np.ndarray, distance: float) -> np.ndarray:
    tip = pts[-1]
    far = np.flatnonzero(np.linalg.norm(pts - tip, axis=1) >= distance)
    return pts[far[-1]] if len(far) else pts[0]


def _draw_node(ax, data: dict, text: str, centre: np.ndarray, size: np.ndarray) -> None:
    from matplotlib.patches import Circle, FancyBboxPatch

    style = class_style(data.get("cls"))
    if not text:
        ax.add_patch(
            Circle(tuple(centre), 0.07, facecolor=style.fill, edgecolor="white", lw=0.8, zorder=5)
        )
        return
    w, h = size - 0.04
    ax.add_patch(
        FancyBboxPatch(
            (centre[0] - w / 2, centre[1] - h / 2),
            w,
            h,
            boxstyle="round,pad=0.0,rounding_size=0.08",
            facecolor=style.fill,
            edgecolor="white",
            lw=1.2,
            zorder=5,
        )
    )
    ax.text(
        centre[0],
        centre[1],
        text,
        fontsize=NODE_FONT,
        fontweight="bold",
        color=style.text,
        ha="center",
        va="center",
        multialignment="center",
        zorder=6,
    )


def subtitle_lines(subtitle: str, fig_w: float) -> list[str]:
    """The subtitle wrapped to the figure's width, on at most three lines."""
    width = max(int(fig_w * 13), 60)
    lines = textwrap.wrap(subtitle, width)
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width, placeholder="…")]
    return lines


def title_height(subtitle: str, fig_w: float) -> float:
    """Inches above the drawing for the title and the subtitle's lines."""
    return TITLE_HEIGHT + 0.17 * max(len(subtitle_lines(subtitle, fig_w)) - 1, 0)


def _titles(fig, title: str, subtitle: str, fig_w: float, fig_h: float) -> None:
    width = max(int(fig_w * 9), 40)
    fig.text(
        0.2 / fig_w,
        1 - 0.12 / fig_h,
        textwrap.shorten(title, width * 2, placeholder="…"),
        fontsize=13,
        fontweight="bold",
        va="top",
    )
    if subtitle:
        fig.text(
            0.2 / fig_w,
            1 - 0.45 / fig_h,
            "\n".join(subtitle_lines(subtitle, fig_w)),
            fontsize=9,
            color="#444444",
            va="top",
            linespacing=1.3,
        )


def _legend(
    fig,
    classes: list[str],
    quads: list[str],
    left: float,
    top: float,
    labels: bool,
    not_facts: bool = False,
):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=class_style(c).fill, label=class_style(c).name) for c in classes
    ]
    for q in quads:
        style = quad_style(q)
        handles.append(
            Line2D(
                [0],
                [0],
                color=style.colour,
                lw=2,
                ls=(0, (4, 2)) if style.dashed else "-",
                label=style.name,
            )
        )
    if not_facts:
        handles.append(
            Line2D([0], [0], color="#444444", lw=1.2, ls=NOT_FACT_DASHES, label=NOT_FACT_LEGEND)
        )
    notes = ["→ who acted on whom", "no arrowhead: mutual", "(met with, clashed with)"]
    notes.append("×N: stated N times" if labels else "edge labels off (large graph)")
    handles += [Line2D([], [], ls="", label=text) for text in notes]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(left, top),
        fontsize=8.5,
        frameon=False,
        title="Actors and relations",
        title_fontsize=9,
        alignment="left",
        handlelength=2.2,
    )
