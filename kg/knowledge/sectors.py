"""ontology/sectors.yaml: CAMEO agent types, the head nouns and phrases that name them, the
units of a state with labels of their own, and the titles persons carry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import DataError
from kg.knowledge.records import Sector, Title, Unit
from kg.knowledge.schema import (
    CODE,
    CODE_FIELD,
    TEXT,
    TEXTS,
    Field,
    check_record,
    fail,
    read_yaml,
    records,
    required,
)

#: Longest multi-word head or title, in words ("chief of the general staff").
MAX_PHRASE_WORDS = 5

SECTOR_FIELDS = {
    "name": required(TEXT),
    "class": required(TEXT),
    "label": TEXT,
    "parent": CODE_FIELD,
    "heads": TEXTS,
    "phrases": TEXTS,
}
UNIT_FIELDS = {
    "label": required(TEXT),
    "class": required(TEXT),
    "sector": required(CODE_FIELD),
    "parent": required(CODE_FIELD),
    "phrases": required(TEXTS),
}
TITLE_FIELDS = {
    "post": required(TEXT),
    "sector": required(CODE_FIELD),
    "forms": required(TEXTS),
}
TOP_FIELDS = {
    "sectors": Field(lambda v: isinstance(v, dict), "a mapping of code to sector"),
    "units": Field(lambda v: isinstance(v, list), "a list"),
    "titles": Field(lambda v: isinstance(v, list), "a list"),
    "members": TEXTS,
}


@dataclass(frozen=True, slots=True)
class SectorLexicon:
    """Everything sectors.yaml says, indexed the way the actor readers look it up."""

    sectors: dict[str, Sector]
    #: lemma of a single head noun -> sector code (or unit: "navy")
    heads: dict[str, str | Unit]
    #: lemmas of a multi-word head -> sector code or unit
    phrases: dict[tuple[str, ...], str | Unit]
    #: lower-cased words of a title -> title
    titles: dict[tuple[str, ...], Title]
    #: lemmas of nouns for people who act for the body or group that modifies them
    members: frozenset[str]

    @property
    def posts(self) -> frozenset[str]:
        """The post vocabulary of persons' files."""
        return frozenset(t.post for t in self.titles.values())


def _words(path: Path, text: str, where: str) -> tuple[str, ...]:
    words = tuple(text.lower().split())
    if not 0 < len(words) <= MAX_PHRASE_WORDS:
        raise DataError(f"{path}: {where}: {text!r} must be 1 to {MAX_PHRASE_WORDS} words")
    return words


def load_sectors(path: Path, classes: frozenset[str]) -> SectorLexicon:
    """Load and check sectors.yaml: a head or phrase names one sector (or unit) only."""
    raw = read_yaml(path)
    check_record(path, raw, TOP_FIELDS)
    sectors: dict[str, Sector] = {}
    heads: dict[str, str | Unit] = {}
    phrases: dict[tuple[str, ...], str | Unit] = {}

    def claim(words: tuple[str, ...], value: str | Unit, where: str) -> None:
        table: dict = heads if len(words) == 1 else phrases
        key = words[0] if len(words) == 1 else words
        if key in table and table[key] != value:
            raise DataError(f"{path}: {where}: {' '.join(words)!r} is already {table[key]!r}")
        table[key] = value

    for code, spec in (raw.get("sectors") or {}).items():
        if not CODE.match(str(code)):
            raise DataError(f"{path}: sector code {code!r} must be three capital letters")
        item = check_record(path, spec, SECTOR_FIELDS)
        if item["class"] not in classes:
            raise fail(path, item, f"unknown class {item['class']!r}")
        label = item.get("label")
        if label is not None and "{country}" not in label:
            raise fail(path, item, "a label must hold {country}")
        sectors[code] = Sector(code, item["name"], item["class"], label, item.get("parent"))
        for head in item.get("heads") or ():
            claim(_words(path, head, code), code, code)
        for phrase in item.get("phrases") or ():
            claim(_words(path, phrase, code), code, code)
    for code, sector in sectors.items():
        if sector.parent is not None and sector.parent not in sectors:
            raise DataError(f"{path}: sector {code}: unknown parent {sector.parent}")
    for item in records(path, raw, "units", UNIT_FIELDS):
        unit = Unit(item["label"], item["class"], item["sector"], item["parent"])
        if unit.cls not in classes or unit.sector not in sectors or unit.parent not in sectors:
            raise fail(path, item, "unknown class, sector or parent")
        if "{country}" not in unit.label:
            raise fail(path, item, "a label must hold {country}")
        for phrase in item["phrases"]:
            claim(_words(path, phrase, unit.label), unit, unit.label)
    titles: dict[tuple[str, ...], Title] = {}
    for item in records(path, raw, "titles", TITLE_FIELDS):
        if item["sector"] not in sectors:
            raise fail(path, item, f"unknown sector {item['sector']!r}")
        title = Title(item["post"], item["sector"])
        for form in item["forms"]:
            words = _words(path, form, item["post"])
            if words in titles:
                raise fail(path, item, f"title {form!r} is already {titles[words].post!r}")
            titles[words] = title
    return SectorLexicon(
        sectors=sectors,
        heads=heads,
        phrases=phrases,
        titles=titles,
        members=frozenset(raw.get("members") or ()),
    )
