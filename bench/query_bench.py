"""Every named query on a large graph: the embedded Oxigraph store against rdflib in memory.

Builds a synthetic graph in the project's schema (``bench/synthetic.py``; 1,000,000 triples,
about 5,000 actors, by default), loads it into an on-disk Oxigraph store (bulk load, as
``kg`` opens it) and into rdflib's in-memory Dataset (default graph = union of the named
graphs, as ``kg query`` sees the store), then runs every query in ``queries/`` on both, with
the example parameters each declares, and prints medians and ratios from this one run.

Targets (issue 4): every named query under a second on the embedded store at 1M triples, and
the aggregate queries at least ten times faster than rdflib in memory.

    nice -n 10 .venv/bin/python bench/query_bench.py                 # the README figures
    .venv/bin/python bench/query_bench.py --triples 20000 --runs 1   # a smoke run
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_nquads

from kg.deadline import DeadlineExceeded, call_with_deadline
from kg.ontology import ONTOLOGY_GRAPH, PREFIXES, ontology_graph
from kg.query import actor_resolver, list_queries, parse_term
from kg.store import Store

AGGREGATE = re.compile(r"\b(GROUP\s+BY|COUNT|SUM)\b", re.IGNORECASE)


def timed(fn, runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def consume(results) -> int:
    """Rows (or triples) of a result, all read; 1 for ASK."""
    if isinstance(results, bool) or type(results).__name__ == "QueryBoolean":
        return 1
    return sum(1 for _ in results)


def to_rdflib(term):
    from rdflib import Literal, URIRef

    if hasattr(term, "language") and term.language:
        return Literal(term.value, lang=term.language)
    if hasattr(term, "datatype"):
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)  # rdflib tells a plain literal from an xsd:string one
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return URIRef(term.value)


def rdflib_times(ds, text: str, bindings: dict, runs: int, budget: float) -> list[float]:
    """Times of ``runs`` rdflib runs (fewer when one takes longer than a third of ``budget``)."""
    times: list[float] = []
    rows = 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(list(ds.query(text, initNs=PREFIXES, initBindings=bindings)))
        times.append(time.perf_counter() - started)
        if times[-1] > budget / 3:
            break
    return [*times, float(rows)]


#: Documents between flushes, as ``kg extract`` does (kg.api.FLUSH_EVERY).
FLUSH_EVERY = 50


def write_like_extract(path: Path, data: Path) -> int:
    """Write the N-Quads file's documents into a new store at ``path`` the way ``kg extract``
    does: one SPARQL update per document into its named graph and the merged default graph,
    buffers flushed every :data:`FLUSH_EVERY` documents, no bulk load and no compaction.
    Returns the number of documents."""
    import itertools

    import pyoxigraph as ox

    documents = 0
    with Store.open(path) as store:
        quads = ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)
        for graph, group in itertools.groupby(quads, key=lambda q: q.graph_name):
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in group]
            nt = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES).decode("utf-8")
            store._replace_graph_text(graph.value, nt, existed=False)
            documents += 1
            if documents % FLUSH_EVERY == 0:
                store.flush()
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="graph size (triples)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query on Oxigraph")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib")
    parser.add_argument(
        "--rdflib-timeout", type=float, default=300, help="seconds allowed per query on rdflib"
    )
    parser.add_argument("--skip-rdflib", action="store_true", help="time Oxigraph only")
    parser.add_argument("--keep", type=Path, help="keep the N-Quads file and store here")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-query-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "synthetic.nq"
    try:
        started = time.perf_counter()
        quads = write_nquads(data, args.triples, ontology=False)
        print(
            f"generated {quads:,} quads ({data.stat().st_size / 1e6:.0f} MB N-Quads) "
            f"in {time.perf_counter() - started:.1f} s"
        )

        path = work / "store"
        shutil.rmtree(path, ignore_errors=True)
        started = time.perf_counter()
        documents = write_like_extract(path, data)
        oxigraph_load = time.perf_counter() - started
        print(
            f"Oxigraph: {documents:,} documents written as `kg extract` writes them (one "
            f"transaction each, flushed every {FLUSH_EVERY}) in {oxigraph_load:.1f} s"
        )

        def time_queries(column: str) -> None:
            store = Store.open(path, read_only=True)
            resolve = actor_resolver(store)
            for q in list_queries():
                b = {name: parse_term(value, resolve) for name, value in q.params.items()}
                store.query(q.text, b)  # parse once: the first run is not special
                seconds, rows = timed(lambda q=q, b=b: consume(store.query(q.text, b)), args.runs)
                results.setdefault(q.name, {})[column] = seconds
                results[q.name]["rows"] = rows
                print(f"  {q.name:22} {seconds * 1000:9.1f} ms  {rows:>8,} rows", flush=True)
            store.close()

        results: dict[str, dict] = {}
        print("as `kg extract` leaves the store:")
        time_queries("extracted")
        started = time.perf_counter()
        with Store.open(path) as writable:
            writable.optimize()
        optimize_seconds = time.perf_counter() - started
        print(f"kg optimize: {optimize_seconds:.1f} s; then:")
        time_queries("oxigraph")
        store = Store.open(path, read_only=True)
        resolve = actor_resolver(store)
        queries = []
        for q in list_queries():
            bindings = {name: parse_term(value, resolve) for name, value in q.params.items()}
            queries.append((q, bindings))
        store.close()

        rdflib_load = None
        if not args.skip_rdflib:
            from rdflib import Dataset

            gc.collect()
            started = time.perf_counter()
            ds = Dataset(default_union=True)
            ds.parse(str(data), format="nquads")
            ontology = ds.graph(ONTOLOGY_GRAPH)
            for triple in ontology_graph():
                ontology.add(triple)
            rdflib_load = time.perf_counter() - started
            print(f"rdflib: parse into an in-memory Dataset {rdflib_load:.1f} s")
            for q, bindings in queries:
                rdf_bindings = {name: to_rdflib(term) for name, term in bindings.items()}
                try:
                    *times, rows = call_with_deadline(
                        rdflib_times,
                        ds,
                        q.text,
                        rdf_bindings,
                        args.rdflib_runs,
                        args.rdflib_timeout,
                        seconds=args.rdflib_timeout,
                        method="fork",
                    )
                    results[q.name]["rdflib"] = statistics.median(times)
                    results[q.name]["rdflib_rows"] = int(rows)
                except DeadlineExceeded:
                    results[q.name]["rdflib"] = None
                shown = results[q.name]["rdflib"]
                text = f"{shown:9.2f} s" if shown is not None else f"> {args.rdflib_timeout:g} s"
                print(f"  {q.name:22} {text}", flush=True)

        print()
        print(f"Named queries on {quads:,} triples (medians; Oxigraph {args.runs} runs)")
        header = (
            "| query | rows | aggregate | as extracted | after kg optimize | rdflib (memory) "
            "| rdflib / Oxigraph |"
        )
        print(header)
        print("|---|---:|:---:|---:|---:|---:|---:|")
        failures = []
        for q, _ in queries:
            r = results[q.name]
            aggregate = bool(AGGREGATE.search(q.text))
            ox_s = r["oxigraph"]
            rd_s = r.get("rdflib")
            if args.skip_rdflib:
                rd_text, ratio_text = "-", "-"
            elif rd_s is None:
                rd_text = f"> {args.rdflib_timeout:g} s"
                ratio_text = f"> {args.rdflib_timeout / ox_s:,.0f}x"
            else:
                rd_text = f"{rd_s:.2f} s"
                ratio = rd_s / ox_s
                ratio_text = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
                if r.get("rdflib_rows") != r["rows"]:
                    ratio_text += f" (rdflib: {r['rdflib_rows']:,} rows)"
            print(
                f"| `{q.name}` | {r['rows']:,} | {'yes' if aggregate else ''} | "
                f"{r['extracted'] * 1000:,.0f} ms | {ox_s * 1000:,.0f} ms | {rd_text} | "
                f"{ratio_text} |"
            )
            if ox_s >= 1.0:
                failures.append(f"{q.name} takes {ox_s:.2f} s on Oxigraph after kg optimize")
            if r["extracted"] >= 1.0:
                failures.append(f"{q.name} takes {r['extracted']:.2f} s on the extracted store")
            if aggregate and rd_s is not None and rd_s / ox_s < 10:
                failures.append(f"{q.name}: rdflib only {rd_s / ox_s:.1f}x slower")
        print()
        print(
            f"load: Oxigraph, written like kg extract {oxigraph_load:.1f} s, "
            f"kg optimize {optimize_seconds:.1f} s",
            end="",
        )
        if rdflib_load is not None:
            print(f", rdflib parse {rdflib_load:.1f} s ({rdflib_load / oxigraph_load:.0f}x)")
        else:
            print()
        for failure in failures:
            print(f"MISSED TARGET: {failure}")
        return 1 if failures else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
