"""Why Oxigraph directly: the same load and group-by query through oxrdflib (rdflib's API over
an Oxigraph store) and through pyoxigraph itself, in one run.

    nice -n 10 .venv/bin/python bench/store_backends.py            # 1,000,000 triples
    .venv/bin/python bench/store_backends.py --triples 20000       # a smoke run

oxrdflib is a development extra (``pip install -e ".[dev]"``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_nquads

GROUP_BY = """
SELECT ?source (COUNT(*) AS ?events)
WHERE { ?event <https://w3id.org/diplomatic-kg/ontology#source> ?source }
GROUP BY ?source
"""


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-backends-bench-"))
    try:
        data = work / "synthetic.nq"
        quads = write_nquads(data, args.triples, ontology=False)
        print(f"{quads:,} quads")

        import pyoxigraph as ox

        # the same work both ways: load the quads, query the union of the graphs
        started = time.perf_counter()
        store = ox.Store(str(work / "direct"))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        direct_load = time.perf_counter() - started
        direct_query = median_time(
            lambda: list(store.query(GROUP_BY, use_default_graph_as_union=True)), args.runs
        )
        store = None

        from rdflib import Dataset, URIRef

        started = time.perf_counter()
        ds = Dataset(store="Oxigraph", default_union=True)
        ds.open(str(work / "oxrdflib"), create=True)
        ds.parse(str(data), format="ox-nquads")
        rdflib_load = time.perf_counter() - started
        graph = URIRef("https://w3id.org/diplomatic-kg/id/doc/synthetic-0000001")
        rdflib_query = median_time(lambda: list(ds.query(GROUP_BY)), args.runs)
        started = time.perf_counter()
        first = sum(1 for _ in ds.graph(graph))
        rdflib_iterate = time.perf_counter() - started
        ds.close()

        print()
        print(f"| on {quads:,} triples, on disk | pyoxigraph | oxrdflib (rdflib API) | ratio |")
        print("|---|---:|---:|---:|")
        print(
            f"| load (Oxigraph's parser both ways) | {direct_load:.1f} s | {rdflib_load:.1f} s "
            f"| {rdflib_load / direct_load:.1f}x |"
        )
        print(
            f"| group-by query (median of {args.runs}) | {direct_query:.2f} s "
            f"| {rdflib_query:.2f} s | {rdflib_query / direct_query:.1f}x |"
        )
        print(
            f"(one document's graph through rdflib's API: {first} triples, {rdflib_iterate:.3f} s)"
        )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
