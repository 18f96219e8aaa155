"""The decision model: two linear classifiers over the features of :mod:`.features`.

* The pair model says, for two actors of a sentence, whether the sentence states an event
  between them and in which direction: ``none``, ``forward`` (the first named acts on the
  second) or ``backward``.
* The root model says which CAMEO root (01 to 20) an event between a source and a target is.

Both are multinomial logistic regressions trained by ``make train`` (:mod:`kg.training`) on the
project's own annotated sentences. The file holds only the weights that matter, rounded, with
what it was trained from (hashes of the corpus and the training code), so it is small, loads in
milliseconds, and gives the same answer on every machine.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.errors import DataError
from kg.resources import ontology_file

MODEL_FILE = "event-model.json.gz"
FORMAT = 1


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression: labels, a bias per label, weights per feature."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: MappingProxyType[str, tuple[tuple[int, float], ...]]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """The probability of each label given the features present."""
        # summed in sorted order: a set's order follows the process's string hashing, and
        # floating-point sums in another order could tip a decision on another run
        # only the features the model has weights for are sorted and summed (the others add
        # nothing, and leaving them out changes neither the order nor the sums)
        scores = list(self.bias)
        weights = self.weights
        for feature in sorted(weights.keys() & set(features)):
            for label, weight in weights[feature]:
                scores[label] += weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LinearModel:
        labels = tuple(raw["labels"])
        weights = {
            feature: tuple((int(k), float(v)) for k, v in per_label.items())
            for feature, per_label in raw["weights"].items()
        }
        return cls(labels, tuple(float(b) for b in raw["bias"]), MappingProxyType(weights))

    def to_json(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "bias": list(self.bias),
            "weights": {
                f: {str(k): v for k, v in pairs} for f, pairs in sorted(self.weights.items())
            },
        }


@dataclass(frozen=True)
class EventModel:
    """The pair and root models, the decision thresholds and what they were trained from.

    A news sentence nearly always reports an event, so its likeliest candidate is accepted at a
    lower probability (``first_threshold``) than the others (``threshold``); both are chosen by
    cross-validation on the training corpus.
    """

    pair: LinearModel
    root: LinearModel
    threshold: float
    first_threshold: float
    meta: MappingProxyType[str, Any]
    #: whether a candidate a pattern fits in full is held to ``first_threshold`` (chosen by
    #: cross-validation like the thresholds)
    patterns_count: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "meta": dict(self.meta),
            "threshold": self.threshold,
            "first_threshold": self.first_threshold,
            "patterns_count": self.patterns_count,
            "pair": self.pair.to_json(),
            "root": self.root.to_json(),
        }


def save_model(model: EventModel, path: Path) -> None:
    """Write the model as compact, sorted JSON, gzipped without a timestamp (reproducible)."""
    data = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":")).encode()
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(data)


@cache
def load_model(path: Path | None = None) -> EventModel:
    """Load the shipped model (cached per process: it is immutable)."""
    path = path or ontology_file(MODEL_FILE)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            raw = json.load(f)
        if raw.get("format") != FORMAT:
            raise DataError(f"{path}: model format {raw.get('format')!r}, expected {FORMAT}")
        return EventModel(
            pair=LinearModel.from_json(raw["pair"]),
            root=LinearModel.from_json(raw["root"]),
            threshold=float(raw["threshold"]),
            first_threshold=float(raw["first_threshold"]),
            patterns_count=bool(raw.get("patterns_count", True)),
            meta=MappingProxyType(raw.get("meta", {})),
        )
    except FileNotFoundError:
        raise DataError(f"{path}: the event model is missing; build it with `make train`") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DataError(f"{path}: cannot read the event model ({e})") from None


def model_sha256(path: Path | None = None) -> str:
    """Hash of the model file, for the extractor's identity."""
    import hashlib

    path = path or ontology_file(MODEL_FILE)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"
