"""Words per second of `kg extract` against the bare spaCy pipeline, and memory as a corpus grows.

    .venv/bin/python bench/extract_throughput.py            # or: make bench
    .venv/bin/python bench/extract_throughput.py --words 40000 --reps 5

One run measures, on the same corpus (real press releases: the re3d development set's texts,
repeated with new identifiers up to --words words, streamed from a JSON Lines file):

- ``bare spaCy``: the pinned model as spaCy loads it, ``nlp.pipe`` with our batch size
  (``n_process`` = workers);
- ``kg parse``: our pipeline (model + dictionary entity ruler + line-break sentence starts),
  parse only;
- ``kg extract``: everything `kg extract` does - check the input, parse, find actors and events,
  build each document's RDF graph, store it in a fresh on-disk store.

each with 1 and 2 workers, as the median of --reps runs, each in a fresh process (the model is
loaded before the clock starts), the runs of all six interleaved. Then the peak memory (RSS) of
`kg extract` on 1x, 2x and 4x the corpus: flat if documents are streamed. The machine is shared,
so read the ratios, not the absolute figures: words per CPU-second (this process and its workers)
show the cost of each stage whatever else the machine runs; words per wall-clock second show
the speed, and the scaling to 2 workers only when the machine has 2 idle cores (the load
average is printed). "main CPU" is the share of the CPU work done by the calling process: with 2
workers, the lower it is, the closer to 2x the speed on 2 idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RE3D = ROOT.parent / "shared" / "data" / "re3d-public" / "documents.jsonl"
MODES = {"bare": "bare spaCy", "parse": "kg parse", "extract": "kg extract"}


def base_texts(path: Path) -> tuple[list[str], str]:
    """The texts the corpus repeats, and where they come from."""
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        return texts, f"{len(texts)} re3d documents ({path})"
    texts = [
        json.loads(line)["text"]
        for p in sorted((ROOT / "seeds").glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return texts, f"{len(texts)} seed articles (no re3d set at {path})"


def write_corpus(texts: list[str], words: int, path: Path) -> tuple[int, int]:
    """Repeat the texts with new ids up to ``words`` words; return (documents, words)."""
    total = documents = 0
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(cycle(texts)):
            if total >= words:
                break
            f.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
            total += len(text.split())
            documents += 1
    return documents, total


def stream_texts(corpus: Path):
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


# -- one measurement, in its own process --------------------------------------------------------


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(mode: str, corpus: Path, workers: int) -> dict:
    """Run one mode over the corpus: wall-clock and CPU seconds (the model loads untimed)."""
    from kg.extract import BATCH_SIZE

    if mode == "extract":
        from kg.api import extract_paths
        from kg.extract import extract_doc, pipeline_parts
        from kg.model import Source
        from kg.rdf import document_graph

        nlp, _, _ = pipeline_parts()  # what `kg extract` loads before its first document
        text = "Russia urged the Taliban to talk."
        document_graph(extract_doc(nlp(text), Source("warm-up", text)))
        tmp = tempfile.TemporaryDirectory()

        def run() -> None:
            extract_paths([corpus], Path(tmp.name) / "store", workers=workers, progress=False)

    else:
        if mode == "bare":
            import spacy

            from kg.nlp import MODEL_NAME

            nlp = spacy.load(MODEL_NAME)
        else:
            from kg.nlp import load_nlp

            nlp = load_nlp()
        nlp("Warm up.")
        kwargs = {"n_process": workers} if workers > 1 else {}

        def run() -> None:
            for _ in nlp.pipe(stream_texts(corpus), batch_size=BATCH_SIZE, **kwargs):
                pass

    (main, children), start = _cpu(), time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    main_after, children_after = _cpu()
    if mode == "extract":
        tmp.cleanup()
    return {
        "seconds": seconds,
        "cpu": main_after - main + children_after - children,
        "main_cpu": main_after - main,
        # ru_maxrss is in kB on Linux; for children, the largest finished worker
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_child(mode: str, corpus: Path, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(corpus), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=20_000, help="corpus size (1x)")
    parser.add_argument("--reps", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--re3d", type=Path, default=RE3D, help="re3d documents.jsonl")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument(
        "--modes", default=",".join(MODES), help="which of bare,parse,extract to run (bare always)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, workers = args.child
        print(json.dumps(measure(mode, Path(corpus), int(workers))))
        return

    texts, origin = base_texts(args.re3d)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        documents, words = write_corpus(texts, args.words, corpus)
        print(f"Corpus: {origin}, repeated to {documents} documents, {words:,} words")
        print(
            f"Medians of {args.reps} interleaved runs, each in a fresh process; "
            "model load not timed.\n"
        )
        # interleaved, so that a change in the machine's load hits every figure alike
        modes = {m: MODES[m] for m in MODES if m == "bare" or m in args.modes.split(",")}
        runs: dict[tuple[str, int], list[dict]] = {}
        for _ in range(args.reps):
            for workers in (1, 2):
                for mode in modes:
                    runs.setdefault((mode, workers), []).append(run_child(mode, corpus, workers))

        def median(key: tuple[str, int], field: str) -> float:
            return statistics.median(run[field] for run in runs[key])

        speed = {key: words / median(key, "seconds") for key in runs}
        cpu_speed = {key: words / median(key, "cpu") for key in runs}
        print(
            f"{'':20} {'workers':>7} {'words/s':>8} {'vs bare':>8} {'vs 1 worker':>11}"
            f" {'words/CPU-s':>12} {'vs bare':>8} {'main CPU':>9}"
        )
        for workers in (1, 2):
            for mode, label in modes.items():
                key = (mode, workers)
                print(
                    f"{label:20} {workers:7} {speed[key]:8,.0f} "
                    f"{speed[key] / speed['bare', workers]:8.2f} "
                    f"{speed[key] / speed[mode, 1]:11.2f} {cpu_speed[key]:12,.0f} "
                    f"{cpu_speed[key] / cpu_speed['bare', workers]:8.2f} "
                    f"{median(key, 'main_cpu') / median(key, 'cpu'):9.0%}"
                )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\nLoad average after the runs: {load} ({os.cpu_count()} CPUs)")

        if args.no_memory:
            return
        print("\nPeak memory (RSS, MB) of kg extract as the corpus grows:")
        print(f"{'words':>9} {'1 worker':>9} {'2 workers: main':>16} {'each worker':>12}")
        for factor in (1, 2, 4):
            big = Path(tmp) / f"corpus-{factor}.jsonl"
            _, big_words = write_corpus(texts, args.words * factor, big)
            one = run_child("extract", big, 1)
            two = run_child("extract", big, 2)
            print(
                f"{big_words:9,} {one['rss_mb']:9.0f} {two['rss_mb']:16.0f} "
                f"{two['worker_rss_mb']:12.0f}"
            )


if __name__ == "__main__":
    main()
