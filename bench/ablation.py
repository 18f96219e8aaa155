"""Ablation: the extractor's strict scores with the precise rules only, the model only, and both.

    .venv/bin/python bench/ablation.py [--sentences ../shared/data/conflibert-dev/sentences.jsonl]
                                       [--re3d ../shared/data/re3d-public/documents.jsonl]

Each development set is parsed once; its documents are then extracted three times with the
event decision switched (kg.extract.extract_doc's use_rules / use_model) and scored strictly by
kg.evaluation (direction counts, every prediction in the precision denominator). Prints one row
per set and variant: pair P/R/F1 and typed P/R/F1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.evaluation.gold import load_re3d, load_sentences
from kg.evaluation.score import Evaluator
from kg.extract import extract_doc, pipeline_parts
from kg.extract.events.model import load_model
from kg.nlp import parsable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
VARIANTS = {"rules only": (True, False), "model only": (False, True), "both": (True, True)}


def run(gold, label: str) -> None:  # type: ignore[no-untyped-def]
    nlp, kb, lex = pipeline_parts()
    model = load_model()
    documents = list(gold.documents())
    docs = list(nlp.pipe((parsable(d.source.text) for d in documents), batch_size=16))
    for name, (rules, learned) in VARIANTS.items():
        evaluator = Evaluator(gold)
        for document, doc in zip(documents, docs, strict=True):
            extraction = extract_doc(
                doc,
                document.source,
                kb=kb,
                lex=lex,
                model=model,
                use_rules=rules,
                use_model=learned,
            )
            evaluator.add(document, extraction)
        r = evaluator.result()
        p, t = r.pair, r.typed
        print(
            f"{label:<16} {name:<11} pair P {p.precision or 0:.3f} R {p.recall or 0:.3f} "
            f"F1 {p.f1 or 0:.3f}   typed P {t.precision or 0:.3f} R {t.recall or 0:.3f} "
            f"F1 {t.f1 or 0:.3f}   ({p.predicted} predicted, {p.gold} gold)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sentences", type=Path, default=SHARED / "conflibert-dev" / "sentences.jsonl"
    )
    parser.add_argument("--re3d", type=Path, default=SHARED / "re3d-public" / "documents.jsonl")
    args = parser.parse_args()
    if args.sentences.is_file():
        run(load_sentences(args.sentences), "conflibert-dev")
    if args.re3d.is_file():
        run(load_re3d(args.re3d), "re3d-public")


if __name__ == "__main__":
    main()
