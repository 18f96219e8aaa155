"""Training the event model from the project's own annotated sentences (``make train``).

The corpus is ``ontology/training/*.jsonl`` (written by the project; docs/annotation.md is its
guide). Each sentence is read by the same pipeline as extraction (parse, actors, candidate
pairs, features), and each candidate is labelled from the annotation: ``forward`` when the
first actor is an annotated source and the second its target, ``backward`` for the reverse,
``none`` otherwise. The pair model and the root model are scikit-learn logistic regressions;
their regularisation and the decision threshold are chosen by cross-validation on the corpus
itself (never on a development or test set). Training is seeded and single-threaded, so the
same corpus and code give the same file, byte for byte.

    python -m kg.training [--out ontology/event-model.json.gz] [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kg.errors import DataError
from kg.extract.events.reader import intent_root
from kg.resources import ontology_dir

SEED = 13
PAIR_LABELS = ("none", "forward", "backward")
ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
#: Regularisation strengths tried by cross-validation (inverse: larger C fits more closely).
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
FIRST_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
#: Weights smaller than this are dropped from the shipped file (they change no decision).
PRUNE = 0.002


@dataclass(frozen=True, slots=True)
class Annotated:
    """One annotated event: character spans of its source and target phrases."""

    source: tuple[int, int]
    target: tuple[int, int] | None
    root: str
    modality: str
    negated: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    identifier: str
    text: str
    year: int | None
    events: tuple[Annotated, ...]


def corpus_files(folder: Path | None = None) -> list[Path]:
    folder = folder or ontology_dir() / "training"
    return sorted(folder.glob("*.jsonl"))


def _span(text: str, phrase: str, at: int | None, where: str) -> tuple[int, int]:
    if at is not None:
        if text[at : at + len(phrase)] != phrase:
            raise DataError(f"{where}: {phrase!r} is not at offset {at}")
        return at, at + len(phrase)
    start = text.find(phrase)
    if start < 0:
        raise DataError(f"{where}: {phrase!r} is not in the text")
    return start, start + len(phrase)


def read_corpus(paths: Iterable[Path]) -> list[Sentence]:
    """Every annotated sentence of the corpus files, checked."""
    sentences = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(f"{where}: not JSON ({err})") from None
            text = raw["text"]
            date = str(raw.get("date") or "")
            year = int(date[:4]) if date[:4].isdigit() else None
            events = []
            for e in raw.get("events", []):
                root = e["root"]
                if root not in ROOTS:
                    raise DataError(f"{where}: root {root!r} is not 01..20")
                target = (
                    _span(text, e["target"], e.get("target_at"), where) if e.get("target") else None
                )
                events.append(
                    Annotated(
                        source=_span(text, e["source"], e.get("source_at"), where),
                        target=target,
                        root=root,
                        modality=e.get("modality", "asserted"),
                        negated=bool(e.get("negated", False)),
                    )
                )
            sentences.append(Sentence(raw["id"], text, year, tuple(events)))
    return sentences


def _inside(doc, item, span: tuple[int, int]) -> bool:
    """Whether an item's mention names the annotated phrase: its head lies in the phrase, or
    the phrase lies in the mention ("Indian" of "the Indian embassy")."""
    head = doc[item.head]
    if span[0] <= head.idx < span[1]:
        return True
    m = item.mention
    start = doc[m.start].idx
    end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
    return start <= span[0] and span[1] <= end


@dataclass
class Examples:
    pair_x: list[list[str]]
    pair_y: list[str]
    root_x: list[list[str]]
    root_y: list[str]
    groups: list[int]
    root_groups: list[int]
    found: int = 0
    annotated: int = 0


def examples(sentences: list[Sentence]) -> Examples:
    """Features and labels of every candidate pair of the corpus."""
    from kg.extract import pipeline_parts
    from kg.extract.actors import find_mentions
    from kg.extract.events.candidates import candidates, sentence_items
    from kg.extract.events.features import pair_features, root_features

    nlp, kb, lex = pipeline_parts()
    ex = Examples([], [], [], [], [], [])
    docs = nlp.pipe((s.text for s in sentences), batch_size=64)
    for n, (sentence, doc) in enumerate(zip(sentences, docs, strict=True)):
        index = find_mentions(doc, kb, scope=sentence.identifier, year=sentence.year)
        targeted = [e for e in sentence.events if e.target is not None]
        ex.annotated += len(targeted)
        hit: set[int] = set()
        for sent in doc.sents:
            for cand in candidates(sentence_items(index, sent, kb)):
                label = "none"
                for k, e in enumerate(targeted):
                    assert e.target is not None
                    a_src = _inside(doc, cand.first, e.source)
                    b_tgt = _inside(doc, cand.second, e.target)
                    if a_src and b_tgt:
                        label, source, target = "forward", cand.first, cand.second
                    elif _inside(doc, cand.second, e.source) and _inside(doc, cand.first, e.target):
                        label, source, target = "backward", cand.second, cand.first
                    else:
                        continue
                    hit.add(k)
                    ex.root_x.append(root_features(doc, source, target, lex))
                    ex.root_y.append(intent_root(e.root, e.modality))
                    ex.root_groups.append(n)
                    break
                ex.pair_x.append(pair_features(doc, cand, lex))
                ex.pair_y.append(label)
                ex.groups.append(n)
        ex.found += len(hit)
    return ex


def _fit(x: list[list[str]], y: list[str], labels: tuple[str, ...], c: float):
    from sklearn.feature_extraction import FeatureHasher  # noqa: F401 - sklearn is present
    from sklearn.linear_model import LogisticRegression

    vocab: dict[str, int] = {}
    for feats in x:
        for f in feats:
            vocab.setdefault(f, len(vocab))
    matrix = _matrix(x, vocab)
    present = [label for label in labels if label in set(y)]
    clf = LogisticRegression(C=c, max_iter=500, solver="newton-cg", random_state=SEED)
    clf.fit(matrix, [present.index(label) for label in y])
    return clf, vocab, present


def _matrix(x: list[list[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, feats in enumerate(x):
        for f in set(feats):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    return csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(x), len(vocab)))


def _linear(clf, vocab: dict[str, int], labels: list[str]):
    from kg.extract.events.model import LinearModel

    coef = clf.coef_
    intercept = clf.intercept_
    if len(labels) == 2:  # scikit-learn keeps one row for two classes: expand to two
        coef = [-coef[0] / 2, coef[0] / 2]
        intercept = [-intercept[0] / 2, intercept[0] / 2]
    weights = {}
    for feature, col in vocab.items():
        per = tuple(
            (k, round(float(coef[k][col]), 4))
            for k in range(len(labels))
            if abs(coef[k][col]) >= PRUNE
        )
        if per:
            weights[feature] = per
    return LinearModel(
        tuple(labels), tuple(round(float(b), 4) for b in intercept), MappingProxyType(weights)
    )


def _folds(groups: list[int], k: int) -> Iterator[tuple[list[int], list[int]]]:
    """Cross-validation folds by sentence (every pair of a sentence in one fold)."""
    for fold in range(k):
        test = [i for i, g in enumerate(groups) if g % k == fold]
        train = [i for i, g in enumerate(groups) if g % k != fold]
        yield train, test


def _pair_f1(
    probs, y: list[str], groups: list[int], threshold: float, first: float, patterned
) -> float:
    from kg.extract.events.reader import accepted

    by_sentence: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        by_sentence.setdefault(g, []).append(i)
    keep = [False] * len(y)
    for members in by_sentence.values():
        scores = [max(probs[i].get("forward", 0.0), probs[i].get("backward", 0.0)) for i in members]
        marks = [patterned[i] for i in members] if patterned else None
        for i, ok in zip(members, accepted(scores, threshold, first, marks), strict=True):
            keep[i] = ok
    tp = fp = fn = 0
    for p, gold, ok in zip(probs, y, keep, strict=True):
        forward, backward = p.get("forward", 0.0), p.get("backward", 0.0)
        pred = "none"
        if ok:
            pred = "forward" if forward >= backward else "backward"
        if pred != "none" and pred == gold:
            tp += 1
        else:
            fp += pred != "none"
            fn += gold != "none"
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cross_validate(ex: Examples, folds: int) -> tuple[float, float, float, bool, float, dict]:
    from kg.extract.events.reader import fits_pattern

    """The C and threshold of the pair model and the C of the root model with the best
    cross-validated scores on the corpus."""
    best_pair = (-1.0, 1.0, 0.5, 0.5, False)
    report: dict = {"pair": {}, "root": {}}
    for c in C_GRID:
        probs: list[dict[str, float] | None] = [None] * len(ex.pair_y)
        for train, test in _folds(ex.groups, folds):
            clf, vocab, labels = _fit(
                [ex.pair_x[i] for i in train], [ex.pair_y[i] for i in train], PAIR_LABELS, c
            )
            model = _linear(clf, vocab, labels)
            for i in test:
                probs[i] = model.probabilities(ex.pair_x[i])
        patterned = [fits_pattern(x) for x in ex.pair_x]
        for t in THRESHOLDS:
            for first in FIRST_THRESHOLDS:
                if first > t:
                    continue
                for use in (False, True):
                    f1 = _pair_f1(probs, ex.pair_y, ex.groups, t, first, patterned if use else None)
                    report["pair"][f"C={c} t={t} first={first} patterns={use}"] = round(f1, 4)
                    if f1 > best_pair[0]:
                        best_pair = (f1, c, t, first, use)
    best_root = (-1.0, 1.0)
    for c in C_GRID:
        correct = 0
        for train, test in _folds(ex.root_groups, folds):
            clf, vocab, labels = _fit(
                [ex.root_x[i] for i in train], [ex.root_y[i] for i in train], ROOTS, c
            )
            model = _linear(clf, vocab, labels)
            for i in test:
                p = model.probabilities(ex.root_x[i])
                correct += max(p, key=lambda k: p[k]) == ex.root_y[i]
        accuracy = correct / max(1, len(ex.root_y))
        report["root"][f"C={c}"] = round(accuracy, 4)
        if accuracy > best_root[0]:
            best_root = (accuracy, c)
    return best_pair[1], best_pair[2], best_pair[3], best_pair[4], best_root[1], report


def code_sha256() -> str:
    """Hash of the code that turns a sentence into features: what the model depends on."""
    root = Path(__file__).resolve().parent
    files = sorted((root / "extract").rglob("*.py")) + sorted((root / "knowledge").rglob("*.py"))
    files.append(Path(__file__).resolve())
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def corpus_sha256(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def train(out: Path, folds: int = 5, log=print) -> None:
    """Train both models on the corpus and write the model file."""
    from kg.extract.events.model import EventModel, save_model

    paths = corpus_files()
    if not paths:
        raise DataError("no training corpus in ontology/training/")
    # hashed before it is read and checked again after training: the hash recorded must be
    # that of the sentences trained on, not of edits made while training ran
    digest = corpus_sha256(paths)
    sentences = read_corpus(paths)
    log(f"corpus: {len(sentences)} sentences in {len(paths)} files")
    ex = examples(sentences)
    positives = sum(y != "none" for y in ex.pair_y)
    log(
        f"candidates: {len(ex.pair_y)} ({positives} events); annotated targeted events "
        f"{ex.annotated}, found among candidates {ex.found} ({ex.found / max(1, ex.annotated):.1%})"
    )
    pair_c, threshold, first, patterns, root_c, report = cross_validate(ex, folds)
    log(
        f"cross-validation: pair C={pair_c} threshold={threshold} first={first} "
        f"patterns={patterns}; root C={root_c}"
    )
    pair_clf, pair_vocab, pair_labels = _fit(ex.pair_x, ex.pair_y, PAIR_LABELS, pair_c)
    root_clf, root_vocab, root_labels = _fit(ex.root_x, ex.root_y, ROOTS, root_c)
    if corpus_sha256(paths) != digest:
        raise DataError("ontology/training/ changed while training: run `make train` again")
    meta = {
        "corpus_sha256": digest,
        "code_sha256": code_sha256(),
        "seed": SEED,
        "sentences": len(sentences),
        "candidates": len(ex.pair_y),
        "events": positives,
        "pair_C": pair_c,
        "root_C": root_c,
        "cross_validation": report,
    }
    model = EventModel(
        pair=_linear(pair_clf, pair_vocab, pair_labels),
        root=_linear(root_clf, root_vocab, root_labels),
        threshold=threshold,
        first_threshold=first,
        meta=MappingProxyType(meta),
        patterns_count=patterns,
    )
    save_model(model, out)
    log(
        f"wrote {out} ({out.stat().st_size // 1024} KB): {len(model.pair.weights)} pair and "
        f"{len(model.root.weights)} root features"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ontology_dir() / "event-model.json.gz")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        train(args.out, args.folds)
    except DataError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
