"""How long `kg draw` takes as the graph grows, per format and engine.

Generated actor graphs (kg.diagram.synthetic) of growing size are drawn to SVG, PNG and HTML
with the default engine, and with Graphviz when it is installed; each figure is the median of
REPEATS runs in this one process, with the ratio to the smallest size.

    .venv/bin/python bench/draw_sizes.py            # sizes 50 100 200 400
    .venv/bin/python bench/draw_sizes.py 200 800
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.diagram.groups import merge_edges
from kg.diagram.synthetic import synthetic_graph
from kg.draw import draw

REPEATS = 3


def median_seconds(G, path: Path, engine: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        draw(G, path, title="bench", engine=engine)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(sizes: list[int]) -> None:
    engines = ["matplotlib"] + (["graphviz"] if shutil.which("dot") else [])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            G = synthetic_graph(n)
            edges = len(merge_edges(G))
            for engine in engines:
                for fmt in ("svg", "png", "html"):
                    if fmt == "html" and engine != "matplotlib":
                        continue
                    path = Path(tmp) / f"g{n}.{fmt}"
                    seconds = median_seconds(G, path, engine)
                    size = path.stat().st_size
                    rows.append((n, edges, engine if fmt != "html" else "-", fmt, seconds, size))
    base = {(e, f): s for n, _, e, f, s, _ in rows if n == sizes[0]}
    print(
        f"{'actors':>6} {'edges':>6} {'engine':>10} {'fmt':>4} {'median s':>9} "
        f"{'x smallest':>10} {'file KB':>8}"
    )
    for n, edges, engine, fmt, seconds, size in rows:
        ratio = seconds / base[(engine, fmt)]
        print(
            f"{n:>6} {edges:>6} {engine:>10} {fmt:>4} {seconds:>9.2f} {ratio:>10.1f} "
            f"{size / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 100, 200, 400])
