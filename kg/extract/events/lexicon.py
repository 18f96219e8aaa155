"""ontology/patterns.yaml: the words that state events, as evidence for the event model.

The file says which verbs and event nouns state which relation, where their arguments sit
(subject, object, a preposition's object), which verbs carry event nouns ("held talks"), which
verbs govern a clause as an intent, a refusal or an appeal, which report speech, claims or
denials, and the CAMEO root each trigger word most often states. Every relation it names must
be declared in the ontology; unknown keys and misspelt fields fail with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.errors import DataError
from kg.knowledge.schema import (
    FLAG,
    Field,
    Located,
    check_record,
    mapping_of,
    read_yaml,
    required,
    text,
    texts,
)
from kg.ontology import relation, relations
from kg.resources import ontology_file


def _words(value: Any) -> bool:
    return text(value) or texts(value)


WORDS = Field(_words, "a word or a list of words")
LIST = Field(lambda v: isinstance(v, list), "a list")

VERB_FIELDS = {
    "lemma": required(WORDS),
    "relation": required(Field(text, "a relation of the ontology")),
    "particle": WORDS,
    "object": WORDS,
    "object_words": WORDS,
    "target": WORDS,
    "content": WORDS,
    "untargeted": FLAG,
}
NOUN_FIELDS = {
    "lemma": required(WORDS),
    "relation": required(Field(text, "a relation of the ontology")),
    "target": WORDS,
    "content": WORDS,
    "light_verbs": WORDS,
    "untargeted": FLAG,
}
ROOT_FIELDS = {"verbs": WORDS, "nouns": WORDS}
TOP_FIELDS = {
    "verbs": required(LIST),
    "nouns": required(LIST),
    "acts": required(WORDS),
    "suffering_verbs": required(WORDS),
    "light_verbs": required(WORDS),
    "governors": required(Field(mapping_of(_words), "a mapping of mood to words")),
    "modals": required(Field(mapping_of(_words), "a mapping of modality to words")),
    "object_control": required(WORDS),
    "reporting_verbs": required(WORDS),
    "claim_verbs": required(WORDS),
    "denial_verbs": required(WORDS),
    "roots": required(Field(lambda v: isinstance(v, dict), "a mapping of CAMEO root to words")),
}
MOODS = frozenset({"ongoing", "realis", "intent", "negating", "appeal"})


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A verb (with an optional particle or object) that states a relation."""

    lemma: str
    relation: str
    root: str
    target: tuple[str, ...] = ()
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
    root: str
    target: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    light_verbs: frozenset[str] = frozenset()
    untargeted: bool = False


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Everything patterns.yaml says, indexed by lemma."""

    verbs: MappingProxyType[str, tuple[VerbPattern, ...]]
    nouns: MappingProxyType[str, NounPattern]
    light_verbs: frozenset[str]
    acts: frozenset[str]
    suffering_verbs: frozenset[str]
    #: governing verb lemma -> "ongoing" | "realis" | "intent" | "negating" | "appeal"
    governors: MappingProxyType[str, str]
    intent_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    object_control: frozenset[str]
    reporting_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    #: verb lemma -> CAMEO roots it may state
    verb_roots: MappingProxyType[str, tuple[str, ...]]
    #: noun lemma (or lower-case multi-word noun) -> CAMEO roots it may state
    noun_roots: MappingProxyType[str, tuple[str, ...]]
    #: CAMEO root -> the ontology's relation for the root
    root_relations: MappingProxyType[str, str]


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _root_of(name: str, path: Path, item: Located) -> str:
    info = relation(name)
    if not info.cameo:
        raise DataError(f"{path}:{item.line}: relation {name!r} has no CAMEO code")
    return info.cameo[:2]


@cache
def load_lexicon(path: Path | None = None) -> EventLexicon:
    """Load and check patterns.yaml (cached: the result is immutable)."""
    path = path or ontology_file("patterns.yaml")
    raw = check_record(path, read_yaml(path), TOP_FIELDS)
    verbs: dict[str, list[VerbPattern]] = {}
    for spec in raw["verbs"]:
        item = check_record(path, spec, VERB_FIELDS)
        root = _root_of(item["relation"], path, item)
        particle = _tuple(item.get("particle"))
        for lemma in _tuple(item["lemma"]):
            verbs.setdefault(lemma, []).append(
                VerbPattern(
                    lemma=lemma,
                    relation=item["relation"],
                    root=root,
                    target=_tuple(item.get("target")),
                    content=_tuple(item.get("content")),
                    particle=particle[0] if particle else None,
                    object=frozenset(_tuple(item.get("object"))),
                    object_words=frozenset(_tuple(item.get("object_words"))),
                    untargeted=bool(item.get("untargeted", False)),
                )
            )
    nouns: dict[str, NounPattern] = {}
    for spec in raw["nouns"]:
        item = check_record(path, spec, NOUN_FIELDS)
        root = _root_of(item["relation"], path, item)
        for lemma in _tuple(item["lemma"]):
            if lemma in nouns:
                raise DataError(f"{path}:{item.line}: noun {lemma!r} is listed twice")
            nouns[lemma] = NounPattern(
                lemma=lemma,
                relation=item["relation"],
                root=root,
                target=_tuple(item.get("target")),
                content=_tuple(item.get("content")),
                light_verbs=frozenset(_tuple(item.get("light_verbs"))),
                untargeted=bool(item.get("untargeted", False)),
            )
    governors: dict[str, str] = {}
    for mood, lemmas in raw["governors"].items():
        if mood not in MOODS:
            raise DataError(f"{path}: unknown governor mood {mood!r} (one of {sorted(MOODS)})")
        for lemma in _tuple(lemmas):
            governors.setdefault(lemma, mood)
    modals = raw["modals"]
    if set(modals) != {"intent", "hypothetical"}:
        raise DataError(f"{path}: modals must be `intent` and `hypothetical`")
    verb_roots: dict[str, list[str]] = {}
    noun_roots: dict[str, list[str]] = {}
    for root, spec in raw["roots"].items():
        if str(root) not in {f"{i:02d}" for i in range(1, 21)}:
            raise DataError(f"{path}: root {root!r} is not a CAMEO root 01 to 20 (quote it)")
        item = check_record(path, spec, ROOT_FIELDS)
        for lemma in _tuple(item.get("verbs")):
            verb_roots.setdefault(lemma, []).append(str(root))
        for lemma in _tuple(item.get("nouns")):
            noun_roots.setdefault(lemma, []).append(str(root))
    root_relations: dict[str, str] = {}
    for name, info in relations().items():
        if info.cameo and len(info.cameo) == 2:
            root_relations[info.cameo] = name
    return EventLexicon(
        verbs=MappingProxyType(
            {
                lemma: tuple(sorted(found, key=lambda p: (p.particle is None, not p.object)))
                for lemma, found in verbs.items()
            }
        ),
        nouns=MappingProxyType(nouns),
        light_verbs=frozenset(_tuple(raw["light_verbs"])),
        acts=frozenset(_tuple(raw["acts"])),
        suffering_verbs=frozenset(_tuple(raw["suffering_verbs"])),
        governors=MappingProxyType(governors),
        intent_modals=frozenset(_tuple(modals["intent"])),
        hypothetical_modals=frozenset(_tuple(modals["hypothetical"])),
        object_control=frozenset(_tuple(raw["object_control"])),
        reporting_verbs=frozenset(_tuple(raw["reporting_verbs"])),
        claim_verbs=frozenset(_tuple(raw["claim_verbs"])),
        denial_verbs=frozenset(_tuple(raw["denial_verbs"])),
        verb_roots=MappingProxyType({k: tuple(v) for k, v in verb_roots.items()}),
        noun_roots=MappingProxyType({k: tuple(v) for k, v in noun_roots.items()}),
        root_relations=MappingProxyType(root_relations),
    )
