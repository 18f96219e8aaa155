"""ontology/groups.yaml: ethnic and religious groups, actors of their own."""

from __future__ import annotations

from pathlib import Path

from kg.iri import slugify
from kg.knowledge.records import Group, State
from kg.knowledge.schema import (
    CODE_FIELD,
    TEXT,
    TEXTS,
    Field,
    fail,
    one_of,
    read_yaml,
    records,
    required,
    sections,
)

FIELDS = {
    "name": required(TEXT),
    "names": TEXTS,
    "adjectives": TEXTS,
    "country": CODE_FIELD,
    "kind": required(Field(one_of("ethnic", "religious"), "ethnic or religious")),
    "note": TEXT,
}


def load_groups(path: Path, states: dict[str, State]) -> dict[str, Group]:
    """Every group of ``path`` by key."""
    groups: dict[str, Group] = {}
    raw = read_yaml(path)
    sections(path, raw, "groups")
    for item in records(path, raw, "groups", FIELDS):
        key = slugify(item["name"])
        if key in groups:
            raise fail(path, item, "listed twice")
        if item.get("country") is not None and item["country"] not in states:
            raise fail(path, item, f"unknown country {item['country']!r}")
        groups[key] = Group(
            key=key,
            name=item["name"],
            kind=item["kind"],
            names=tuple(item.get("names") or ()),
            adjectives=tuple(item.get("adjectives") or ()),
            country=item.get("country"),
        )
    return groups
