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
    """A verb (with an optional particle or object) that states a relation."""

    lemma: str
    relation: str
    target: tuple[str, ...]
    content: tuple[str, ...] = ()
    particle: str | None = None
    object: frozenset[str] = frozenset()
    object_words: frozenset[str] = frozenset()
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
    """All patterns, indexed by lemma, and the word lists the rules consult."""

    verbs: dict[str, tuple[VerbPattern, ...]] = field(default_factory=dict)
    nouns: dict[str, NounPattern] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    #: governing verb lemma -> "realis" | "intent" | "negating" | "appeal"
    governors: dict[str, str] = field(default_factory=dict)
    intent_modals: frozenset[str] = frozenset()
    hypothetical_modals: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()
    suffering_verbs: frozenset[str] = frozenset()


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    for v in values:
        if not isinstance(v, str):
            # YAML 1.1 reads a bare on/off/yes/no as a boolean: quote such words
            raise DataError(f"pattern value {v!r} is not text; quote it in the YAML file")
    return tuple(values)


def _words(raw: dict, key: str) -> frozenset[str]:
    return frozenset(_as_tuple(raw.get(key)))


@cache
def load_patterns(path: Path | None = None) -> Patterns:
    """Load patterns.yaml; every relation it names must be declared in the ontology."""
    path = path or ontology_file("patterns.yaml")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"{path}: cannot load patterns ({e})") from None
    verbs: dict[str, list[VerbPattern]] = {}
    nouns: dict[str, NounPattern] = {}
    governors: dict[str, str] = {}
    try:
        for spec in raw.get("verbs", []):
            relation(spec["relation"])
            particle = _as_tuple(spec.get("particle"))
            for lemma in _as_tuple(spec["lemma"]):
                verbs.setdefault(lemma, []).append(
                    VerbPattern(
                        lemma=lemma,
                        relation=spec["relation"],
                        target=_as_tuple(spec.get("target")),
                        content=_as_tuple(spec.get("content")),
                        particle=particle[0] if particle else None,
                        object=_words(spec, "object"),
                        object_words=_words(spec, "object_words"),
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
                    light_verbs=_words(spec, "light_verbs"),
                    untargeted=bool(spec.get("untargeted", False)),
                )
        for mood, lemmas in (raw.get("governors") or {}).items():
            for lemma in _as_tuple(lemmas):
                governors.setdefault(lemma, mood)
        modals = raw.get("modals") or {}
    except (KeyError, TypeError, AttributeError) as e:
        raise DataError(f"{path}: malformed pattern ({e!r})") from None
    # a pattern that asks for a particle or an object is tried before a bare one
    ordered = {
        lemma: tuple(sorted(found, key=lambda p: (p.particle is None, not p.object)))
        for lemma, found in verbs.items()
    }
    return Patterns(
        verbs=ordered,
        nouns=nouns,
        light_verbs=_words(raw, "light_verbs"),
        governors=governors,
        intent_modals=_words(modals, "intent"),
        hypothetical_modals=_words(modals, "hypothetical"),
        object_control=_words(raw, "object_control"),
        reporting_verbs=_words(raw, "reporting_verbs"),
        claim_verbs=_words(raw, "claim_verbs"),
        acts=_words(raw, "acts"),
        suffering_verbs=_words(raw, "suffering_verbs"),
    )
