"""ontology/states.yaml: states, territories and historic states, and the names English gives
them (see docs/knowledge-base.md)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import DataError
from kg.iri import slugify
from kg.knowledge.records import State
from kg.knowledge.schema import (
    CODE_FIELD,
    FLAG,
    QID_FIELD,
    TEXT,
    TEXTS,
    YEAR,
    Field,
    code,
    fail,
    mapping_of,
    one_of,
    read_yaml,
    records,
    required,
    sections,
)

KINDS = ("state", "territory", "historic")

FIELDS = {
    "code": required(CODE_FIELD),
    "name": required(TEXT),
    "the": FLAG,
    "names": TEXTS,
    "adjectives": TEXTS,
    "demonyms": TEXTS,
    "capitals": TEXTS,
    "seats": Field(mapping_of(code), "a mapping of building name to sector code"),
    "kind": Field(one_of(*KINDS), f"one of {', '.join(KINDS)}"),
    "from": YEAR,
    "to": YEAR,
    "successor": CODE_FIELD,
    "same_state": FLAG,
    "wikidata": QID_FIELD,
    "note": TEXT,
}


def load_states(path: Path) -> dict[str, State]:
    """Every state of ``path`` by code, checked: codes and keys unique, successors known."""
    raw = read_yaml(path)
    sections(path, raw, "states")
    states: dict[str, State] = {}
    keys: set[str] = set()
    for item in records(path, raw, "states", FIELDS):
        state = State(
            code=item["code"],
            key=slugify(item["name"]),
            name=item["name"],
            the=item.get("the", False),
            names=tuple(item.get("names") or ()),
            adjectives=tuple(item.get("adjectives") or ()),
            demonyms=tuple(item.get("demonyms") or ()),
            capitals=tuple(item.get("capitals") or ()),
            seats=tuple(sorted((item.get("seats") or {}).items())),
            kind=item.get("kind", "state"),
            start=item.get("from"),
            end=item.get("to"),
            successor=item.get("successor"),
            same_state=item.get("same_state", False),
            wikidata=item.get("wikidata"),
        )
        if state.code in states:
            raise fail(path, item, f"code {state.code} is already {states[state.code].name}")
        if state.key in keys:
            raise fail(path, item, f"key {state.key!r} is used twice")
        if (state.start or state.end or state.successor or state.same_state) and (
            state.kind != "historic"
        ):
            raise fail(path, item, "from/to/successor are for historic states only")
        states[state.code] = state
        keys.add(state.key)
    for state in states.values():
        if state.successor and state.successor not in states:
            raise DataError(f"{path}: {state.name}: unknown successor {state.successor}")
    if not states:
        raise DataError(f"{path}: no states")
    return states
