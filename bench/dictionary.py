"""What the actor dictionary costs: its size, loading it, building the entity ruler, and the
pipeline's speed on the sample article with it.

    .venv/bin/python bench/dictionary.py                      # the current ontology/actors.yaml
    git show REV:ontology/actors.yaml > /tmp/old-actors.yaml
    .venv/bin/python bench/dictionary.py --baseline /tmp/old-actors.yaml

With ``--baseline`` both dictionaries are measured in the same run, their repetitions
interleaved, and the figures are medians with the ratio current/baseline. The entity ruler
matches phrase patterns, so a dictionary many times larger should leave parsing speed unchanged.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kg.dictionary import Dictionary, load_dictionary

from kg.resources import ontology_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "troika-calls-for-calm.jsonl"


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(path: Path) -> Dictionary:
    """A fresh, uncached load of one actors file (with the current sectors file)."""
    return load_dictionary.__wrapped__(path, ontology_file("sectors.yaml"))


def build_pipeline(d: Dictionary):
    """The project's pipeline (kg.nlp.load_nlp) with the entity ruler built from ``d``."""
    import spacy

    from kg.nlp import MODEL_NAME, _register_components, add_dictionary_ruler

    _register_components()
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("kg_line_breaks", before="parser")
    add_dictionary_ruler(nlp, d)
    return nlp


def ruler_build_seconds(nlp, d: Dictionary, repeat: int) -> float:
    """Median time to add the dictionary's entity ruler to ``nlp`` (as kg.nlp.load_nlp does)."""
    from kg.nlp import add_dictionary_ruler

    def build() -> None:
        nlp.remove_pipe("entity_ruler")
        add_dictionary_ruler(nlp, d)

    return median_seconds(build, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="an older actors.yaml to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per figure")
    parser.add_argument("--copies", type=int, default=10, help="copies of the sample per run")
    args = parser.parse_args()

    from kg.extract import extract_doc
    from kg.model import Source

    runs = {"current": ontology_file("actors.yaml")}
    if args.baseline:
        runs["baseline"] = args.baseline
    text = json.loads(SAMPLE.read_text(encoding="utf-8"))["text"]
    texts = [text] * args.copies
    words = len(text.split()) * args.copies
    figures: dict[str, dict[str, float]] = {}
    pipelines = {}
    for name, path in runs.items():
        d = load(path)
        surfaces = len(d.names)
        figures[name] = {
            "states": len(d.states),
            "groups": len(d.actors) - len(d.states),
            "surface forms": surfaces,
            "non-actor names": len(d.places),
            "load dictionary (ms)": 1000 * median_seconds(lambda p=path: load(p), args.repeat),
        }
        build_pipeline(d)  # the first build also imports spaCy: not counted
        start = time.perf_counter()
        nlp = build_pipeline(d)
        figures[name]["build pipeline (ms, once)"] = 1000 * (time.perf_counter() - start)
        figures[name]["build entity ruler (ms)"] = 1000 * ruler_build_seconds(nlp, d, args.repeat)
        pipelines[name] = (nlp, d)
        list(nlp.pipe(texts[:2]))  # warm up

    parse: dict[str, list[float]] = {name: [] for name in runs}
    extract: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits both alike
        for name, (nlp, d) in pipelines.items():
            start = time.perf_counter()
            docs = list(nlp.pipe(texts))
            parse[name].append(time.perf_counter() - start)
            start = time.perf_counter()
            for i, doc in enumerate(docs):
                extract_doc(doc, Source(f"s{i}", text), d)
            extract[name].append(time.perf_counter() - start)
    for name in runs:
        figures[name]["parse (words/s)"] = words / statistics.median(parse[name])
        figures[name]["extract after parse (words/s)"] = words / statistics.median(extract[name])

    names = list(runs)
    print(f"sample: {words} words ({args.copies} copies), {args.repeat} repetitions, medians")
    header = f"{'':34}" + "".join(f"{n:>14}" for n in names)
    print(header + ("  current/baseline" if len(names) > 1 else ""))
    for key in figures["current"]:
        row = f"{key:34}" + "".join(f"{figures[n][key]:>14,.1f}" for n in names)
        if len(names) > 1 and figures["baseline"][key]:
            row += f"  {figures['current'][key] / figures['baseline'][key]:>16.2f}"
        print(row)


if __name__ == "__main__":
    main()
