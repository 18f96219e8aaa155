"""ontology/words.yaml: closed word lists of English the readers consult."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.knowledge.schema import (
    TEXTS,
    Field,
    check_record,
    mapping_of,
    read_yaml,
    required,
    text,
    texts,
)


def _numbers(value: Any) -> bool:
    return isinstance(value, dict) and all(
        text(k) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
    )


def _collective(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"heads", "determiners"}
        and all(texts(v) for v in value.values())
    )


FIELDS = {
    "pronouns": required(Field(mapping_of(text), "a mapping of pronoun to kind")),
    "first_person_plural": required(TEXTS),
    "first_person_singular": required(TEXTS),
    "reporting": required(TEXTS),
    "definite_determiners": required(TEXTS),
    "place_words": required(TEXTS),
    "locative_prepositions": required(TEXTS),
    "numbers": required(Field(_numbers, "a mapping of word to number")),
    "quantities": required(TEXTS),
    "possessions": required(TEXTS),
    "not_actors": required(TEXTS),
    "collective": required(Field(_collective, "heads and determiners")),
    "descriptions": required(Field(mapping_of(texts), "a mapping of noun to classes")),
    "negations": required(TEXTS),
    "intent_modals": required(TEXTS),
    "hypothetical_modals": required(TEXTS),
    "organisation_words": required(Field(mapping_of(text), "a mapping of word to sector")),
    "place_nouns": required(TEXTS),
    "non_local_modifiers": required(TEXTS),
    "need_owner": required(TEXTS),
    "place_name_words": required(TEXTS),
    "former_modifiers": required(TEXTS),
    "backer_participles": required(TEXTS),
    "honorifics": required(TEXTS),
}


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists, as frozen sets and read-only mappings."""

    pronouns: MappingProxyType[str, str]
    first_person_plural: frozenset[str]
    first_person_singular: frozenset[str]
    reporting: frozenset[str]
    definite_determiners: frozenset[str]
    place_words: frozenset[str]
    locative_prepositions: frozenset[str]
    numbers: MappingProxyType[str, int]
    quantities: frozenset[str]
    possessions: frozenset[str]
    not_actors: frozenset[str]
    collective_heads: frozenset[str]
    collective_determiners: frozenset[str]
    descriptions: MappingProxyType[str, frozenset[str]]
    negations: frozenset[str]
    intent_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    organisation_words: MappingProxyType[str, str]
    place_nouns: frozenset[str]
    non_local_modifiers: frozenset[str]
    need_owner: frozenset[str]
    place_name_words: frozenset[str]
    former_modifiers: frozenset[str]
    backer_participles: frozenset[str]
    honorifics: frozenset[str]


def load_words(path: Path) -> Words:
    """Load and check words.yaml."""
    raw = check_record(path, read_yaml(path), FIELDS)
    sets = {
        k: frozenset(raw[k])
        for k in FIELDS
        if k not in {"pronouns", "numbers", "collective", "descriptions", "organisation_words"}
    }
    return Words(
        pronouns=MappingProxyType(dict(raw["pronouns"])),
        organisation_words=MappingProxyType(dict(raw["organisation_words"])),
        numbers=MappingProxyType(dict(raw["numbers"])),
        collective_heads=frozenset(raw["collective"]["heads"]),
        collective_determiners=frozenset(raw["collective"]["determiners"]),
        descriptions=MappingProxyType({k: frozenset(v) for k, v in raw["descriptions"].items()}),
        **sets,
    )
