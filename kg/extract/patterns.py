"""Relation patterns, loaded from ontology/patterns.yaml and checked against the ontology."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.ontology import relation
from kg.resources import ontology_file


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A verb (with an optional particle) that states a relation."""

    lemma: str
    relation: str
    target: tuple[str, ...]
    content: tuple[str, ...] = ()
    particle: str | None = None
    untargeted: bool = False


@dataclass(frozen=True, slots=True)
class NounPattern:
    """An event noun ("talks", "clashes", "withdrawal") that states a relation."""

    lemma: str
    relation: str
    target: tuple[str, ...]
    content: tuple[str, ...] = ()
    light_verbs: frozenset[str] = frozenset()
    untargeted: bool = False


@dataclass(frozen=True, slots=True)
class Patterns:
    """All patterns, indexed by lemma."""

    verbs: dict[str, tuple[VerbPattern, ...]] = field(default_factory=dict)
    nouns: dict[str, NounPattern] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    realis_governors: frozenset[str] = frozenset()


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    for v in values:
        if not isinstance(v, str):
            # YAML 1.1 reads a bare on/off/yes/no as a boolean: quote such words
            raise DataError(f"pattern value {v!r} is not text; quote it in the YAML file")
    return tuple(values)


@cache
def load_patterns(path: Path | None = None) -> Patterns:
    """Load patterns.yaml; every relation it names must be declared in the ontology."""
    path = path or ontology_file("patterns.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"{path}: cannot load patterns ({e})") from None
    verbs: dict[str, list[VerbPattern]] = {}
    nouns: dict[str, NounPattern] = {}
    try:
        for spec in raw.get("verbs", []):
            relation(spec["relation"])
            for lemma in _as_tuple(spec["lemma"]):
                verbs.setdefault(lemma, []).append(
                    VerbPattern(
                        lemma=lemma,
                        relation=spec["relation"],
                        target=_as_tuple(spec.get("target")),
                        content=_as_tuple(spec.get("content")),
                        particle=_as_tuple(spec.get("particle"))[0]
                        if spec.get("particle")
                        else None,
                        untargeted=bool(spec.get("untargeted", False)),
                    )
                )
        for spec in raw.get("nouns", []):
            relation(spec["relation"])
            for lemma in _as_tuple(spec["lemma"]):
                if lemma in nouns:
                    raise DataError(f"{path}: noun {lemma!r} is listed twice")
                nouns[lemma] = NounPattern(
                    lemma=lemma,
                    relation=spec["relation"],
                    target=_as_tuple(spec.get("target")),
                    content=_as_tuple(spec.get("content")),
                    light_verbs=frozenset(_as_tuple(spec.get("light_verbs"))),
                    untargeted=bool(spec.get("untargeted", False)),
                )
    except (KeyError, TypeError, AttributeError) as e:
        raise DataError(f"{path}: malformed pattern ({e!r})") from None
    # patterns with a particle are tried first: "call on" before a bare "call"
    ordered = {
        lemma: tuple(sorted(found, key=lambda p: p.particle is None))
        for lemma, found in verbs.items()
    }
    return Patterns(
        verbs=ordered,
        nouns=nouns,
        light_verbs=frozenset(_as_tuple(raw.get("light_verbs"))),
        realis_governors=frozenset(_as_tuple(raw.get("realis_governors"))),
    )
