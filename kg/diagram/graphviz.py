"""The same diagram laid out by Graphviz, for users who have it and ask for it.

Graphviz's ``dot`` draws hierarchies beautifully but its time grows steeply with size (31 s for
100 nodes and 300 edges on this project's machines, over 10 minutes at 300/900), so ``dot`` is
used up to :data:`DOT_MAX_NODES` actors and :data:`DOT_MAX_EDGES` edges and ``sfdp`` (a
multilevel force layout, 0.13 s at 300/900) above; every run has a time limit. The program
is found on PATH; when it is missing the error says so in one line, and the default engine
needs nothing. The colours, merged edges and legend are those of the matplotlib engine.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from kg.diagram.groups import merge_edges
from kg.diagram.static import actor_label, edge_lines, node_text
from kg.diagram.style import (
    NOT_FACT_GRAPHVIZ,
    class_order,
    class_style,
    quad_order,
    quad_style,
)
from kg.errors import KgError
from kg.textio import atomic_writer

if TYPE_CHECKING:
    import networkx as nx

DOT_MAX_NODES = 60
DOT_MAX_EDGES = 150
#: Seconds a Graphviz run may take.
TIMEOUT = 120
FONT = "DejaVu Sans"


def program_for(G: nx.MultiDiGraph) -> str:
    """``dot`` for small graphs, ``sfdp`` for large ones."""
    small = G.number_of_nodes() <= DOT_MAX_NODES and G.number_of_edges() <= DOT_MAX_EDGES
    return "dot" if small else "sfdp"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(G: nx.MultiDiGraph, *, title: str, subtitle: str = "", program: str = "dot") -> str:
    """The diagram in the DOT language."""
    order = sorted(G, key=lambda n: (G.nodes[n].get("label", n), n))
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    groups = merge_edges(G)
    lines = [
        "digraph kg {",
        f"  graph [label=<{_legend(G, groups, title, subtitle)}>, labelloc=t, labeljust=l,"
        f' fontname="{FONT}", pad=0.3, nodesep=0.5, ranksep=0.7, outputorder=edgesfirst,'
        " overlap=prism, splines=true, rankdir=LR];",
        f'  node [shape=box, style="rounded,filled", fontname="{FONT} Bold", fontsize=10,'
        ' margin="0.12,0.06", penwidth=0];',
        f'  edge [fontname="{FONT}", fontsize=8, arrowsize=0.7];',
    ]
    if program != "dot":
        lines[1] = lines[1].replace("splines=true", "splines=" + _splines(len(groups)))
    for node in order:
        data = G.nodes[node]
        style = class_style(data.get("cls"))
        label = node_text(actor_label(data, node))
        lines.append(
            f"  {ids[node]} [label={_quote(label)}, fillcolor={_quote(style.fill)},"
            f" fontcolor={_quote(style.text)}, tooltip={_quote(style.name)}];"
        )
    for g in groups:
        qstyle = quad_style(g.quad)
        attrs = [
            f"label={_quote(chr(10).join(edge_lines(g)))}",
            f"color={_quote(qstyle.colour)}",
            f"fontcolor={_quote(qstyle.colour)}",
            f"penwidth={min(1.0 + 0.5 * (g.count - 1), 3.5):.1f}",
        ]
        if g.mark:  # not a fact
            attrs.append(f"style={NOT_FACT_GRAPHVIZ}")
        elif qstyle.dashed:
            attrs.append("style=dashed")
        if not g.directed:
            attrs.append("dir=none")
        lines.append(f"  {ids[g.source]} -> {ids[g.target]} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _splines(edges: int) -> str:
    return "true" if edges <= 300 else "false"


def _legend(G: nx.MultiDiGraph, groups, title: str, subtitle: str) -> str:
    """The title, subtitle and legend as a Graphviz HTML-like label above the drawing."""
    esc = html.escape
    cells = []
    for cls in class_order({G.nodes[n].get("cls", "Actor") for n in G}):
        style = class_style(cls)
        cells.append(
            f'<td bgcolor="{style.fill}" width="14" height="10" fixedsize="true"></td>'
            f'<td align="left"><font point-size="9">{esc(style.name)}</font></td>'
        )
    for quad in quad_order({item.quad for g in groups for item in g.items}):
        qstyle = quad_style(quad)
        stroke = "- - -" if qstyle.dashed else "———"
        cells.append(
            f'<td><font color="{qstyle.colour}" point-size="9"><b>{stroke}</b></font></td>'
            f'<td align="left"><font point-size="9">{esc(qstyle.name)}</font></td>'
        )
    rows = [cells[i : i + 4] for i in range(0, len(cells), 4)]
    legend = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    legend = (
        '<tr><td colspan="8" align="left"><table border="0" cellspacing="2" cellpadding="1">'
        f"{legend}</table></td></tr>"
    )
    sub = ""
    if subtitle:  # an empty <font></font> is a syntax error in Graphviz
        short = esc(textwrap.shorten(subtitle, 160, placeholder="…"))
        sub = (
            f'<tr><td colspan="8" align="left"><font point-size="10" color="#444444">{short}'
            "</font></td></tr>"
        )
    return (
        '<table border="0" cellspacing="2" cellpadding="1">'
        f'<tr><td colspan="8" align="left"><font point-size="15"><b>{esc(title)}</b></font>'
        f"</td></tr>{sub}{legend}"
        '<tr><td colspan="8" align="left"><font point-size="9" color="#444444">'
        "arrows: who acted on whom; no arrowhead: mutual; ×N: stated N times</font></td></tr>"
        "</table>"
    )


def render(
    G: nx.MultiDiGraph, path: Path, *, title: str, subtitle: str = "", timeout: int = TIMEOUT
) -> None:
    """Lay out and draw ``G`` with Graphviz into ``path`` (.svg, .png or .pdf)."""
    program = program_for(G)
    exe = shutil.which(program)
    if exe is None:
        raise KgError(
            f"--engine graphviz needs Graphviz's `{program}` program, which is not installed "
            "(Debian: apt-get install graphviz); the default engine needs nothing"
        )
    fmt = Path(path).suffix.lower().lstrip(".")
    source = to_dot(G, title=title, subtitle=subtitle, program=program)
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}", "-Gdpi=150" if fmt == "png" else "-Gdpi=72"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise KgError(
            f"Graphviz `{program}` took over {timeout} s on {G.number_of_nodes()} actors; "
            "draw fewer (--actor, --relation) or use the default engine"
        ) from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KgError(f"Graphviz `{program}` failed: {message[-1] if message else 'no output'}")
    with atomic_writer(Path(path), "wb") as f:
        f.write(done.stdout)
