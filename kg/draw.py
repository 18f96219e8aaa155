"""Relationship diagrams of the actor graph: SVG, PNG and PDF pictures and an HTML viewer.

This module only chooses the renderer; the work is in :mod:`kg.diagram`:

- ``select``: what to draw (the store's actor graph, narrowed by filters, and its title);
- ``groups``: parallel events merged into labelled edges;
- ``layout`` and ``static``: the pure-Python picture (matplotlib, the default engine);
- ``graphviz``: the same picture laid out by Graphviz when it is installed and asked for;
- ``html``: one self-contained interactive page (vis-network inlined);
- ``timeline``: one actor's events over time.

matplotlib is imported only when a picture is drawn.

>>> from kg.draw import draw                                   # doctest: +SKIP
>>> draw(G, "out/graph.svg", title="Who did what to whom")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

#: Formats by file extension.
FORMATS = (".svg", ".png", ".pdf", ".html")
#: Layout and rendering engines for the static formats.
ENGINES = ("matplotlib", "graphviz")


def check_output(path: Path, engine: str = "matplotlib", *, timeline: bool = False) -> str:
    """The format of ``path`` (its extension), or an InputError saying what is possible."""
    suffix = Path(path).suffix.lower()
    allowed = (".svg", ".png", ".pdf") if timeline else FORMATS
    if suffix not in allowed:
        what = "a timeline" if timeline else "draw"
        raise InputError(f"{path}: {what} writes {', '.join(allowed[:-1])} or {allowed[-1]} files")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    return suffix.lstrip(".")


def draw(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str | None = None,
    subtitle: str = "",
    engine: str = "matplotlib",
) -> None:
    """Draw the actor graph ``G`` to ``path`` (.svg, .png, .pdf or .html).

    ``G`` is a graph from :func:`kg.graph.actor_graph` or
    :func:`kg.diagram.select.diagram_from_store` (nodes with label, cls, country; edges with
    relation, label, quad, sentence, document). ``engine`` chooses how static formats are laid
    out: "matplotlib" (pure Python) or "graphviz" (needs the ``dot`` program).
    """
    path = Path(path)
    fmt = check_output(path, engine)
    title = title or "Who did what to whom"
    if fmt == "html":
        from kg.diagram.html import write_html

        write_html(G, path, title=title, subtitle=subtitle)
    elif engine == "graphviz":
        from kg.diagram.graphviz import render as render_graphviz

        render_graphviz(G, path, title=title, subtitle=subtitle)
    else:
        from kg.diagram.static import render as render_static

        render_static(G, path, title=title, subtitle=subtitle)
