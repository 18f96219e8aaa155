"""How long ``kg query --reason`` takes as the actor graph grows: the figures behind
``kg.reason.MAX_TRIPLES``.

For synthetic graphs of growing size (``bench/synthetic.py``), takes the actor graph that
``--reason`` reasons over (relations between actors and the actors' classes), runs the OWL 2 RL
closure with owlrl, then a query on the reasoned copy of the store, and prints one row per size.

    nice -n 10 .venv/bin/python bench/reason_bench.py
    .venv/bin/python bench/reason_bench.py --sizes 2000 5000        # a smoke run
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_nquads

from kg.reason import actor_graph_triples, infer
from kg.store import Store

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a dkg:appealedTo ?b }"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 50_000, 100_000, 150_000, 220_000],
        help="synthetic graph sizes (triples)",
    )
    args = parser.parse_args()
    print(
        "| graph (triples) | actor graph (triples) | inferred | owlrl closure | query on the copy |"
    )
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="kg-reason-bench-") as work:
        for size in args.sizes:
            data = Path(work) / f"{size}.nq"
            write_nquads(data, size, ontology=False)
            store = Store.open(None)
            store.bulk_load_quads(data)
            triples = actor_graph_triples(store)
            started = time.perf_counter()
            inferred = infer(triples, max_triples=len(triples))
            closure = time.perf_counter() - started
            started = time.perf_counter()
            with store.reasoned_copy(inferred) as copy:
                copy.select(QUERY)
            query = time.perf_counter() - started
            print(
                f"| {size:,} | {len(triples):,} | {len(inferred):,} | {closure:.1f} s "
                f"| {query:.2f} s |",
                flush=True,
            )
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
