"""What the actor knowledge base costs: its size, loading it, building the name matcher, and the
pipeline's speed on the sample article with it.

    .venv/bin/python bench/knowledge.py                       # the current ontology/
    mkdir /tmp/old && git archive REV ontology | tar -x -C /tmp/old
    .venv/bin/python bench/knowledge.py --baseline /tmp/old/ontology

With ``--baseline`` both knowledge bases are measured in the same run, their repetitions
interleaved, and the figures are medians with the ratio current/baseline. The name matcher
matches phrase patterns, so a knowledge base many times larger should leave parsing speed
unchanged.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kg.knowledge import KnowledgeBase, load_knowledge
from kg.resources import ontology_dir

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "troika-calls-for-calm.jsonl"


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(folder: Path) -> KnowledgeBase:
    """A fresh, uncached load of one ontology folder's knowledge files."""
    return load_knowledge.__wrapped__(folder)


def build_pipeline(kb: KnowledgeBase):
    """The project's pipeline as kg.nlp.load_nlp builds it, with the name matcher of ``kb``
    kept apart (the registered component always loads ontology/'s knowledge base), so that
    :func:`run` can call it where kg.nlp places it: just before the recogniser."""
    import spacy

    from kg.extract.actors.ruler import NameMatcher
    from kg.nlp import MODEL_NAME, _register_components

    _register_components()
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("kg_line_breaks", before="parser")
    return nlp, NameMatcher(nlp, kb)


def run(nlp, matcher, texts: list[str]) -> list:
    """Parse ``texts`` with the name matcher run before the recogniser, as kg.nlp does."""
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "ner":
                doc = matcher(doc)
            doc = proc(doc)
        docs.append(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="an older ontology/ folder to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per figure")
    parser.add_argument("--copies", type=int, default=10, help="copies of the sample per run")
    args = parser.parse_args()

    from kg.extract import extract_doc
    from kg.extract.actors.ruler import NameMatcher
    from kg.model import Source

    runs = {"current": ontology_dir()}
    if args.baseline:
        runs["baseline"] = args.baseline
    text = json.loads(SAMPLE.read_text(encoding="utf-8"))["text"]
    texts = [text] * args.copies
    words = len(text.split()) * args.copies
    figures: dict[str, dict[str, float]] = {}
    pipelines = {}
    for name, folder in runs.items():
        kb = load(folder)
        figures[name] = {
            "states": len(kb.states),
            "organisations": len(kb.organisations),
            "persons": len(kb.persons),
            "groups": len(kb.groups),
            "places": len(kb.places),
            "surface forms": len(kb.surfaces),
            "load knowledge (ms)": 1000 * median_seconds(lambda f=folder: load(f), args.repeat),
        }
        build_pipeline(kb)  # the first build also imports spaCy: not counted
        start = time.perf_counter()
        nlp, matcher = build_pipeline(kb)
        figures[name]["build pipeline (ms, once)"] = 1000 * (time.perf_counter() - start)
        figures[name]["build name matcher (ms)"] = 1000 * median_seconds(
            lambda n=nlp, k=kb: NameMatcher(n, k), args.repeat
        )
        pipelines[name] = (nlp, matcher, kb)
        run(nlp, matcher, texts[:2])  # warm up

    parse: dict[str, list[float]] = {name: [] for name in runs}
    extract: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits both alike
        for name, (nlp, matcher, kb) in pipelines.items():
            start = time.perf_counter()
            docs = run(nlp, matcher, texts)
            parse[name].append(time.perf_counter() - start)
            start = time.perf_counter()
            for i, doc in enumerate(docs):
                extract_doc(doc, Source(f"s{i}", text), kb=kb)
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
