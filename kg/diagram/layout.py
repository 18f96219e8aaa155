"""Positions for a static diagram in which no label covers another.

A force-directed layout alone places points, not text: at the sample's size its labels collide
and its edge labels pile up at hubs. So the layout works in inches on the boxes a reader sees:

1. Each connected component gets a seeded networkx layout (Kamada-Kawai up to
   :data:`KK_MAX` actors, where it keeps graph distances best; Fruchterman-Reingold above),
   scaled so a typical edge is long enough to carry its label between two node boxes.
2. Node boxes and edge-label boxes are pushed apart, pair by pair, along the axis of least
   overlap, until none overlap (a simple relative of the PRISM overlap-removal algorithm). An
   edge label is held near the middle of its edge by a spring but may slide along it; the edge
   is then drawn as a curve through its label, so a label always sits on its own edge.
3. Points along each edge push away the boxes of actors the edge would otherwise run under.
4. Components are packed in rows, biggest first.

Everything is seeded and deterministic: the same graph gives the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

#: Largest component laid out with Kamada-Kawai (quadratic memory, slow beyond this).
KK_MAX = 400
#: Components up to this size try several starts and keep the layout with fewest crossings.
TRY_MAX = 60
TRIES = 8
#: In untangling, how many crossings one typical edge length is worth.
LENGTH_COST = 0.5
#: Above TRY_MAX actors, how much longer an edge gets per relation of its two actors.
HUB_STRETCH = 0.08
#: Space kept between boxes, in inches.
PAD = 0.06
#: Space between packed components, in inches.
GAP = 0.5
SEED = 42
#: Typical edge length, in node-plus-label widths.
SPACING = 1.4
#: Extra space kept between two actor boxes, in inches.
NODE_HALO = 0.5
#: The drawing's area at most this many times the area of its boxes, before overlap removal.
SPREAD = 4.0
#: Rounds of separation alone after the springs, at most.
FINAL_ROUNDS = 500
_SAMPLES = np.linspace(0.1, 0.9, 9)


@dataclass(slots=True)
class Edge:
    """An edge to place: endpoints (node indexes), curve offset, label box size (or None)."""

    u: int
    v: int
    offset: float = 0.0
    size: tuple[float, float] | None = None


@dataclass(slots=True)
class Placement:
    """Where things go, in inches: node centres, label centres (NaN: no label) and curve
    control points, with the half-sizes of the boxes."""

    nodes: np.ndarray
    labels: np.ndarray
    controls: np.ndarray
    node_half: np.ndarray
    label_half: np.ndarray

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around every box."""
        return _bounds(self.nodes, self.node_half, self.labels, self.label_half)


def place(
    n: int, sizes: np.ndarray, edges: list[Edge], *, seed: int = SEED, iterations: int = 400
) -> Placement:
    """Centres for ``n`` node boxes of ``sizes`` (n x 2, inches) and the edges' labels."""
    sizes = np.asarray(sizes, dtype=float).reshape(n, 2)
    nodes = np.zeros((n, 2))
    labels = np.full((len(edges), 2), np.nan)
    label_sizes = np.array([e.size if e.size else (0.0, 0.0) for e in edges]).reshape(-1, 2)
    components = _components(n, edges)
    boxes = []
    for comp in components:
        index = {node: i for i, node in enumerate(comp)}
        comp_edges = [k for k, e in enumerate(edges) if e.u in index]
        local = [
            Edge(index[edges[k].u], index[edges[k].v], edges[k].offset, edges[k].size)
            for k in comp_edges
        ]
        pos, lab = _place_component(len(comp), sizes[comp], local, seed, iterations)
        nodes[comp] = pos
        if comp_edges:
            labels[comp_edges] = lab
        boxes.append((comp, comp_edges))
    _pack(nodes, sizes, labels, label_sizes, boxes)
    controls = _controls(nodes, labels, edges)
    return Placement(nodes, labels, controls, sizes / 2, label_sizes / 2)


# -- components -----------------------------------------------------------------------------


def _components(n: int, edges: list[Edge]) -> list[list[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for e in edges:
        a, b = find(e.u), find(e.v)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda c: (-len(c), c[0]))


def _initial(n: int, edges: list[Edge], seed: int) -> np.ndarray:
    """Unit-scale positions: the candidate layout whose straight edges cross least."""
    import networkx as nx

    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    H: nx.Graph[int] = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from((e.u, e.v) for e in edges if e.u != e.v)
    if n > KK_MAX:
        pos = nx.spring_layout(H, seed=seed, k=1.0 / np.sqrt(n), iterations=100)
        return np.array([pos[i] for i in range(n)], dtype=float)
    weight = None
    starts = [nx.circular_layout(H)]
    if n <= TRY_MAX:
        starts += [nx.spring_layout(H, seed=seed + i) for i in range(TRIES)]
    else:
        # edges at busy actors are made longer, so their labels find room around a hub
        for u, v, data in H.edges(data=True):
            data["length"] = 1.0 + HUB_STRETCH * (H.degree(u) + H.degree(v))
        weight = "length"
    pairs = np.array(list(H.edges()), dtype=int).reshape(-1, 2)
    best, best_score = None, None
    for start in starts:
        pos = nx.kamada_kawai_layout(H, pos=start, weight=weight)
        xy = np.array([pos[i] for i in range(n)], dtype=float)
        score = crossings(xy, pairs)
        if best_score is None or score < best_score:
            best, best_score = xy, score
    assert best is not None  # starts holds the circular layout at least
    if n <= TRY_MAX:
        best = untangle(best, pairs)
    return best


def untangle(xy: np.ndarray, pairs: np.ndarray, passes: int = 4) -> np.ndarray:
    """Swap the places of two actors while that removes crossings without stretching the
    edges much (a greedy pass over all pairs, repeated)."""
    xy = xy.copy()
    if len(pairs) < 2:
        return xy

    def cost(p: np.ndarray) -> float:
        lengths = np.linalg.norm(p[pairs[:, 0]] - p[pairs[:, 1]], axis=1)
        return crossings(p, pairs) + LENGTH_COST * lengths.sum() / typical

    typical = float(np.median(np.linalg.norm(xy[pairs[:, 0]] - xy[pairs[:, 1]], axis=1))) or 1.0
    current = cost(xy)
    n = len(xy)
    for _ in range(passes):
        improved = False
        for i in range(n):
            for j in range(i + 1, n):
                xy[[i, j]] = xy[[j, i]]
                trial = cost(xy)
                if trial < current - 1e-9:
                    current, improved = trial, True
                else:
                    xy[[i, j]] = xy[[j, i]]
        if not improved:
            break
    return xy


def crossings(xy: np.ndarray, pairs: np.ndarray) -> int:
    """How many pairs of straight edges cross (edges sharing an actor never count)."""
    if len(pairs) < 2:
        return 0
    a, b = xy[pairs[:, 0]], xy[pairs[:, 1]]

    def orient(p, q, r):
        return np.sign(
            (q[:, None, 0] - p[:, None, 0]) * (r[None, :, 1] - p[:, None, 1])
            - (q[:, None, 1] - p[:, None, 1]) * (r[None, :, 0] - p[:, None, 0])
        )

    # edge j's ends lie on both sides of edge i, and edge i's ends on both sides of edge j
    side = orient(a, b, a) * orient(a, b, b)
    cross = (side < 0) & (side.T < 0)
    shared = (pairs[:, None, 0] == pairs[None, :, 0]) | (pairs[:, None, 0] == pairs[None, :, 1])
    shared |= (pairs[:, None, 1] == pairs[None, :, 0]) | (pairs[:, None, 1] == pairs[None, :, 1])
    return int((cross & ~shared).sum() // 2)


def _place_component(
    n: int, sizes: np.ndarray, edges: list[Edge], seed: int, iterations: int
) -> tuple[np.ndarray, np.ndarray]:
    pos = _initial(n, edges, seed)
    label_sizes = [e.size for e in edges if e.size]
    if edges:
        lengths = np.array([np.linalg.norm(pos[e.u] - pos[e.v]) for e in edges if e.u != e.v])
        typical = float(np.median(lengths)) if len(lengths) else 1.0
        width = float(np.median(sizes[:, 0]))
        label_w = float(np.median([s[0] for s in label_sizes])) if label_sizes else 0.0
        target = max(1.0, SPACING * (width + label_w + 0.3))
        scale = target / max(typical, 1e-9)
        # a sparse layout (long edges between dense clusters) is scaled by area instead,
        # and overlap removal makes room where the clusters need it
        boxes = float((sizes[:, 0] * sizes[:, 1]).sum())
        boxes += sum(s[0] * s[1] for s in label_sizes)
        extent = np.ptp(pos, axis=0)
        area = float(max(extent[0], 1e-3) * max(extent[1], 1e-3))
        scale = min(scale, float(np.sqrt(boxes * SPREAD / area)))
        pos = pos * scale
    labels = _relax(pos, sizes, edges, iterations)
    return pos, labels


# -- overlap removal ------------------------------------------------------------------------


def _anchors(pos: np.ndarray, us: np.ndarray, vs: np.ndarray, offsets: np.ndarray):
    a, b = pos[us], pos[vs]
    mid = (a + b) / 2
    d = b - a
    length = np.linalg.norm(d, axis=1, keepdims=True)
    unit = np.divide(d, length, out=np.zeros_like(d), where=length > 0)
    perp = np.stack([-unit[:, 1], unit[:, 0]], axis=1)
    return mid + perp * offsets[:, None], unit, length[:, 0]


def _relax(pos: np.ndarray, sizes: np.ndarray, edges: list[Edge], iterations: int) -> np.ndarray:
    """Push boxes apart in place; return the label centres (NaN for unlabelled edges)."""
    n = len(pos)
    us = np.array([e.u for e in edges], dtype=int)
    vs = np.array([e.v for e in edges], dtype=int)
    offsets = np.array([e.offset for e in edges], dtype=float)
    has_label = np.array([e.size is not None for e in edges], dtype=bool)
    lab_sizes = np.array([e.size if e.size else (0.0, 0.0) for e in edges]).reshape(-1, 2)
    loops = us == vs
    # a relation of an actor with itself: its label sits just above the actor's box
    lift = sizes[us, 1] / 2 + lab_sizes[:, 1] / 2 + 0.25

    def targets():
        anchors, unit, length = _anchors(pos, us, vs, offsets)
        anchors[loops] = pos[us[loops]] + np.stack([np.zeros(loops.sum()), lift[loops]], axis=1)
        unit[loops] = (1.0, 0.0)
        return anchors, unit, length

    anchors, _, _ = targets()
    labels = anchors.copy()
    li = np.flatnonzero(has_label)
    half = np.concatenate([sizes / 2, lab_sizes[li] / 2]) + PAD / 2
    mass = np.concatenate([np.full(n, 2.0), np.full(len(li), 1.0)])
    k = n + len(li)
    label_box = np.full(len(edges), -1, dtype=int)
    label_box[li] = n + np.arange(len(li))
    rng = np.random.default_rng(SEED)
    jitter = rng.normal(scale=1e-4, size=(k, 2))
    for step in range(iterations):
        anchors, unit, length = targets()
        # labels: pulled back across their edge firmly, along it only past a quarter of it
        d = anchors - labels
        along = (d * unit).sum(axis=1)
        slack = 0.25 * length
        excess = np.sign(along) * np.maximum(np.abs(along) - slack, 0)
        across = d - along[:, None] * unit
        labels += 0.5 * across + 0.5 * excess[:, None] * unit
        labels[~has_label] = anchors[~has_label]
        boxes = np.concatenate([pos, labels[li]])
        if step == 0:
            boxes += jitter
        moved, overlapping = _separate(boxes, half, mass, n)
        if len(edges) and step >= 10:
            moved += _clear_edges(boxes, half, pos, labels, us, vs, label_box)
        pos += moved[:n]
        labels[li] += moved[n:]
        if not overlapping and np.abs(moved).max(initial=0) < 1e-3 and step > 20:
            break
    # Last, separation alone until nothing overlaps: a label that the springs held in a
    # crowd moves out of it (its edge still runs through it, bending a little more). The
    # extra space between actors was a preference; here only real overlaps count.
    for round_ in range(FINAL_ROUNDS):
        boxes = np.concatenate([pos, labels[li]])
        if round_ % 50 == 49:  # shake a jam loose
            boxes += rng.normal(scale=0.01, size=boxes.shape)
        moved, overlapping = _separate(boxes, half, mass, n, strength=1.0, node_halo=0.0)
        if not overlapping:
            break
        pos += moved[:n]
        labels[li] += moved[n:]
    labels[~has_label] = np.nan
    return labels


def _separate(
    boxes: np.ndarray,
    half: np.ndarray,
    mass: np.ndarray,
    n: int,
    strength: float = 0.5,
    node_halo: float = NODE_HALO,
) -> tuple[np.ndarray, bool]:
    """One round of pushing overlapping boxes apart along their axis of least overlap; the
    first ``n`` boxes are actors, which keep ``node_halo`` between each other."""
    from scipy.spatial import cKDTree

    moved = np.zeros_like(boxes)
    reach_max = 2 * float(np.linalg.norm(half, axis=1).max()) + 1.5 * node_halo
    pairs = cKDTree(boxes).query_pairs(reach_max, output_type="ndarray")
    if not len(pairs):
        return moved, False
    i, j = pairs[:, 0], pairs[:, 1]
    delta = boxes[i] - boxes[j]
    halo = np.where((i < n) & (j < n), node_halo, 0.0)
    overlap = half[i] + half[j] + halo[:, None] - np.abs(delta)
    hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
    if not hit.any():
        return moved, False
    i, j, ov, dl = i[hit], j[hit], overlap[hit], delta[hit]
    rows = np.arange(len(i))
    axis = np.where(ov[:, 0] < ov[:, 1], 0, 1)
    amount = ov[rows, axis] + 1e-3
    sign = np.sign(dl[rows, axis])
    sign[sign == 0] = np.where((i[sign == 0] + j[sign == 0]) % 2 == 0, 1.0, -1.0)
    share_i = mass[j] / (mass[i] + mass[j])
    push = np.zeros((len(i), 2))
    push[rows, axis] = sign * amount * strength
    np.add.at(moved, i, push * share_i[:, None])
    np.add.at(moved, j, -push * (1 - share_i)[:, None])
    return moved, True


def _clear_edges(
    boxes: np.ndarray,
    half: np.ndarray,
    pos: np.ndarray,
    labels: np.ndarray,
    us: np.ndarray,
    vs: np.ndarray,
    label_box: np.ndarray,
) -> np.ndarray:
    """Moves that take boxes off the edges that are not theirs: an actor off edges that do
    not end at it, an edge label off other edges (so a reader never takes a label for the
    label of the line running under it). ``label_box[k]`` is the box index of edge k's label
    (-1: none)."""
    from scipy.spatial import cKDTree

    a, b = pos[us][:, None, :], pos[vs][:, None, :]
    control = (2 * labels - (pos[us] + pos[vs]) / 2)[:, None, :]
    t = _SAMPLES[None, :, None]
    pts = ((1 - t) ** 2 * a + 2 * t * (1 - t) * control + t**2 * b).reshape(-1, 2)
    tangent = (2 * (1 - t) * (control - a) + 2 * t * (b - control)).reshape(-1, 2)
    length = np.linalg.norm(tangent, axis=1, keepdims=True)
    tangent = np.divide(tangent, length, out=np.zeros_like(tangent), where=length > 0)
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)
    edge = np.repeat(np.arange(len(us)), len(_SAMPLES))
    moved = np.zeros_like(boxes)
    reach = float(np.linalg.norm(half, axis=1).max())
    near = cKDTree(pts).sparse_distance_matrix(cKDTree(boxes), reach, output_type="ndarray")
    if not len(near):
        return moved
    p, q = near["i"], near["j"]
    keep = (q != us[edge[p]]) & (q != vs[edge[p]]) & (q != label_box[edge[p]])
    p, q = p[keep], q[keep]
    delta = boxes[q] - pts[p]
    overlap = half[q] - np.abs(delta)
    hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
    if not hit.any():
        return moved
    p, q, dl = p[hit], q[hit], delta[hit]
    # across the edge, not along the box's axes: a box on a steep edge must move sideways
    nrm = normal[p]
    side = (dl * nrm).sum(axis=1)
    sign = np.where(side >= 0, 1.0, -1.0)
    support = np.abs(half[q] * nrm).sum(axis=1)
    need = np.maximum(support - np.abs(side), 0)[:, None] * sign[:, None] * nrm
    np.add.at(moved, q, need * 0.25)
    # and the edge bows away from the box: its label (the curve's middle) moves the other way
    own = label_box[edge[p]]
    has = own >= 0
    np.add.at(moved, own[has], -need[has] * 0.1)
    return moved


# -- packing and curves ---------------------------------------------------------------------


def _bounds(nodes, node_half, labels, label_half) -> tuple[float, float, float, float]:
    lo = nodes - node_half
    hi = nodes + node_half
    ok = ~np.isnan(labels[:, 0]) if len(labels) else np.zeros(0, dtype=bool)
    if ok.any():
        lo = np.concatenate([lo, labels[ok] - label_half[ok]])
        hi = np.concatenate([hi, labels[ok] + label_half[ok]])
    if not len(lo):
        return 0.0, 0.0, 0.0, 0.0
    return (
        float(lo[:, 0].min()),
        float(lo[:, 1].min()),
        float(hi[:, 0].max()),
        float(hi[:, 1].max()),
    )


def _pack(nodes, sizes, labels, label_sizes, boxes) -> None:
    """Place components in rows, left to right and top to bottom, biggest first."""
    extents = []
    for comp, comp_edges in boxes:
        b = _bounds(nodes[comp], sizes[comp] / 2, labels[comp_edges], label_sizes[comp_edges] / 2)
        extents.append(b)
    widths = [b[2] - b[0] for b in extents]
    area = sum((b[2] - b[0] + GAP) * (b[3] - b[1] + GAP) for b in extents)
    row_width = max(max(widths, default=0.0), float(np.sqrt(area)) * 1.4)
    x = y = row_height = 0.0
    for (comp, comp_edges), b in zip(boxes, extents, strict=True):
        w, h = b[2] - b[0], b[3] - b[1]
        if x > 0 and x + w > row_width:
            x, y = 0.0, y - row_height - GAP
            row_height = 0.0
        shift = np.array([x - b[0], y - b[3]])
        nodes[comp] += shift
        if comp_edges:
            labels[comp_edges] += shift
        x += w + GAP
        row_height = max(row_height, h)


def _controls(nodes: np.ndarray, labels: np.ndarray, edges: list[Edge]) -> np.ndarray:
    """Quadratic Bezier control points: through the label, or bowed by the edge's offset."""
    if not edges:
        return np.zeros((0, 2))
    us = np.array([e.u for e in edges])
    vs = np.array([e.v for e in edges])
    offsets = np.array([e.offset for e in edges], dtype=float)
    anchors, _, _ = _anchors(nodes, us, vs, offsets * 2)
    through = 2 * labels - (nodes[us] + nodes[vs]) / 2
    has = ~np.isnan(labels[:, 0])
    return np.where(has[:, None], through, anchors)


def curve(a: np.ndarray, control: np.ndarray, b: np.ndarray, points: int = 40) -> np.ndarray:
    """Points along the quadratic Bezier from ``a`` to ``b`` bowed towards ``control``."""
    t = np.linspace(0, 1, points)[:, None]
    return (1 - t) ** 2 * a + 2 * t * (1 - t) * control + t**2 * b


def clip(points: np.ndarray, centre: np.ndarray, half: np.ndarray, *, at_end: bool) -> np.ndarray:
    """Cut the part of a polyline inside a box (at its start or its end), ending exactly on
    the box's border."""
    inside = np.all(np.abs(points - centre) <= half, axis=1)
    outside = np.flatnonzero(~inside)
    if not len(outside):
        return points[:0]
    if at_end:
        last = outside[-1]
        if last == len(points) - 1:
            return points
        border = _border(points[last], points[last + 1], centre, half)
        return np.vstack([points[: last + 1], border])
    first = outside[0]
    if first == 0:
        return points
    border = _border(points[first], points[first - 1], centre, half)
    return np.vstack([border, points[first:]])


def _border(out: np.ndarray, into: np.ndarray, centre: np.ndarray, half: np.ndarray):
    """Where the segment from a point outside a box to one inside it crosses the border."""
    lo, hi = 0.0, 1.0
    for _ in range(16):
        mid = (lo + hi) / 2
        p = out + (into - out) * mid
        if np.all(np.abs(p - centre) <= half):
            hi = mid
        else:
            lo = mid
    return out + (into - out) * lo


def simple_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of a multigraph (for layouts)."""
    import networkx as nx

    H: nx.Graph[str] = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H
